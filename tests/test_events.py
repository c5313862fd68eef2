"""Events: who did what to whom, whether it happened, and when.

The sentences here are invented for these tests; none comes from a corpus article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accord.extract.events import find_events
from accord.extract.gazetteer import load_gazetteer
from accord.extract.mentions import MentionFinder
from accord.extract.nlp import load_pipeline

DAY = dt.date(2025, 8, 20)  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def events(nlp, gazetteer, text, when=DAY):
    doc = nlp(text)
    return find_events(doc, MentionFinder(gazetteer, when).find(doc), gazetteer, when)


def happened(nlp, gazetteer, text, when=DAY) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.type) for e in events(nlp, gazetteer, text, when) if e.status == "happened"}


# -- who: joint and group actors ----------------------------------------------------------------------------------

def test_a_joint_subject_agrees_in_both_directions(nlp, gazetteer):
    assert happened(nlp, gazetteer, "Chile and Peru signed a fisheries agreement on Monday.") >= {
        ("CHL", "PER", "AGREE"), ("PER", "CHL", "AGREE")}


def test_coordinated_adjectives_name_each_side_and_they_repeats_the_reporting_subject(nlp, gazetteer):
    found = happened(nlp, gazetteer, "Norwegian and Azerbaijani diplomats said that they had agreed on a text.")
    assert {("NOR", "AZE", "AGREE"), ("AZE", "NOR", "AGREE")} <= found


def test_the_two_countries_are_the_two_the_sentence_names(nlp, gazetteer):
    found = happened(nlp, gazetteer,
                     "The two countries fought a border war after Ecuador accused Peru of moving troops.")
    assert {("ECU", "PER", "ASSAULT"), ("PER", "ECU", "ASSAULT")} <= found


def test_a_venue_is_no_party_to_a_meeting(nlp, gazetteer):
    assert happened(nlp, gazetteer, "Macron held talks with Zelensky in Berlin on Monday.") == {
        ("FRA", "UKR", "CONSULT")}


def test_whoever_oversees_a_signing_between_two_parties_meets_them_and_does_not_sign(nlp, gazetteer):
    found = happened(nlp, gazetteer, "The US president presided over the signing of a trade agreement between Chile and Peru.")
    assert {("CHL", "PER", "AGREE"), ("PER", "CHL", "AGREE")} <= found
    assert not {f for f in found if f[2] == "AGREE" and "USA" in f[:2]}
    assert {tuple(sorted(f[:2])) for f in found if f[2] == "CONSULT"} >= {("CHL", "USA"), ("PER", "USA")}


def test_a_host_meets_the_parties_of_the_summit_it_hosts(nlp, gazetteer):
    found = happened(nlp, gazetteer, "The treaty was initialed during talks between Chile and Peru hosted by Trump.")
    assert {tuple(sorted(f[:2])) for f in found if f[2] == "CONSULT"} == {
        ("CHL", "PER"), ("CHL", "USA"), ("PER", "USA")}
