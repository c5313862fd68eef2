"""Import negotiation domains in GENIUS XML (additive utility spaces) as scenarios.

GENIUS (Lin et al., "Genius: an integrated environment for supporting the
design of generic automated negotiators", Computational Intelligence 30(1),
2014) stores a domain file (issues and their values) and one profile per
party: issue weights w_i, an evaluation e_i(v) for every value, a reservation
value and a discount factor.

Two semantics are in use, and they give different Pareto sets and Nash points:

- ``genius`` (default, as GENIUS itself evaluates): U(x) = sum_i w_i e_i(x_i) / max_v e_i(v);
- ``raw`` (as negmas evaluates): U(x) = sum_i w_i e_i(x_i).

Either way the import is exact: each issue becomes a utility table on 0-1
(e_i / max_v e_i), its salience is proportional to w_i (``genius``) or
w_i max_v e_i (``raw``), and the actor's ``utility_scale`` restores the
weights' sum, so accord's U equals the chosen formula. The reservation value
becomes the actor's no-deal utility. Discount factors are ignored (accord's
analyses are not time-dependent).

>>> scenario = import_genius("shared/validation/genius/Laptop")  # doctest: +SKIP
>>> [issue.id for issue in scenario.issues]  # doctest: +SKIP
['laptop', 'harddisk', 'external_monitor']
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from accord.errors import Problem, ScenarioError
from accord.scenario.model import Scenario

SEMANTICS = ("genius", "raw")


@dataclass(frozen=True)
class GeniusIssue:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class GeniusProfile:
    name: str
    weights: dict[str, float]                 # issue name -> weight
    evaluations: dict[str, dict[str, float]]  # issue name -> value -> evaluation
    reservation: float | None
    source: str


def slug(text: str) -> str:
    """An identifier from free text: ``"60 Gb"`` -> ``"60_gb"``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


class _Element(Element):
    line: int | None = None


class _LineBuilder(TreeBuilder):
    """Builds elements that know the line they start on, so that errors can name it."""

    def __init__(self) -> None:
        super().__init__(element_factory=_Element)
        self.parser = DefusedXMLParser(target=self)  # refuses entity declarations (billion laughs, local files)

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        element.line = self.parser.parser.CurrentLineNumber
        return element


def parse_xml(path: Path):
    try:
        return ElementTree.parse(path, parser=_LineBuilder().parser).getroot()
    except DefusedXmlException as exc:
        raise ScenarioError(Problem(str(path), None, None, f"not valid GENIUS XML: entity declarations are refused "
                                                           f"(found <!ENTITY {getattr(exc, 'name', '')}>)")) from None
    except ElementTree.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise ScenarioError(Problem(str(path), line, None, f"not valid GENIUS XML: {exc}")) from None
    except OSError as exc:
        raise ScenarioError(Problem(str(path), None, None, f"cannot be read: {exc.strerror or exc}")) from None


def _issues(root) -> list:
    return [node for node in root.iter("issue")]


def _text(path: Path, element, attribute: str, field: str) -> str:
    """A required attribute of ``element``."""
    value = element.get(attribute)
    if value is None:
        raise ScenarioError(Problem(str(path), element.line, field, f'<{element.tag}> has no "{attribute}" attribute'))
    return value


def _items(node) -> list:
    """The value items of an issue: its direct ``<item>`` children only.

    ANAC profiles (Car-A) also nest ``<item>`` elements in ``similarity_function/criteria_function``;
    they are a similarity measure, not the issue's evaluations, so a descendant search would misread them.
    """
    return node.findall("item")


