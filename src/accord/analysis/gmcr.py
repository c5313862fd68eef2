"""Conflict stability with the Graph Model for Conflict Resolution (GMCR).

Written from the published definitions (Fang, Hipel & Kilgour, *Interactive
Decision Making: The Graph Model for Conflict Resolution*, Wiley, 1993;
Fang, Hipel & Kilgour, "Conflict models in graph form: solution concepts and
their interrelationships", EJOR 41, 1989). For decision maker i at state s,
with R_i(s) its unilateral moves, R_i^+(s) its unilateral improvements,
H = N - {i} the others, R_H and R_H^+ the states they reach by legal
sequences of moves (improvements), no one moving twice in a row, and
``t <=_i s`` meaning i does not prefer t to s:

- **Nash**: R_i^+(s) is empty.
- **GMR** (general metarationality): every s1 in R_i^+(s) can be answered by
  some s2 in R_H(s1) with s2 <=_i s.
- **SMR** (symmetric metarationality): as GMR, and moreover every s3 in
  R_i(s2) has s3 <=_i s (i cannot escape the sanction).
- **SEQ** (sequential stability): as GMR, but the sanction s2 must be in
  R_H^+(s1), made of moves the others gain by.
- **SIM** (simultaneous sanctioning): every s1 in R_i^+(s) is answered by
  moves the others make at the same time from s, whose combination with i's
  move is a feasible state t with t <=_i s.

A state is an *equilibrium* under a concept when it is stable for every
decision maker. Preferences come from option prioritisation: statement k of L
(most important first) adds 2^(L-1-k) to a state's score when it holds.
States are numbered 1, 2, ... in order of sum_k x_k 2^k over the options in
the order they are listed, as GMCR software numbers them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from accord.errors import AccordError
from accord.scenario.conflict import ConflictModel, evaluate
from accord.tables import HtmlRepr

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")
MAX_OPTIONS = 14


@dataclass(frozen=True)
class StateSpace:
    """Feasible states, moves and preferences as arrays."""

    model: ConflictModel
    states: np.ndarray          # [S, O] bool, feasible states in decimal order
    numbers: np.ndarray         # [S] state numbers 1..S
    owner: np.ndarray           # [O] index of the decision maker controlling each option
    score: np.ndarray           # [N, S] option-prioritisation scores
    moves: np.ndarray           # [N, S, S] bool: R_i
    improvements: np.ndarray    # [N, S, S] bool: R_i^+

    def describe(self, state: int) -> str:
        if self.model.graph_form:
            return str(self.states[state, 0])
        taken = [o for o, on in zip(self.model.option_ids, self.states[state]) if on]
        return ", ".join(taken) if taken else "no option taken"


def _graph_space(model: ConflictModel) -> StateSpace:
    count = len(model.states)
    order = sorted(model.states, key=lambda s: s.number)
    score = np.zeros((len(model.decision_makers), count), dtype=np.int64)
    moves = np.zeros((len(model.decision_makers), count, count), dtype=bool)
    for d, dm in enumerate(model.decision_makers):
        for rank, item in enumerate(dm.ranking):
            for state in (item if isinstance(item, list) else [item]):
                score[d, state - 1] = len(dm.ranking) - rank
        for before, after in dm.moves:
            moves[d, before - 1, after - 1] = True
    improvements = moves & (score[:, None, :] > score[:, :, None])
    labels = np.array([s.label for s in order], dtype=object)[:, None]
    return StateSpace(model, labels, np.arange(1, count + 1), np.zeros(0, dtype=int), score, moves, improvements)


def state_space(model: ConflictModel) -> StateSpace:
    if model.graph_form:
        return _graph_space(model)
    option_ids = model.option_ids
    if len(option_ids) > MAX_OPTIONS:
        raise AccordError(f"{len(option_ids)} options give too many states; at most {MAX_OPTIONS} are supported")
    count = len(option_ids)
    decimal = np.arange(2 ** count)
    states = ((decimal[:, None] >> np.arange(count)[None, :]) & 1).astype(bool)
    columns = {o: states[:, k] for k, o in enumerate(option_ids)}
    feasible = np.ones(len(states), dtype=bool)
    for formula in model.infeasible:
        feasible &= ~evaluate(formula, columns)
    states = states[feasible]
    columns = {o: states[:, k] for k, o in enumerate(option_ids)}
    owner = np.array([d for d, dm in enumerate(model.decision_makers) for _ in dm.options])
    score = np.stack([_scores(dm.preferences, columns) for dm in model.decision_makers])
    moves = np.stack([_moves(model, states, owner == d) for d in range(len(model.decision_makers))])
    improvements = moves & (score[:, None, :] > score[:, :, None])
    return StateSpace(model, states, np.arange(1, len(states) + 1), owner, score, moves, improvements)


def _scores(statements: list[str], columns: dict[str, np.ndarray]) -> np.ndarray:
    count = len(statements)
    return sum(evaluate(text, columns).astype(np.int64) << (count - 1 - k) for k, text in enumerate(statements))


def _moves(model: ConflictModel, states: np.ndarray, controlled: np.ndarray) -> np.ndarray:
    """[S, S] can the decision maker owning ``controlled`` options move from row to column state?"""
    same_elsewhere = (states[:, None, ~controlled] == states[None, :, ~controlled]).all(axis=2)
    different = (states[:, None, controlled] != states[None, :, controlled]).any(axis=2)
    allowed = same_elsewhere & different
    options = [o for dm in model.decision_makers for o in dm.options]
    for k, option in enumerate(options):
        if not controlled[k] or option.irreversible == "none":
            continue
        before, after = states[:, None, k], states[None, :, k]
        allowed &= ~(before & ~after) if option.irreversible == "forward" else ~(~before & after)
    return allowed


def coalition_reach(adjacency: np.ndarray) -> np.ndarray:
    """[S, S] states a coalition reaches by legal sequences of its members' moves (adjacency [M, S, S]).

    A legal sequence never has the same member move twice in a row
    (Fang, Hipel & Kilgour 1993, ch. 3).
    """
    last = adjacency.copy()  # last[j][s, t]: t reachable from s by a legal sequence whose last mover is j
    if len(adjacency) < 2:
        return last.any(axis=0)
    while True:
        grown = last.copy()
        for j in range(len(adjacency)):
            before = np.delete(last, j, axis=0).any(axis=0)  # sequences ending with someone else
            grown[j] |= (before.astype(np.int64) @ adjacency[j].astype(np.int64)) > 0
        if (grown == last).all():
            return last.any(axis=0)
        last = grown


def _sim_answers(space: StateSpace, i: int, s: int) -> list[int]:
    """States t made by the others' simultaneous moves from s (at least one moves)."""
    others = [j for j in range(len(space.model.decision_makers)) if j != i]
    choices = [[s] + list(np.flatnonzero(space.moves[j, s])) for j in others]
    answers = []
    for combination in np.array(np.meshgrid(*choices)).T.reshape(-1, len(others)):
        if (combination == s).all():
            continue
        answers.append([(j, t) for j, t in zip(others, combination)])
    return answers


