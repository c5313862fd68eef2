"""The document that flows through ingestion, one small step after another."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import numpy as np

from accord.errors import one_line


@dataclass
class Document:
    """One story: where it came from, its raw and clean text, and what was learnt about it."""

    source: str                      # file path, "-" for standard input, or the feed/JSON file
    source_format: str               # txt, html, feed, json
    raw: str                         # the story's raw text (for a split page: the whole page)
    markup: str = "text"             # text or html: how the raw text is to be cleaned
    doc_id: str = ""
    line: int | None = None          # line of a JSON Lines record
    section: str = "main"            # main, or related (a story appended to another page)
    part: int = 1                    # 1 for the main story, 2, 3, ... for the stories appended to it
    text: str = ""                   # cleaned body
    origin: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # clean offset -> raw offset
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    date_source: str | None = None
    stamp: str | None = None         # a relative time stamp found on the page ("2 hours ago")
    language: str | None = None
    is_english: bool = True
    sentences: list[tuple[int, int]] = field(default_factory=list)
    file_time: dt.datetime | None = None
    metadata: dict = field(default_factory=dict)   # from the side file or the JSON record

    @property
    def raw_hash(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    @property
    def clean_hash(self) -> str:
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """Hash of the words of a text, ignoring case, punctuation and spacing (for exact duplicates)."""
    normalised = " ".join(re.findall(r"\w+", text.lower()))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skip:
    """An input that was not stored, and why."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return one_line(f"{where}: {self.reason}")
