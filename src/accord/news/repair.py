"""Text repair: mojibake, sentences run together, quotes and whitespace. Every step keeps the origin map."""

from __future__ import annotations

import ftfy

from accord.news.tracked import TrackedText

# A sentence end glued to the next sentence ("told state media.That mirrors"): a lower-case letter or a
# closing quote/bracket, then . ! or ?, then an upper-case letter starting a word. Initials and
# abbreviations ("U.S.", "R.Politik") have an upper-case letter before the point and are left alone.
RUN_TOGETHER = r"(?<=[a-z0-9\"'”’)\]][.!?])(?=[A-Z][a-z])"
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
SPACES = "\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u205f\u3000\t"


def repair(text: TrackedText) -> TrackedText:
    """Fix mojibake (ftfy), split sentences run together, straighten quotes and tidy whitespace.

    >>> repair(TrackedText.of("Itâ€™s over.Now  we talk")).text
    "It's over. Now we talk"
    """
    fixed = text.map_lines(lambda line: ftfy.fix_text(line, normalization="NFC"))
    fixed = fixed.sub(RUN_TOGETHER, " ")
    fixed = fixed.sub("[" + "".join(QUOTES) + "]", lambda m: QUOTES[m.group()])
    fixed = fixed.sub("[" + SPACES + "]", " ")
    fixed = fixed.sub(r"[\u200b\u200c\u200d\ufeff]", "")
    fixed = fixed.sub(r" {2,}", " ")
    return fixed.sub(r"(?m)^ +| +$", "")