def _combine(space: StateSpace, base: int, parts: list[tuple[int, int]]) -> int | None:
    """The state where each decision maker j takes its options from state t_j; None if infeasible."""
    target = space.states[base].copy()
    for j, t in parts:
        target[space.owner == j] = space.states[t][space.owner == j]
    match = np.flatnonzero((space.states == target).all(axis=1))
    return int(match[0]) if len(match) else None


def stability(space: StateSpace) -> dict[str, np.ndarray]:
    """For each concept, [N, S] bool: is state s stable for decision maker i?"""
    n_dms, n_states = space.score.shape
    result = {c: np.zeros((n_dms, n_states), dtype=bool) for c in CONCEPTS}
    for i in range(n_dms):
        others = [j for j in range(n_dms) if j != i]
        reach = coalition_reach(space.moves[others])
        reach_up = coalition_reach(space.improvements[others])
        no_better = space.score[i][None, :] <= space.score[i][:, None]  # [s, t]: t <=_i s
        for s in range(n_states):
            ups = np.flatnonzero(space.improvements[i, s])
            result["nash"][i, s] = len(ups) == 0
            sanction = reach[ups] & no_better[s][None, :]
            result["gmr"][i, s] = sanction.any(axis=1).all()
            strong = sanction & ~(space.moves[i] & ~no_better[s][None, :]).any(axis=1)[None, :]
            result["smr"][i, s] = strong.any(axis=1).all()
            result["seq"][i, s] = (reach_up[ups] & no_better[s][None, :]).any(axis=1).all()
            result["sim"][i, s] = not space.model.graph_form and all(_sim_blocked(space, i, s, s1) for s1 in ups)
    return result