def _check_discrete(path: Path, node, name: str) -> None:
    """Refuse an issue that any of its type attributes declares other than discrete.

    GENIUS files spell the type as ``etype``, ``type`` or ``vtype`` (Car-A has only ``vtype``), and
    GENIUS treats an issue with none of them as discrete.
    """
    declared = {attribute: node.get(attribute) for attribute in ("etype", "type", "vtype") if node.get(attribute)}
    others = {attribute: kind for attribute, kind in declared.items() if kind.strip().lower() != "discrete"}
    if others:
        attribute, kind = next(iter(others.items()))
        raise ScenarioError(Problem(str(path), node.line, f"issue {name!r}",
                                    f"issue {attribute} {kind!r} is not supported (discrete issues only)"))


def read_domain(path: Path) -> list[GeniusIssue]:
    """The issues and values of a GENIUS domain file (discrete issues only)."""
    issues = []
    for node in _issues(parse_xml(path)):
        name = _text(path, node, "name", "issue")
        _check_discrete(path, node, name)
        values = tuple(_text(path, item, "value", f"issue {name!r}") for item in _items(node))
        issues.append(GeniusIssue(name, values))
    if not issues:
        raise ScenarioError(Problem(str(path), None, None, "no issues found: is this a GENIUS domain file?"))
    return issues


def _number(path: Path, element, attribute: str, field: str, default: str | None = None) -> float:
    text = element.get(attribute, default) if default is not None else _text(path, element, attribute, field)
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):  # nan, inf or 1e400 would turn every utility into nan
        what = "a number" if value is None else "a finite number"
        raise ScenarioError(Problem(str(path), element.line, field, f"expected {what} (got {reprlib.repr(text)})"))
    return value


def read_profile(path: Path) -> GeniusProfile:
    """Weights, evaluations and reservation value of a GENIUS additive profile."""
    root = parse_xml(path)
    if root.find(".//utility") is not None or root.get("type") == "nonlinear":
        raise ScenarioError(Problem(str(path), None, None, "non-linear utility spaces cannot be imported as scenarios"))
    issues = _issues(root)
    by_index = {node.get("index"): node.get("name") for node in issues}
    weights = {by_index.get(w.get("index"), w.get("index")): _number(path, w, "value", "weight")
               for w in root.iter("weight")}
    evaluations = {node.get("name"): _evaluations(path, node) for node in issues}
    reservation = root.find(".//reservation")
    return GeniusProfile(path.stem, weights, evaluations,
                         _number(path, reservation, "value", "reservation") if reservation is not None else None,
                         path.name)


def _evaluations(path: Path, node) -> dict[str, float]:
    """Value -> evaluation of one issue of a profile (a missing evaluation counts 0, as in GENIUS)."""
    issue = f"issue {node.get('name')!r}"
    evaluations: dict[str, float] = {}
    for item in _items(node):
        value = _text(path, item, "value", issue)
        if value in evaluations:  # a second evaluation would silently replace the first
            raise ScenarioError(Problem(str(path), item.line, issue, f"value {value!r} is evaluated twice"))
        evaluations[value] = _number(path, item, "evaluation", f"evaluation of {value!r}", "0")
    return evaluations


