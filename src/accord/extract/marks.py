r"""Quotation marks: where someone else's words begin and end.

Repair has straightened curly quotes, so double quotes pair simply; single
quotes count only when they open before a word and close after one, so the
apostrophes of "don't" and "Russia's" are not taken for quotation marks.

>>> text = "'Putin mentioned Moscow' during the call, and he said \"no\" to it; it's late."
>>> [text[a:b] for a, b in quoted_spans(text)]
['Putin mentioned Moscow', 'no']
"""

from __future__ import annotations

import re

# Double quotes, and single quotes that open before a word and close after one (not apostrophes in "don't").
QUOTED = re.compile(r'"([^"]+)"|(?<![\w\'])\'((?:[^\']|(?<=\w)\'(?=\w))+?)\'(?![\w])')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The insides of the quotations in ``text``, as (start, end) offsets."""
    if '"' not in text and "'" not in text:  # most sentences quote no one: skip the search
        return []
    return [match.span(1) if match.group(1) is not None else match.span(2) for match in QUOTED.finditer(text)]
