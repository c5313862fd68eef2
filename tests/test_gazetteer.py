"""The actor gazetteer's data (sources, dates, sides, coverage) and how a scenario's actors extend it.

The names here are of public office holders and groups; no sentence comes from the evaluation articles.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from importlib import resources

import pytest

from accord.extract.gazetteer import PARTIES, extend
from accord.scenario.model import Actor as ScenarioActor

FOLDER = resources.files("accord.extract").joinpath("data", "gazetteer")
SOURCE = re.compile(r"^https?://\S+ \((?:accessed|offline) \d{4}-\d{2}-\d{2}\)$|^https?://\S+ \(compiled early 2026\)$")
MID_2025 = dt.date(2025, 8, 1)  # Korea had neither an elected president nor a prime minister in June


def rows(name: str) -> list[dict]:
    text = FOLDER.joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))



def scenario_with(*actors: dict):
    """A scenario's actors, as the scenario model reads them (extend reads nothing else of a scenario)."""
    class Scenario:
        pass

    scenario = Scenario()
    scenario.actors = [ScenarioActor.model_validate({"capability": 50, **actor}) for actor in actors]
    return scenario


def test_every_office_holder_has_a_dated_source_and_an_ordered_term():
    for row in rows("people.tsv"):
        assert SOURCE.match(row["source"]), row
        start = dt.date.fromisoformat(row["start"])
        end = dt.date.fromisoformat(row["end"]) if row["end"] else None
        assert end is None or start <= end, row
        assert row["gender"] in ("m", "f"), row


def test_every_side_is_a_state_an_organisation_or_a_group():
    known = ({r["code"] for r in rows("countries.tsv")} | {r["side"] for r in rows("organisations.tsv")} |
             {r["side"] for r in rows("groups.tsv")})
    for name in ("people.tsv", "groups.tsv"):
        for row in rows(name):
            assert row["side"] in known, row


def test_groups_have_unique_codes_a_source_and_their_own_kind():
    groups = rows("groups.tsv")
    assert len({r["code"] for r in groups}) == len(groups)
    for row in groups:
        assert row["kind"] == "group" and SOURCE.match(row["source"]), row


@pytest.mark.parametrize("name, side", [
    ("Hamas", "HAMAS"), ("Hezbollah", "HEZBOLLAH"), ("Ansar Allah", "HOUTHIS"), ("AFC/M23", "M23"),
    ("March 23 Movement", "M23"), ("Rapid Support Forces", "RSF"), ("Sudanese Armed Forces", "SDN"),
    ("Taliban", "AFG"), ("Hayat Tahrir al-Sham", "HTS"), ("PKK", "PKK"), ("Palestinian Authority", "PSE"),
    ("Wagner", "WAGNER"), ("FDLR", "FDLR"), ("al-Shabaab", "SHABAAB"),
])
def test_non_state_parties_are_known_by_their_names(gazetteer, name, side):
    found = gazetteer.lookup(name, MID_2025)
    assert found and found[0].side == side and found[0].kind == "group"


def test_a_group_code_is_no_name_of_it(gazetteer):
    assert not gazetteer.lookup("PA")  # Press Association as much as the Palestinian Authority


@pytest.mark.parametrize("side", [
    "QAT", "EGY", "ISR", "SAU", "ARE", "OMN", "IRN", "IRQ", "SYR", "LBN", "JOR", "YEM", "LBY", "SDN", "SSD",
    "ETH", "ERI", "SOM", "KEN", "COD", "RWA", "UGA", "BDI", "AGO", "TGO", "NGA", "ZAF", "MLI", "NER", "BFA",
    "TCD", "DZA", "MAR", "TUN", "TUR", "AZE", "ARM", "PSE", "KWT", "BHR",
    "USA", "CAN", "MEX", "BRA", "ARG", "GBR", "FRA", "DEU", "ITA", "RUS", "CHN", "JPN", "KOR", "IND", "IDN",
    "AUS",
])
def test_every_party_and_mediator_has_a_head_of_state_or_government_in_office(gazetteer, side):
    heads = {"president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader"}
    assert gazetteer.office_holders(side, heads, MID_2025), side


@pytest.mark.parametrize("side, name", [
    ("QAT", "Mohammed bin Abdulrahman Al Thani"), ("EGY", "Badr Abdelatty"), ("IRN", "Abbas Araghchi"),
    ("SYR", "Asaad al-Shaibani"), ("RWA", "Olivier Nduhungirehe"), ("COD", "Thérèse Kayikwamba Wagner"),
    ("NGA", "Yusuf Tuggar"), ("DZA", "Ahmed Attaf"), ("TUN", "Mohamed Ali Nafti"), ("ISR", "Gideon Sa'ar"),
])
def test_foreign_ministers_in_office_in_mid_2025(gazetteer, side, name):
    assert [p.name for p in gazetteer.office_holders(side, {"foreign minister"}, MID_2025)] == [name]


def test_an_office_holder_of_another_year_gives_way_to_the_one_in_office(gazetteer):
    assert gazetteer.office_holders("IRN", {"president"}, dt.date(2024, 1, 1))[0].name == "Ebrahim Raisi"
    assert gazetteer.office_holders("IRN", {"president"}, MID_2025)[0].name == "Masoud Pezeshkian"


def test_a_scenario_that_names_a_group_under_its_own_id_takes_all_its_mentions(gazetteer):
    scenario = scenario_with({"id": "REBELS", "name": "Rebel alliance", "kind": "organisation",
                              "aliases": ["M23"]})
    extended = extend(gazetteer, scenario)
    for name in ("M23", "March 23 Movement", "Congo River Alliance", "Corneille Nangaa"):
        assert extended.lookup(name, MID_2025)[0].side == "REBELS", name
    assert extended.office_holders("REBELS", {"leader"}, MID_2025)
    assert gazetteer.lookup("M23", MID_2025)[0].side == "M23"  # the shipped gazetteer is left as it was


def test_a_scenario_alias_of_a_state_names_only_that_word(gazetteer):
    scenario = scenario_with({"id": "AU", "name": "African Union", "kind": "organisation", "aliases": ["Togo"]})
    extended = extend(gazetteer, scenario)
    assert extended.lookup("Togo", MID_2025)[0].side == "AU"
    assert extended.lookup("Faure Gnassingbé", MID_2025)[0].side == "TGO"
    assert extended.lookup("Lomé", MID_2025)[0].side == "TGO"


def test_a_scenario_naming_the_group_with_the_same_code_changes_nothing(gazetteer):
    scenario = scenario_with({"id": "M23", "name": "M23 / AFC", "kind": "organisation", "aliases": ["AFC"]})
    extended = extend(gazetteer, scenario)
    assert {a.side for a in extended.lookup("AFC", MID_2025)} == {"M23"}
    assert extended.lookup("Bertrand Bisimwa", MID_2025)[0].side == "M23"


def test_party_kinds_include_groups():
    assert "group" in PARTIES and "person" not in PARTIES