def find_files(folder: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profile files of a GENIUS domain folder."""
    files = [f for f in sorted(folder.glob("*.xml")) if f.name != "pareto.xml"]  # GENIUS's shipped frontier
    domains = [f for f in files if _is_domain(f)]
    if len(domains) != 1:
        raise ScenarioError(Problem(str(folder), None, None,
                                    f"expected one domain file (without evaluations), found {len(domains)}"))
    profiles = [f for f in files if f != domains[0]]
    if len(profiles) < 2:
        raise ScenarioError(Problem(str(folder), None, None, "a negotiation needs at least two profile files"))
    return domains[0], profiles


def _is_domain(path: Path) -> bool:
    root = parse_xml(path)
    return root.find(".//weight") is None and root.find(".//utility") is None and \
        not any(item.get("evaluation") for item in root.iter("item"))


def import_genius(folder: str | Path, semantics: str = "genius", *, domain: Path | None = None,
                  profiles: list[Path] | None = None) -> Scenario:
    """A scenario from a GENIUS domain folder (or explicit domain and profile files)."""
    if semantics not in SEMANTICS:
        raise ValueError(f"semantics must be one of {SEMANTICS}, not {semantics!r}")
    folder = Path(folder)
    if domain is None or profiles is None:
        domain, profiles = find_files(folder)
    issues = read_domain(domain)
    parties = [read_profile(p) for p in profiles]
    from accord.scenario.load import validate_document

    return validate_document(_document(folder.name, issues, parties, semantics), str(folder))


def _document(name: str, issues: list[GeniusIssue], parties: list[GeniusProfile], semantics: str) -> dict:
    option_ids = {issue.name: _unique_ids(issue.values) for issue in issues}
    doc = {
        "scenario": {"id": slug(name), "title": f"{name} (GENIUS domain, {semantics} semantics)",
                     "description": f"Imported from GENIUS XML under {semantics} semantics; see accord.scenario.genius."},
        "actors": [],
        "issues": [{"id": _issue_id(issue, issues), "title": issue.name,
                    "options": [{"id": oid, "label": value, "point": 100 * k / max(1, len(issue.values) - 1)}
                                for k, (oid, value) in enumerate(zip(option_ids[issue.name], issue.values))]}
                   for issue in issues],
        "positions": {},
        "no_deal": {"utilities": {}},
    }
    actor_ids = dict(zip([p.name for p in parties], _unique_ids(tuple(p.name for p in parties), sep="-")))
    for party in parties:
        actor_id = actor_ids[party.name]
        scale, held = _party_positions(party, issues, option_ids, semantics)
        doc["actors"].append({"id": actor_id, "name": party.name, "kind": "person", "utility_scale": scale,
                              "capability": {"value": 1, "basis": "estimate",
                                             "rationale": "GENIUS profiles carry no power; parties count equally"}})
        doc["positions"][actor_id] = held
        if party.reservation is not None:
            doc["no_deal"]["utilities"][actor_id] = {
                "value": party.reservation, "basis": "reported",
                "evidence": [{"source": party.source, "paraphrase": "reservation value of the GENIUS profile"}]}
    return doc


def _unique_ids(values: tuple[str, ...], sep: str = "_") -> list[str]:
    """Identifiers made from free text, numbered where two would be the same."""
    seen: dict[str, int] = {}
    out = []
    for value in values:
        base = slug(value).replace("_", sep)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}{sep}{seen[base]}")
    return out


def _issue_id(issue: GeniusIssue, issues: list[GeniusIssue]) -> str:
    ids = [slug(i.name) for i in issues]
    base = slug(issue.name)
    return base if ids.count(base) == 1 else f"{base}_{issues.index(issue) + 1}"


def _party_positions(party: GeniusProfile, issues, option_ids, semantics: str) -> tuple[float, dict]:
    scaled = {}
    tables = {}
    for issue in issues:
        evaluation = party.evaluations.get(issue.name, {})
        top = max(evaluation.values(), default=0.0)
        weight = party.weights.get(issue.name, 0.0)
        scaled[issue.name] = weight * (top if semantics == "raw" else 1.0)
        tables[issue.name] = {oid: (evaluation.get(value, 0.0) / top if top > 0 else 0.0)
                              for oid, value in zip(option_ids[issue.name], issue.values)}
    total, biggest = sum(scaled.values()), max(scaled.values(), default=0.0)
    held = {}
    for issue in issues:
        if scaled[issue.name] <= 0:
            continue
        held[_issue_id(issue, issues)] = {
            "utilities": tables[issue.name],
            "salience": {"value": min(100.0, 100 * scaled[issue.name] / biggest), "basis": "reported",
                         "evidence": [{"source": party.source, "paraphrase": f"issue weight {party.weights.get(issue.name)}"}]},
            "evidence": [{"source": party.source, "paraphrase": "evaluations of the GENIUS profile"}],
        }
    return (total if total > 0 else 1.0), held
