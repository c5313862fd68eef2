"""Extraction: gazetteer, mentions, quotes, events, stances, records, corrections, timeline and scoring.

The sentences here are written for these tests; none comes from the seed articles.
"""

from __future__ import annotations

import datetime as dt
import json

import pycountry
import pytest

from accord.cli import app
from accord.extract.evaluate import read_records, score
from accord.extract.events import find_events
from accord.extract.gazetteer import fold
from accord.extract.mentions import MentionFinder
from accord.extract.pipeline import ArticleText, extract_article
from accord.extract.quotes import find_quotes
from accord.extract.sources import source_type
from accord.extract.issues import IssueIndex
from accord.extract.stances import find_stances
from accord.errors import AccordError
from accord.scenario import bundled_path, load_scenario

from tests.conftest import shared

DAY = dt.date(2025, 8, 20)  # a Wednesday




def parse(nlp, gazetteer, *texts, when=DAY):
    finder = MentionFinder(gazetteer, when)
    out = []
    for doc in nlp.pipe(texts):
        out.append((doc, finder.find(doc)))
    return out


# -- gazetteer ---------------------------------------------------------------------------------------------------

def test_gazetteer_codes_are_iso_and_every_person_has_a_known_side(gazetteer):
    iso = {c.alpha_3 for c in pycountry.countries}
    assert set(gazetteer.states) - iso <= {"XKX"}  # Kosovo has a user-assigned code
    sides = set(gazetteer.states) | {a.side for v in gazetteer.by_key.values() for a in v if a.kind != "person"}
    people = {a for v in gazetteer.by_key.values() for a in v if a.kind == "person"}
    assert len(people) > 500
    assert all(p.side in sides for p in people)
    assert all(p.start is None or p.end is None or p.start <= p.end for p in people)


def test_name_variants_resolve_to_one_person(gazetteer):
    for variant in ("Zelensky", "Zelenskiy", "Zelenskyy", "Volodymyr Zelenskyy"):
        assert gazetteer.lookup(variant, DAY)[0].side == "UKR"
    assert gazetteer.lookup("Sergei Lavrov")[0] == gazetteer.lookup("Sergey Lavrov")[0]
    assert fold("Dmitri") == fold("Dmitry")


def test_office_holders_change_with_the_date(gazetteer):
    def head(day):
        return [p.name for p in gazetteer.office_holders("NATO", {"secretary general"}, day)]

    assert head(dt.date(2023, 6, 1)) == ["Jens Stoltenberg"]
    assert head(dt.date(2025, 6, 1)) == ["Mark Rutte"]


def test_source_types():
    assert source_type("Reuters (via a local paper)") == "wire"
    assert source_type("TASS") == "state media"
    assert source_type("Some Unknown Gazette") == "unknown"


# -- mentions ----------------------------------------------------------------------------------------------------

def test_role_phrases_pronouns_and_appositions(nlp, gazetteer):
    (_, first), (_, second), (_, third) = parse(
        nlp, gazetteer,
        "The Ukrainian leader travelled to Brussels on Tuesday.",
        "He said the talks had been useful.",
        "Anna Kowalczyk, a senior fellow at a Warsaw think tank, doubted that. Kowalczyk expects little.")
    leader = next(m for m in first if m.via == "role")
    assert (leader.side, leader.name) == ("UKR", "Volodymyr Zelensky")
    assert next(m for m in first if m.text == "Brussels").side == "EUR"
    pronoun = next(m for m in second if m.via == "pronoun")
    assert pronoun.name == "Volodymyr Zelensky"
    experts = [m for m in third if m.side == "EXPERT"]
    assert [m.text for m in experts] == ["Anna Kowalczyk", "Kowalczyk"]


