"""Rewritten copies of one story, told apart from other outlets' stories of the same events.

Shingle similarity links copies that keep most of a story's words. Real copies often keep less: an
agency story rewritten in new words around the same quotations, a wire story cut short under a new
headline, a story re-published behind a new lead paragraph. What such copies keep, and what another
outlet's story of the same events does not, is

- **the same quotations**: several direct quotations, long enough, word for word (two outlets quoting
  one official statement share one or two short ones);
- **the same narrative passages**: runs of the reporter's own words, outside quotation marks (a long
  quoted statement is shared by every outlet that quotes it, so quoted words do not count here);
- **the same facts in the same order**: names, numbers and dates (:func:`~accord.news.dedupe.fingerprint_sequence`);
- **the same days**: both published within :data:`DAYS` of each other, when both dates are known.

>>> first = Story.of('Officials said on Monday that "the border will reopen next week for trucks and buses".')
>>> len(first.quotes), len(first.narrative) > 0
(1, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from accord.news import dedupe  # a module reference: dedupe imports this module too

QUOTE_WORDS = 6        # a quotation shorter than this ("very useful") is too common to tell stories apart
QUOTE_SHARED = 0.6     # share of a quotation's shingles found in the other text for it to count as shared
QUOTES = 2             # shared quotations needed, with QUOTED_WORDS words between them
QUOTED_WORDS = 25
PASSAGE = 50           # shared narrative shingles and quoted words: above an outlet's reused background paragraph (35)
PASSAGE_SHARE = 0.2    # ... and this much of the shorter text's narrative, whatever a page adds around it
ORDER = 0.5            # ordered share of names and numbers a rewrite keeps (another outlet's story: 0.45 at most)
OVERLAP = 0.5          # share of the shorter text's names and numbers found in the other
DAYS = 3
AT_LEAST = 10          # shingles two texts must share before the tests above are worth running

# Text between a pair of quotation marks (straight, curly or guillemets), at most about 100 words.
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»\n]{8,800})[\"“”«»]")


@dataclass(frozen=True)
class Story:
    """What copy detection keeps of a text beyond its shingles: its quotations and its narrative shingles."""

    narrative: np.ndarray           # sorted distinct 5-word shingle hashes of the words outside quotation marks
    quotes: tuple[np.ndarray, ...]  # the shingle hashes of each quotation of QUOTE_WORDS words or more
    quote_words: tuple[int, ...]    # the number of words of each of those quotations

    @classmethod
    def of(cls, text: str) -> Story:
        pieces, quotes, sizes, last = [], [], [], 0
        for match in _QUOTED.finditer(text):
            pieces.append(text[last:match.start()])
            last = match.end()
            words = dedupe.tokens(match.group(1))
            if len(words) >= QUOTE_WORDS:
                quotes.append(dedupe.shingle_hashes(dedupe.word_hashes(words)))
                sizes.append(len(words))
        pieces.append(text[last:])
        narrative = [dedupe.shingle_hashes(dedupe.word_hashes(words)) for words in map(dedupe.tokens, pieces)
                     if len(words) >= dedupe.SHINGLE]
        joined = np.unique(np.concatenate(narrative)) if narrative else np.zeros(0, dtype=np.uint64)
        return cls(joined, tuple(quotes), tuple(sizes))


def shared_quotes(story: Story, shingles: np.ndarray) -> tuple[int, int]:
    """(quotations, words) of ``story`` found word for word in a text with these shingles."""
    count = words = 0
    for quote, size in zip(story.quotes, story.quote_words):
        if len(quote) and np.isin(quote, shingles, assume_unique=True).mean() >= QUOTE_SHARED:
            count, words = count + 1, words + size
    return count, words


def shared_passages(first: Story, second: Story) -> int:
    """How many narrative shingles two stories share (runs of the reporters' own words)."""
    return len(np.intersect1d(first.narrative, second.narrative, assume_unique=True))


def _quotes_both_ways(first: Story, second: Story, first_shingles: np.ndarray,
                      second_shingles: np.ndarray) -> tuple[int, int]:
    return max(shared_quotes(first, second_shingles), shared_quotes(second, first_shingles))


def excerpt(first: Story, second: Story, first_shingles: np.ndarray, second_shingles: np.ndarray) -> float | None:
    """The share of the shorter narrative found in the other, when the two share enough passages (with the
    quotations between them) to be one story cut short or put behind a new lead; else None."""
    shared = shared_passages(first, second)
    share = shared / max(1, min(len(first.narrative), len(second.narrative)))
    if share < PASSAGE_SHARE or shared + _quotes_both_ways(first, second, first_shingles, second_shingles)[1] < PASSAGE:
        return None
    return share


def quoted(first: Story, second: Story, first_shingles: np.ndarray, second_shingles: np.ndarray) -> int:
    """The words of the quotations two texts share, when they share enough of them to be one story; else 0."""
    count, words = _quotes_both_ways(first, second, first_shingles, second_shingles)
    return words if count >= QUOTES and words >= QUOTED_WORDS else 0


def same_days(first: int | None, second: int | None) -> bool:
    """Whether two publication days (ordinals) are within DAYS of each other; an unknown date does not object."""
    return first is None or second is None or abs(first - second) <= DAYS
