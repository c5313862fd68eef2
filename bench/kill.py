"""Benchmark: kill -9 `accord ingest` and `accord extract` at random moments; look for partial state.

For each back end (a SQLite file, and PostgreSQL) and each step, an uninterrupted run is made first: it is
the reference, and its wall time sets the window for the kills. Then, run after run, the same command is
started on a fresh database and killed with SIGKILL after a random delay (seeded; one delay drawn in each
tenth of the window, so kills land at start-up, mid-run and near the end). After each kill:

- partial documents: every stored article (its row and all its sentences) must equal the same article
  (same doc_id) in the reference database, and a page split into several stories is stored whole or not at all;
- partial record sets: every article that has records after a killed `accord extract` must have exactly
  the reference's set of record ids (records are saved per article, in one transaction);
- convergence: the same command run again, without a kill, must give the reference database (articles by
  doc_id, source, part, raw and clean hash, copy links, sentences, record ids), with nothing stored twice.

Ingest reads the real corpus (../shared/corpus/seed and every case of ../shared/corpus/dev) and, for more
kill points while it writes, the 181 real news pages of ../shared/bench/article-extraction/html, in one
command, with one metadata side file written to the temp folder that joins the cases' meta.tsv files (keyed
by full path). Extract starts from a copy of a database holding the corpus alone (ingested once, without a
kill), so that one uninterrupted extract takes 20-30 s. Everything runs in a temp folder;
PostgreSQL scratch databases (accord_kill_*) are created and dropped on the local server
(ACCORD_TEST_PG, default postgresql://postgres@127.0.0.1:5432/postgres).

    .venv/bin/python bench/kill.py [--runs 10] [--backend sqlite|postgresql|both] [--seed 1]

A kill "lands mid-run" when the killed command had written some but not all of its articles (ingest) or
record sets (extract); "early" is before the first write, "late" after the last. Exit 1 if any partial state
or non-convergence is found.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from accord.news.store import database_url

ROOT = Path(__file__).resolve().parents[1]
ACCORD = str(ROOT / ".venv" / "bin" / "accord")
CORPUS = ROOT.parent / "shared" / "corpus"
PAGES = ROOT.parent / "shared" / "bench" / "article-extraction" / "html"  # 181 real pages: more kill points
PG_ADMIN = os.environ.get("ACCORD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
SHOWN = 3  # problems printed per run


# --- back ends: a fresh database, a copy of one, dropping them -----------------------------------------

class SqliteFiles:
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def fresh(self, label: str) -> str:
        return str(self.folder / f"{label}.db")

    def copy(self, source: str, label: str) -> str:
        target = self.fresh(label)
        with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
            old.backup(new)
        return target

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(url + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        pass


class Postgres:
    name = "postgresql"

    def __init__(self, admin: str) -> None:
        self.admin, self.base = admin, admin.rsplit("/", 1)[0]
        self.tag = uuid.uuid4().hex[:8]
        self.created: list[str] = []

    def _run(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql)

    def fresh(self, label: str, template: str | None = None) -> str:
        name = f"accord_kill_{self.tag}_{label}"
        self._run(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return f"{self.base}/{name}"

    def copy(self, source: str, label: str) -> str:
        return self.fresh(label, template=source.rsplit("/", 1)[1])

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        for name in list(self.created):
            self.drop(f"{self.base}/{name}")


# --- what a database holds -----------------------------------------------------------------------------

@dataclass
class Snapshot:
    articles: dict[str, tuple] = field(default_factory=dict)   # doc_id -> (source, part, section, raw/clean hash)
    links: dict[str, tuple] = field(default_factory=dict)      # doc_id -> (doc_id it copies, kind)
    pages: dict[str, tuple] = field(default_factory=dict)      # doc_id -> (source, raw_hash): the page it came from
    sentences: dict[str, tuple] = field(default_factory=dict)  # doc_id -> ((position, start, end, text), ...)
    records: dict[str, frozenset] = field(default_factory=dict)  # doc_id -> record ids
    rows: dict[str, int] = field(default_factory=dict)         # table -> row count
    running: int = 0                                           # ingest runs never marked finished


def snapshot(url: str) -> Snapshot:
    """The database as the killed (or finished) process left it, read without migrating it."""
    engine = create_engine(database_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return _read(connection, set(inspect(connection).get_table_names()))
    finally:
        engine.dispose()


def _read(connection, tables: set[str]) -> Snapshot:
    snap = Snapshot()
    if "articles" not in tables:
        return snap
    doc_of = {}
    for row in connection.execute(text(
            "SELECT a.id, a.doc_id, a.source, a.part, a.section, a.raw_hash, a.clean_hash, d.doc_id AS original, "
            "a.duplicate_kind FROM articles a LEFT JOIN articles d ON d.id = a.duplicate_of")):
        doc_of[row.id] = row.doc_id
        snap.articles[row.doc_id] = (row.source, row.part, row.section, row.raw_hash, row.clean_hash)
        snap.links[row.doc_id] = (row.original, row.duplicate_kind)
        snap.pages[row.doc_id] = (row.source, row.raw_hash)
    found = defaultdict(list)
    if "sentences" in tables:
        for row in connection.execute(text('SELECT article_id, position, "start", "end", text FROM sentences')):
            found[doc_of[row.article_id]].append((row.position, row.start, row.end, row.text))
    snap.sentences = {doc: tuple(sorted(rows)) for doc, rows in found.items()}
    if "records" in tables:
        ids = defaultdict(set)
        for row in connection.execute(text("SELECT article_id, id FROM records")):
            ids[doc_of[row.article_id]].add(row.id)
        snap.records = {doc: frozenset(values) for doc, values in ids.items()}
    for table in ("articles", "sentences", "records"):
        if table in tables:
            snap.rows[table] = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    if "ingest_runs" in tables:
        unfinished = "SELECT count(*) FROM ingest_runs WHERE status = 'running'"
        snap.running = connection.execute(text(unfinished)).scalar_one()
    return snap


# --- the checks ----------------------------------------------------------------------------------------

def partial_documents(snap: Snapshot, ref: Snapshot) -> list[str]:
    """Stored articles that differ from the reference's (row or sentences), and pages stored in part."""
    problems = []
    for doc, row in snap.articles.items():
        if ref.articles.get(doc) != row:
            problems.append(f"article {doc}: {'not in the reference' if doc not in ref.articles else 'row differs'}")
        elif snap.sentences.get(doc, ()) != ref.sentences.get(doc, ()):
            problems.append(f"article {doc}: {len(snap.sentences.get(doc, ()))} sentence rows, "
                            f"reference {len(ref.sentences.get(doc, ()))}")
    stories = defaultdict(set)
    for doc, page in ref.pages.items():
        stories[page].add(doc)
    for page, docs in stories.items():
        stored = docs & snap.articles.keys()
        if stored and stored != docs:
            problems.append(f"page {Path(page[0]).name}: {len(stored)} of its {len(docs)} stories stored")
    return problems


