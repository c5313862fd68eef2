"""Publication dates found without a side file, against each case's `meta.tsv`.

Every case folder under ../shared/corpus (the seed and each dev case) is ingested into a scratch SQLite
database without `--meta`, and each main story's date is compared with the `published` column of the
case's `meta.tsv`: right, wrong (worse than none) or missing.

    .venv/bin/python bench/dates.py             # or: --shared DIR
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def cases(shared: Path) -> list[Path]:
    return [shared / "corpus" / "seed"] + sorted(p for p in (shared / "corpus" / "dev").iterdir() if p.is_dir())


def gold_dates(case: Path) -> dict[str, str]:
    side = next((case / n for n in ("meta.tsv", "index.tsv") if (case / n).exists()), None)
    if side is None:
        return {}
    with side.open(encoding="utf-8") as handle:
        return {row["file"]: row["published"] for row in csv.DictReader(handle, dialect="excel-tab")
                if row.get("published")}


def found_dates(case: Path, scratch: Path) -> dict[str, str | None]:
    from sqlalchemy import select

    from accord.news.ingest import ingest
    from accord.news.store import articles, open_store

    folder = scratch / case.name
    folder.mkdir()
    for path in case.iterdir():  # links, so that no side file beside them is used
        if path.suffix in (".txt", ".html", ".htm"):
            (folder / path.name).symlink_to(path.resolve())
    store = open_store(scratch / f"{case.name}.db")
    ingest([str(folder)], store, follow_links=True)
    with store.engine.connect() as connection:
        rows = connection.execute(select(articles.c.source, articles.c.published).where(articles.c.part == 1))
        return {Path(r.source).name: r.published.isoformat() if r.published else None for r in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("ACCORD_SHARED", ROOT.parent / "shared")))
    args = parser.parse_args()
    totals = {"right": 0, "wrong": 0, "none": 0}
    print(f"{'case':<28}{'articles':>9}{'right':>8}{'wrong':>8}{'none':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases(args.shared):
            gold = gold_dates(case)
            found = found_dates(case, Path(scratch))
            counts = {"right": 0, "wrong": 0, "none": 0}
            for name, date in gold.items():
                got = found.get(name)
                kind = "none" if got is None else "right" if got == date else "wrong"
                counts[kind] += 1
                if kind == "wrong":
                    print(f"  wrong: {case.name}/{name}: {got} (meta.tsv {date})")
            print(f"{case.name:<28}{len(gold):>9}{counts['right']:>8}{counts['wrong']:>8}{counts['none']:>8}")
            totals = {k: totals[k] + counts[k] for k in totals}
    total = sum(totals.values())
    print(f"{'all':<28}{total:>9}{totals['right']:>8}{totals['wrong']:>8}{totals['none']:>8}")
    print(f"right {totals['right'] / total:.0%}, wrong {totals['wrong'] / total:.0%}, none {totals['none'] / total:.0%}"
          " (target: >= 90% right, <= 2% wrong)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
