"""Writing a changed scenario back into its own file: the round trip holds and the diff shows only the change."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.draft.toml_update import update_scenario_text, write_scenario_update
from accord.errors import AccordError
from accord.scenario.bundled import bundled_path
from accord.scenario.load import parse_scenario
from accord.scenario.model import Actor, Evidence, Position, Scenario
from tests.conftest import TINY, shared

DEV_CASES = ["armenia-azerbaijan-2025", "drc-rwanda-2025", "ukraine-2025-spring"]


def scenario_text(case: str) -> str:
    path = bundled_path() if case == "bundled" else shared("corpus", "dev", case, "scenario.toml")
    return Path(path).read_text(encoding="utf-8")


CASES = ["bundled", "tiny", *DEV_CASES]


def text_of(case: str) -> str:
    return TINY if case == "tiny" else scenario_text(case)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) by a line diff from ``before`` to ``after``. Without autojunk: difflib
    would otherwise ignore lines as common as ``evidence = [`` and report them changed."""
    old, new = before.splitlines(), after.splitlines()
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    removed = [line for tag, i1, i2, _, _ in opcodes if tag != "equal" for line in old[i1:i2]]
    added = [line for tag, _, _, j1, j2 in opcodes if tag != "equal" for line in new[j1:j2]]
    return removed, added


def reads_back(text: str, scenario: Scenario) -> bool:
    return parse_scenario(text).scenario == scenario


# --- the edits the brief names, on every real scenario --------------------------------------------------


def append_actor(s: Scenario) -> None:
    s.actors.append(Actor(id="NEWCOMER", name="A newcomer", kind="state", aliases=["Newland"],
                          capability={"value": 15, "basis": "estimate", "rationale": "test"}))


def add_position(s: Scenario) -> None:
    actor = next(a for a in s.positions if any(i.id not in s.positions[a] for i in s.issues))
    issue = next(i for i in s.issues if i.id not in s.positions[actor])
    s.positions[actor][issue.id] = Position(
        ideal=issue.options[0].id, salience={"value": 35, "rationale": "test"},
        evidence=[Evidence(source="Test Wire", date=dt.date(2025, 9, 1), paraphrase="A test report.")])


def first_spatial_position(s: Scenario) -> Position:
    return next(p for by_issue in s.positions.values() for p in by_issue.values() if p.ideal)


def issue_of(s: Scenario, position: Position):
    return next(s.issue(i) for by_issue in s.positions.values() for i, p in by_issue.items() if p is position)


def change_ideal_and_acceptable(s: Scenario) -> None:
    position = first_spatial_position(s)
    other = next(o.id for o in issue_of(s, position).options if o.id != position.ideal)
    position.ideal = other
    position.acceptable = [other]
    position.may_accept = {}


def append_evidence(s: Scenario) -> None:
    first_spatial_position(s).evidence += [Evidence(source="Wire A", paraphrase="One more report."),
                                           Evidence(source="Wire B", date=dt.date(2025, 9, 2), quote="we agree")]


def change_as_of(s: Scenario) -> None:
    s.scenario.as_of = dt.date(2026, 1, 31)


EDITS = [append_actor, add_position, change_ideal_and_acceptable, append_evidence, change_as_of]
# How many of the file's lines each edit may change: a new ideal also rewrites the red line and may_accept,
# and evidence written on one line (as in TINY) is that line rewritten.
LINES_CHANGED = {append_actor: 0, add_position: 0, change_ideal_and_acceptable: 3, append_evidence: 1,
                 change_as_of: 1}


@pytest.mark.parametrize("case", CASES)
def test_an_unchanged_scenario_gives_the_same_bytes(case):
    text = text_of(case)
    assert update_scenario_text(text, parse_scenario(text).scenario) == text


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
@pytest.mark.parametrize("case", CASES)
def test_each_edit_reads_back_and_keeps_every_comment(case, edit):
    text = text_of(case)
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    edit(scenario)
    updated = update_scenario_text(text, scenario)
    assert reads_back(updated, scenario)
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in updated.splitlines() if line.lstrip().startswith("#")] == comments
    removed, added = changed_lines(text, updated)
    assert len(removed) <= LINES_CHANGED[edit] and added


@pytest.mark.parametrize("case", CASES)
def test_all_edits_at_once_read_back(case):
    text = text_of(case)
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    for edit in EDITS:
        edit(scenario)
    assert reads_back(update_scenario_text(text, scenario), scenario)


