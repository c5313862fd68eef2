"""Publication dates found without a side file, against each case's `meta.tsv`.

Every case folder under ../shared/corpus (the seed and each dev case) is copied into a scratch folder and
ingested into a scratch SQLite database without its side file, and each main story's date is compared with
the `published` column of the case's `meta.tsv`: right, wrong (worse than none) or missing. A second pass
gives each copy a side file without dates (its url, outlet and title kept), as when a list of links is all
one has: then a date in the page's address counts too.

    .venv/bin/python bench/dates.py             # or: --shared DIR, --misses
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
MODES = {"no side file": None, "side file without dates": ("file", "url", "outlet", "title")}


def cases(shared: Path) -> list[Path]:
    return [shared / "corpus" / "seed"] + sorted(p for p in (shared / "corpus" / "dev").iterdir() if p.is_dir())


def side_rows(case: Path) -> list[dict]:
    side = next((case / n for n in ("meta.tsv", "index.tsv") if (case / n).exists()), None)
    if side is None:
        return []
    with side.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, dialect="excel-tab"))


def found_dates(case: Path, scratch: Path, columns: tuple[str, ...] | None) -> dict[str, tuple[str | None, str]]:
    """Each main story's (date, date_source), by file name, ingested from copies of the case's pages."""
    from sqlalchemy import select

    from accord.news.ingest import ingest
    from accord.news.store import articles, open_store

    folder = scratch / case.name
    folder.mkdir()
    for path in case.iterdir():  # copies (not links: a link is read as its target, side file and all)
        if path.suffix in (".txt", ".html", ".htm"):
            shutil.copy2(path, folder / path.name)  # copy2 keeps the file's time, as a saved page has it
    if columns:
        with (folder / "index.tsv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, dialect="excel-tab", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(side_rows(case))
    store = open_store(scratch / f"{case.name}.db")
    ingest([str(folder)], store)
    with store.engine.connect() as connection:
        rows = connection.execute(select(articles.c.source, articles.c.published, articles.c.date_source)
                                  .where(articles.c.part == 1))
        return {Path(r.source).name: (r.published.isoformat() if r.published else None, r.date_source) for r in rows}


def measure(shared: Path, columns: tuple[str, ...] | None, misses: bool) -> dict[str, int]:
    totals = {"right": 0, "wrong": 0, "none": 0}
    print(f"{'case':<28}{'articles':>9}{'right':>8}{'wrong':>8}{'none':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases(shared):
            gold = {row["file"]: row["published"] for row in side_rows(case) if row.get("published")}
            found = found_dates(case, Path(scratch), columns)
            counts = {"right": 0, "wrong": 0, "none": 0}
            for name, date in gold.items():
                got, source = found.get(name, (None, None))
                kind = "none" if got is None else "right" if got == date else "wrong"
                counts[kind] += 1
                if kind == "wrong" or (kind == "none" and misses):
                    print(f"  {kind}: {case.name}/{name}: {got} ({source}; meta.tsv {date})")
            print(f"{case.name:<28}{len(gold):>9}{counts['right']:>8}{counts['wrong']:>8}{counts['none']:>8}")
            totals = {k: totals[k] + counts[k] for k in totals}
    total = sum(totals.values())
    print(f"{'all':<28}{total:>9}{totals['right']:>8}{totals['wrong']:>8}{totals['none']:>8}")
    print(f"right {totals['right'] / total:.0%}, wrong {totals['wrong'] / total:.0%}, none {totals['none'] / total:.0%}"
          " (target: >= 90% right, <= 2% wrong)\n")
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("ACCORD_SHARED", ROOT.parent / "shared")))
    parser.add_argument("--misses", action="store_true", help="also list the articles left without a date")
    args = parser.parse_args()
    for mode, columns in MODES.items():
        print(f"## {mode}")
        measure(args.shared, columns, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
