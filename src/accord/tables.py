"""Tables out: rows of plain values to JSON Lines, CSV or Parquet files, pandas DataFrames, or HTML for Jupyter.

The one place accord writes tabular files, so every export behaves alike: the
format comes from ``fmt`` or the file's suffix, and a file that cannot be
written is a one-line error.

>>> frame([{"issue": "crimea", "option": "contested"}]).shape
(1, 2)
>>> html_table([{"a": "<b>"}])
'<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from accord.errors import AccordError, Problem

FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}


def frame(rows: list[dict], columns: list[str] | None = None):
    """A pandas DataFrame of the rows (columns in first-seen order unless given)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict, tuple)) else value


def write_rows(rows: list[dict], path: str | Path, fmt: str | None = None, columns: list[str] | None = None) -> int:
    """Write rows to JSON Lines, CSV or Parquet; returns how many were written."""
    path = Path(path)
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt not in ("jsonl", "csv", "parquet"):
        raise AccordError(Problem(str(path), None, None, "export to .jsonl, .csv or .parquet (or give --format)"))
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    try:
        if fmt == "jsonl":
            with path.open("w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        elif fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                writer.writerows({k: _flat(v) for k, v in row.items()} for row in rows)
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