def test_office_phrases_name_the_holder_on_the_date(nlp, gazetteer):
    (_, found), = parse(nlp, gazetteer, "The Kremlin leader spoke to the U.S. president and Russia's foreign minister.")
    assert [(m.via, m.name) for m in found] == [("role", "Vladimir Putin"), ("role", "Donald Trump"),
                                                  ("role", "Sergei Lavrov")]
    (_, earlier), = parse(nlp, gazetteer, "The U.S. president spoke.", when=dt.date(2023, 5, 1))
    assert earlier[0].name == "Joe Biden"


def test_lower_case_words_are_not_names(nlp, gazetteer):
    (_, found), = parse(nlp, gazetteer, "Let us hope the states of the region agree.")
    assert found == []


# -- quotes ------------------------------------------------------------------------------------------------------

def quotes_of(nlp, gazetteer, text):
    (doc, mentions), = parse(nlp, gazetteer, text)
    return find_quotes(doc, mentions, gazetteer)


def test_direct_indirect_and_directive_quotes(nlp, gazetteer):
    direct = quotes_of(nlp, gazetteer, '"We will not give up our land," Zelenskiy told reporters in Kyiv.')
    assert [(q.side, q.direct, q.text) for q in direct] == [("UKR", True, "We will not give up our land")]
    indirect = quotes_of(nlp, gazetteer, "Lavrov said on Monday that Moscow was ready for more talks.")
    assert [(q.speaker, q.side, q.direct, q.text) for q in indirect] == [
        ("Sergei Lavrov", "RUS", False, "Moscow was ready for more talks")]
    directive = quotes_of(nlp, gazetteer, "Trump told Ukraine to accept the offer before the winter.")
    assert [(q.side, q.text) for q in directive] == [("USA", "accept the offer before the winter")]


def test_nested_attribution_gives_two_records(nlp, gazetteer):
    found = quotes_of(nlp, gazetteer,
                      "Putin suggested that the talks move to Geneva, two European officials said.")
    assert {(q.side, q.text) for q in found} == {
        ("EUR", "Putin suggested that the talks move to Geneva"), ("RUS", "the talks move to Geneva")}


def test_an_outlet_passing_a_statement_on_is_not_the_speaker(nlp, gazetteer):
    assert quotes_of(nlp, gazetteer, "Bloomberg reported that the meeting had been postponed again.") == []
    state = quotes_of(nlp, gazetteer, "The talks will resume next week, according to TASS.")
    assert [(q.side, q.text) for q in state] == [("RUS", "The talks will resume next week")]


def test_according_to_at_the_start_names_each_source(nlp, gazetteer):
    found = quotes_of(nlp, gazetteer, "According to two European officials and a senior US official, "
                                      "the talks stalled over the border.")
    assert [(q.side, q.text) for q in found] == [("EUR", "the talks stalled over the border"),
                                                 ("USA", "the talks stalled over the border")]


def test_a_quotation_over_several_sentences_is_one_record(nlp, gazetteer):
    article = ArticleText(1, "900", DAY, None, [
        (0, 52, '"The first round went well. We agreed on a schedule.'),
        (53, 109, 'The hard questions remain," Lavrov told state television.')])
    quotes = [r for r in extract_article(article, gazetteer, nlp) if r["kind"] == "quote"]
    assert len(quotes) == 1 and quotes[0]["direct"] and quotes[0]["side"] == "RUS"
    assert quotes[0]["text"].startswith("The first round went well") and quotes[0]["text"].endswith("remain")


# -- events ------------------------------------------------------------------------------------------------------

def events_of(nlp, gazetteer, text, when=DAY):
    (doc, mentions), = parse(nlp, gazetteer, text, when=when)
    return find_events(doc, mentions, gazetteer, when)


def test_event_type_sides_and_date(nlp, gazetteer):
    found = events_of(nlp, gazetteer, "Russia launched dozens of drones at Ukraine on Monday.")
    assert [(e.source, e.target, e.type, e.status, e.date) for e in found] == [
        ("RUS", "UKR", "ASSAULT", "happened", dt.date(2025, 8, 18))]
    met = events_of(nlp, gazetteer, "Macron met Zelensky in Paris on Friday.")
    assert [(e.source, e.target, e.type, e.date) for e in met] == [("FRA", "UKR", "CONSULT", dt.date(2025, 8, 15))]


