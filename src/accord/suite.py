"""One evaluation over every case: ingest each case's news, extract with its scenario, score against its gold.

A *case* is a corpus folder with a gold file, laid out as in the shared evaluation folder::

    corpus/<name>/            eval/<name>-gold.jsonl        (the seed: side file index.tsv, bundled scenario)
    corpus/dev/<name>/        eval/dev/<name>-gold.jsonl    (side file meta.tsv, scenario.toml)

Cases are found from this layout, never from a list of names, so a new dev case with gold is scored
as soon as it is dropped in; a folder without gold is skipped and reported as skipped. Each case runs
in its own scratch SQLite database in a temporary folder, so a run leaves nothing behind.

This module sits above news ingestion, extraction, scenarios and scoring (it ties them together);
none of those may import it.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import AccordError, Problem
from accord.extract.evaluate import Score, read_records, score
from accord.news.store import Store
from accord.tables import HtmlRepr

# The figures reported for every case, in the order of SCHEMA.md (the keys of evaluate.score).
KINDS = ("quote@0.3", "quote@0.8", "stance", "stance+option", "event")
META = "meta.tsv"          # a dev case's side file, which ingestion does not look for by itself
SCENARIO = "scenario.toml"  # the issues and options a case's stance gold is coded on
WORST_RULE = "for each kind, the case with the lowest F1"

# progress(cases done, cases in all, what is happening now)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Case(HtmlRepr):
    """One negotiation to score: its news folder, side file, scenario and gold."""

    name: str
    corpus: Path
    gold: Path
    scenario: Path | None  # None: the bundled scenario (the seed's gold is coded on it, SCHEMA.md)
    meta: Path | None      # None: ingestion finds the folder's own side file (index.tsv)

    def to_dict(self) -> dict:
        return {"name": self.name, "corpus": str(self.corpus), "gold": str(self.gold),
                "scenario": str(self.scenario) if self.scenario else "bundled",
                "meta": str(self.meta) if self.meta else None}


@dataclass(frozen=True)
class Skipped:
    """A corpus folder that is not scored, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class CaseResult(HtmlRepr):
    """One case's scores per kind, with what extraction stored."""

    case: Case
    scores: dict[str, Score]
    articles: int
    counts: dict[str, int]
    seconds: float

    def to_dict(self) -> dict:
        return {**self.case.to_dict(), "articles": self.articles, "records": self.counts,
                "seconds": round(self.seconds, 1), "scores": {k: self.scores[k].to_dict() for k in KINDS}}


@dataclass(frozen=True)
class Mean(HtmlRepr):
    """Macro average of one kind: the mean of the cases' precision, recall and F1."""

    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Worst(HtmlRepr):
    """For one kind, the case with the lowest F1 (the first such case on a tie)."""

    case: str
    score: Score

    def to_dict(self) -> dict:
        return {"case": self.case, **self.score.to_dict()}


@dataclass(frozen=True)
class SuiteResult(HtmlRepr):
    """Every case's scores, their macro average and worst case per kind, and the folders skipped."""

    suite: Path
    cases: list[CaseResult]
    macro: dict[str, Mean]
    worst: dict[str, Worst]
    skipped: list[Skipped] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"suite": str(self.suite), "kinds": list(KINDS), "worst_rule": WORST_RULE,
                "cases": [c.to_dict() for c in self.cases],
                "macro": {k: self.macro[k].to_dict() for k in KINDS},
                "worst": {k: self.worst[k].to_dict() for k in KINDS},
                "skipped": [{"name": s.name, "reason": s.reason} for s in self.skipped]}


