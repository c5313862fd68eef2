"""GMCR stability against the textbook games (Fang, Hipel & Kilgour 1993)."""

from __future__ import annotations

import numpy as np

from accord.analysis.gmcr import analyse_conflict, coalition_reach
from accord.scenario.conflict import ConflictModel


def two_by_two(a_prefs: list[str], b_prefs: list[str], status_quo=()) -> ConflictModel:
    return ConflictModel.model_validate({
        "model": {"id": "game", "title": "2x2", "status_quo": list(status_quo)},
        "decision_makers": [
            {"id": "A", "name": "A", "options": [{"id": "a", "label": "A's option"}], "preferences": a_prefs},
            {"id": "B", "name": "B", "options": [{"id": "b", "label": "B's option"}], "preferences": b_prefs}],
    })


def states(result, concept):
    """Equilibria as sets of taken options."""
    space = result.space
    return {space.describe(int(np.flatnonzero(space.numbers == n)[0])) for n in result.equilibria(concept)}


def test_prisoners_dilemma():
    # a, b: the prisoner defects. Each most wants the other to cooperate, then to defect itself.
    result = analyse_conflict(two_by_two(["-b", "a"], ["-a", "b"]))
    assert states(result, "nash") == {"a, b"}
    for concept in ("gmr", "smr", "seq"):
        assert states(result, concept) == {"a, b", "no option taken"}, concept


def test_chicken():
    # a, b: the driver swerves. Best: the other swerves and I drive straight; worst: both straight.
    result = analyse_conflict(two_by_two(["b", "-a iff b"], ["a", "-b iff a"]))
    one_swerves = {"a", "b"}
    assert states(result, "nash") == one_swerves
    assert states(result, "seq") == one_swerves
    assert states(result, "gmr") == one_swerves | {"a, b"}
    assert states(result, "smr") == one_swerves | {"a, b"}


def test_scores_follow_option_prioritisation():
    result = analyse_conflict(two_by_two(["-b", "a"], ["-a", "b"]))
    # states 1..4 are (none), (a), (b), (a, b); A's scores 2, 3, 0, 1
    assert result.space.score[0].tolist() == [2, 3, 0, 1]


def test_irreversible_option_removes_moves():
    model = ConflictModel.model_validate({
        "model": {"id": "x", "title": "x"},
        "decision_makers": [
            {"id": "A", "name": "A", "options": [{"id": "a", "label": "a", "irreversible": "forward"}], "preferences": ["-a"]},
            {"id": "B", "name": "B", "options": [{"id": "b", "label": "b"}], "preferences": ["b"]}],
    })
    result = analyse_conflict(model)
    # A would like to drop a, but cannot once it is taken: (a) and (a, b) are Nash-stable for A.
    assert result.stable["nash"][0].tolist() == [True, True, True, True]


def test_coalition_moves_alternate():
    # Two members on a 3-state line 0 -> 1 -> 2, each able to make only one of the moves.
    first = np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]], dtype=bool)
    second = np.array([[0, 0, 0], [0, 0, 1], [0, 0, 0]], dtype=bool)
    assert coalition_reach(np.stack([first, second]))[0].tolist() == [False, True, True]
    # One member cannot chain its own moves.
    both = first | second
    assert coalition_reach(both[None])[0].tolist() == [False, True, False]


def test_paths_from_the_status_quo():
    result = analyse_conflict(two_by_two(["-b", "a"], ["-a", "b"]))  # status quo: both cooperate
    path = result.paths[3]  # state 4 (both defect) is index 3
    assert [step[0] for step in path] in (["A", "B"], ["B", "A"])


def test_elmira_equilibria_match_the_literature():
    """Elmira (Fang, Hipel & Kilgour 1993; nine-state form of Xu, Hipel & Kilgour 2009).

    Reported equilibria: states 5, 8 and 9 under Nash and SEQ; GMR and SMR add states 1 and 4.
    State 8 (modify, accept, insist) is how the dispute actually ended.
    """
    from pathlib import Path

    from accord.scenario.conflict import load_conflict

    result = analyse_conflict(load_conflict(Path(__file__).parent / "data" / "elmira.toml"))
    assert result.equilibria("nash") == [5, 8, 9]
    assert result.equilibria("seq") == [5, 8, 9]
    assert result.equilibria("gmr") == [1, 4, 5, 8, 9]
    assert result.equilibria("smr") == [1, 4, 5, 8, 9]
    assert "sim" not in result.concepts  # graph form has no options to combine
    assert result.status_quo == 0