def test_planned_hypothetical_and_negated_events_did_not_happen(nlp, gazetteer):
    planned = events_of(nlp, gazetteer, "Trump will meet Putin on Saturday.")
    assert [(e.type, e.status, e.date) for e in planned] == [("CONSULT", "planned", dt.date(2025, 8, 23))]
    assert {e.status for e in events_of(nlp, gazetteer, "Putin could meet Zelensky in Istanbul.")} == {"hypothetical"}
    assert {e.status for e in events_of(nlp, gazetteer, "Putin did not meet Zelensky.")} == {"negated"}


# -- stances -----------------------------------------------------------------------------------------------------

def stances_of(nlp, gazetteer, scenario, text):
    (doc, mentions), = parse(nlp, gazetteer, text)
    return {(s.side, s.issue, s.polarity, s.option) for s in find_stances(doc, mentions, IssueIndex.of(scenario))}


def test_stances_on_the_bundled_scenario(nlp, gazetteer):
    scenario = load_scenario()
    assert stances_of(nlp, gazetteer, scenario, "Putin wants Ukraine to cede Donbas.") == {
        ("RUS", "territory_donbas", "demand", "ukraine_withdraws")}
    assert stances_of(nlp, gazetteer, scenario, "Zelensky rejected any land swap.") == {
        ("UKR", "territory_donbas", "reject", "land_swap")}
    assert stances_of(nlp, gazetteer, scenario,
                      "Moscow will not accept NATO membership for Ukraine.") == {
        ("RUS", "nato_membership", "reject", None)}


def test_a_new_scenario_works_without_code_changes(nlp, gazetteer, tmp_path):
    (tmp_path / "water.toml").write_text('''
[scenario]
id = "water"
title = "River talks"
[[actors]]
id = "EGY"
name = "Egypt"
kind = "state"
capability = { value = 1, basis = "estimate", rationale = "test" }

[[actors]]
id = "ETH"
name = "Ethiopia"
kind = "state"
capability = { value = 1, basis = "estimate", rationale = "test" }
[[issues]]
id = "dam_filling"
title = "Filling the dam"
keywords = ["dam", "reservoir", "filling"]
options = [
  { id = "slow", label = "slow filling", description = "fill slowly, over many years", point = 0 },
  { id = "fast", label = "fast filling", description = "fill quickly, within three years", point = 100 },
]
''')
    scenario = load_scenario(tmp_path / "water.toml")
    assert stances_of(nlp, gazetteer, scenario, "Egypt demanded slow filling of the dam.") == {
        ("EGY", "dam_filling", "demand", "slow")}


# -- records, corrections, timeline, scoring ---------------------------------------------------------------------

def test_scoring_matches_the_schema_rules():
    gold = [{"kind": "quote", "doc": "001", "side": "RUS", "text": "Moscow is ready for talks"},
            {"kind": "event", "doc": "001", "source": "USA", "target": "RUS", "type": "CONSULT"}]
    pred = [{"kind": "quote", "doc": "001.2", "side": "RUS", "text": "Moscow is ready for new talks now"},
            {"kind": "quote", "doc": "001", "side": "UKR", "text": "Moscow is ready for talks"},
            {"kind": "event", "doc": "001", "source": "RUS", "target": "USA", "type": "CONSULT"},
            {"kind": "event", "doc": "001", "source": "RUS", "target": "USA", "type": "ASSAULT", "status": "planned"}]
    scores = score(gold, pred)
    assert (scores["quote@0.3"].true_positives, scores["quote@0.3"].predicted) == (1, 2)
    assert scores["quote@0.8"].true_positives == 0  # 5 shared tokens of 7
    assert (scores["event"].precision, scores["event"].recall) == (1.0, 1.0)


