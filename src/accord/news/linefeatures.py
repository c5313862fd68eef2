"""Shallow features of the lines of a flattened page, for the learned body classifier.

Each line is described by its own shape (length, stop-word density, sentence
ending, capitals, digits, punctuation, furniture markers), by where it sits
(relative position, inside the block of prose or not) and by its neighbours'
shapes, after Kohlschütter, Fankhauser & Nejdl (WSDM 2010), who showed that
such shallow features, with the neighbours', separate boilerplate from body
about as well as the markup does.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from accord.news.boilerplate import STOPWORDS, is_marker, is_tag_cloud

_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
_MENU = re.compile(r"[|›»·•]|^\W|\s>\s")

OWN = ["words_log", "chars_log", "stop_density", "sentence_end", "capital_share", "digit_share", "punct_share",
       "marker", "tag_cloud", "menu", "repeated_in_page", "repeated_in_corpus", "prose", "has_comma",
       "upper_line", "url_or_mail", "short_word_share", "mean_word_length", "cjk_share"]
_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CONTEXT = ["position", "inside_prose_block", "prose_before_3", "prose_after_3", "words_prev_log", "words_next_log",
           "density_window", "distance_to_prose_log", "prev_density", "next_density", "prev_end", "next_end",
           "prev_marker", "next_marker", "lines_log", "prose_share", "block_words_log", "block_share",
           "in_largest_block", "block_rank"]
NAMES = OWN + CONTEXT


_ASCII_WORD = re.compile(r"[A-Za-z']+")
_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[^\w\s]|_")  # neither alphanumeric nor space, as str.isalnum and str.isspace see it
_LINK = re.compile(r"https?://|www\.|@\w")
_STRAIGHT_END = re.compile(r"[.!?\"')]\s*$")


def _english_prose(line: str) -> bool:
    """The English-only test of a body paragraph (the model has the other-language signals separately)."""
    tokens = _ASCII_WORD.findall(line)
    if len(tokens) < 8 or (len(tokens) < 14 and not _SENTENCE_END.search(line)):
        return False
    density = sum(t.lower() in STOPWORDS for t in tokens) / len(tokens)
    return density >= 0.18 or (density >= 0.1 and bool(_STRAIGHT_END.search(line)))


def _own(line: str, in_page: Counter, in_corpus: Counter | None) -> list[float]:
    stripped = line.strip()
    tokens = _TOKEN.findall(stripped)  # any script: the features must work beyond English
    n = len(tokens) or 1
    size = max(1, len(stripped))
    cjk = len(_CJK.findall(stripped))
    lengths = [len(t) for t in tokens]
    upper_line = stripped.isupper() and sum(map(str.isalpha, stripped)) > 3
    return [
        math.log1p(len(tokens) + cjk // 2), math.log1p(len(stripped)),
        sum(t.lower() in STOPWORDS for t in tokens) / n,
        float(bool(_SENTENCE_END.search(stripped))),
        sum(t[0].isupper() for t in tokens) / n,
        len(_DIGIT.findall(stripped)) / size,
        len(_PUNCTUATION.findall(stripped)) / size,
        float(is_marker(stripped)), float(is_tag_cloud(stripped)), float(bool(_MENU.search(stripped))),
        float(in_page[stripped] > 1),
        math.log1p(in_corpus[stripped]) if in_corpus else 0.0,
        float(_english_prose(stripped)), float("," in stripped),
        float(upper_line), float(bool(_LINK.search(stripped))),
        sum(k <= 3 for k in lengths) / n,
        sum(lengths) / n,
        cjk / size,
    ]


def line_features(lines: list[str], corpus_counts: Counter | None = None) -> np.ndarray:
    """[n_lines, len(NAMES)] features of a page's lines."""
    if not lines:
        return np.zeros((0, len(NAMES)))
    in_page = Counter(line.strip() for line in lines)
    own = np.array([_own(line, in_page, corpus_counts) for line in lines], dtype=float)
    n = len(lines)
    prose = own[:, OWN.index("prose")]
    word_log = own[:, OWN.index("words_log")]
    density = own[:, OWN.index("stop_density")]
    prose_positions = np.flatnonzero(prose > 0)
    first, last = (prose_positions[0], prose_positions[-1]) if len(prose_positions) else (n, -1)
    index = np.arange(n)
    padded = np.concatenate([np.zeros(3), prose, np.zeros(3)])
    before = np.array([padded[k:k + 3].sum() for k in range(n)])
    after = np.array([padded[k + 4:k + 7].sum() for k in range(n)])
    prev_words = np.concatenate([[0.0], word_log[:-1]])
    next_words = np.concatenate([word_log[1:], [0.0]])
    window = np.convolve(density * word_log, np.ones(5) / 5, mode="same")
    if len(prose_positions):
        distance = np.abs(index[:, None] - prose_positions[None, :]).min(axis=1)
    else:
        distance = np.full(n, n)
    def shifted(column: str, step: int) -> np.ndarray:
        values = own[:, OWN.index(column)]
        pad = np.zeros(abs(step))
        return np.concatenate([pad, values[:-step]]) if step > 0 else np.concatenate([values[-step:], pad])

    context = np.stack([index / max(1, n - 1), ((index >= first) & (index <= last)).astype(float), before, after,
                        prev_words, next_words, window, np.log1p(distance),
                        shifted("stop_density", 1), shifted("stop_density", -1), shifted("sentence_end", 1),
                        shifted("sentence_end", -1), shifted("marker", 1), shifted("marker", -1),
                        np.full(n, math.log1p(n)), np.full(n, prose.mean()), *_blocks(word_log)], axis=1)
    return np.concatenate([own, context], axis=1)


def _blocks(word_log: np.ndarray, gap: int = 2) -> list[np.ndarray]:
    """Runs of longer lines (at most ``gap`` other lines between two of them): the main text is usually the largest."""
    n = len(word_log)
    words = np.expm1(word_log)
    long_lines = np.flatnonzero(words >= 10)
    block = np.full(n, -1)
    current = -1
    previous = None
    for k in long_lines:
        if previous is None or k - previous > gap + 1:
            current += 1
            block[k] = current
        else:
            block[previous + 1:k + 1] = current
        previous = k
    totals = np.array([words[block == b].sum() for b in range(current + 1)])
    if not len(totals):
        zeros = np.zeros(n)
        return [zeros, zeros, zeros, np.full(n, 10.0)]
    ranks = np.argsort(np.argsort(-totals))
    inside = block >= 0
    size = np.where(inside, totals[np.maximum(block, 0)], 0.0)
    rank = np.where(inside, ranks[np.maximum(block, 0)], 10)
    return [np.log1p(size), size / max(1.0, words.sum()), (inside & (rank == 0)).astype(float),
            np.minimum(rank, 10).astype(float)]