def test_a_changed_position_changes_only_its_own_lines():
    text = scenario_text("bundled")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    position = scenario.positions["RUS"]["crimea"]
    position.ideal = "de_facto_russian"
    position.salience.value = 65
    position.evidence.append(Evidence(source="Test Wire", date=dt.date(2025, 9, 1), paraphrase="A test report."))
    updated = update_scenario_text(text, scenario)
    removed, added = changed_lines(text, updated)
    assert removed == ['ideal = "recognised_russian"', text.splitlines()[text.splitlines().index(
        "[positions.RUS.crimea]") + 5]]
    assert added[0] == 'ideal = "de_facto_russian"' and added[1].startswith("salience = { value = 65, range = [55, 85]")
    assert added[2] == '  { source = "Test Wire", date = 2025-09-01, paraphrase = "A test report." },'
    assert len(added) == 3


def test_a_new_actor_comes_after_the_last_actor_before_the_issues_comment():
    text = scenario_text("bundled")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    append_actor(scenario)
    lines = update_scenario_text(text, scenario).splitlines()
    new = lines.index('id = "NEWCOMER"')
    assert lines[new - 2:new] == ["", "[[actors]]"]
    assert lines.index('id = "NATO"') < new < next(i for i, line in enumerate(lines) if line.startswith("# --- issues"))
    assert lines[new + 5:new + 7] == ["", "# --- issues " + "-" * 69]


def test_a_new_position_follows_its_actors_other_positions():
    text = scenario_text("bundled")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    add_position(scenario)  # Russia has no position on eu_membership; its tables come first in the file
    lines = update_scenario_text(text, scenario).splitlines()
    new = lines.index("[positions.RUS.eu_membership]")
    assert lines.index("[positions.RUS.leaders_meeting]") < new < lines.index("# --- positions: Ukraine " + "-" * 59)
    assert lines[new - 1] == "" and lines[new + 6] == ""


def test_removing_the_last_actor_keeps_the_comment_that_heads_the_issues():
    text = scenario_text("bundled")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    scenario.actors.pop()  # NATO, whose table holds the "# --- issues" comment
    del scenario.positions["NATO"]
    del scenario.no_deal.utilities["NATO"]
    updated = update_scenario_text(text, scenario)
    assert reads_back(updated, scenario)
    for heading in ("# --- issues", "# --- conditions", "# --- no deal"):
        assert heading in updated
    removed, added = changed_lines(text, updated)
    # The heading of NATO's positions goes with them; every other comment stays.
    assert [line for line in removed if line.startswith("#")] == ["# --- positions: NATO " + "-" * 62]
    assert added == []


def test_issues_appended_after_no_deal_stay_where_the_file_puts_them():
    # This file adds three [[issues]] after [no_deal]; tomlkit alone would move them up on any edit.
    text = scenario_text("ukraine-2025-spring")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    scenario.issue("black_sea").title = "The Black Sea"
    scenario.positions["RUS"]["crimea"].ideal = "de_facto_russian"
    scenario.issues.append(scenario.issue("military_aid").model_copy(update={"id": "aid_two"}))
    updated = update_scenario_text(text, scenario)
    assert reads_back(updated, scenario)
    removed, added = changed_lines(text, updated)
    assert removed == ['ideal = "recognised_russian"', 'title = "Safety of navigation in the Black Sea"']
    assert updated.rindex('id = "aid_two"') > updated.index("[no_deal.utilities.NATO]")


def test_positions_split_across_the_file_are_edited_where_they_are():
    # M's position comes after the conditions: tomlkit reads [positions] as a table in two parts.
    head, position = TINY.split("[positions.M.aid]\n")
    position, tail = position.split("\n[[conditions]]", 1)
    text = f"{head}[[conditions]]{tail}\n[positions.M.aid]\n{position}"
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    scenario.positions["M"]["aid"].salience.value = 35
    del scenario.positions["S"]["aid"]
    scenario.positions["M"]["border"] = Position(ideal="middle_line", salience={"value": 10, "rationale": "test"})
    updated = update_scenario_text(text, scenario)
    assert reads_back(updated, scenario)
    assert updated.index("salience = { value = 35") > updated.index("[no_deal]")
    assert "[positions.S.aid]" not in updated


