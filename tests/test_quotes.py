"""Quotes of several speakers at once, and speakers named only as the backer of another.

The sentences are written for these tests; none comes from an article.
"""

from __future__ import annotations

import datetime as dt

from accord.extract.mentions import MentionFinder
from accord.extract.quotes import find_quotes


def quotes(nlp, gazetteer, text: str) -> set[tuple[str, str]]:
    doc = nlp(text)
    mentions = MentionFinder(gazetteer, dt.date(2025, 6, 1)).find(doc)
    return {(q.side, q.text) for q in find_quotes(doc, mentions, gazetteer)}


def test_a_joint_statement_is_quoted_once_for_each_side(nlp, gazetteer):
    said = "that the border commission would meet in May"
    for text in (f"Kenyan and Ugandan officials said {said}.",
                 f"The governments of Kenya and Uganda announced {said}.",
                 f"Kenya and Uganda said {said}."):
        assert {side for side, _ in quotes(nlp, gazetteer, text)} == {"KEN", "UGA"}, text


def test_one_speaker_stays_one(nlp, gazetteer):
    assert {side for side, _ in quotes(nlp, gazetteer, "Kenyan officials said the talks would resume.")} == {"KEN"}


def test_the_backer_of_a_group_is_not_its_speaker(nlp, gazetteer):
    found = quotes(nlp, gazetteer, "The Uganda-backed rebel militia announced that it had taken the town.")
    assert "UGA" not in {side for side, _ in found}


def test_a_person_named_bare_first_takes_the_side_a_later_apposition_gives(nlp, gazetteer):
    finder = MentionFinder(gazetteer, dt.date(2025, 6, 1))
    first, later = nlp.pipe(["Jane Roe noted that the talks were useful.",
                             "The border will reopen soon, said Jane Roe, a spokeswoman for the Kenyan government."])
    finder.find(first)
    mentions = finder.find(later)
    assert {q.side for q in find_quotes(later, mentions, gazetteer)} == {"KEN"}


def test_a_source_described_by_its_claim_and_residents_speak_as_media(nlp, gazetteer):
    found = quotes(nlp, gazetteer, "The fighting moved closer, with one source claiming that the airport had fallen.")
    assert found == {("MEDIA", "the airport had fallen")}
    assert {side for side, _ in quotes(nlp, gazetteer, "Residents said that the soldiers had left.")} == {"MEDIA"}


def article_quotes(nlp, gazetteer, *texts: str, parties=()) -> list[set[tuple[str, str]]]:
    """The quotes of each sentence of a short article, read in order (group speakers remembered)."""
    finder, groups, out = MentionFinder(gazetteer, dt.date(2025, 6, 1)), {}, []
    for doc in nlp.pipe(texts):
        mentions = finder.find(doc)
        out.append({(q.side, q.text) for q in find_quotes(doc, mentions, gazetteer, groups, list(parties))})
    return out


def test_it_as_speaker_is_the_party_that_reports_it(nlp, gazetteer):
    found = quotes(nlp, gazetteer, "Kenya has said the treaty needs a new map, which it says omits two islands.")
    assert ("KEN", "omits two islands") in found
    assert quotes(nlp, gazetteer, "It says the map omits two islands.") == set()  # "it" with no party: nobody


def test_made_clear_is_a_cue_and_make_alone_is_not(nlp, gazetteer):
    assert {s for s, _ in quotes(nlp, gazetteer, "Uganda made clear that it will not sign the treaty.")} == {"UGA"}
    assert quotes(nlp, gazetteer, "Uganda made a new offer that the talks would resume.") == set()


def test_the_ministry_takes_the_side_an_earlier_phrase_gave_it_though_not_a_speaker(nlp, gazetteer):
    first, later = article_quotes(nlp, gazetteer,
                                  "A report by the Kenyan defence ministry counted the losses.",
                                  "The losses would double by May, the ministry said.")
    assert {side for side, _ in later} == {"KEN"}


def test_one_official_after_officials_of_a_side_is_one_of_them(nlp, gazetteer):
    _, later = article_quotes(nlp, gazetteer, "Senior Kenyan officials said the talks were useful.",
                              "One official said the border would reopen soon.")
    assert {side for side, _ in later} == {"KEN"}


def test_both_sides_are_the_two_principal_parties(nlp, gazetteer):
    found = quotes_with(nlp, gazetteer, "Both sides said they wanted to sign the treaty soon.", ["KEN", "UGA"])
    assert {side for side, _ in found} == {"KEN", "UGA"}


def quotes_with(nlp, gazetteer, text: str, parties: list[str]) -> set[tuple[str, str]]:
    doc = nlp(text)
    mentions = MentionFinder(gazetteer, dt.date(2025, 6, 1)).find(doc)
    return {(q.side, q.text) for q in find_quotes(doc, mentions, gazetteer, {}, parties)}


def test_the_source_an_outlet_cites_speaks_the_opening_clause(nlp, gazetteer):
    found = quotes(nlp, gazetteer, "The border talks were not discussed at the summit, a Kenyan radio station "
                                   "reported on Monday, citing Kenyan President William Ruto.")
    assert ("KEN", "The border talks were not discussed at the summit") in found


def test_a_subordinate_cue_with_an_object_does_not_report_the_clause_before_it(nlp, gazetteer):
    found = quotes(nlp, gazetteer, "The rebels took the town of Kisoro, while Kenya acknowledged its fall.")
    assert "KEN" not in {side for side, _ in found}


def test_a_modal_clause_hung_on_the_cue_stays_in_the_content(nlp, gazetteer):
    found = quotes(nlp, gazetteer, "Kenyan officials have repeatedly stated they are against a truce "
                                   "and would seek a lasting deal.")
    assert ("KEN", "they are against a truce and would seek a lasting deal") in found
