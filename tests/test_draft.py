"""Stance tracking, scenario drafting and what changed, from stance records."""

from __future__ import annotations

import json

import pytest

from accord.analysis.comparison import movement
from accord.cli import app
from accord.extract.tracking import track_stances
from accord.scenario import bundled_path, load_scenario
from accord.draft.changes import apply_changes, draft_changes
from tests.conftest import shared


def stance(side, issue, polarity, option, date, story=1, doc="d1"):
    return {"kind": "stance", "side": side, "issue": issue, "polarity": polarity, "option": option, "date": date,
            "holder": side, "doc": doc, "story": story, "article": story, "evidence": "(test)", "id": f"{doc}-{date}",
            "outlet": "Test Wire"}


def test_a_shift_is_flagged_and_a_refinement_is_not():
    tracks = track_stances([
        stance("USA", "leaders_meeting", "demand", "trilateral_now", "2025-08-15"),
        stance("USA", "leaders_meeting", "demand", None, "2025-08-16"),
        stance("USA", "leaders_meeting", "demand", "bilateral_first", "2025-08-19", story=2, doc="d2"),
        stance("USA", "leaders_meeting", "demand", "bilateral_first", "2025-08-19", story=3, doc="d3")])
    (track,) = tracks
    assert [s.text() for s in track.shifts] == [
        "USA on leaders_meeting: demand trilateral_now -> demand bilateral_first (2 sources, 2025-08-19)"]


def test_draft_changes_and_the_written_scenario():
    base = load_scenario()
    records = [stance("RUS", "leaders_meeting", "demand", "bilateral_first", "2025-08-21", story=5),
               stance("UKR", "territory_donbas", "reject", "land_swap", "2025-08-21", story=6),
               stance("DEU", "sanctions", "demand", "more_sanctions", "2025-08-21", story=7)]
    changes = draft_changes(base, track_stances(records))
    text = [str(c) for c in changes]
    assert "+ actor DEU (Germany): 1 stance record(s)" in text
    assert "~ RUS on leaders_meeting: lower_level_first -> demands bilateral_first (1 source, 2025-08-21)" in text
    assert "= UKR on territory_donbas: rules out land_swap again (1 source, 2025-08-21)" in text  # already a red line
    drafted = apply_changes(base, changes)
    assert drafted.positions["RUS"]["leaders_meeting"].ideal == "bilateral_first"
    assert "bilateral_first" in drafted.positions["RUS"]["leaders_meeting"].acceptable
    assert "land_swap" not in (drafted.positions["UKR"]["territory_donbas"].acceptable or [])
    assert drafted.positions["DEU"]["sanctions"].ideal == "more_sanctions"
    assert drafted.positions["DEU"]["sanctions"].salience.basis.value == "estimate"
    evidence = drafted.positions["RUS"]["leaders_meeting"].evidence[-1]
    assert (evidence.source, evidence.article, str(evidence.date)) == ("Test Wire", "d1", "2025-08-21")
    assert str(drafted.scenario.as_of) == "2025-08-21"
    assert base.positions["RUS"]["leaders_meeting"].ideal == "lower_level_first"  # the base is untouched


def test_movement_of_the_results():
    base = load_scenario()
    assert movement(base, base).moved is False
    # Russia coming round to a ceasefire first moves the compromise forecast on that issue
    turned = apply_changes(base, draft_changes(base, track_stances(
        [stance("RUS", "ceasefire", "demand", "ceasefire_first", "2025-08-22")])))
    moved = movement(base, turned)
    assert moved.moved and moved.forecast_moves == {"ceasefire": ("talks_during_war", "ceasefire_first")}
    assert "forecast on ceasefire: talks_during_war -> ceasefire_first" in moved.lines()