def test_bad_records_name_file_line_and_field(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"kind": "quote", "doc": "1", "side": "RUS", "text": "x"}\n{oops\n{"kind": "event", "doc": "1"}\n')
    with pytest.raises(AccordError) as caught:
        read_records(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: malformed JSON: Expecting property name enclosed in double quotes",
        f"{path}:3: source: a event record needs 'source'"]


def _seed_store(runner, db_url):
    result = runner.invoke(app, ["ingest", str(shared("corpus", "seed")), "--db", db_url, "--as-of", "2025-08-20"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["extract", "--db", db_url, "--scenario", str(bundled_path()), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_extract_seed_corpus_scores_and_corrections_survive(runner, db_url, tmp_path):
    counts = _seed_store(runner, db_url)
    assert counts["articles"] == 8 and counts["quote"] > 50
    scored = runner.invoke(app, ["eval", str(shared("eval", "seed-gold.jsonl")), "--db", db_url, "--json"])
    figures = json.loads(scored.stdout)
    assert figures["quote@0.3"]["f1"] >= 0.6 and figures["event"]["precision"] >= 0.6  # regression floors
    listed = json.loads(runner.invoke(app, ["records", "list", "--db", db_url, "--kind", "quote", "--json",
                                            "--limit", "2"]).stdout)
    first, second = listed
    assert runner.invoke(app, ["records", "reject", first["id"], "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["records", "correct", second["id"], "side=EXPERT", "--db", db_url]).exit_code == 0
    assert json.loads(runner.invoke(app, ["extract", "--db", db_url, "--new-only", "--json"]).stdout)["articles"] == 0
    assert runner.invoke(app, ["extract", "--db", db_url, "--json"]).exit_code == 0  # re-extraction
    after = json.loads(runner.invoke(app, ["records", "list", "--db", db_url, "--kind", "quote", "--json",
                                           "--limit", "1000"]).stdout)
    ids = {r["id"]: r for r in after}
    assert first["id"] not in ids
    assert ids[second["id"]]["side"] == "EXPERT" and ids[second["id"]]["review"] == "correct"
    missing = runner.invoke(app, ["records", "accept", "nosuchrecord", "--db", db_url])
    assert missing.exit_code == 2 and "no such record" in missing.output
    out = tmp_path / "records.jsonl"
    assert runner.invoke(app, ["extract", "--db", db_url, "--jsonl", str(out), "--json"]).exit_code == 0
    written = read_records(out)
    assert {r["kind"] for r in written} == {"quote", "event", "stance"}
    assert all(r["source_type"] and r["confidence"] > 0 and r["sources"] >= 1 for r in written)
    timeline = json.loads(runner.invoke(app, ["timeline", "--db", db_url, "--json"]).stdout)
    assert timeline and all(len(set(row["sides"])) == 2 and row["sources"] <= len(row["docs"]) for row in timeline)
    unknown = json.loads(runner.invoke(app, ["actors", "--db", db_url, "--unknown", "--json"]).stdout)
    assert unknown and not any(row["known"] for row in unknown)  # names outside the gazetteer are kept
    assert any(row["side"] == "EXPERT" and row["role"] for row in unknown)
    known = json.loads(runner.invoke(app, ["actors", "--db", db_url, "--json"]).stdout)
    assert {"USA", "RUS", "UKR"} <= {row["side"] for row in known}


def test_a_position_in_someone_s_own_words_is_their_stance(nlp, gazetteer):
    from accord.extract.stances import stances_in_quote

    index = IssueIndex.of(load_scenario())
    found = stances_in_quote("Any summit should be preceded by lower-level talks step by step", "RUS", "Lavrov", index)
    assert [(s.side, s.issue, s.polarity) for s in found] == [("RUS", "leaders_meeting", "demand")]
    assert [s.polarity for s in stances_in_quote("We will never accept NATO membership for Ukraine", "RUS", "x",
                                                  index)] == ["reject"]
    assert stances_in_quote("If they cede Donbas, we will talk", "UKR", "x", index) == []  # conditions: cues only
    assert stances_in_quote("Donbas must be ceded", "MEDIA", "sources", index) == []
