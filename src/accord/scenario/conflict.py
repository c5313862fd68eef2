"""The conflict model format for stability analysis (the Graph Model for Conflict Resolution).

Decision makers each control binary options; a state says which options are
taken. Some combinations are infeasible, some options cannot be reversed once
taken (or once dropped), and each decision maker ranks states by *option
prioritisation*: an ordered list of statements about options, most important
first (Fang, Hipel, Kilgour & Peng, "A decision support system for interactive
decision making, part I", IEEE Trans. SMC-C 33, 2003).

A statement is a formula over option ids: ``x``, ``-x`` or ``not x``, ``x & y``,
``x | y``, ``x -> y`` (if x then y), ``x iff y``, with parentheses.

Example (TOML)::

    [model]
    id = "prisoners-dilemma"
    title = "Prisoner's Dilemma"
    status_quo = []

    [[decision_makers]]
    id = "A"
    name = "Prisoner A"
    options = [{ id = "a_defects", label = "A defects" }]
    preferences = ["-b_defects", "a_defects"]
"""

from __future__ import annotations

import re
import reprlib
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from accord.scenario.model import Evidence, Identifier, _Strict


class ConflictOption(_Strict):
    id: Identifier
    label: str = Field(min_length=1)
    irreversible: Literal["none", "forward", "backward"] = Field(
        "none", description="forward: once taken it cannot be dropped; backward: once dropped it cannot be taken")


