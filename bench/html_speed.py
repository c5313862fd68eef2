"""Benchmark: accord's HTML cleaning against trafilatura alone, in pages/s (issue 17).

Over the 181 pages of the ScrapingHub article-extraction benchmark (.html.gz), in one process:

- trafilatura: ``trafilatura.bare_extraction`` with the options accord uses (comments off, metadata on,
  dates from the markup only: ``accord.news.clean.EXTRACTION``), on the decoded pages held in memory;
- accord: what ingest does to each page before storing it: read the file (unpack, decode) and clean it
  (``accord.news.read.read_inputs`` then ``accord.news.clean.clean``: the same trafilatura call, then the
  origins back into the raw page, repair, sentences, language, dates).

The two take turns page by page, ``--repeat`` times, and each page's best time on each side counts, so that
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


def trafilatura_alone(raw: str) -> None:
    import trafilatura

    from accord.news.clean import EXTRACTION

    trafilatura.bare_extraction(raw, **EXTRACTION)


def accord_cleaning(name: str) -> None:
    from accord.news.clean import clean
    from accord.news.read import read_inputs

    for doc in read_inputs([name]):
        clean(doc)


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def race(names: list[str], raws: list[str], repeat: int) -> tuple[float, float]:
    """Seconds for all the pages on each side: the two sides take turns page by page (so that both see the
    same load on a shared machine), ``repeat`` times, and each page's best time on each side counts."""
    trafilatura_best = [float("inf")] * len(names)
    accord_best = [float("inf")] * len(names)
    for turn in range(repeat):
        for k, (name, raw) in enumerate(zip(names, raws)):
            sides = [(trafilatura_best, lambda: trafilatura_alone(raw)), (accord_best, lambda: accord_cleaning(name))]
            for best, run in sides[::-1] if (turn + k) % 2 else sides:  # neither side always goes first
                best[k] = min(best[k], seconds(run))
    return sum(trafilatura_best), sum(accord_best)


def step_inputs(names: list[str]) -> list[dict]:
    """What each of accord's steps gets for each page, made once so that each step can be timed alone."""
    from accord.news.clean import _locate, extract
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
    from accord.news.clean import _date, _date_stated, _locate, detect_language, extract
    from accord.news.repair import repair
    from accord.news.sentences import split_sentences

    def dates(page: dict) -> None:
        doc, extracted = page["doc"], page["extracted"]
        if not _date(extracted.date):  # the markup's date, else what the title and text state
            doc.title, doc.url, doc.text, doc.published = extracted.title, extracted.url, page["text"], None
            _date_stated(doc, None)

    return {"read (unpack, decode)": lambda page: read_page(page["name"]),
            "trafilatura (same call)": lambda page: extract(page["doc"].raw),
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
    trafilatura_seconds, accord_seconds = race(names, raws, args.repeat)
    trafilatura_rate, accord_rate = len(names) / trafilatura_seconds, len(names) / accord_seconds
    ratio = accord_rate / trafilatura_rate
    print(f"{len(names)} pages, each page's best of {args.repeat} turns on each side\n")
    print(f"{'':28s} {'pages/s':>8s} {'ms/page':>8s}")
    print(f"{'trafilatura alone':28s} {trafilatura_rate:8.1f} {1000 / trafilatura_rate:8.2f}")
    print(f"{'accord read + clean':28s} {accord_rate:8.1f} {1000 / accord_rate:8.2f}")
    print(f"\nratio {ratio:.2f}x trafilatura's pages/s (target {TARGET}x)  {'PASS' if ratio >= TARGET else 'FAIL'}\n")
    costs = step_costs(names, args.repeat)
    print(f"{'accord step, alone':36s} {'ms/page':>8s}")
    for label, seconds in costs.items():
        print(f"{label:36s} {1000 * seconds:8.2f}")
    added = sum(seconds for label, seconds in costs.items() if not label.startswith("trafilatura"))
    print(f"{'all but trafilatura':36s} {1000 * added:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
