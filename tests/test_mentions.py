"""Mentions of people who speak for a party: "a senior X official", "X's negotiator", an unknown person's
apposition. The sentences are invented for these tests; the people in them (John Doe, Jane Roe) do not exist.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accord.extract.mentions import MentionFinder
from accord.extract.quotes import find_quotes

DAY = dt.date(2025, 8, 20)




def people(nlp, gazetteer, *sentences: str) -> list[tuple[str, str | None]]:
    """(words, side) of the people the last sentence mentions, the sentences read as one article."""
    finder = MentionFinder(gazetteer, DAY)
    for sentence in sentences:
        found = finder.find(nlp(sentence))
    return [(m.text, m.side) for m in found if m.is_person]


@pytest.mark.parametrize("sentence, words, side", [
    ("A senior Hamas official said the group would study the proposal.", "A senior Hamas official", "HAMAS"),
    ("An M23 spokesperson denied that the town had been shelled.", "An M23 spokesperson", "M23"),
    ("A Houthi official warned shipping companies on Sunday.", "A Houthi official", "HOUTHIS"),
    ("Qatar's negotiator met both delegations on Monday.", "Qatar's negotiator", "QAT"),
    ("A Hezbollah commander was killed in the strike.", "A Hezbollah commander", "HEZBOLLAH"),
])
def test_an_unnamed_member_of_a_known_party_takes_its_side(nlp, gazetteer, sentence, words, side):
    assert (words, side) in people(nlp, gazetteer, sentence)


def test_a_member_named_after_the_noun_through_a_preposition(nlp, gazetteer):
    assert ("a spokesman", "RSF") in people(nlp, gazetteer,
                                              "The claim was denied by a spokesman for the Rapid Support Forces.")


def test_a_former_official_speaks_as_an_expert(nlp, gazetteer):
    assert people(nlp, gazetteer, "A former US official said the plan was doomed.") == [
        ("A former US official", "EXPERT")]


def test_the_official_of_a_later_sentence_is_the_one_named_before(nlp, gazetteer):
    assert people(nlp, gazetteer, "A senior Hamas official said the talks had stalled.",
                  "The official added that no date had been set.") == [("The official", "HAMAS")]


def test_a_member_noun_with_no_party_is_nobody(nlp, gazetteer):
    assert people(nlp, gazetteer, "An official said the road was closed.") == []


def test_an_unknown_person_takes_the_party_of_the_office_in_their_apposition(nlp, gazetteer):
    assert ("John Doe", "M23") in people(nlp, gazetteer,
                                         "John Doe, a spokesman for the rebel group M23, said the talks had failed.")
    assert ("Jane Roe", "QAT") in people(nlp, gazetteer,
                                         "Jane Roe, Qatar's minister of state, said both sides had agreed.")


def test_an_apposition_without_an_office_gives_no_side(nlp, gazetteer):
    assert ("John Doe", None) in people(nlp, gazetteer,
                                        "John Doe, a teacher from Kenya, said the market had reopened.")


def test_a_group_leader_is_found_by_the_role_phrase(nlp, gazetteer):
    assert ("the Hezbollah leader", "HEZBOLLAH") in people(
        nlp, gazetteer, "In a speech, the Hezbollah leader said the group would not disarm.")


def test_a_title_before_a_name_is_no_second_person(nlp, gazetteer):
    found = people(nlp, gazetteer, "Hamas spokesman John Doe said the group had received the offer.")
    assert [side for _, side in found].count("HAMAS") <= 1 and not any(w == "Hamas spokesman" for w, _ in found)


def test_a_quote_of_a_senior_official_is_their_party_s(nlp, gazetteer):
    doc = nlp("A senior Hamas official said the group would study the proposal.")
    mentions = MentionFinder(gazetteer, DAY).find(doc)
    assert [q.side for q in find_quotes(doc, mentions, gazetteer)] == ["HAMAS"]


def test_letters_and_digits_make_a_name(nlp, gazetteer):
    doc = nlp("The G7 and the M23 were both named.")
    assert {m.side for m in MentionFinder(gazetteer, DAY).find(doc)} == {"G7", "M23"}


def test_a_dateline_names_where_the_story_was_filed_not_an_actor(nlp, gazetteer):
    doc = nlp("Nairobi — Chile and Peru signed the fisheries accord on Monday.")
    assert [m.side for m in MentionFinder(gazetteer, DAY).find(doc)] == ["CHL", "PER"]


def test_the_leader_is_the_office_holder_the_article_has_named(nlp, gazetteer):
    finder = MentionFinder(gazetteer, DAY)
    finder.find(nlp("Netanyahu said the talks would go on."))
    found = finder.find(nlp("The Israeli leader added that no deal was near."))
    assert [m.name for m in found] == ["Benjamin Netanyahu"]


@pytest.mark.parametrize("sentence, name, side", [
    ("M23 spokesman John Doe said the rebels would withdraw.", "John Doe", "M23"),
    ("Qatari Minister of State Jane Roe said the talks would resume.", "Jane Roe", "QAT"),
    ("Local shopkeeper Ann Loe said the market had reopened.", "Ann Loe", None),
])
def test_an_unknown_person_takes_the_party_of_the_title_before_their_name(nlp, gazetteer, sentence, name, side):
    assert (name, side) in people(nlp, gazetteer, sentence)


def test_a_former_office_is_not_its_holder_now(nlp, gazetteer):
    assert people(nlp, gazetteer, "The former Russian president said the talks were pointless.") == []
    assert people(nlp, gazetteer, "And then the Russian president said the talks were pointless.") == [
        ("the Russian president", "RUS")]


def test_an_abbreviation_with_stops_names_its_state(nlp, gazetteer):
    mentions = MentionFinder(gazetteer, dt.date(2025, 6, 1)).find(nlp("Russia and the U.S. agreed, the U.N. said."))
    assert [(m.text, m.side) for m in mentions] == [("Russia", "RUS"), ("U.S.", "USA"), ("U.N.", "UN")]


def test_a_format_named_after_a_place_is_no_party(nlp, gazetteer):
    finder = MentionFinder(gazetteer, dt.date(2025, 6, 1))
    mentions = finder.find(nlp("The Minsk Group was dissolved and the Istanbul channel reopened in Ankara."))
    assert [(m.text, m.side) for m in mentions] == [("Ankara", "TUR")]
