"""Benchmark: spun (machine-paraphrased) copies, with and without sentence embeddings.

Article spinners rewrite a story word by word from a thesaurus ("meet" becomes "satisfy", "summit"
becomes "top", "has said" becomes "has actually stated"), which defeats word shingles. This benchmark
spins each of the 181 gold bodies of the ScrapingHub benchmark with such a spinner (a thesaurus of common
English words, each replaced with probability 0.8, plus the spinners' inserted "actually"), ingests the
originals and the spun copies in a shuffled order, and counts:

- spun copies linked to their original (recall), and links that join two different stories;
- links between distinct originals (must be none);
- on the seed corpus, links between its different stories (the same events told by different outlets
  must stay apart; 001's related story that repeats the main one is the one true link).

Run it with the embedding extra installed to compare both modes (``setup.sh --test`` installs it):

    .venv/bin/python bench/spun.py [--seed 1]
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

from duplicates import gold_bodies, paragraphs  # noqa: E402

from accord.news import embeddings  # noqa: E402
from accord.news.ingest import ingest  # noqa: E402
from accord.news.store import articles, open_store  # noqa: E402

SEED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed"

# word -> replacements a spinner might pick (a plain, general-English thesaurus)
THESAURUS = {
    "said": ["stated", "specified", "mentioned"], "says": ["states", "specifies"], "told": ["informed", "notified"],
    "meet": ["satisfy", "fulfill"], "meeting": ["conference", "conference"], "summit": ["top", "peak"],
    "talks": ["discussions", "negotiations"], "leader": ["leader", "chief"], "leaders": ["chiefs", "heads"],
    "country": ["nation", "nation"], "countries": ["nations"], "government": ["federal government", "administration"],
    "official": ["authorities", "main"], "officials": ["authorities"], "recent": ["current", "latest"],
    "recently": ["just recently", "lately"], "issue": ["concern", "problem"], "problem": ["issue", "trouble"],
    "important": ["crucial", "essential"], "big": ["huge", "large"], "large": ["big", "sizable"],
    "small": ["little", "tiny"], "new": ["brand-new", "fresh"], "old": ["aged", "previous"],
    "many": ["numerous", "lots of"], "help": ["assist", "aid"], "show": ["reveal", "demonstrate"],
    "start": ["begin", "commence"], "started": ["began", "commenced"], "end": ["finish", "conclude"],
    "buy": ["purchase", "acquire"], "make": ["create", "produce"], "use": ["utilize", "employ"],
    "used": ["utilized", "employed"], "about": ["about", "regarding"], "very": ["extremely", "really"],
    "people": ["individuals", "people"], "company": ["business", "firm"], "companies": ["businesses", "firms"],
    "market": ["marketplace", "market"], "price": ["cost", "rate"], "prices": ["costs", "rates"],
    "increase": ["boost", "rise"], "decrease": ["decline", "reduction"], "growth": ["development", "expansion"],
    "report": ["record", "report"], "reported": ["reported", "stated"], "year": ["year", "12 months"],
    "week": ["week", "seven days"], "month": ["month"], "however": ["nevertheless", "nonetheless"],
    "but": ["however", "but"], "also": ["likewise", "also"], "because": ["since", "due to the fact that"],
    "before": ["prior to", "previously"], "after": ["following", "after"], "during": ["throughout", "during"],
    "while": ["while", "whilst"], "despite": ["regardless of", "in spite of"], "around": ["around", "approximately"],
    "about.": ["about."], "want": ["desire", "wish"], "wants": ["desires", "wishes"], "need": ["require", "need to"],
    "needs": ["requires"], "think": ["believe", "believe"], "believe": ["think", "think"], "know": ["understand"],
    "see": ["see", "view"], "look": ["appear", "search"], "find": ["discover", "find"], "found": ["discovered"],
    "give": ["provide", "offer"], "gave": ["provided", "offered"], "take": ["take", "consider"],
    "took": ["took", "considered"], "keep": ["maintain", "keep"], "try": ["attempt", "shot"],
    "tried": ["attempted"], "ask": ["ask", "request"], "asked": ["asked", "requested"], "call": ["call", "phone"],
    "called": ["called", "phoned"], "work": ["work", "operate"], "worked": ["worked", "operated"],
    "plan": ["strategy", "plan"], "plans": ["strategies", "plans"], "agreement": ["contract", "arrangement"],
    "deal": ["offer", "handle"], "war": ["war", "conflict"], "peace": ["peace", "tranquility"],
    "support": ["assistance", "support"], "pressure": ["pressure", "stress"], "warned": ["cautioned", "alerted"],
    "threat": ["danger", "risk"], "risk": ["danger", "threat"], "possible": ["possible", "feasible"],
    "likely": ["most likely", "likely"], "major": ["significant", "major"], "main": ["primary", "main"],
    "several": ["a number of", "several"], "some": ["some", "a few"], "first": ["very first", "first"],
    "last": ["last", "final"], "next": ["next", "following"], "early": ["early", "premature"],
    "later": ["later on", "later"], "often": ["frequently", "typically"], "still": ["still", "yet"],
    "now": ["now", "currently"], "just": ["simply", "simply"], "only": ["just", "only"], "even": ["even", "even"],
    "already": ["currently", "already"], "area": ["location", "region"], "city": ["city", "town"],
    "home": ["house", "residence"], "house": ["home", "residence"], "job": ["task", "job"], "jobs": ["tasks"],
    "money": ["cash", "funds"], "change": ["modification", "change"], "changes": ["modifications"],
    "result": ["outcome", "result"], "results": ["outcomes"], "effort": ["effort", "attempt"],
    "answer": ["response", "reply"], "question": ["concern", "question"], "idea": ["concept", "idea"],
    "way": ["way", "method"], "part": ["part", "component"], "place": ["location", "place"],
    "point": ["point", "moment"], "case": ["case", "situation"], "fact": ["truth", "fact"],
    "group": ["group", "team"], "team": ["group", "team"], "member": ["member", "participant"],
    "members": ["members", "participants"], "power": ["power", "strength"], "rule": ["guideline", "rule"],
    "law": ["law", "legislation"], "state": ["state", "specify"], "public": ["public", "general public"],
    "difficult": ["hard", "challenging"], "easy": ["simple", "easy"], "good": ["excellent", "great"],
    "bad": ["bad", "poor"], "high": ["high", "elevated"], "low": ["low", "minimal"], "strong": ["strong", "robust"],
}


def spin(text: str, rng: random.Random, rate: float = 0.8) -> str:
    """A thesaurus spin of ``text``: words swapped for listed synonyms, and 'has/have/had' padded."""
    def swap(match: re.Match) -> str:
        word = match.group()
        options = THESAURUS.get(word.lower())
        if not options or rng.random() > rate:
            return word
        new = rng.choice(options)
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    spun = re.sub(r"[A-Za-z]+", swap, text)
    return re.sub(r"\b(has|have|had) (\w+ed)\b", lambda m: f"{m.group(1)} actually {m.group(2)}"
                  if rng.random() < rate else m.group(), spun)


def links(store) -> dict[str, str | None]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(articles.c.id, articles.c.doc_id, articles.c.duplicate_of)).all()
    by_id = {r.id: r.doc_id for r in rows}
    return {r.doc_id: by_id.get(r.duplicate_of) for r in rows}


def run(folder: Path, encoder, family: dict[str, str]) -> dict:
    store = open_store(folder / f"spun-{encoder is not None}.db")
    ingest([str(folder / "in")], store, encoder=encoder)
    found = links(store)
    spun = [name for name in found if name.endswith("_spun")]
    right = sum(1 for name in spun if found[name] and family[found[name]] == family[name])
    wrong = sum(1 for name, target in found.items() if target and family[target] != family[name])
    originals = sum(1 for name, target in found.items() if target and name.endswith("_0") and target.endswith("_0"))
    seed_store = open_store(folder / f"seed-{encoder is not None}.db")
    ingest([str(SEED_CORPUS)], seed_store, encoder=encoder)
    seed_links = {name: target for name, target in links(seed_store).items() if target}
    return {"recall": right / len(spun), "wrong": wrong, "originals_linked": originals, "seed_links": seed_links}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    family: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as base:
        folder = Path(base)
        (folder / "in").mkdir()
        files = []
        for ident, body in gold_bodies():
            text = "\n".join(paragraphs(body))
            for name, version in ((f"{ident[:16]}_0", text), (f"{ident[:16]}_spun", spin(text, rng))):
                family[name] = ident
                files.append((name, version))
        rng.shuffle(files)
        for name, text in files:
            (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
        modes = [("fingerprints + TF-IDF", None)]
        if embeddings.available():
            modes.append(("with embeddings", embeddings.Encoder.load()))
        else:
            print(f"(embeddings not installed: {embeddings.INSTALL_HINT})")
        for label, encoder in modes:
            result = run(folder, encoder, family)
            print(f"{label:22s} spun copies linked {result['recall']:.3f}  wrong links {result['wrong']}  "
                  f"originals linked {result['originals_linked']}  seed corpus links {result['seed_links']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
