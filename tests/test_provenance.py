"""Typed records, the Extractor seam, record provenance, and which scenario stances are coded on."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from accord.cli import app
from accord.extract.model import (ActorRecord, ArticleText, Extractor, QuoteRecord, StanceRecord,
                                  record_from_dict)
from accord.extract.pipeline import RuleExtractor, extract
from accord.extract.records import load_records, review
from accord.news.ingest import ingest
from accord.news.store import open_store, records
from accord.scenario import bundled_path, load_scenario

# Invented news: a border dispute between two real states, in words of our own.
NEWS = ("France rejects the border treaty proposed by Germany, the foreign minister said on Monday.\n\n"
        "Germany is ready to reopen talks on the river crossings, a government spokesman said.\n")


def test_records_are_typed_and_read_back_from_what_is_stored():
    stance = StanceRecord(id="s1", doc="001", article=3, evidence="France rejects it.", start=0, end=17,
                          side="FRA", holder="France", polarity="reject", phrase="it")
    stored = stance.to_dict()
    assert list(stored)[:3] == ["id", "kind", "doc"] and stored["issue"] is None
    assert record_from_dict({**stored, "review": "accept", "sources": 2}) == stance
    with pytest.raises(ValueError, match="polarity 'dislike'"):
        dataclasses.replace(stance, polarity="dislike")
    with pytest.raises(ValueError, match="not a span"):
        QuoteRecord(id="q", doc="1", article=1, evidence="x", start=5, end=2, speaker="A", side=None, text="x",
                    direct=True)
    assert isinstance(RuleExtractor(), Extractor)


def _corpus(tmp_path: Path, db_url: str):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(NEWS)
    store = open_store(db_url)
    ingest([str(folder)], store)
    return store


def test_with_no_scenario_stances_keep_the_phrase_they_are_about(runner, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no accord.toml here, and no scenario used before
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    _corpus(tmp_path, db_url)
    result = runner.invoke(app, ["extract", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "no scenario" in result.stderr
    stances = load_records(open_store(db_url), "stance")
    assert {(s["side"], s["polarity"], s["issue"], s["phrase"]) for s in stances} >= {
        ("FRA", "reject", None, "the border treaty proposed by Germany")}
    assert all(s["scenario_id"] is None and s["extractor"] == "rules" and s["extractor_version"] for s in stances)


def test_the_scenario_comes_from_accord_toml_then_from_the_last_extraction(runner, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = _corpus(tmp_path, db_url)
    shutil.copy(bundled_path(), tmp_path / "talks.toml")
    (tmp_path / "accord.toml").write_text('[extract]\nscenario = "talks.toml"\n')
    scenario = load_scenario(tmp_path / "talks.toml")

    first = runner.invoke(app, ["extract", "--db", db_url])
    assert first.exit_code == 0 and "named in accord.toml" in first.stderr
    (tmp_path / "accord.toml").unlink()
    second = runner.invoke(app, ["extract", "--db", db_url, "--json"])
    assert json.loads(second.stdout)["scenario"] == scenario.scenario.id
    with store.engine.connect() as connection:
        coded = connection.execute(select(records.c.scenario_id, records.c.scenario_hash)
                                   .where(records.c.kind == "stance")).all()
    assert coded and set(coded) == {(scenario.scenario.id, scenario.content_hash())}

    unset = runner.invoke(app, ["extract", "--db", db_url, "--no-scenario", "--json"])
    assert json.loads(unset.stdout)["scenario"] is None
    assert all(r["issue"] is None and r["phrase"] for r in load_records(store, "stance"))
    both = runner.invoke(app, ["extract", "--db", db_url, "--no-scenario", "--scenario", "talks.toml"])
    assert both.exit_code == 2 and "not both" in both.output

    (tmp_path / "accord.toml").write_text('[extract]\nscenario = "missing.toml"\n')
    missing = runner.invoke(app, ["extract", "--db", db_url])
    assert missing.exit_code == 2 and "missing.toml" in missing.output and "Traceback" not in missing.output


@dataclasses.dataclass
class FirstSentence:
    """A second extractor: one actor record naming each article's first sentence (enough to test the seam)."""

    version: str = "1"
    name: str = "first-sentence"

    def extract(self, article: ArticleText) -> list[ActorRecord]:
        start, end, sentence = article.sentences[0]
        return [ActorRecord(id=f"{article.doc}-{self.version}", doc=article.doc, article=article.id,
                            evidence=sentence, start=start, end=end, name=sentence.split()[0], side=None,
                            actor_kind="unknown", via="first word")]


def test_re_extracting_with_one_extractor_keeps_the_others_records(db_url, tmp_path):
    store = _corpus(tmp_path, db_url)
    extract(store, extractor=FirstSentence())
    counts = extract(store)
    stance = next(r for r in load_records(store, extractor="rules") if r["kind"] == "stance")
    review(store, stance["id"], "correct", {"polarity": "demand"})

    assert extract(store, extractor=FirstSentence(version="2"), new_only=True)["articles"] == 0
    extract(store, extractor=FirstSentence(version="2"))
    by_extractor = {}
    with store.engine.connect() as connection:
        for name, version, count in connection.execute(text(
                "SELECT extractor, extractor_version, count(*) FROM records GROUP BY extractor, extractor_version")):
            by_extractor[name] = (version, count)
    assert by_extractor["first-sentence"] == ("2", 1)
    assert by_extractor["rules"][1] == sum(counts[k] for k in ("actor", "quote", "event", "stance"))
    extract(store)  # the rules again: the correction survives, the other extractor's record stays
    corrected = [r for r in load_records(store) if r["id"] == stance["id"]]
    assert corrected[0]["polarity"] == "demand" and corrected[0]["review"] == "correct"
    assert [r["extractor"] for r in load_records(store, "actor", extractor="first-sentence")] == ["first-sentence"]


def test_records_stored_before_provenance_read_as_the_rule_extractor(tmp_path):
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(Path(open_store.__code__.co_filename).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(NEWS)
    old = open_store(url)
    ingest([str(tmp_path / "news")], old)
    with old.engine.begin() as connection:  # back to the schema before provenance, article kept
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    payload = json.dumps({"id": "old1", "kind": "quote", "doc": "a", "article": 1, "speaker": "France",
                          "side": "FRA", "text": "no", "direct": True, "evidence": "x", "start": 0, "end": 1})
    with old.engine.begin() as connection:
        connection.execute(text("INSERT INTO records (id, article_id, kind, confidence, source_type, payload, "
                                "extracted_at) VALUES ('old1', 1, 'quote', 0.9, 'wire', :p, '2025-01-01')"),
                           {"p": payload})
    store = open_store(url)
    assert store.info()["schema"] == "0007"
    with store.engine.connect() as connection:
        assert connection.execute(select(records.c.extractor)).scalars().all() == ["rules"]
    extract(store)  # the rule extractor replaces its own old records
    assert "old1" not in {r["id"] for r in load_records(store)}
