"""Benchmark: extraction over every evaluation case, for the record (issue 11).

Each case of the shared folder (the seed, and every ``corpus/dev/<case>/`` that has gold) is ingested with
its side file, extracted with its scenario in a scratch database, and scored against its gold with accord's
scorer (SCHEMA.md's rules): P/R/F1 per kind for each case, their macro average and the worst case per kind.
The same as ``accord eval --suite ../shared``; the test suite runs one small case of it.

    .venv/bin/python bench/extraction_suite.py [--shared ../shared] [--case NAME ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console

from accord.errors import AccordError
from accord.report.terminal import render_suite
from accord.suite import run_suite

SHARED = Path(__file__).resolve().parents[2] / "shared"


def announce():
    """A progress callback that names each case once, on stderr, as it starts."""
    seen: set[str] = set()

    def progress(done: int, total: int, text: str) -> None:
        name = text.split(": ")[0]
        if name not in seen and done < total:
            seen.add(name)
            print(f"[{done + 1}/{total}] {name}", file=sys.stderr)

    return progress


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the evaluation folder (default: ../shared)")
    parser.add_argument("--case", action="append", help="only this case (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        result = run_suite(args.shared, args.case, progress=announce())
    except AccordError as error:
        print(error, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        render_suite(result.to_dict(), Console(width=max(Console().width, 120)))
        print(f"{len(result.cases)} cases in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
