"""Benchmark: which real news stories ingestion links as copies of one another, per development case.

Each case folder under ``shared/corpus/dev/`` (with its ``meta.tsv`` side file, as ``accord.suite`` ingests
it) and the seed corpus (``shared/corpus/seed/``, which finds its own ``index.tsv``) is ingested into a
fresh SQLite store, and every copy link is printed: the copy, the story it copies, the kind and the
similarity. The known real pairs must stay linked; every other link is to be judged by reading the two
texts (the case READMEs say which pairs are copies). The run fails when a known pair is not linked.

With ``--synthetic``, each case is ingested a second time together with four made-up copies of every one
of its texts, one of each kind that real copies take (made here, in a scratch folder, never kept):

- **cut**: the opening 35-60% of the text under a new headline, with an aggregator's "read more" line;
- **lead**: a new lead paragraph before the text, the whole cut back to the original's length (the
  excerpts are the first 2,000 characters of a page);
- **spun**: the text through the thesaurus spinner of ``bench/spun.py``, with a photo caption put in;
- **rewrite**: the words outside quotation marks spun, neighbouring sentences swapped, the quotations kept.

It counts the copies linked to their own text (or to a text known to be a copy of it) and those linked to
another text; links among the real texts are listed as above.

    .venv/bin/python bench/copies.py [--shared ../shared] [--synthetic] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spun import spin  # noqa: E402

from accord.news.ingest import ingest  # noqa: E402
from accord.news.read import ReadOptions  # noqa: E402
from accord.news.store import articles, open_store  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
META = "meta.tsv"
# (case, copy, original): real copies named as such in the cases' READMEs, which must stay linked
KNOWN = {("armenia-azerbaijan-2025", "001", "002"), ("drc-rwanda-2025", "004", "005"), ("seed", "001", "001.4")}
KINDS = ("cut", "lead", "spun", "rewrite")
# Our own generic words for the parts a copying site adds (no actor, place or outlet of any case)
HEADLINE = "What we know so far about the latest round"
READ_MORE = "Read the full story at the original source."
LEAD = ("Officials on several sides reacted within hours to the news, which had been expected for weeks, "
        "and diplomats said more meetings would follow before the end of the month.")
CAPTION = "Delegates arrive for a meeting. (Photo: Pool via Agency)"
TOPICS = ("markets", "weather", "league", "festival", "budget", "storm", "court", "schools", "health", "energy",
          "prices", "transport", "film", "music", "science", "housing", "farming", "tourism", "rail", "exports")
MOODS = ("rise", "fall", "return", "stall", "surge", "slow", "recover", "split", "shine", "struggle")


def cases(shared: Path) -> list[Path]:
    """The seed corpus, then every development case, by name."""
    dev = shared / "corpus" / "dev"
    return [shared / "corpus" / "seed"] + sorted(p for p in dev.iterdir() if p.is_dir())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\u201d])\s+", text.strip()) if s]


def furniture(rng: random.Random, lines: int) -> list[str]:
    """A page's other stories, in sentences that survive cleaning: random words, so no two pages share them."""
    words = TOPICS + MOODS + ("the", "of", "and", "local", "season", "reports", "said", "this", "week", "may")
    return [" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(lines)]


def _turn(passage: str, rng: random.Random) -> str:
    """Each sentence of a passage with its two halves swapped, as a rewriter reorders clauses."""
    turned = []
    for sentence in sentences(passage):
        words = sentence.split()
        cut = rng.randrange(2, len(words) - 1) if len(words) > 6 else 0
        turned.append(" ".join(words[cut:] + words[:cut]))
    return " ".join(turned) + (" " if passage.endswith(" ") else "")


def variant(text: str, kind: str, rng: random.Random) -> str:
    """A made-up copy of ``text`` of one kind (see the module docstring), cut to the length of an excerpt."""
    parts, size = sentences(text), max(len(text), 2000)
    if kind == "cut":
        kept = parts[:max(2, int(len(parts) * rng.uniform(0.25, 0.45)))]
        return "\n".join([HEADLINE, *furniture(rng, 6), *kept, READ_MORE, *furniture(rng, 4)])[:size]
    if kind == "lead":
        return "\n".join([HEADLINE, *furniture(rng, 3), LEAD, text])[:size]
    if kind == "spun":
        middle = max(1, len(parts) // 3)
        body = " ".join(parts[1:middle]) + "\n" + CAPTION + "\n" + " ".join(parts[middle:])
        return "\n".join([*furniture(rng, 3), spin(body, rng)])[:size]
    parts = [p for k, p in enumerate(parts) if k % 3 != 2 or "\u201c" in p or '"' in p]  # rewrite: drop, swap, spin
    for k in range(0, len(parts) - 1, 4):
        parts[k], parts[k + 1] = parts[k + 1], parts[k]
    pieces = re.split(r"([\"\u201c\u201d][^\"\u201c\u201d]*[\"\u201c\u201d])", " ".join(parts))
    body = "".join(p if k % 2 else _turn(spin(p, rng, 0.95), rng) for k, p in enumerate(pieces))
    return "\n".join([HEADLINE, *furniture(rng, 4), body])[:size]


def with_variants(folder: Path, scratch: Path, kind: str, rng: random.Random) -> Path:
    """A copy of a case folder (its side file too) with a made-up copy of one kind of every text added."""
    out = scratch / f"{folder.name}-{kind}"
    out.mkdir()
    for path in sorted(folder.iterdir()):
        if path.suffix == ".tsv":
            (out / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        if path.suffix != ".txt":
            continue
        text = path.read_text(encoding="utf-8")
        (out / path.name).write_text(text, encoding="utf-8")
        (out / f"{path.stem}-{kind}.txt").write_text(variant(text, kind, rng), encoding="utf-8")
    return out


def links(folder: Path, scratch: Path) -> list[tuple[str, str, str, float]]:
    """(copy, original, kind, similarity) for every link ingestion makes in ``folder``."""
    meta = folder / META
    store = open_store(f"sqlite:///{scratch / (folder.name + '.db')}")
    try:
        ingest([str(folder)], store, ReadOptions(metadata_file=meta if meta.is_file() else None))
        with store.engine.connect() as connection:
            rows = connection.execute(select(articles.c.id, articles.c.doc_id, articles.c.duplicate_of,
                                             articles.c.duplicate_kind, articles.c.similarity)).all()
    finally:
        store.engine.dispose()
    name = {r.id: r.doc_id for r in rows}
    return [(r.doc_id, name[r.duplicate_of], r.duplicate_kind, r.similarity) for r in rows if r.duplicate_of]


def short(doc_id: str) -> str:
    """'001' for '001', '001.4' for the seed's '001_985759dc51aa0af6.4' (a file's fourth story), '001-cut'
    for '001_985759dc51aa0af6-cut' (a made-up copy)."""
    stem, _, part = doc_id.partition(".")
    head, _, rest = stem.partition("_")
    kind = rest.rpartition("-")[2] if "-" in rest else ""
    return head + (f"-{kind}" if kind else "") + (f".{part}" if part else "")


def parse(name: str) -> tuple[str, str | None]:
    """('001.4', 'cut') for the made-up copy '001-cut.4'; ('001.4', None) for a real text."""
    stem, _, part = name.partition(".")
    base, _, kind = stem.partition("-")
    return base + (f".{part}" if part else ""), kind or None


def family(case: str, name: str) -> str:
    """The text a real or made-up copy stands for: known pairs are one family, a made-up copy is its text's."""
    base = parse(name)[0]
    for known_case, first, second in KNOWN:
        if known_case == case and base in (first, second):
            return first
    return base


def groups(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each linked name's group (the links' connected components): a copy of a copy is the same story."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for a, b in pairs:
        parent[root(a)] = root(b)
    return {name: root(name) for name in parent}


def synthetic(folder: Path, scratch: Path, rng: random.Random) -> tuple[dict, list]:
    """Per kind, [made-up copies grouped with their own text, made-up copies]; and the links between families."""
    right = {kind: [0, 0] for kind in KINDS}
    wrong = []
    for kind in KINDS:
        pairs = [(short(a), short(b)) for a, b, _, _ in links(with_variants(folder, scratch, kind, rng), scratch)]
        group = groups(pairs)
        for name in _all_names(folder, kind):
            right[kind][1] += 1
            right[kind][0] += name in group and group[name] == group.get(parse(name)[0])
        wrong += [(a, b) for a, b in pairs if family(folder.name, a) != family(folder.name, b)]
    return right, sorted(set(wrong))


def _all_names(folder: Path, kind: str) -> list[str]:
    return [f"{short(p.stem)}-{kind}" for p in sorted(folder.glob("*.txt")) if p.name != "README.txt"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--synthetic", action="store_true", help="also link made-up copies of every text")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    totals = {kind: [0, 0] for kind in KINDS}
    if not (args.shared / "corpus" / "dev").is_dir():
        print(f"error: no corpus/dev folder under {args.shared}", file=sys.stderr)
        return 2
    linked: set[tuple[str, str, str]] = set()
    with tempfile.TemporaryDirectory() as scratch:
        for folder in cases(args.shared):
            found = links(folder, Path(scratch))
            shown = ", ".join(f"{short(a)} -> {short(b)} ({kind} {similarity:.2f})"
                              for a, b, kind, similarity in found) or "none"
            print(f"{folder.name:26s} {len(found)} links: {shown}")
            linked |= {(folder.name, *sorted((short(a), short(b)))) for a, b, _, _ in found}
            if args.synthetic:
                right, wrong = synthetic(folder, Path(scratch), rng)
                for kind in KINDS:
                    totals[kind] = [totals[kind][0] + right[kind][0], totals[kind][1] + right[kind][1]]
                print(f"{'':26s} made-up copies linked: " + ", ".join(f"{k} {r}/{n}" for k, (r, n) in right.items())
                      + f"; wrong links: {wrong or 'none'}")
    if args.synthetic:
        print("made-up copies linked, all cases: " + ", ".join(f"{k} {r}/{n}" for k, (r, n) in totals.items()))
    missing = sorted(KNOWN - linked)
    print(f"known pairs linked: {len(KNOWN) - len(missing)}/{len(KNOWN)}"
          + (f"  missing: {missing}" if missing else ""))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
