"""Tables out: rows of plain values to JSON Lines, CSV or Parquet files, pandas DataFrames, or HTML for Jupyter.

The one place accord writes tabular files and lists, so every export and every
list command behaves alike: the format comes from ``fmt`` or the file's suffix
(``-`` is standard output, with ``fmt`` given), and a file that cannot be
written is a one-line error. A list is cut at a limit (0: none) and says so:
"50 of 300 records".

>>> frame([{"issue": "crimea", "option": "contested"}]).shape
(1, 2)
>>> print(dump_rows([{"a": 1, "b": [2, 3]}], "csv"), end="")
a,b
1,"[2, 3]"
>>> page(list(range(300)), 50).note("records")
'50 of 300 records (--limit 0 for all)'
>>> html_table([{"a": "<b>"}])
'<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from accord.errors import AccordError, Problem

FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}


def frame(rows: list[dict], columns: list[str] | None = None):
    """A pandas DataFrame of the rows (columns in first-seen order unless given)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict, tuple)) else value


def _clean(value):
    """A value as strict JSON holds it: nan and infinity as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _write_text(rows: list[dict], handle, fmt: str, columns: list[str], line_end: str = "\r\n") -> None:
    """JSON Lines or CSV to an open text handle (CSV lines end as RFC 4180 has it in files, with "\\n" on
    standard output)."""
    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps(_clean(row), ensure_ascii=False, default=str) + "\n")
    else:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator=line_end)
        writer.writeheader()
        writer.writerows({k: _flat(v) for k, v in row.items()} for row in rows)


def export_format(path: str | Path, fmt: str | None = None) -> str:
    """The format rows go to ``path`` in: ``fmt`` if given, else the file's suffix; ``-`` (standard
    output) needs ``fmt``, JSON Lines or CSV. A one-line error otherwise, to be raised before any work.

    >>> export_format("out.csv"), export_format("-", "jsonl")
    ('csv', 'jsonl')
    """
    if str(path) == "-":
        if fmt not in ("jsonl", "csv"):
            raise AccordError(Problem("-", None, None, "standard output takes --format jsonl or csv"
                                      + (" (Parquet is binary: give a file name)" if fmt == "parquet" else "")))
        return fmt
    fmt = fmt or FORMATS.get(Path(path).suffix.lower())
    if fmt not in ("jsonl", "csv", "parquet"):
        raise AccordError(Problem(str(path), None, None, "export to .jsonl, .csv or .parquet (or give --format)"))
    return fmt


def write_rows(rows: list[dict], path: str | Path, fmt: str | None = None, columns: list[str] | None = None) -> int:
    """Write rows to JSON Lines, CSV or Parquet (``-``: standard output, as JSON Lines or CSV named by
    ``fmt``); returns how many were written."""
    fmt = export_format(path, fmt)
    if str(path) == "-":
        _write_text(rows, sys.stdout, fmt, columns or _columns(rows), "\n")
        sys.stdout.flush()
        return len(rows)
    path = Path(path)
    columns = columns or _columns(rows)
    try:
        if fmt in ("jsonl", "csv"):
            with path.open("w", encoding="utf-8", newline="" if fmt == "csv" else None) as handle:
                _write_text(rows, handle, fmt, columns)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            flat = [{c: _flat(row.get(c)) for c in columns} for row in rows]
            pq.write_table(pa.Table.from_pylist(flat), path)
    except OSError as error:
        raise AccordError(Problem(str(path), None, None, f"cannot be written: {error.strerror or error}")) from None
    return len(rows)


def html_table(rows: list[dict], columns: list[str] | None = None) -> str:
    """An escaped HTML table, for ``_repr_html_`` in Jupyter."""
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(_flat(row.get(c, ''))))}</td>" for c in columns) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _columns(rows: list[dict]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


LIST_FORMATS = ("table", "json", "nl", "csv")


def list_format(json_out: bool = False, nl: bool = False, csv_out: bool = False) -> str:
    """Which of ``LIST_FORMATS`` a list command prints, from its ``--json``, ``--nl`` and ``--csv``
    flags (at most one; none: the table)."""
    chosen = [name for name, on in (("json", json_out), ("nl", nl), ("csv", csv_out)) if on]
    if len(chosen) > 1:
        raise AccordError(Problem("accord", None, None,
                                  f"give one of --json, --nl and --csv, not {' and '.join('--' + c for c in chosen)}"))
    return chosen[0] if chosen else "table"


def dump_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> str:
    """The rows as text: ``json`` (one array), ``nl`` (newline-delimited JSON, one object a line) or ``csv``
    (nested values as JSON); nan and infinity are written as null."""
    if fmt == "json":
        return json.dumps(_clean(rows), indent=2, ensure_ascii=False, default=str, allow_nan=False) + "\n"
    columns = columns or _columns(rows)
    if fmt == "csv" and not columns:
        return ""  # no rows and no columns: not even a header to write
    buffer = io.StringIO(newline="")
    _write_text(rows, buffer, "jsonl" if fmt == "nl" else "csv", columns, "\n")
    return buffer.getvalue()


@dataclass
class Page:
    """The rows a list shows, out of how many there are."""

    rows: list
    total: int

    @property
    def cut(self) -> bool:
        return len(self.rows) < self.total

    def note(self, noun: str) -> str | None:
        """"50 of 300 records (--limit 0 for all)" when the list was cut, else None."""
        return f"{len(self.rows)} of {self.total} {noun} (--limit 0 for all)" if self.cut else None


def page(rows: list, limit: int | None, total: int | None = None) -> Page:
    """The first ``limit`` rows (0 or None: all), with the total (``total`` when the rows are already cut,
    as a database query with a LIMIT returns them)."""
    total = len(rows) if total is None else total
    return Page(list(rows[:limit]) if limit else list(rows), total)


def html_value(value, rows: int = 20) -> str:
    """Any plain value (what ``to_dict`` returns) as escaped HTML: a dict as a two-column table, a list of
    dicts as a table of its first ``rows`` rows, anything else as text."""
    if isinstance(value, dict):
        cells = "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th><td>{html_value(v, rows)}</td></tr>"
                        for k, v in value.items())
        return f"<table>{cells}</table>"
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        more = f"<p>{rows} of {len(value)}</p>" if len(value) > rows else ""
        return html_table([{k: _flat(v) for k, v in row.items()} for row in value[:rows]]) + more
    return html.escape(str(_flat(value) if isinstance(value, (list, tuple)) else value))


class HtmlRepr:
    """Jupyter shows a result as the HTML of its ``to_dict()``, not as a long repr."""

    def _repr_html_(self) -> str:
        return f"<div><b>{html.escape(type(self).__name__)}</b>{html_value(self.to_dict())}</div>"
