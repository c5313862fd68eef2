"""The one way numbers read in every presenter (terminal, HTML, Markdown), so a cost is the same figure
wherever it appears.

>>> amount(11837.5)
'11,838'
>>> amount(0.61234, 2)
'0.61'
>>> amount(None)
'-'
"""

from __future__ import annotations


def amount(value: float | None, places: int = 0) -> str:
    """A cost, count or score with thousands separated by commas, rounded to ``places`` decimals."""
    return "-" if value is None else f"{value:,.{places}f}"
