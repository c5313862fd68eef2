"""Train and evaluate the learned body-line classifier on the flattened ScrapingHub benchmark.

Labels come from the gold bodies: a line is body when most of its 4-token shingles occur in the page's
gold article body. Figures are 5-fold cross-validated with folds split by site (the page's host), as the
benchmark's README requires for a cleaner that learns from its pages. With --write, the model trained on
all pages is saved to src/accord/news/data/line_model.json.

    .venv/bin/python bench/train_lines.py [--write]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import BENCH, flatten, score, summarise  # noqa: E402

from accord.news.lineclassifier import combine  # noqa: E402
from accord.news.linefeatures import NAMES, line_features  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "src" / "accord" / "news" / "data" / "line_model.json"


def shingle_set(text: str) -> set:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[k:k + 4]) for k in range(max(0, len(tokens) - 3))}


def label(line: str, gold: str, gold_shingles: set) -> int:
    own = shingle_set(line)
    if own:
        return int(len(own & gold_shingles) / len(own) >= 0.5)
    return int(line.strip().lower() in gold.lower() and len(line.split()) >= 2)


def load(bench: Path):
    gold = json.loads((bench / "ground-truth.json").read_text())
    pages = []
    for ident in sorted(gold):
        page = gzip.decompress((bench / "html" / f"{ident}.html.gz").read_bytes()).decode("utf-8", "replace")
        lines = flatten(page).splitlines()
        body = gold[ident]["articleBody"]
        shingles = shingle_set(body)
        host = urlparse(gold[ident]["url"]).hostname or ident
        pages.append((ident, host.removeprefix("www."), lines, body, np.array([label(l, body, shingles) for l in lines])))
    return pages


def fit(features: np.ndarray, labels: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=150, max_depth=6, learning_rate=0.12, min_samples_leaf=40,
                                           l2_regularization=1.0, random_state=0)
    return model.fit(features, labels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    from sklearn.model_selection import GroupKFold

    pages = load(BENCH)
    corpus = Counter(line.strip() for _, _, lines, _, _ in pages for line in set(lines))
    feats = [line_features(lines, corpus) for _, _, lines, _, _ in pages]
    hosts = [h for _, h, _, _, _ in pages]
    scores = []
    for train, test in GroupKFold(n_splits=args.folds).split(pages, groups=hosts):
        model = fit(np.concatenate([feats[k] for k in train]), np.concatenate([pages[k][4] for k in train]))
        for k in test:
            lines = pages[k][2]
            chosen = set(combine(lines, model.predict_proba(feats[k])[:, 1] if len(feats[k]) else None, corpus))
            text = "\n".join(line for n, line in enumerate(lines) if n in chosen)
            scores.append(score(text, pages[k][3]))
    p, r, f1 = summarise(scores)
    print(f"{args.folds}-fold by site, {len(pages)} pages, {len(set(hosts))} sites: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    if args.write:
        model = fit(np.concatenate(feats), np.concatenate([p[4] for p in pages]))
        MODEL.parent.mkdir(parents=True, exist_ok=True)
        MODEL.write_text(json.dumps(export(model)))
        print(f"wrote {MODEL}")
    return 0


def export(model) -> dict:
    """The boosted trees as plain arrays, for numpy inference without scikit-learn."""
    trees = []
    for predictors in model._predictors:
        nodes = predictors[0].nodes
        trees.append({key: nodes[key].tolist() for key in ("value", "feature_idx", "num_threshold", "left", "right",
                                                             "is_leaf", "missing_go_to_left")})
    return {"features": NAMES, "baseline": float(model._baseline_prediction.ravel()[0]), "trees": trees}


if __name__ == "__main__":
    sys.exit(main())