def partial_record_sets(snap: Snapshot, ref: Snapshot) -> list[str]:
    """Articles whose records are not exactly the reference's set of record ids."""
    return [f"article {doc}: {len(ids)} records, reference {len(ref.records.get(doc, ()))}"
            + ("" if ids <= ref.records.get(doc, frozenset()) else " (some not in the reference)")
            for doc, ids in snap.records.items() if ids != ref.records.get(doc, frozenset())]


def differences(final: Snapshot, ref: Snapshot) -> list[str]:
    """How a database differs from the reference (empty when it equals it and nothing is stored twice)."""
    problems = []
    for what in ("articles", "links", "sentences", "records"):
        mine, theirs = getattr(final, what), getattr(ref, what)
        missing, extra = theirs.keys() - mine.keys(), mine.keys() - theirs.keys()
        changed = [doc for doc in mine.keys() & theirs.keys() if mine[doc] != theirs[doc]]
        for label, docs in (("missing", missing), ("not in the reference", extra), ("differ", changed)):
            if docs:
                problems.append(f"{what} {label}: {len(docs)} ({', '.join(sorted(docs)[:3])})")
    for table, count in ref.rows.items():
        if final.rows.get(table, 0) != count:
            problems.append(f"{table}: {final.rows.get(table, 0)} rows, reference {count}")
    return problems


# --- running the CLI -----------------------------------------------------------------------------------

