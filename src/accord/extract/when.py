"""When a sentence says something happened or was said: its date expressions, read against the article's date.

>>> import datetime as dt
>>> from accord.extract.nlp import load_pipeline
>>> sentence_date(load_pipeline()("Leaders met on Monday."), dt.date(2025, 8, 20))
datetime.date(2025, 8, 18)
>>> sentence_date(load_pipeline()("The war began with the October 7, 2023 attack."), dt.date(2025, 8, 20))
datetime.date(2023, 10, 7)
>>> sentence_date(load_pipeline()("They met on March 3, two years after the 2023 deal."), dt.date(2025, 8, 20))
datetime.date(2025, 3, 3)
"""

from __future__ import annotations

import datetime as dt
import re

from accord.news.dates import resolve_date


def sentence_date(sentence, anchor: dt.date | None, tense: str = "past") -> dt.date | None:
    """The first date expression of a parsed sentence that resolves (spaCy DATE entities), or None.

    A year spaCy reads as an entity of its own ("October 7, 2023" is often two) belongs to the date
    just before it: the sentence's year wins over the article's.
    """
    if anchor is None:
        return None
    dates = [entity for entity in sentence.ents if entity.label_ == "DATE"]
    for entity, after in zip(dates, dates[1:] + [None]):
        resolved = resolve_date(_with_year(entity, after), anchor, tense)
        if resolved is not None:
            return resolved
    return None


def _with_year(entity, after) -> str:
    """The date's words, with the year that follows it as a separate entity ("October 7" + ", 2023")."""
    if after is None or not _YEAR.fullmatch(after.text) or _YEAR.search(entity.text):
        return entity.text
    between = entity.doc.text[entity.end_char:after.start_char]
    return f"{entity.text}, {after.text}" if _JOINS.fullmatch(between) else entity.text


_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_JOINS = re.compile(r",?\s*(?:(?:in|of)\s+)?", re.IGNORECASE)