def test_stances_draft_and_changes_commands(runner, db_url, tmp_path):
    assert runner.invoke(app, ["ingest", str(shared("corpus", "seed")), "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db_url, "--scenario", str(bundled_path()), "--json"]).exit_code == 0
    tracks = json.loads(runner.invoke(app, ["stances", "--db", db_url, "--json"]).stdout)
    assert tracks and all(t["steps"] for t in tracks)
    out = tmp_path / "drafted.toml"
    result = runner.invoke(app, ["draft", "--db", db_url, "--scenario", str(bundled_path()), "--write", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    coded = runner.invoke(app, ["draft", "--db", db_url])  # a new draft needs stances on no scenario's issues
    assert coded.exit_code == 2 and "--no-scenario" in coded.output
    assert runner.invoke(app, ["extract", "--db", db_url, "--no-scenario"]).exit_code == 0
    fresh = runner.invoke(app, ["draft", "--db", db_url, "--json", "--write", str(tmp_path / "new.toml")])
    assert fresh.exit_code == 0 and "RUS" in {a["id"] for a in json.loads(fresh.stdout)["actors"]}
    assert runner.invoke(app, ["validate", str(tmp_path / "new.toml")]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db_url, "--scenario", str(bundled_path())]).exit_code == 0
    changed = json.loads(runner.invoke(app, ["changes", "--since", "2025-08-19", "--db", db_url, "--json"]).stdout)
    assert changed["events"] and changed["stances"] and "moved" in changed["results"]
    assert runner.invoke(app, ["changes", "--since", "not-a-date", "--db", db_url]).exit_code == 2


def test_ruling_out_the_ideal_moves_it_to_the_nearest_acceptable_option():
    base = load_scenario()
    assert base.positions["USA"]["ceasefire"].ideal == "talks_during_war"
    drafted = apply_changes(base, draft_changes(base, track_stances(
        [stance("USA", "ceasefire", "reject", "talks_during_war", "2025-08-22")])))
    position = drafted.positions["USA"]["ceasefire"]
    assert position.acceptable == ["ceasefire_first"] and position.ideal == "ceasefire_first"
    # ruling out the last acceptable option is not applied: a side must accept something
    again = apply_changes(drafted, draft_changes(drafted, track_stances(
        [stance("USA", "ceasefire", "reject", "ceasefire_first", "2025-08-23")])))
    assert again.positions["USA"]["ceasefire"].acceptable == ["ceasefire_first"]


def test_a_new_actor_stands_on_what_it_accepts_and_not_on_a_rejection_alone():
    base = load_scenario()
    drafted = apply_changes(base, draft_changes(base, track_stances(
        [stance("CHE", "leaders_meeting", "accept", "bilateral_first", "2025-08-22"),
         stance("CHE", "crimea", "reject", "recognised_russian", "2025-08-22", story=2, doc="d2")])))
    assert drafted.positions["CHE"]["leaders_meeting"].ideal == "bilateral_first"
    assert "crimea" not in drafted.positions["CHE"]  # a rejection alone names no option it wants


def test_a_change_needs_a_majority_of_independent_stories_and_a_tie_is_a_conflict():
    base = load_scenario()
    # two copies of one story (story 5) that RUS accepts land_swap, and one other story that it rules it out
    records = [stance("RUS", "territory_donbas", "accept", "land_swap", "2025-08-21", story=5, doc="d1"),
               stance("RUS", "territory_donbas", "accept", "land_swap", "2025-08-21", story=5, doc="d2"),
               stance("RUS", "territory_donbas", "reject", "land_swap", "2025-08-22", story=6, doc="d3")]
    changes = draft_changes(base, track_stances(records))
    (change,) = [c for c in changes if c.issue == "territory_donbas"]
    assert str(change) == ("! RUS on territory_donbas: conflicting reports on land_swap: 1 source rules it out, "
                           "1 source wants or accepts it; nothing changed")
    assert {e["stand"] for e in change.evidence()} == {"for", "against"}
    assert apply_changes(base, changes).positions == base.positions
    # a third, independent story tips it: a majority of stories rules it out
    records.append(stance("RUS", "territory_donbas", "reject", "land_swap", "2025-08-23", story=7, doc="d4"))
    (change,) = [c for c in draft_changes(base, track_stances(records)) if c.issue == "territory_donbas"]
    assert change.mark in ("-", "=") and len(change.against) == 2
    assert "(2 sources, 1 against, 2025-08-22)" in change.text  # copies of story 5 count once


def test_every_change_shows_the_sentences_it_rests_on():
    base = load_scenario()
    (change,) = [c for c in draft_changes(base, track_stances(
        [stance("RUS", "leaders_meeting", "demand", "bilateral_first", "2025-08-21", story=5)])) if c.issue]
    assert change.lines()[1] == "    for: d1 · Test Wire · 2025-08-21: (test)"
    assert change.to_dict()["evidence"][0]["doc"] == "d1"


def test_accepting_an_option_past_the_red_line_takes_it_out_of_may_accept():
    base = load_scenario()
    position = base.positions["RUS"]["territory_donbas"]
    assert "land_swap" in position.may_accept and "land_swap" not in position.acceptable
    drafted = apply_changes(base, draft_changes(base, track_stances(
        [stance("RUS", "territory_donbas", "accept", "land_swap", "2025-08-22")])))
    assert "land_swap" in drafted.positions["RUS"]["territory_donbas"].acceptable
    assert "land_swap" not in drafted.positions["RUS"]["territory_donbas"].may_accept


def with_a_utility_table():
    """The bundled scenario with Switzerland, whose position on Crimea is a utility table."""
    from accord.scenario.load import parse_scenario

    text = bundled_path().read_text(encoding="utf-8") + """
[positions.CHE.crimea]
utilities = { contested = 1.0, de_facto_russian = 0.5, recognised_russian = 0.0 }
salience = { value = 10, basis = "estimate", rationale = "test" }
"""
    text = text.replace('[[actors]]', '[[actors]]\nid = "CHE"\nname = "Switzerland"\nkind = "state"\n'
                        'capability = { value = 1, basis = "estimate", rationale = "test" }\n\n[[actors]]', 1)
    return parse_scenario(text).scenario


def test_a_change_that_would_make_the_scenario_invalid_is_left_out_and_named():
    from accord.draft.changes import apply_checked

    base = with_a_utility_table()
    changes = draft_changes(base, track_stances([stance("CHE", "crimea", "reject", "contested", "2025-08-22")]))
    drafted, refused = apply_checked(base, changes)  # the best option by its table would lie past its red line
    assert [why for _, why in refused] and "red line" in refused[0][1]
    assert drafted.positions["CHE"]["crimea"].acceptable is None


DEV_CASES = ["armenia-azerbaijan-2025", "drc-rwanda-2025", "ukraine-2025-spring"]


@pytest.mark.parametrize("case", DEV_CASES)
def test_drafting_from_a_dev_cases_own_scenario_always_validates(case, runner, tmp_path):
    folder = shared("corpus", "dev", case)
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db, "--meta", str(folder / "meta.tsv")]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db, "--scenario", str(folder / "scenario.toml")]).exit_code == 0
    out = tmp_path / "drafted.toml"
    result = runner.invoke(app, ["draft", "--db", db, "--scenario", str(folder / "scenario.toml"), "--write", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    proposed = json.loads(result.stdout)
    assert all(change["evidence"] for change in proposed if change["issue"])  # every change shows its sentences
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    base_lines = (folder / "scenario.toml").read_text(encoding="utf-8").splitlines()
    written = out.read_text(encoding="utf-8").splitlines()
    assert [line for line in base_lines if line.lstrip().startswith("#")] == \
        [line for line in written if line.lstrip().startswith("#")]  # the base's comments are kept, in order


# An invented negotiation (these events never happened), for drafting a scenario accord has never seen.
NEW_NEGOTIATION = {
    "01.txt": "Kenya and Uganda open talks on lake fishing rights\n\nNAIROBI, March 3, 2025 - Kenya demanded a joint "
              "patrol of the lake on Monday, as talks with Uganda opened in Nairobi.\nUganda rejected a joint patrol "
              "of the lake, officials said.\nKenya also wants a shared fishing quota for the islands, the Kenyan "
              "foreign minister said.\n",
    "02.txt": "Uganda offers fishing quota deal to Kenya\n\nKAMPALA, March 5, 2025 - Uganda offered a shared fishing "
              "quota for the islands on Wednesday.\nUganda again rejected a joint patrol of the lake, saying its "
              "navy would keep sole control.\nKenya demanded the withdrawal of Ugandan police from the disputed "
              "island.\n",
    "03.txt": "Kenya insists on police withdrawal\n\nNAIROBI, March 8, 2025 - Kenya insisted on the withdrawal of "
              "Ugandan police from the disputed island on Saturday.\nUganda refused any withdrawal of Ugandan police "
              "from the island.\nKenya accepted a shared fishing quota for the islands, the ministry said.\n",
    "04.txt": "Lake talks stall over patrols\n\nENTEBBE, March 12, 2025 - Kenya demanded a joint patrol of the lake "
              "again on Wednesday.\nUganda proposed separate patrols by each navy instead.\n",
}


def test_a_newcomer_drafts_a_negotiation_accord_has_never_seen(runner, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name, text in NEW_NEGOTIATION.items():
        (news / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["ingest", str(news), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db]).exit_code == 0
    new = tmp_path / "new.toml"
    drafted = runner.invoke(app, ["draft", "--db", db, "--write", str(new), "--json"])
    assert drafted.exit_code == 0, drafted.output
    found = json.loads(drafted.stdout)
    assert {a["id"] for a in found["actors"]} == {"KEN", "UGA"} and len(found["issues"]) >= 3
    assert all(issue["defining"] for issue in found["issues"])  # each issue shows its sentences
    assert runner.invoke(app, ["validate", str(new)]).exit_code == 0
    coded = runner.invoke(app, ["extract", "--db", db, "--scenario", str(new), "--json"])
    assert coded.exit_code == 0 and json.loads(coded.stdout)["stance"] > 0
    assert runner.invoke(app, ["brief", str(new)]).exit_code == 0
    scenario = load_scenario(new)
    assert scenario.positions["UGA"][found["issues"][0]["id"]].acceptable is not None  # a red line from a rejection


def test_a_rejection_of_the_last_acceptable_option_is_reported_as_not_applied():
    from accord.draft.changes import apply_checked

    base = load_scenario()
    assert base.positions["RUS"]["territory_donbas"].acceptable == ["ukraine_withdraws"]
    changes = draft_changes(base, track_stances(
        [stance("RUS", "territory_donbas", "reject", "ukraine_withdraws", "2025-08-22")]))
    drafted, refused = apply_checked(base, changes)
    assert [why for _, why in refused] == ["it would rule out every option"]
    assert drafted.positions["RUS"]["territory_donbas"].acceptable == ["ukraine_withdraws"]


def test_older_reports_are_history_and_a_side_that_moved_is_not_a_conflict():
    base = load_scenario()
    records = [stance("UKR", "territory_donbas", "accept", "land_swap", "2025-07-01", story=1, doc="a"),
               stance("UKR", "territory_donbas", "accept", "land_swap", "2025-07-02", story=2, doc="b"),
               stance("UKR", "territory_donbas", "reject", "land_swap", "2025-08-22", story=3, doc="c")]
    (change,) = [c for c in draft_changes(base, track_stances(records)) if c.issue]
    assert change.mark in ("-", "=") and not change.against


def test_a_demand_against_a_utility_table_is_a_note_not_a_change():
    base = with_a_utility_table()
    (change,) = [c for c in draft_changes(base, track_stances(
        [stance("CHE", "crimea", "demand", "recognised_russian", "2025-08-22")])) if c.issue]
    assert change.mark == "?" and "utility table prefers contested" in change.text
    assert apply_changes(base, [change]).positions["CHE"]["crimea"] == base.positions["CHE"]["crimea"]


def test_the_skeleton_never_makes_two_options_of_the_status_quo():
    from accord.draft.skeleton import draft_skeleton

    records = [dict(kind="stance", side=side, holder=side, polarity=polarity, phrase=phrase, doc=doc, story=doc,
                    date="2025-06-01")
               for side, polarity, phrase, doc in [("KEN", "demand", "the status quo", "1"),
                                                   ("UGA", "reject", "the status quo", "2")]]
    options = [o.id for o in draft_skeleton(records).scenario.issues[0].options]
    assert len(options) == len(set(options))


def test_drafting_refuses_a_base_the_stances_are_not_coded_on_and_an_unsafe_target(runner, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name, text in NEW_NEGOTIATION.items():
        (news / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["ingest", str(news), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db]).exit_code == 0  # no scenario: stances on no issue
    result = runner.invoke(app, ["draft", "--db", db, "--scenario", str(bundled_path())])
    assert result.exit_code == 2 and "extract with this scenario first" in result.output
    edited = tmp_path / "edited.toml"
    edited.write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", "--db", db, "--write", str(edited)])
    assert result.exit_code == 2 and "--force" in result.output and edited.read_text() == "# mine\n"
    assert runner.invoke(app, ["draft", "--db", db, "--write", str(edited), "--force"]).exit_code == 0
    assert runner.invoke(app, ["draft", "--db", db, "--write", str(tmp_path / "new.yaml")]).exit_code == 2


def test_a_side_that_speaks_in_one_story_only_holds_no_position_and_a_name_is_no_issue_word():
    from accord.draft.skeleton import draft_skeleton

    rows = [("EGY", "demand", "a slow filling of the dam", "1"), ("ETH", "reject", "a slow filling of the dam", "2"),
            ("ETH", "demand", "a fast filling of the dam", "3"), ("EGY", "reject", "a fast filling of the dam", "4"),
            ("KEN", "accept", "a slow filling of the dam", "4"),
            ("EGY", "demand", "talks with Zelenskiy", "1"), ("ETH", "reject", "Zelenskiy-style talks", "2")]
    records = [dict(kind="stance", side=side, holder=side, polarity=polarity, phrase=phrase, doc=doc, story=doc,
                    date="2025-06-01") for side, polarity, phrase, doc in rows]
    scenario = draft_skeleton(records).scenario
    assert [a.id for a in scenario.actors] == ["EGY", "ETH"] and "KEN" not in scenario.positions
    assert [i.id for i in scenario.issues] == ["filling"]  # "talks with Zelenskiy" is about nothing contested
