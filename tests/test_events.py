"""Events: who did what to whom, whether it happened, and when.

The sentences here are invented for these tests; none comes from a corpus article.
"""

from __future__ import annotations

import datetime as dt


from accord.extract.events import find_events
from accord.extract.mentions import MentionFinder

DAY = dt.date(2025, 8, 20)  # a Wednesday




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
    found = happened(nlp, gazetteer,
                     "The US president presided over the signing of a trade agreement between Chile and Peru.")
    assert {("CHL", "PER", "AGREE"), ("PER", "CHL", "AGREE")} <= found
    assert not {f for f in found if f[2] == "AGREE" and "USA" in f[:2]}
    assert {tuple(sorted(f[:2])) for f in found if f[2] == "CONSULT"} >= {("CHL", "USA"), ("PER", "USA")}


def test_a_host_meets_the_parties_of_the_summit_it_hosts(nlp, gazetteer):
    found = happened(nlp, gazetteer, "The treaty was initialed during talks between Chile and Peru hosted by Trump.")
    assert {tuple(sorted(f[:2])) for f in found if f[2] == "CONSULT"} == {
        ("CHL", "PER"), ("CHL", "USA"), ("PER", "USA")}


# -- what: the verb's sense checked against what it takes ---------------------------------------------------------

def test_hitting_someone_with_sanctions_is_a_sanction_not_an_assault(nlp, gazetteer):
    found = happened(nlp, gazetteer, "The United States hit Iran with new sanctions on Monday.")
    assert ("USA", "IRN", "SANCTION") in found and not any(f[2] == "ASSAULT" for f in found)


def test_a_warning_that_someone_should_act_is_a_request(nlp, gazetteer):
    found = happened(nlp, gazetteer, "Germany warned that Serbia should withdraw its police from the border.")
    assert found == {("DEU", "SRB", "REQUEST")}


def test_a_demand_noun_is_aimed_at_whoever_must_act_or_rejects_it(nlp, gazetteer):
    assert ("TUR", "GRC", "REQUEST") in happened(
        nlp, gazetteer, "Talks stalled over a Turkish demand that Greece remove its troops from the islands.")
    assert ("TUR", "GRC", "REQUEST") in happened(nlp, gazetteer, "Greece rejected Turkey's demand to cut its navy.")


def test_whoever_acts_together_with_the_subject_acts_too(nlp, gazetteer):
    assert happened(nlp, gazetteer, "Japan, along with Canada, imposed sanctions on Russia.") >= {
        ("JPN", "RUS", "SANCTION"), ("CAN", "RUS", "SANCTION")}
    assert ("KEN", "ETH", "AGREE") in happened(nlp, gazetteer, "Kenya, together with Ethiopia, agreed on a plan.")


# -- whether it happened ------------------------------------------------------------------------------------------

def test_planned_proposed_conditional_and_hypothetical_events_did_not_happen(nlp, gazetteer):
    for text in ("Chile plans to sign a trade agreement with Peru next month.",
                 "Chile proposed a summit with Peru.",
                 "Chile would sign the deal with Peru if the border dispute were settled.",
                 "Chile will meet Peru on Friday.",
                 "A possible meeting between Chile and Peru was discussed."):
        assert not happened(nlp, gazetteer, text) - {("CHL", "PER", "AGREE")}, text  # proposing is an offer
    assert ("USA", "UKR", "ACCUSE") in happened(
        nlp, gazetteer, "Washington pushed Kyiv to advance talks, with Trump accusing Zelensky of stalling.")


# -- when ---------------------------------------------------------------------------------------------------------

def test_a_year_in_the_sentence_wins_over_the_articles(nlp, gazetteer):
    found = events(nlp, gazetteer, "Hamas attacked Israel on 7 October 2023, starting the war.", when=DAY)
    assert {e.date for e in found if e.type == "ASSAULT"} == {dt.date(2023, 10, 7)}


def consults(found: set[tuple[str, str, str]]) -> set[frozenset]:
    return {frozenset((s, t)) for s, t, kind in found if kind == "CONSULT"}


def test_a_second_meeting_noun_keeps_the_first_ones_owner(nlp, gazetteer):
    found = happened(nlp, gazetteer, "After Macron's meeting with Lula and later talks with Milei, the plan changed.")
    assert {frozenset(("FRA", "BRA")), frozenset(("FRA", "ARG"))} <= consults(found)


def test_the_host_of_talks_with_a_partner_meets_both(nlp, gazetteer):
    found = happened(nlp, gazetteer, "The accord was initialed during Ruto's talks with President Yoweri Museveni "
                                     "hosted by South African President Cyril Ramaphosa at the State House on May 8.")
    assert {frozenset(("KEN", "UGA")), frozenset(("KEN", "ZAF")), frozenset(("UGA", "ZAF"))} <= consults(found)


def test_recent_talks_happened_whatever_their_format(nlp, gazetteer):
    found = happened(nlp, gazetteer, "Ruto praised the recent trilateral talks involving Uganda and Tanzania.")
    assert frozenset(("UGA", "TZA")) in consults(found)


def test_a_plan_agreed_on_happened_and_a_joint_declaration_is_signed(nlp, gazetteer):
    found = happened(nlp, gazetteer, "The plan, agreed on by Kenyan and Ugandan negotiators last week, was being reviewed.")
    assert {("KEN", "UGA", "AGREE"), ("UGA", "KEN", "AGREE")} <= found  # the noun "plan" plans nothing
    assert ("KEN", "UGA", "AGREE") in happened(nlp, gazetteer, "Kenya and Uganda signed a joint declaration on the border.")


def test_an_absolute_with_clause_happened_though_its_host_clause_is_an_intention(nlp, gazetteer):
    text = "London continued to push Nairobi to advance negotiations, with Donald Trump accusing William Ruto of " \
           "resisting the plan."
    assert ("USA", "KEN", "ACCUSE") in happened(nlp, gazetteer, text)
