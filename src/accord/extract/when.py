"""When a sentence says something happened or was said: its date expressions, read against the article's date.

>>> import datetime as dt
>>> from accord.extract.nlp import load_pipeline
>>> sentence_date(load_pipeline()("Leaders met on Monday."), dt.date(2025, 8, 20))
datetime.date(2025, 8, 18)
"""

from __future__ import annotations

import datetime as dt

from accord.news.dates import resolve_date


def sentence_date(sentence, anchor: dt.date | None, tense: str = "past") -> dt.date | None:
    """The first date expression of a parsed sentence that resolves (spaCy DATE entities), or None."""
    if anchor is None:
        return None
    for entity in sentence.ents:
        if entity.label_ == "DATE":
            resolved = resolve_date(entity.text, anchor, tense)
            if resolved is not None:
                return resolved
    return None