def _folders(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")) if parent.is_dir() else []


def _case(folder: Path, gold: Path, dev: bool) -> Case | Skipped:
    if not gold.is_file():
        return Skipped(folder.name, f"no gold ({gold} is missing)")
    scenario = folder / SCENARIO
    # Only a top-level corpus (the seed) may fall back on the bundled scenario: SCHEMA.md codes its gold on it.
    # A dev case's gold is coded on its own scenario.toml, so run_case reports it missing instead.
    if not scenario.is_file() and not dev:
        scenario = None
    meta = folder / META
    return Case(folder.name, folder, gold, scenario, meta if meta.is_file() else None)


def discover(shared: Path) -> tuple[list[Case], list[Skipped]]:
    """The cases under ``shared`` (top-level corpora first, then dev cases, each by name) and the folders skipped."""
    shared = Path(shared)
    corpus, gold = shared / "corpus", shared / "eval"
    found = [_case(f, gold / f"{f.name}-gold.jsonl", dev=False) for f in _folders(corpus) if f.name != "dev"]
    found += [_case(f, gold / "dev" / f"{f.name}-gold.jsonl", dev=True) for f in _folders(corpus / "dev")]
    cases = [c for c in found if isinstance(c, Case)]
    if not cases:
        raise AccordError(Problem(str(shared), None, None, "no evaluation cases: expected corpus/<case>/ with "
                                  "eval/<case>-gold.jsonl, or corpus/dev/<case>/ with eval/dev/<case>-gold.jsonl"))
    return cases, [s for s in found if isinstance(s, Skipped)]


def find_cases(shared: Path) -> list[Case]:
    """The cases under ``shared`` that have gold (see :func:`discover` for the skipped folders too)."""
    return discover(shared)[0]


def select(cases: list[Case], skipped: list[Skipped], only: list[str] | None) -> list[Case]:
    """The cases named in ``only`` (all when it is empty), in suite order; an unknown or skipped name is an error."""
    if not only:
        return cases
    names = {c.name for c in cases}
    why = {s.name: s.reason for s in skipped}
    for name in only:
        if name not in names:
            reason = f"skipped: {why[name]}" if name in why else f"no such case (cases: {', '.join(sorted(names))})"
            raise AccordError(Problem(name, None, None, reason))
    return [c for c in cases if c.name in only]


def check(case: Case) -> list[dict]:
    """The case's gold records, after checking that its files are there; fails before any slow work."""
    from accord.scenario import load_scenario

    if case.scenario is not None:
        if not case.scenario.is_file():
            raise AccordError(Problem(str(case.scenario), None, None,
                                      "missing: a dev case needs the scenario its gold is coded on"))
        load_scenario(case.scenario)  # a broken scenario is reported now, not mid-run
    return read_records(case.gold)


def extract_case(store: Store, scenario_path: Path | None, progress: Callable[[int, int], None] | None = None
                 ) -> dict[str, int]:
    """Extract the stored articles with a case's scenario (the bundled one for the seed); counts by kind."""
    from accord.api import extract_corpus
    from accord.scenario import bundled_path, load_scenario

    scenario = load_scenario(scenario_path if scenario_path is not None else bundled_path())
    return extract_corpus(store, scenario, progress=progress)


def _run_in(case: Case, gold: list[dict], url: str, note: Callable[[str], None]) -> CaseResult:
    from accord.extract.records import load_records
    from accord.news.ingest import ingest
    from accord.news.read import ReadOptions
    from accord.news.store import open_store

    start = time.perf_counter()
    store = open_store(url)
    try:
        summary = ingest([str(case.corpus)], store, ReadOptions(metadata_file=case.meta),
                         progress=lambda done, total: note(f"ingesting {done}/{total}"))
        counts = extract_case(store, case.scenario, lambda done, total: note(f"extracting {done}/{total}"))
        scores = score(gold, load_records(store))
    finally:
        store.engine.dispose()  # close the SQLite file before its folder is removed
    counts = {k: v for k, v in counts.items() if k != "articles"}
    return CaseResult(case, scores, summary.stored, counts, time.perf_counter() - start)


def run_case(case: Case, db_url: str | None = None, note: Callable[[str], None] | None = None) -> CaseResult:
    """Ingest, extract and score one case.

    Without ``db_url`` it runs in a scratch SQLite database in a temporary folder, removed afterwards; with one,
    the database is left for the caller (a test re-scores it). ``note`` hears what is happening, for progress.
    """
    gold, note = check(case), note or (lambda _text: None)
    if db_url is not None:
        return _run_in(case, gold, db_url, note)
    with tempfile.TemporaryDirectory(prefix="accord-suite-") as folder:
        return _run_in(case, gold, f"sqlite:///{Path(folder) / 'case.db'}", note)


def macro_average(results: list[CaseResult]) -> dict[str, Mean]:
    """Per kind, the mean precision, recall and F1 over the cases (each case counts the same)."""
    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    return {k: Mean(mean([r.scores[k].precision for r in results]), mean([r.scores[k].recall for r in results]),
                    mean([r.scores[k].f1 for r in results])) for k in KINDS}


def worst_cases(results: list[CaseResult]) -> dict[str, Worst]:
    """Per kind, the case with the lowest F1: where a change that raises the average may still hurt."""
    out = {}
    for kind in KINDS:
        lowest = min(results, key=lambda r: r.scores[kind].f1)  # min keeps the first of equal cases
        out[kind] = Worst(lowest.case.name, lowest.scores[kind])
    return out


def plan(shared: Path, only: list[str] | None = None) -> tuple[list[Case], list[Skipped]]:
    """The cases to run (those named in ``only``, or all) and the folders skipped, each selected case's gold and
    scenario checked: a bad gold line fails in a second rather than after minutes of extraction."""
    cases, skipped = discover(Path(shared))
    chosen = select(cases, skipped, only)
    for case in chosen:
        check(case)
    return chosen, skipped


def run_suite(shared: Path, only: list[str] | None = None, progress: Progress | None = None) -> SuiteResult:
    """Score every case under ``shared`` (or those named in ``only``): per case, macro average, worst case."""
    chosen, skipped = plan(shared, only)
    tell = progress or (lambda _done, _total, _text: None)
    results = []
    for done, case in enumerate(chosen):
        def note(text: str, done: int = done, name: str = case.name) -> None:
            tell(done, len(chosen), f"{name}: {text}")

        results.append(run_case(case, note=note))
    tell(len(chosen), len(chosen), "done")
    return SuiteResult(Path(shared), results, macro_average(results), worst_cases(results), skipped)