def combined_side_file(folder: Path) -> Path:
    """One metadata file for the seed and every dev case, keyed by each text's full path."""
    path = folder / "meta.tsv"
    columns = ["file", "url", "outlet", "published", "title"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns, dialect="excel-tab", extrasaction="ignore")
        writer.writeheader()
        for side in [CORPUS / "seed" / "index.tsv", *sorted(CORPUS.glob("dev/*/meta.tsv"))]:
            with side.open(encoding="utf-8-sig", newline="") as rows:
                for row in csv.DictReader(rows, dialect="excel-tab"):
                    writer.writerow({**row, "file": str((side.parent / row["file"]).resolve())})
    return path


def commands(meta: Path) -> dict[str, callable]:
    """The CLI commands, given a database URL: ingest (corpus + HTML pages), the extract base, extract."""
    corpus = [str(CORPUS / "seed"), *map(str, sorted(p for p in (CORPUS / "dev").iterdir() if p.is_dir()))]
    return {"ingest": lambda url: [ACCORD, "ingest", *corpus, str(PAGES), "--meta", str(meta), "--db", url, "--json"],
            "ingest corpus": lambda url: [ACCORD, "ingest", *corpus, "--meta", str(meta), "--db", url, "--json"],
            "extract": lambda url: [ACCORD, "extract", "--db", url, "--json"]}


