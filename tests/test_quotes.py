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
