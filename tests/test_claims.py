"""Truce-violation claims, denials and confirmations (issue 16), on invented sentences through the real pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.extract.claims import about_truce, find_claims, number_value
from accord.extract.model import ArticleText, ClaimRecord, record_from_dict
from accord.extract.pipeline import RuleExtractor

DAY = dt.date(2031, 6, 12)


def article(*sentences: str, published: dt.date | None = DAY) -> ArticleText:
    spans, start = [], 0
    for text in sentences:
        spans.append((start, start + len(text), text))
        start += len(text) + 1
    return ArticleText(1, "t01", published, None, spans)


@pytest.fixture(scope="module")
def extractor(nlp, gazetteer):
    return RuleExtractor(gazetteer, None, nlp)


def claims_of(extractor, *sentences: str, published: dt.date | None = DAY) -> list[ClaimRecord]:
    return [r for r in extractor.extract(article(*sentences, published=published)) if isinstance(r, ClaimRecord)]


def brief(records) -> set[tuple]:
    return {(r.claimant, r.accused, r.kind, r.count) for r in records}


def test_a_claim_keeps_its_claimant_count_and_category(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Egypt's defence ministry said Ethiopian forces had shelled its positions 120 times.")
    assert brief(found) == {("EGY", "ETH", "claim", 120)}
    assert found[0].what == "shelling" and found[0].independent is False
    assert "120 times" in found[0].evidence


def test_a_denial_is_the_claimant_vouching_for_itself(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Ethiopia said its troops had strictly adhered to the ceasefire.")
    assert brief(found) == {("ETH", "ETH", "denial", None)}


def test_denying_an_accusation_is_a_denial(extractor):
    found = claims_of(extractor, "The truce between Egypt and Ethiopia began on Monday.",
                      "Cairo accused Addis Ababa of violating the truce.",
                      "Ethiopia denied the allegations.")
    assert brief(found) == {("EGY", "ETH", "claim", None), ("ETH", "ETH", "denial", None)}


def test_no_attacks_by_the_other_side_is_a_denial_about_it(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Egypt's air force said there had been no Ethiopian drone attacks on Tuesday.")
    assert brief(found) == {("EGY", "ETH", "denial", None)}


def test_an_analysts_own_assessment_is_an_independent_confirmation(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Analysts say the fighting slowed but did not stop during the truce.")
    assert [(r.claimant, r.kind, r.independent) for r in found] == [("EXPERT", "confirmation", True)]


def test_several_numbers_give_several_records_without_their_qualifiers(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Egypt said there were more than 1,000 Ethiopian violations, including 400 with heavy guns, "
                      "and 45 Ethiopian drone attacks.")
    assert brief(found) == {("EGY", "ETH", "claim", 1000), ("EGY", "ETH", "claim", 45)}  # 400 is a part of 1,000
    assert {r.count: r.what for r in found} == {1000: "violation-total", 45: "drone-strike"}


def test_the_past_24_hours_in_a_dated_report_is_the_day_before_to_the_day(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire last week.",
                      "Egypt said Ethiopia had violated the truce 30 times in the past 24 hours.")
    assert [r.period for r in found] == [{"from": "2031-06-11", "to": "2031-06-12"}]
    undated = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire.",
                        "Egypt said Ethiopia had violated the truce 30 times.", published=None)
    assert [r.period for r in undated] == [{"from": None, "to": None}]


def test_an_unattributed_sentence_goes_on_with_the_last_claimant(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Egypt's defence ministry accused Ethiopia of breaking the truce.",
                      "Ethiopian units also launched 12 drones at border posts.")
    assert brief(found) == {("EGY", "ETH", "claim", None), ("EGY", "ETH", "claim", 12)}
    assert {r.what for r in found if r.count == 12} == {"drone-launch"}


def test_wishes_and_conditions_are_no_claims(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Egypt urged Ethiopia to observe the truce.",
                      "Any violation of the truce would end it, Ethiopia said.")
    assert found == []


def test_an_article_that_names_no_truce_gives_no_claims(extractor):
    assert claims_of(extractor, "Egypt said Ethiopian forces had shelled its positions 120 times.") == []
    assert not about_truce(["Egypt said Ethiopian forces had shelled its positions."])
    assert about_truce(["The cease-fire held."])


def test_a_claim_is_never_emitted_without_a_claimant(nlp, gazetteer):
    from accord.extract.mentions import MentionFinder

    def claims(text: str):
        sentence = nlp(text)
        mentions = MentionFinder(gazetteer, DAY).find(sentence)
        return [(c.claimant, c.accused, c.kind, c.count)
                for c in find_claims(sentence, mentions, [], ["EGY", "ETH"], DAY, None, gazetteer.adjectives)]

    assert claims("Ethiopian forces shelled the border posts 20 times during the ceasefire.") == []  # whose claim?
    assert claims("Ethiopia says the ceasefire holds, even though Ethiopian forces shelled the border posts "
                  "20 times.") == [("MEDIA", "ETH", "claim", 20)]  # the outlet's own aside
    with pytest.raises(ValueError, match="claimant"):
        ClaimRecord(id="x", kind="claim", doc="t", article=1, evidence="e", start=0, end=1, claimant="",
                    accused="ETH", what="shelling")


def test_number_words_and_figures():
    assert [number_value(w) for w in ("2,935", "twelve", "thousand", "many")] == [2935, 12, 1000, None]


def test_claim_records_round_trip_with_the_claims_jsonl_fields(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Egypt's defence ministry said Ethiopian forces had shelled its positions 120 times.")
    stored = found[0].to_dict()
    for name in ("doc", "claimant", "accused", "kind", "period", "count", "what", "independent", "evidence"):
        assert name in stored
    assert record_from_dict(stored) == found[0]
    with pytest.raises(ValueError, match="kind"):
        ClaimRecord(id="x", kind="rumour", doc="t", article=1, evidence="e", start=0, end=1, claimant="EGY",
                    accused="ETH", what="shelling")


def test_stored_claims_are_listed_and_exported(tmp_path, nlp, gazetteer):
    from accord.extract.pipeline import extract
    from accord.extract.records import claim_key, load_records, to_schema
    from accord.news.store import open_store
    from accord.news.ingest import ingest

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Egypt and Ethiopia agreed a ceasefire on Monday.\n\n"
                                  "Egypt's defence ministry said Ethiopian forces had shelled its positions 120 times.\n",
                                  encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest([str(folder)], store)
    counts = extract(store, gazetteer=gazetteer)
    assert counts["claim"] == 1
    [claim] = load_records(store, "claim")
    assert (claim["claimant"], claim["accused"], claim["count"], claim["sources"]) == ("EGY", "ETH", 120, 1)
    assert claim_key(claim)[:3] == ("claim", "EGY", "ETH")
    assert to_schema(claim)["what"] == "shelling"
    store.engine.dispose()


def test_a_following_this_was_reported_by_names_the_claimant(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "By midnight the Ethiopian army had violated the truce 75 times.",
                      "This was reported by the Egyptian president.")
    assert brief(found) == {("EGY", "ETH", "claim", 75)}
    assert found[0].evidence.startswith("By midnight")  # the claim's own sentence, not the attribution


def test_an_analyst_reporting_the_parties_accusations_confirms_nothing(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "Experts note that Egypt and Ethiopia have accused each other of violating the truce.")
    assert found == []


def test_an_outlet_relaying_a_statement_is_no_claimant(extractor):
    found = claims_of(extractor, "Egypt and Ethiopia agreed a ceasefire on Monday.",
                      "An Ethiopian state news agency reported that Egyptian forces had shelled the border 20 times.")
    assert found == []
