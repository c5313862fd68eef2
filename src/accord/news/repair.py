"""Text repair: mojibake, sentences run together, quotes and whitespace. Every step keeps the origin map."""

from __future__ import annotations

import re

import ftfy
import ftfy.badness

from accord.news.tracked import TrackedText

# A sentence end glued to the next sentence ("told state media.That mirrors"): a lower-case letter or a
# closing quote/bracket, then . ! or ?, then an upper-case letter starting a word. Initials and
# abbreviations ("U.S.", "R.Politik") have an upper-case letter before the point and are left alone.
RUN_TOGETHER = r"(?<=[a-z0-9\"'”’)\]][.!?])(?=[A-Z][a-z])"
# A heading or line glued to the next without its stop ("What will the format beTrump said"): a short
# function word in lower case fused to a capitalised word. Names like "McDonald" or "iPhone" do not fit.
# (The look-ahead after \b only says what every word of the list is, a few lower-case letters: it spares
# trying the whole list at each word, for the same matches.)
GLUED_WORD = re.compile(r"\b(?=[a-z]{1,5}[A-Z][a-z])(" + "|".join(sorted(
    "a an and are as at be but by for from had has have he her his in is it its not of on or our she that "
    "the their them they this to was we were what when where which who will with would you".split(),
    key=len, reverse=True)) + r")(?=[A-Z][a-z])")
# What each pattern cannot match without, found by a quick scan; most texts have neither, and the full
# patterns look around at every character.
MAYBE_RUN_TOGETHER = re.compile(r"[.!?][A-Z][a-z]")
MAYBE_GLUED = re.compile(r"[a-z][A-Z][a-z]")
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
SPACES = "\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u205f\u3000\t"


# Lines of ASCII and typographic punctuation alone cannot be mojibake: decoding UTF-8 with the wrong
# code page always yields a letter such as "Ã", "â" or "Р" from each multi-byte character's lead byte.
_PLAIN = re.compile(r"[\x00-\x7f\u00a0\u00a9\u00ab\u00ae\u00b0\u00b7\u00bb\u2000-\u206f]*")
_ONE_FOR_ONE = {**QUOTES, **{space: " " for space in SPACES}}
_ONE_FOR_ONE_PATTERN = re.compile("[" + "".join(_ONE_FOR_ONE) + "]")


def _fix_encoding(text: TrackedText) -> TrackedText:
    """ftfy on the lines that can hold mojibake (plain ASCII cannot), replacing only the lines it changes."""
    if _PLAIN.fullmatch(text.text):
        return text
    changed = []
    start = 0
    for line in text.text.split("\n"):
        if not _PLAIN.fullmatch(line) and ftfy.badness.is_bad(line):
            fixed = ftfy.fix_text(line, normalization="NFC")
            if fixed != line:
                changed.append((start, start + len(line), fixed))
        start += len(line) + 1
    return text.replace_spans(changed)


def repair(text: TrackedText) -> TrackedText:
    """Fix mojibake (ftfy), split sentences run together, straighten quotes and tidy whitespace.

    >>> repair(TrackedText.of("Itâ€™s over.Now  we talk")).text
    "It's over. Now we talk"
    >>> repair(TrackedText.of("What will the format beTrump said, on McDonald and iPhone.")).text
    'What will the format be Trump said, on McDonald and iPhone.'

    """
    fixed = _fix_encoding(text)
    if MAYBE_RUN_TOGETHER.search(fixed.text):
        fixed = fixed.sub(RUN_TOGETHER, " ")
    if MAYBE_GLUED.search(fixed.text):
        fixed = fixed.sub(GLUED_WORD, lambda match: match.group() + " ")
    fixed = fixed.sub(_ONE_FOR_ONE_PATTERN, lambda match: _ONE_FOR_ONE[match.group()])
    fixed = fixed.sub(r"[\u200b\u200c\u200d\ufeff]", "")
    if "  " in fixed.text:
        fixed = fixed.sub(r" {2,}", " ")
    return fixed.sub(r"(?m)^ +| +$", "") if _has_edge_spaces(fixed.text) else fixed


def _has_edge_spaces(text: str) -> bool:
    """Whether a line starts or ends with a space: four scans in C instead of a look at every space."""
    return text.startswith(" ") or text.endswith(" ") or "\n " in text or " \n" in text