def _sim_blocked(space: StateSpace, i: int, s: int, s1: int) -> bool:
    for parts in _sim_answers(space, i, s):
        t = _combine(space, s1, parts)
        if t is not None and space.score[i, t] <= space.score[i, s]:
            return True
    return False


@dataclass(frozen=True)
class StabilityResult(HtmlRepr):
    """Stable states per decision maker and concept, equilibria, and paths from the status quo."""

    space: StateSpace
    stable: dict[str, np.ndarray]
    status_quo: int | None
    paths: dict[int, list[tuple[str, int, int]]]

    @property
    def concepts(self) -> tuple[str, ...]:
        """SIM needs options to combine moves, so models in graph form have the other four."""
        return CONCEPTS[:-1] if self.space.model.graph_form else CONCEPTS

    def equilibria(self, concept: str) -> list[int]:
        """State numbers stable for every decision maker under ``concept``."""
        return [int(n) for n in self.space.numbers[self.stable[concept].all(axis=0)]]

    def _step(self, mover: str, before: int, after: int) -> dict:
        space = self.space
        return {"mover": mover, "from": int(space.numbers[before]), "to": int(space.numbers[after]),
                "improves": _improves(space, mover, before, after)}

    def to_dict(self) -> dict:
        space = self.space
        return {
            "model": space.model.model.id,
            "states": [{"number": int(n), "options": space.describe(k),
                        "scores": {dm.id: int(space.score[d, k]) for d, dm in enumerate(space.model.decision_makers)}}
                       for k, n in enumerate(space.numbers)],
            "status_quo": int(space.numbers[self.status_quo]) if self.status_quo is not None else None,
            "equilibria": {c: self.equilibria(c) for c in self.concepts},
            "stable": {c: {dm.id: [int(n) for n in space.numbers[self.stable[c][d]]]
                           for d, dm in enumerate(space.model.decision_makers)} for c in self.concepts},
            "paths": {str(int(space.numbers[e])): [self._step(m, a, b) for m, a, b in path]
                      for e, path in self.paths.items()},
        }


def _improves(space: StateSpace, mover: str, before: int, after: int) -> bool:
    d = [dm.id for dm in space.model.decision_makers].index(mover)
    return bool(space.score[d, after] > space.score[d, before])


def _status_quo(space: StateSpace) -> int | None:
    if space.model.graph_form:
        return space.model.status_quo_state - 1 if space.model.status_quo_state else None
    wanted = np.array([o in space.model.model.status_quo for o in space.model.option_ids])
    match = np.flatnonzero((space.states == wanted).all(axis=1))
    return int(match[0]) if len(match) else None


def _path(space: StateSpace, start: int, goal: int) -> list[tuple[str, int, int]]:
    """Shortest sequence of unilateral improvements from start to goal (else of any unilateral moves)."""
    for graph in (space.improvements, space.moves):
        previous = {start: None}
        queue = deque([start])
        while queue:
            here = queue.popleft()
            if here == goal:
                steps = []
                while previous[here] is not None:
                    mover, before = previous[here]
                    steps.append((space.model.decision_makers[mover].id, before, here))
                    here = before
                return steps[::-1]
            for mover in range(len(graph)):
                for there in np.flatnonzero(graph[mover, here]):
                    if int(there) not in previous:
                        previous[int(there)] = (mover, here)
                        queue.append(int(there))
    return []


def analyse_conflict(model: ConflictModel) -> StabilityResult:
    """Stability of every state for every decision maker under Nash, GMR, SMR, SEQ and SIM.

    >>> from accord.scenario.conflict import ConflictModel
    >>> pd = ConflictModel.model_validate({
    ...     "model": {"id": "pd", "title": "Prisoner's Dilemma"},
    ...     "decision_makers": [
    ...         {"id": "A", "name": "A", "options": [{"id": "a", "label": "A defects"}], "preferences": ["-b", "a"]},
    ...         {"id": "B", "name": "B", "options": [{"id": "b", "label": "B defects"}], "preferences": ["-a", "b"]}]})
    >>> result = analyse_conflict(pd)
    >>> result.equilibria("nash"), result.equilibria("gmr")
    ([4], [1, 4])
    """
    space = state_space(model)
    stable = stability(space)
    start = _status_quo(space)
    paths = {}
    if start is not None:
        for concept in CONCEPTS[:-1] if model.graph_form else CONCEPTS:
            for state in np.flatnonzero(stable[concept].all(axis=0)):
                paths.setdefault(int(state), _path(space, start, int(state)))
    return StabilityResult(space, stable, start, paths)