class DecisionMaker(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    options: list[ConflictOption] = Field(min_length=1)
    # At most 63: the analysis scores a state by one int64 bit per statement, and more would overflow silently.
    preferences: list[str] = Field(min_length=1, max_length=63,
                                   description="option prioritisation, most important first")
    evidence: list[Evidence] = Field(default_factory=list)


class ConflictMeta(_Strict):
    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    status_quo: list[str] = Field(default_factory=list, description="the options taken at the status quo")


class GraphState(_Strict):
    number: int = Field(ge=1)
    label: str = Field(min_length=1)


class GraphDecisionMaker(_Strict):
    """A decision maker of a model given directly in graph form: its moves and its ranking of states."""

    id: Identifier
    name: str = Field(min_length=1)
    moves: list[tuple[int, int]] = Field(default_factory=list, description="[from, to] state numbers")
    ranking: list[int | list[int]] = Field(min_length=1, description="states, most preferred first; a list is a tie")
    evidence: list[Evidence] = Field(default_factory=list)


class ConflictModel(_Strict):
    """A graph model of a conflict, in option form (options and preference statements) or graph form.

    Graph form gives ``states``, and each decision maker's ``moves`` and
    ``ranking`` directly, as published models often do.
    """

    model: ConflictMeta
    decision_makers: list[DecisionMaker] | list[GraphDecisionMaker] = Field(min_length=2)
    infeasible: list[str] = Field(default_factory=list, description="formulas: states where one holds are infeasible")
    states: list[GraphState] = Field(default_factory=list, description="graph form only: the states")
    status_quo_state: int | None = Field(None, description="graph form only: the status quo's state number")

    @model_validator(mode="after")
    def _one_form(self) -> ConflictModel:
        graph = [isinstance(dm, GraphDecisionMaker) for dm in self.decision_makers]
        if self.states and not all(graph):
            raise ValueError("a model with states is in graph form: decision makers need moves and a ranking")
        if not self.states and any(graph):
            raise ValueError("decision makers with moves and a ranking need the model's states")
        return self

    @property
    def graph_form(self) -> bool:
        return bool(self.states)

    @property
    def option_ids(self) -> list[str]:
        return [o.id for dm in self.decision_makers for o in getattr(dm, "options", [])]


# --- formulas ------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(->|<->|iff\b|not\b|and\b|or\b|[()&|\-!~]|[A-Za-z0-9_.]+)")
MAX_NESTING = 50  # brackets, negations and chained -> recurse; far deeper input would overflow Python's stack


class FormulaError(ValueError):
    pass


def tokenize(text: str) -> list[str]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise FormulaError(f"cannot read {text[position:]!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def evaluate(text: str, columns: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluate a formula over option columns (bool arrays), vectorised over states.

    >>> evaluate("a & -b", {"a": np.array([True, True]), "b": np.array([False, True])}).tolist()
    [True, False]
    """
    tokens = tokenize(text)
    position = depth = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def nested(parse):
        nonlocal depth
        depth += 1
        if depth > MAX_NESTING:
            raise FormulaError(f"the formula nests more than {MAX_NESTING} levels deep")
        try:
            return parse()
        finally:
            depth -= 1

    def equivalence():
        left = implication()
        while peek() in ("iff", "<->"):
            take()
            left = left == implication()
        return left

    def implication():
        left = disjunction()
        if peek() == "->":
            take()
            return ~left | nested(implication)
        return left

    def disjunction():
        left = conjunction()
        while peek() in ("|", "or"):
            take()
            left = left | conjunction()
        return left

    def conjunction():
        left = unary()
        while peek() in ("&", "and"):
            take()
            left = left & unary()
        return left

    def unary():
        token = peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        if token in ("-", "not", "!", "~"):
            take()
            return ~nested(unary)
        if token == "(":
            take()
            inner = nested(equivalence)
            if take_if(")") is None:
                raise FormulaError("a '(' is not closed")
            return inner
        take()
        if token not in columns:
            raise FormulaError(f"{token!r} is not an option")
        return columns[token].copy()

    def take_if(expected):
        return take() if peek() == expected else None

    if not tokens:
        raise FormulaError("the formula is empty")
    result = equivalence()
    if position != len(tokens):
        raise FormulaError(f"unexpected {tokens[position]!r}")
    return result


def _items(value) -> list:
    return value if isinstance(value, list) else []


def _table(value) -> dict:
    return value if isinstance(value, dict) else {}


def check_conflict(doc: dict):
    """Cross-reference errors of a conflict model document: (path, message) pairs.

    Anything of the wrong shape is skipped here: the schema check reports it.
    """
    dms = [_table(dm) for dm in _items(doc.get("decision_makers"))]
    if doc.get("states"):
        yield from _check_graph(doc, dms)
        return
    seen: set = set()
    for d, dm in enumerate(dms):
        for k, option in enumerate(_items(dm.get("options"))):
            oid = _table(option).get("id")
            if isinstance(oid, str) and oid in seen:
                yield ("decision_makers", d, "options", k, "id"), f'duplicate option id "{oid}"'
            if isinstance(oid, str):  # a list or table here is the schema check's to report (and unhashable)
                seen.add(oid)
    columns = {o: np.zeros(1, dtype=bool) for o in seen}
    for d, dm in enumerate(dms):
        for k, statement in enumerate(_items(dm.get("preferences"))):
            yield from _formula_problem(("decision_makers", d, "preferences", k), statement, columns)
    for k, formula in enumerate(_items(doc.get("infeasible"))):
        yield from _formula_problem(("infeasible", k), formula, columns)
    for k, option in enumerate(_items(_table(doc.get("model")).get("status_quo"))):
        if isinstance(option, str) and option not in columns:
            yield ("model", "status_quo", k), f'"{option}" is not an option'


def _formula_problem(path, formula, columns):
    if not isinstance(formula, str):
        return
    try:
        evaluate(formula, columns)
    except FormulaError as error:
        yield path, f"bad formula {reprlib.repr(formula)}: {error}"


def load_conflict(path=None) -> ConflictModel:
    """Load a conflict model file (TOML, YAML or JSON); with no path, the bundled summit model.

    >>> load_conflict().model.id
    'summit-2025'
    """
    from accord.scenario.bundled import bundled_path
    from accord.scenario.load import parse_document, read_text_document

    text, fmt, name = read_text_document(path if path is not None else bundled_path("summit-2025"))
    model, _ = parse_document(text, fmt, name, ConflictModel, check_conflict)
    return model


def companion_conflict(scenario_path, scenario) -> ConflictModel | None:
    """The conflict model a scenario names in ``stability_model``, read from beside the scenario file."""
    from pathlib import Path

    name = scenario.scenario.stability_model
    if not name:
        return None
    folder = Path(scenario_path).parent.resolve()
    path = (folder / name).resolve()
    if Path(name).name != name or path.parent != folder:
        from accord.errors import Problem, ScenarioError

        raise ScenarioError(Problem(str(scenario_path), None, "scenario.stability_model",
                                    f"{name!r} must be a file name beside the scenario, not a path"))
    return load_conflict(path)


def _check_graph(doc: dict, dms: list):
    numbers = [s.get("number") for s in _items(doc.get("states")) if isinstance(s, dict)]
    if not all(isinstance(n, int) for n in numbers):
        return  # the schema check reports the bad numbers
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        yield ("states",), "states must be numbered 1, 2, ... without gaps or repeats"
    known = set(numbers)
    for d, dm in enumerate(dms):
        for k, move in enumerate(_items(dm.get("moves"))):
            if isinstance(move, list) and all(isinstance(m, int) for m in move) and any(m not in known for m in move):
                yield ("decision_makers", d, "moves", k), f"move {move} names a state that does not exist"
        ranked = [x for item in _items(dm.get("ranking")) for x in (item if isinstance(item, list) else [item])]
        if not all(isinstance(x, int) for x in ranked):
            continue
        if sorted(ranked) != sorted(known):
            yield ("decision_makers", d, "ranking"), "the ranking must list every state exactly once"
    if isinstance(doc.get("status_quo_state"), int) and doc["status_quo_state"] not in known:
        yield ("status_quo_state",), f"state {doc['status_quo_state']} does not exist"
