"""The learned body-line classifier for flattened text: boosted trees over shallow line features.

Trained by ``bench/train_lines.py`` on the flattened ScrapingHub benchmark
(labels from its gold bodies; 5-fold figures with folds split by site are
reported there) and shipped as plain arrays in ``data/line_model.json``, so
inference needs only numpy. A line is body when its probability exceeds 0.5,
or 0.25 when the lines on both sides are body (a short paragraph inside the
text), and it is not certain furniture (markers, stamps, repeated lines).
Texts shorter than 15 lines (snippets, the stories appended to a page) are
left to the rules, since the model learnt from whole pages.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np

from accord.news.boilerplate import body_lines, furniture, is_prose
from accord.news.linefeatures import NAMES, line_features

THRESHOLD, GAP_THRESHOLD = 0.5, 0.25
SHORT_PAGE = 15  # fewer lines than this: the model, trained on whole web pages, gives way to the rules
MIN_LONE_PARAGRAPH = 200  # characters: a lone line kept as the body must be a paragraph, not a teaser


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped model, with its trees stacked into padded arrays [trees, nodes] for joint traversal."""
    path = resources.files("accord.news") / "data" / "line_model.json"
    if not path.is_file():
        return None
    model = json.loads(path.read_text())
    if model["features"] != NAMES:
        return None  # trained on other features: retrain with bench/train_lines.py --write
    width = max(len(tree["value"]) for tree in model["trees"])

    def stack(key: str, dtype) -> np.ndarray:
        out = np.zeros((len(model["trees"]), width), dtype=dtype)
        for t, tree in enumerate(model["trees"]):
            out[t, : len(tree[key])] = tree[key]
        return out

    model["stacked"] = {key: stack(key, dtype) for key, dtype in (
        ("value", float), ("feature_idx", np.int64), ("num_threshold", float), ("left", np.int64),
        ("right", np.int64), ("is_leaf", bool), ("missing_go_to_left", bool))}
    return model


def probabilities(features: np.ndarray, model: dict) -> np.ndarray:
    """P(body) for each row of ``features``: every tree is walked at once, one level per step."""
    trees = model["stacked"]
    n_trees = trees["value"].shape[0]
    tree_index = np.arange(n_trees)[:, None]
    node = np.zeros((n_trees, len(features)), dtype=np.int64)
    rows = np.arange(len(features))[None, :]
    while True:
        leaf = trees["is_leaf"][tree_index, node]
        if leaf.all():
            break
        value = features[rows, trees["feature_idx"][tree_index, node]]
        go_left = np.where(np.isnan(value), trees["missing_go_to_left"][tree_index, node],
                           value <= trees["num_threshold"][tree_index, node])
        step = np.where(go_left, trees["left"][tree_index, node], trees["right"][tree_index, node])
        node = np.where(leaf, node, step)
    raw = model["baseline"] + trees["value"][tree_index, node].sum(axis=0)
    return 1.0 / (1.0 + np.exp(-raw))


def decide(probability: np.ndarray) -> np.ndarray:
    """Body or not, from the probabilities of a page's lines (with short gaps filled)."""
    keep = probability > THRESHOLD
    inner = np.zeros_like(keep)
    if len(keep) > 2:
        inner[1:-1] = ~keep[1:-1] & keep[:-2] & keep[2:] & (probability[1:-1] > GAP_THRESHOLD)
    return keep | inner


def combine(lines: list[str], probability: np.ndarray | None, corpus_counts: Counter | None = None) -> list[int]:
    """The body lines: the model's choice minus certain furniture; the rules for short texts or without a model."""
    if probability is None or len(lines) < SHORT_PAGE:
        return body_lines(lines, corpus_counts)
    keep = decide(probability) & ~np.array(furniture(lines, corpus_counts), dtype=bool)
    if not keep.any():
        # A page is stored because it has a story: when no line looks like body to the model (a caption run
        # into the first paragraph, say), its likeliest paragraph of prose is the story rather than nothing.
        best = int(np.argmax(probability))
        return [best] if is_prose(lines[best]) and len(lines[best]) >= MIN_LONE_PARAGRAPH else []
    return [int(k) for k in np.flatnonzero(keep)]


def select_body_lines(lines: list[str], corpus_counts: Counter | None = None) -> list[int]:
    """Indices of the body lines of a flattened page (the learned model where it applies)."""
    model = load_model()
    if model is None or len(lines) < SHORT_PAGE:
        return body_lines(lines, corpus_counts)
    return combine(lines, probabilities(line_features(lines, corpus_counts), model), corpus_counts)
