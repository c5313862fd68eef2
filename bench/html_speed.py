"""Benchmark: accord's HTML cleaning against trafilatura alone, in pages/s (issue 17).

Over the 181 pages of the ScrapingHub article-extraction benchmark (.html.gz), in one process:

- trafilatura: ``trafilatura.bare_extraction`` doing the job accord asks of it in one call (comments off,
  metadata on, dates from the markup only: ``accord.news.markup.EXTRACTION``), on the decoded pages held
  in memory; and, for reference, the same call with metadata off (the body alone);
- accord: what ingest does to each page before storing it: read the file (unpack, decode) and clean it
  (``accord.news.read.read_inputs`` then ``accord.news.clean.clean``: trafilatura's body and the metadata
  accord keeps, ``accord.news.markup.extract``, then the origins back into the raw page, repair, sentences,
  language, dates).

The sides take turns page by page, ``--repeat`` times, and each page's best time on each side counts, so that
both see the same load on a shared machine (the process is not pinned to a core: on a busy one, both sides
would only wait longer). Then each step accord adds is timed alone on the same pages, in ms a page.
Target: accord at >= 0.9x trafilatura's pages/s.

    .venv/bin/python bench/html_speed.py [--repeat 5] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "bench" / "article-extraction" / "html"
TARGET = 0.9


def page_files(limit: int | None) -> list[str]:
    return [str(path) for path in sorted(PAGES.glob("*.html.gz"))[:limit]]


def read_page(name: str):
    """A page as ingest reads it (the one document of an HTML file)."""
    from accord.news.read import read_inputs

    return next(iter(read_inputs([name])))


def trafilatura_alone(raw: str, metadata: bool = True) -> None:
    import trafilatura

    from accord.news.markup import EXTRACTION

    trafilatura.bare_extraction(raw, **{**EXTRACTION, "with_metadata": metadata})


def accord_cleaning(name: str) -> None:
    from accord.news.clean import clean
    from accord.news.read import read_inputs

    for doc in read_inputs([name]):
        clean(doc)


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def race(names: list[str], raws: list[str], repeat: int) -> dict[str, float]:
    """Seconds for all the pages on each side: the sides take turns page by page (so that all see the same
    load on a shared machine), ``repeat`` times, and each page's best time on each side counts."""
    sides = {"trafilatura alone": lambda k: trafilatura_alone(raws[k]),
             "trafilatura, metadata off": lambda k: trafilatura_alone(raws[k], metadata=False),
             "accord read + clean": lambda k: accord_cleaning(names[k])}
    best = {label: [float("inf")] * len(names) for label in sides}
    for turn in range(repeat):
        for k in range(len(names)):
            order = list(sides)
            shift = (turn + k) % len(order)  # no side always goes first
            for label in order[shift:] + order[:shift]:
                best[label][k] = min(best[label][k], seconds(lambda: sides[label](k)))
    return {label: sum(times) for label, times in best.items()}


def step_inputs(names: list[str]) -> list[dict]:
    """What each of accord's steps gets for each page, made once so that each step can be timed alone."""
    from accord.news.clean import _locate
    from accord.news.markup import extract
    from accord.news.repair import repair

    inputs = []
    for name in names:
        doc = read_page(name)
        extracted = extract(doc.raw)
        located = _locate(doc.raw, extracted.text or "")
        inputs.append({"name": name, "doc": doc, "extracted": extracted, "located": located,
                       "text": repair(located).text})
    return inputs


def steps() -> dict[str, Callable[[dict], object]]:
    """accord's steps on one page, in the order clean runs them (each as clean calls it)."""
    from accord.news.clean import _date, _date_stated, _locate, detect_language
    from accord.news.markup import extract
    from accord.news.repair import repair
    from accord.news.sentences import split_sentences

    def dates(page: dict) -> None:
        doc, extracted = page["doc"], page["extracted"]
        if not _date(extracted.date):  # the markup's date, else what the title and text state
            doc.title, doc.url, doc.text, doc.published = extracted.title, extracted.url, page["text"], None
            _date_stated(doc, None)

    return {"read (unpack, decode)": lambda page: read_page(page["name"]),
            "trafilatura (body and kept metadata)": lambda page: extract(page["doc"].raw),
            "origins in the raw page": lambda page: _locate(page["doc"].raw, page["extracted"].text or ""),
            "repair": lambda page: repair(page["located"]),
            "sentences": lambda page: split_sentences(page["text"]),
            "language": lambda page: detect_language(page["text"]),
            "dates (text, when no markup date)": dates}


def step_costs(names: list[str], repeat: int) -> dict[str, float]:
    """Seconds a page of each step: each page's best time over ``repeat`` turns of all the steps."""
    inputs = step_inputs(names)
    best = {label: [float("inf")] * len(inputs) for label in steps()}
    for _ in range(repeat):
        for k, page in enumerate(inputs):
            for label, step in steps().items():
                best[label][k] = min(best[label][k], seconds(lambda: step(page)))
    return {label: sum(times) / len(inputs) for label, times in best.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="turns of each side; the best is kept")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args()
    names = page_files(args.limit)
    raws = [read_page(name).raw for name in names]
    for name in names[:5]:  # models and lazy imports loaded before any clock starts
        accord_cleaning(name)
    rates = {label: len(names) / total for label, total in race(names, raws, args.repeat).items()}
    ratio = rates["accord read + clean"] / rates["trafilatura alone"]
    print(f"{len(names)} pages, each page's best of {args.repeat} turns on each side\n")
    print(f"{'':28s} {'pages/s':>8s} {'ms/page':>8s}")
    for label, rate in rates.items():
        print(f"{label:28s} {rate:8.1f} {1000 / rate:8.2f}")
    print(f"\nratio {ratio:.2f}x trafilatura's pages/s (target {TARGET}x)  {'PASS' if ratio >= TARGET else 'FAIL'}")
    print(f"ratio {rates['accord read + clean'] / rates['trafilatura, metadata off']:.2f}x trafilatura's pages/s "
          "with metadata off (for reference)\n")
    costs = step_costs(names, args.repeat)
    print(f"{'accord step, alone':36s} {'ms/page':>8s}")
    for label, seconds in costs.items():
        print(f"{label:36s} {1000 * seconds:8.2f}")
    added = sum(seconds for label, seconds in costs.items() if not label.startswith("trafilatura"))
    print(f"{'all but trafilatura':36s} {1000 * added:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
