"""Text that remembers where each character came from, so cleaned evidence can be shown in the original.

Every cleaning step (dropping lines, repairing mojibake, inserting a missing
space, straightening quotes, collapsing whitespace) goes through
:meth:`TrackedText.sub` or :meth:`TrackedText.keep`, which carry an origin
offset for every character. A character that replaces others points at the
start of what it replaced (proportionally, for longer replacements); an
inserted character points at the character after it.

>>> t = TrackedText.of("said so.That was")
>>> fixed = t.sub(r"(?<=[a-z][.])(?=[A-Z])", " ")
>>> fixed.text, fixed.origin_span(9, 13)
('said so. That was', (8, 12))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TrackedText:
    text: str
    origin: np.ndarray  # [len(text)] offsets into the original text

    @classmethod
    def of(cls, text: str) -> TrackedText:
        return cls(text, np.arange(len(text), dtype=np.int64))

    def __len__(self) -> int:
        return len(self.text)

    def origin_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets [start, end) of the cleaned span [start, end)."""
        if start >= end or not len(self.origin):
            position = int(self.origin[min(start, len(self.origin) - 1)]) if len(self.origin) else 0
            return position, position
        return int(self.origin[start]), int(self.origin[end - 1]) + 1

    def sub(self, pattern: str | re.Pattern, replacement: str | Callable[[re.Match], str], flags: int = 0) -> TrackedText:
        """Like :func:`re.sub`, carrying the origins along."""
        pattern = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        matches = list(pattern.finditer(self.text))
        if not matches:
            return self
        pieces, origins, last = [], [], 0
        for match in matches:
            start, end = match.span()
            pieces.append(self.text[last:start])
            origins.append(self.origin[last:start])
            new = replacement(match) if callable(replacement) else match.expand(replacement)
            pieces.append(new)
            origins.append(self._origins_for(start, end, len(new)))
            last = end
        pieces.append(self.text[last:])
        origins.append(self.origin[last:])
        return TrackedText("".join(pieces), np.concatenate(origins) if origins else self.origin[:0])

    def translate(self, table: dict[int, str]) -> TrackedText:
        """Replace characters one for one (the origins do not move)."""
        return TrackedText(self.text.translate(table), self.origin)

    def replace_spans(self, spans: list[tuple[int, int, str]]) -> TrackedText:
        """Replace non-overlapping spans [(start, end, new)], in order, carrying the origins along."""
        if not spans:
            return self
        pieces, origins, last = [], [], 0
        for start, end, new in spans:
            pieces += [self.text[last:start], new]
            origins += [self.origin[last:start], self._origins_for(start, end, len(new))]
            last = end
        pieces.append(self.text[last:])
        origins.append(self.origin[last:])
        return TrackedText("".join(pieces), np.concatenate(origins))

    def _origins_for(self, start: int, end: int, length: int) -> np.ndarray:
        if length == 0:
            return self.origin[:0]
        if end - start == length:  # one for one (a quote straightened): what the spreading below gives, sooner
            return self.origin[start:end]
        if end > start:  # a replacement: spread the new characters over what they replace
            span = self.origin[start:end]
            return span[np.minimum((np.arange(length) * len(span)) // length, len(span) - 1)]
        anchor = self.origin[start] if start < len(self.origin) else (self.origin[-1] + 1 if len(self.origin) else 0)
        return np.full(length, anchor, dtype=np.int64)  # an insertion points at what follows it

    def keep(self, spans: list[tuple[int, int]], separator: str = "\n") -> TrackedText:
        """Only the given spans, joined by ``separator`` (whose characters point at the next span)."""
        pieces, origins = [], []
        for k, (start, end) in enumerate(spans):
            if k:
                pieces.append(separator)
                origins.append(np.full(len(separator), self.origin[start] if start < len(self.origin) else 0))
            pieces.append(self.text[start:end])
            origins.append(self.origin[start:end])
        if not pieces:
            return TrackedText("", self.origin[:0])
        return TrackedText("".join(pieces), np.concatenate(origins))

    def runs(self) -> list[list[int]]:
        """The origin map as runs [clean start, raw start, length] of consecutive offsets (compact to store)."""
        if not len(self.origin):
            return []
        breaks = np.flatnonzero(np.diff(self.origin) != 1) + 1
        starts = np.concatenate([[0], breaks])
        lengths = np.diff(np.concatenate([starts, [len(self.origin)]]))
        return [[int(s), int(self.origin[s]), int(n)] for s, n in zip(starts, lengths)]

    @staticmethod
    def expand(runs: list[list[int]]) -> list[int]:
        """The full origin map from :meth:`runs`."""
        out: list[int] = []
        for _, raw, length in runs:
            out.extend(range(raw, raw + length))
        return out

    def map_lines(self, fix: Callable[[str], str]) -> TrackedText:
        """Apply ``fix`` to each line; a line whose length changes maps its characters proportionally."""
        return self.sub(r"[^\n]+", lambda m: fix(m.group()))