def run(command: list[str], folder: Path, kill_after: float | None = None) -> tuple[float, int | None, str]:
    """Run a command, killing it with SIGKILL after ``kill_after`` s; (seconds, exit code or None if killed, stderr)."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder)}
    env.pop("ACCORD_DB", None)
    with tempfile.TemporaryFile(dir=folder) as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=errors,
                                   start_new_session=True)
        try:
            code = process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            code = None
        seconds = time.perf_counter() - start
        errors.seek(0)
        return seconds, code, errors.read().decode("utf-8", "replace").strip()


def last_line(message: str) -> str:
    return message.splitlines()[-1] if message else "no message"


# --- one step on one back end --------------------------------------------------------------------------

@dataclass
class Outcome:
    """One killed run: where the kill landed, what was found then, and how the rerun compares."""

    exited: bool         # the command had already finished when the kill came
    stage: str           # early, mid or late
    done: int            # articles (ingest) or record sets (extract) written when it was killed
    documents: list[str]
    record_sets: list[str]
    diffs: list[str]     # how the database after the rerun differs from the reference
    running: int         # ingest runs still marked 'running' after the rerun


def kill_and_rerun(step: str, command, folder: Path, url: str, delay: float, ref: Snapshot) -> Outcome:
    _, code, _ = run(command(url), folder, kill_after=delay)
    killed = snapshot(url)
    _, rerun_code, message = run(command(url), folder)
    final = snapshot(url)
    diffs = differences(final, ref) if rerun_code == 0 else [f"rerun exited {rerun_code}: {last_line(message)}"]
    return Outcome(code is not None, stage(killed, ref, step), written(killed, step),
                   partial_documents(killed, ref), partial_record_sets(killed, ref), diffs, final.running)


def written(snap: Snapshot, step: str) -> int:
    return len(snap.articles) if step == "ingest" else len(snap.records)


def stage(snap: Snapshot, ref: Snapshot, step: str) -> str:
    """Where the kill landed: before the first write, between writes, or after the last."""
    done, total = written(snap, step), written(ref, step)
    return "early" if done == 0 else "late" if done >= total else "mid"


def show(backend, step: str, label: str, delay: float, outcome: Outcome, ref: Snapshot) -> None:
    what = "articles" if step == "ingest" else "record sets"
    when = "exited before the kill" if outcome.exited else f"killed at {delay:5.2f} s"
    problems = outcome.documents + outcome.record_sets + outcome.diffs
    print(f"  {backend.name:10} {step:7} {label} {when:22} {outcome.stage:5} ({outcome.done:3}/{written(ref, step)} "
          f"{what})  rerun {'DIFFERS' if outcome.diffs else 'converged'}  {'PROBLEM' if problems else 'ok'}",
          flush=True)
    for problem in problems[:SHOWN]:
        print(f"      {problem}", flush=True)


@dataclass
class Tally:
    runs: int = 0
    stages: dict[str, int] = field(default_factory=lambda: {"early": 0, "mid": 0, "late": 0})
    exited: int = 0
    partial_documents: int = 0
    partial_records: int = 0
    converged: int = 0
    running: int = 0

    def add(self, outcome: Outcome) -> None:
        self.runs += 1
        self.stages[outcome.stage] += 1
        self.exited += outcome.exited
        self.partial_documents += len(outcome.documents)
        self.partial_records += len(outcome.record_sets)
        self.converged += not outcome.diffs
        self.running += outcome.running


def delays(rng: random.Random, runs: int, window: float) -> list[float]:
    """One delay in each of ``runs`` equal slices of the window."""
    return [(k + rng.random()) * window / runs for k in range(runs)]


def reference(backend, command, folder: Path, label: str, start_from: str | None = None) -> tuple[str, float]:
    """An uninterrupted run into a fresh database (or a copy of ``start_from``): its URL and wall time."""
    url = backend.copy(start_from, label) if start_from else backend.fresh(label)
    seconds, code, message = run(command(url), folder)
    if code != 0:
        raise SystemExit(f"{backend.name}: the uninterrupted run {label} failed: {last_line(message)}")
    return url, seconds


def bench_backend(backend, runs: int, seed: int, folder: Path, meta: Path) -> dict[str, Tally]:
    command = commands(meta)
    ingested, window_ingest = reference(backend, command["ingest"], folder, "ref_ingest")
    base, _ = reference(backend, command["ingest corpus"], folder, "base")  # what extract starts from
    extracted, window_extract = reference(backend, command["extract"], folder, "ref_extract", start_from=base)
    refs = {"ingest": snapshot(ingested), "extract": snapshot(extracted)}
    windows = {"ingest": window_ingest, "extract": window_extract}
    print(f"{backend.name}: reference ingest {window_ingest:.1f} s ({len(refs['ingest'].articles)} articles, "
          f"{refs['ingest'].rows['sentences']} sentences); reference extract {window_extract:.1f} s "
          f"({refs['extract'].rows['records']} records in {len(refs['extract'].records)} of "
          f"{len(refs['extract'].articles)} articles)", flush=True)
    tallies = {}
    for step in ("ingest", "extract"):
        rng = random.Random(f"{seed}-{backend.name}-{step}")
        tallies[step] = Tally()
        for k, delay in enumerate(delays(rng, runs, windows[step]), start=1):
            url = backend.fresh(f"run{k:02}") if step == "ingest" else backend.copy(base, f"run{k:02}")
            try:
                outcome = kill_and_rerun(step, command[step], folder, url, delay, refs[step])
            finally:
                backend.drop(url)
            show(backend, step, f"run{k:02}", delay, outcome, refs[step])
            tallies[step].add(outcome)
    for url in (ingested, base, extracted):
        backend.drop(url)
    return tallies


# --- report --------------------------------------------------------------------------------------------

def table(name: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{name}")
    print(f"  {'step':8} {'runs':>4} {'early':>5} {'mid-run':>7} {'late':>4} {'partial docs':>12} "
          f"{'partial record sets':>19} {'reruns converged':>16}")
    for step, t in tallies.items():
        print(f"  {step:8} {t.runs:4} {t.stages['early']:5} {t.stages['mid']:7} {t.stages['late']:4} "
              f"{t.partial_documents:12} {t.partial_records if step == 'extract' else '-':>19} "
              f"{t.converged:>9} of {t.runs:<3}")
    notes = [f"{step}: {t.exited} command(s) had exited before the kill" for step, t in tallies.items() if t.exited]
    running = tallies["ingest"].running
    if running:
        notes.append(f"ingest: after the reruns, {running} killed ingest run(s) are still marked 'running' "
                     "in ingest_runs (no data, but accord never closes them)")
    for line in notes:
        print(f"  note: {line}")


def failed(tallies: dict[str, Tally]) -> bool:
    return any(t.partial_documents or t.partial_records or t.converged < t.runs for t in tallies.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    names = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    start, results = time.perf_counter(), {}
    with tempfile.TemporaryDirectory(prefix="accord-kill-") as base:
        folder = Path(base)
        meta = combined_side_file(folder)
        for name in names:
            backend = SqliteFiles(folder) if name == "sqlite" else Postgres(PG_ADMIN)
            try:
                results[name] = bench_backend(backend, args.runs, args.seed, folder, meta)
            finally:
                backend.close()
    for name, tallies in results.items():
        table(name, tallies)
    bad = any(failed(t) for t in results.values())
    print(f"\n{'FAIL: partial state or a rerun that did not converge' if bad else 'PASS'} "
          f"(seed {args.seed}, {time.perf_counter() - start:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
