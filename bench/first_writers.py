"""Parallel first writers: several `accord ingest` processes open a database that does not exist yet.

Each round makes a new database (a SQLite file, or an empty PostgreSQL database), starts WRITERS ingest
processes that wait for one signal file, releases them together, and checks that every process exits 0,
the schema is at the newest migration and every story is stored once. Before migrations ran under a lock,
about half the rounds failed ("table ingest_runs already exists", UniqueViolation).

    .venv/bin/python bench/first_writers.py                 # 10 rounds on each back end
    .venv/bin/python bench/first_writers.py --rounds 20 --backend sqlite
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PG_ADMIN = os.environ.get("ACCORD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
WRITERS = 4
WAIT_THEN_INGEST = ("import sys, time, pathlib\n"
                    "while not pathlib.Path(sys.argv[1]).exists(): time.sleep(0.005)\n"
                    "from accord.cli import app\n"
                    "sys.argv = ['accord', 'ingest', sys.argv[2], '--db', sys.argv[3], '--json']\n"
                    "app()\n")


def inputs(folder: Path) -> list[Path]:
    folders = []
    for n in range(WRITERS):
        path = folder / f"in{n}"
        path.mkdir()
        (path / f"story{n}.txt").write_text(f"Delegation {n} met officials in city {n} on Monday. " * 5)
        folders.append(path)
    return folders


def new_database(backend: str, folder: Path) -> tuple[str, callable]:
    if backend == "sqlite":
        return str(folder / "new.db"), lambda: None
    import psycopg

    name = f"accord_first_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}", drop


def one_round(backend: str) -> tuple[bool, str]:
    from accord.news.store import open_store

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        url, drop = new_database(backend, folder)
        try:
            go = folder / "go"
            processes = [subprocess.Popen([sys.executable, "-c", WAIT_THEN_INGEST, str(go), str(path), url],
                                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
                         for path in inputs(folder)]
            time.sleep(3)  # all of them imported and waiting
            go.touch()
            outputs = [p.communicate(timeout=300) for p in processes]
            failed = [err.strip().splitlines()[-1] for p, (_, err) in zip(processes, outputs) if p.returncode != 0]
            info = open_store(url).info()
            open_store(url).engine.dispose()
            ok = not failed and info["articles"] == WRITERS and info["schema"] == "0004"
            return ok, failed[0] if failed else f"{info['articles']} articles, schema {info['schema']}"
        finally:
            drop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    failures = 0
    for backend in backends:
        good = 0
        for number in range(1, args.rounds + 1):
            ok, detail = one_round(backend)
            good += ok
            print(f"{backend:<10} round {number:>2}: {'ok' if ok else 'FAILED'}  {detail}", flush=True)
        print(f"{backend}: {good} of {args.rounds} rounds with {WRITERS} first writers all succeeded\n")
        failures += args.rounds - good
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
