"""The bundled Ukraine 2025 scenario: complete, sourced, and not copied from the articles."""

from __future__ import annotations

import re

import pytest

import accord
from accord.analysis import brief, direct_clashes
from accord.scenario import bundled_path, read_scenario
from tests.conftest import SHARED

REQUIRED_ISSUES = {"territory_donbas", "front_south", "crimea", "nato_membership", "foreign_troops",
                   "security_guarantees", "ceasefire", "sanctions", "leaders_meeting", "eu_membership"}


def test_loads_without_warnings():
    report = read_scenario(bundled_path())
    assert report.warnings == []
    assert {a.id for a in report.scenario.actors} == {"USA", "RUS", "UKR", "EUR", "NATO"}
    assert {i.id for i in report.scenario.issues} == REQUIRED_ISSUES


def test_every_position_and_condition_carries_evidence():
    scenario = accord.load_scenario()
    for actor, by_issue in scenario.positions.items():
        for issue, position in by_issue.items():
            assert position.evidence, f"{actor}.{issue} has no evidence"
            assert all(e.source for e in position.evidence)
            assert position.salience.basis.value == "estimate" and position.salience.rationale
    for condition in scenario.conditions:
        assert condition.evidence
    for actor in scenario.actors:
        assert actor.capability.basis.value == "estimate" and actor.capability.rationale


def test_red_lines_clash_where_the_news_says():
    clashes = {(c.issue, c.actors) for c in direct_clashes(accord.load_scenario())}
    assert ("territory_donbas", ("RUS", "UKR")) in clashes
    assert ("foreign_troops", ("RUS", "UKR")) in clashes


def test_brief_finds_sticking_points():
    result = brief(accord.load_scenario())
    assert not result.is_feasible
    assert len(result.correction_sets) == 5
    assert all(s.size >= 3 for s in result.correction_sets)
    costs = [s.cost for s in result.correction_sets]
    assert costs == sorted(costs)
    assert any("territory_donbas" in {c.issue for c in s.concessions} for s in result.correction_sets)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.skipif(not (SHARED / "corpus" / "seed").is_dir(), reason="shared seed corpus not present")
def test_evidence_does_not_copy_article_sentences():
    corpus = " ".join(" ".join(_words(p.read_text())) for p in (SHARED / "corpus" / "seed").glob("*.txt"))
    scenario = accord.load_scenario()
    evidence = [e for by_issue in scenario.positions.values() for p in by_issue.values() for e in p.evidence]
    evidence += [e for c in scenario.conditions for e in c.evidence]
    evidence += [e for m in scenario.no_deal.utilities.values() for e in m.evidence]
    for item in evidence:
        words = _words(item.paraphrase or "")
        for start in range(len(words) - 5):
            run = " ".join(words[start:start + 6])
            assert run not in corpus, f"paraphrase copies the article: {run!r}"
        if item.quote:
            assert len(_words(item.quote)) <= 8, f"quote too long: {item.quote!r}"
