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
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
SPACES = "\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u205f\u3000\t"


_ONE_FOR_ONE = str.maketrans({**QUOTES, **{space: " " for space in SPACES}})
_NON_ASCII_LINE = re.compile(r"[^\n]*[^\x00-\x7f][^\n]*")


def _fix_encoding(text: TrackedText) -> TrackedText:
    """ftfy on the lines that can hold mojibake (plain ASCII cannot), replacing only the lines it changes."""
    changed = []
    for match in _NON_ASCII_LINE.finditer(text.text):
        if not ftfy.badness.is_bad(match.group()):
            continue  # the common case: accented letters and typographic quotes, no mojibake
        fixed = ftfy.fix_text(match.group(), normalization="NFC")
        if fixed != match.group():
            changed.append((match.start(), match.end(), fixed))
    return text.replace_spans(changed)


def repair(text: TrackedText) -> TrackedText:
    """Fix mojibake (ftfy), split sentences run together, straighten quotes and tidy whitespace.

    >>> repair(TrackedText.of("Itâ€™s over.Now  we talk")).text
    "It's over. Now we talk"
    """
    fixed = _fix_encoding(text)
    fixed = fixed.sub(RUN_TOGETHER, " ")
    fixed = fixed.translate(_ONE_FOR_ONE)
    fixed = fixed.sub(r"[\u200b\u200c\u200d\ufeff]", "")
    fixed = fixed.sub(r" {2,}", " ")
    return fixed.sub(r"(?m)^ +| +$", "")