def test_inline_tables_stay_inline_and_a_bare_number_becomes_one():
    text = TINY.replace('capability = { value = 40, basis = "estimate", rationale = "test" }', "capability = 40")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    scenario.no_deal.utilities["S"].value = 0.15
    scenario.actor("S").capability.rationale = "now explained"
    updated = update_scenario_text(text, scenario)
    assert reads_back(updated, scenario)
    removed, added = changed_lines(text, updated)
    utilities = 'utilities = { N = { value = 0.2, rationale = "test" }, S = { value = 0.15, rationale = "test" } }'
    assert added == ['capability = { value = 40, rationale = "now explained" }', utilities]
    assert len(removed) == 2


def test_a_removed_key_leaves_no_stray_commas():
    text = scenario_text("bundled")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    scenario.actor("USA").capability.range = None
    updated = update_scenario_text(text, scenario)
    _, added = changed_lines(text, updated)
    assert added == ['capability = { value = 100, basis = "estimate", rationale = "Mediator with the largest '
                     'military and economic leverage over both warring sides." }']


def test_an_invalid_scenario_is_not_written():
    text = scenario_text("bundled")
    scenario = parse_scenario(text).scenario.model_copy(deep=True)
    scenario.positions["RUS"]["crimea"].salience.value = 10  # outside its range [55, 85]: assignment skips the check
    with pytest.raises(AccordError, match="is not valid"):
        update_scenario_text(text, scenario)


def test_write_scenario_update_replaces_the_file(tmp_path):
    path = tmp_path / "scenario.toml"
    path.write_text(TINY, encoding="utf-8")
    scenario = parse_scenario(TINY).scenario.model_copy(deep=True)
    change_as_of(scenario)
    assert write_scenario_update(path, scenario) == path
    assert reads_back(path.read_text(encoding="utf-8"), scenario)
    assert not (tmp_path / "scenario.toml.tmp").exists()
    with pytest.raises(AccordError, match="cannot be read: Is a directory"):
        write_scenario_update(tmp_path, scenario)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "scenario.toml").write_text(TINY, encoding="utf-8")
    (tmp_path / "locked" / "scenario.toml.tmp").mkdir()  # the temporary file cannot be made
    with pytest.raises(AccordError, match="cannot be written"):
        write_scenario_update(tmp_path / "locked" / "scenario.toml", scenario)


# --- random edits: every one reads back, and each touches one line ------------------------------------


def _bundled() -> tuple[str, Scenario]:
    text = scenario_text("bundled")
    return text, parse_scenario(text).scenario


BUNDLED_TEXT, BUNDLED = _bundled()
SPATIAL = [(a, i) for a, by_issue in BUNDLED.positions.items() for i, p in by_issue.items() if p.ideal]


@st.composite
def one_line_edits(draw):
    """A list of edits, each of which changes one line of the file (a new ideal: up to three)."""
    kinds = st.sampled_from(["ideal", "salience", "drop_evidence", "alias", "title", "no_deal"])
    return draw(st.lists(st.tuples(kinds, st.sampled_from(SPATIAL), st.integers(0, 1000)), max_size=6))


def apply_edit(s: Scenario, kind: str, where: tuple[str, str], n: int) -> None:
    actor, issue = where
    position = s.positions[actor][issue]
    if kind == "ideal":
        position.ideal = s.issue(issue).options[n % len(s.issue(issue).options)].id
        position.acceptable, position.may_accept = None, {}
    elif kind == "salience":
        low, high = position.salience.range or (0, 100)
        position.salience.value = low + (high - low) * (n % 101) / 100
    elif kind == "drop_evidence" and len(position.evidence) > 1:  # the last one would take evidence = [ ] away
        position.evidence.pop(n % len(position.evidence))
    elif kind == "alias":
        s.actor(actor).aliases.append(f"alias {n}")
    elif kind == "title":
        s.issue(issue).title = f"Issue {n} with a \"quote\" and \u00e9"
    elif kind == "no_deal" and actor in s.no_deal.utilities:
        s.no_deal.utilities[actor].value = n / 1000


@settings(max_examples=40, deadline=None)
@given(one_line_edits())
def test_random_edits_read_back_and_touch_only_their_lines(edits):
    scenario = BUNDLED.model_copy(deep=True)
    for edit in edits:
        apply_edit(scenario, *edit)
    updated = update_scenario_text(BUNDLED_TEXT, scenario)
    assert Scenario.model_validate(tomllib.loads(updated)) == scenario
    removed, added = changed_lines(BUNDLED_TEXT, updated)
    most = sum(3 if kind == "ideal" else 1 for kind, _, _ in edits)
    assert len(removed) <= most and len(added) <= most
