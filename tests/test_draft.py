"""Stance tracking, scenario drafting and what changed, from stance records."""

from __future__ import annotations

import json

from accord.analysis.movement import movement
from accord.cli import app
from accord.extract.tracking import track_stances
from accord.scenario import bundled_path, load_scenario
from accord.draft.changes import apply_changes, draft_changes, draft_scenario
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


def test_a_new_scenario_from_the_news_alone():
    records = [stance("RUS", "crimea", "demand", "recognised_russian", "2025-08-20"),
               stance("UKR", "crimea", "reject", "recognised_russian", "2025-08-20", story=2)]
    drafted = draft_scenario(track_stances(records), load_scenario())
    assert [a.id for a in drafted.actors] == ["RUS", "UKR"] and [i.id for i in drafted.issues] == ["crimea"]
    assert drafted.positions["RUS"]["crimea"].ideal == "recognised_russian"
    assert all(a.capability.basis.value == "estimate" for a in drafted.actors)


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
    fresh = runner.invoke(app, ["draft", "--db", db_url, "--json"])
    assert fresh.exit_code == 0 and any(line.startswith("+ actor RUS") for line in json.loads(fresh.stdout))
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
