"""Sentence splitting that copes with abbreviations, initials, decimals and quotes.

A boundary is a '.', '!' or '?' (with any closing quotes or brackets) followed
by white space and an upper-case letter, digit or opening quote, unless the
word before the point is a known abbreviation ("U.S.", "a.m.", "Mr.", "Gen."),
a single initial, or a number. Line breaks always end a sentence, because
flattened pages put one paragraph on a line. Run-together boundaries are
repaired before splitting (:mod:`accord.news.repair`).

>>> text = "The U.S. president spoke at 9 a.m. Tuesday. He said: \\"We will meet.\\" Putin agreed."
>>> [text[s:e] for s, e in split_sentences(text)]
['The U.S. president spoke at 9 a.m. Tuesday.', 'He said: "We will meet."', 'Putin agreed.']
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov",
    "sen", "rep", "pres", "rev", "hon", "amb", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun", "fig", "approx", "est", "al", "cf", "ca", "op", "vol", "pp", "para", "art",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "u.s.a", "d.c",
}
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")


def _is_abbreviation(text: str, point: int) -> bool:
    start = point
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:point].lower().rstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[(start, end)] character spans of the sentences of ``text``."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        while start < line.end() and text[start].isspace():
            start += 1
        for end_match in _END.finditer(text, start, line.end()):
            point = end_match.start()
            if text[point] == "." and _is_abbreviation(text, point):
                continue
            end = end_match.end()
            if end > start:
                spans.append((start, end))
            start = end
            while start < line.end() and text[start].isspace():
                start += 1
        end = line.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
