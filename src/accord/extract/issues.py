"""Which issue of a scenario a clause is about, and which of its options it names.

A scenario's author writes keywords, but the news names an issue in other words:
"end its support for the rebels" is about a troop withdrawal whose keywords say
"withdraw". So an issue is found in a clause, in order of evidence, by

1. a keyword, word for word (stemmed: "sanctions" finds "sanction");
2. an option's label or a phrase of its description, all its words present in
   any order ("end support for M23" finds "ended its support for M23");
3. optionally, the issue's *vocabulary*: every content word of its title,
   description, keywords and options, each weighted by how specific it is to
   the issue (a word two issues share counts half). The clause is about the
   issue when the weights of the distinct words it shares reach
   ``min_issue_score`` (off by default: measured, it cost more precision than
   it gave recall on every held-out negotiation).

Words are compared by their Porter2 stems (``snowballstemmer``), so
"withdrawal", "withdrawing" and "withdraw" are one word, and spaCy's English
stop words never count (but for the few that tell options apart). The option is chosen the same way: the longest option
phrase present wins; else the option whose own words (those its issue's other
options lack) weigh most, if it weighs at least ``MIN_OPTION_SCORE`` and more
than any other; else none, because a wrong option misleads more than none.

The thresholds were chosen on the development cases and are reported
leave-one-negotiation-out (``bench/issue_threshold.py``, docs/extraction.md).

>>> from accord.scenario import bundled_path, load_scenario
>>> index = IssueIndex.of(load_scenario(bundled_path()))
>>> index.issues_in("Kyiv rejects any land swap".split())
['territory_donbas']
>>> index.option_in("territory_donbas", "Kyiv rejects any land swap".split())
'land_swap'
>>> index.option_in("nato_membership", "NATO membership is deferred".split())
'deferred'

"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

from accord.extract.gazetteer import load_gazetteer

# The weight of shared vocabulary that makes a clause about an issue. Off (infinite) by default: chosen
# leave-one-negotiation-out, no finite threshold beat keywords and option phrases alone on the other
# negotiations (bench/issue_threshold.py); a scenario with rich descriptions may pass a lower one.
MIN_ISSUE_SCORE = math.inf
MIN_OPTION_SCORE = 0.5  # the weight of an option's own words that names it
# How much a word says, by where the scenario's author put it: a keyword or the title names the
# issue; a label or description word of one option may describe a neighbouring matter too.
SOURCE_WEIGHT = {"keyword": 1.0, "title": 1.0, "label": 0.75, "description": 0.5}

_STEMMER = snowballstemmer.stemmer("english")
# spaCy's stop words, less those that tell options apart: "no guarantees" is not "guarantees", "US air
# support" is not "air support", "Ukraine keeps" is not "Ukraine withdraws", "ceasefire first" is an order.
MEANINGFUL = {"us", "no", "not", "none", "nothing", "never", "without", "against", "first", "third", "last",
              "full", "only", "all", "both", "together", "own", "side", "before", "after", "back", "front",
              "behind", "keep", "give", "take", "move", "part", "under", "out", "off"}
STOP = frozenset(STOP_WORDS - MEANINGFUL)
MEANINGFUL_STEMS = frozenset(_STEMMER.stemWords(sorted(MEANINGFUL)))


@lru_cache(maxsize=1 << 16)  # the same words recur in every clause
def stem(word: str) -> str:
    """The Porter2 stem of a lower-cased word ("withdrawal" -> "withdraw")."""
    return _STEMMER.stemWord(word)


def content_stems(text: str) -> list[str]:
    """The stems of a text's words that are not English stop words (but for those in ``MEANINGFUL``), in order.

    >>> content_stems("the withdrawal of all Rwandan forces")
    ['withdraw', 'all', 'rwandan', 'forc']
    """
    return [stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


NEGATORS = {"not", "no", "without", "never", "nor", "instead"}


def affirmed(text: str) -> str:
    """The words of a description that say what an option is, not what it is not: each comma phrase up to
    its first negation ("peace agreement not a mere ceasefire" -> "peace agreement"), so that the words an
    author wrote to set an option apart from another do not name it.

    >>> affirmed("peace agreement not a mere ceasefire, no precondition, talks go on")
    'peace agreement, , talks go on'
    """
    phrases = []
    for phrase in text.split(","):
        words = phrase.split()
        cut = next((k for k, w in enumerate(words) if w.lower() in NEGATORS), len(words))
        phrases.append(" ".join(words[:cut]))
    return ", ".join(phrases)


def _says_something(stems: list[str]) -> bool:
    """Whether a phrase has a word besides those kept only to tell options apart ("not now" has not)."""
    return any(s not in MEANINGFUL_STEMS for s in stems)


def _stems_of(words: list[str]) -> list[str]:
    return [s for w in words for s in content_stems(w)]


def _weights(sources: list[tuple[str, str]]) -> dict[str, float]:
    """Each stem of the (kind, text) pairs with the weight of the best place it appears."""
    out: dict[str, float] = {}
    for kind, text in sources:
        for s in content_stems(text):
            out[s] = max(out.get(s, 0.0), SOURCE_WEIGHT[kind])
    return out


def _specific(vocabularies: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """The vocabularies with each weight divided by how many of them hold the stem."""
    shared = Counter(s for words in vocabularies.values() for s in words)
    return {key: {s: w / shared[s] for s, w in words.items()} for key, words in vocabularies.items()}


def _own(vocabularies: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Each option's words that no other option of its issue has, less the function words ("not"): those
    are what tells it apart, since a word all options share names the issue, not an option."""
    shared = Counter(s for words in vocabularies.values() for s in words)
    return {key: {s: w for s, w in words.items() if shared[s] == 1 and s not in MEANINGFUL_STEMS}
            for key, words in vocabularies.items()}


def _state_stems(scenario) -> frozenset[str]:
    """The stems of the scenario's states' names, aliases and adjectives ("Ukraine", "Ukrainian"): in an
    option's words they say whose move it is, but a clause names the parties whatever it is about, so they
    never choose an option ("aid to Ukraine" is no sign of a halt to aid)."""
    gazetteer = load_gazetteer()
    states = [actor for actor in scenario.actors if actor.kind == "state"]
    sides = {actor.id for actor in states}
    words = [word for actor in states for word in (actor.name, *actor.aliases)]
    words += [gazetteer.states[side].name for side in sides if side in gazetteer.states]
    words += [adjective for adjective, side in gazetteer.adjectives.items() if side in sides]
    return frozenset(s for word in words for s in content_stems(word) if s not in MEANINGFUL_STEMS)


@dataclass(frozen=True)
class IssueIndex:
    """A scenario's issues and options as stems: keywords, option phrases and weighted vocabularies."""

    keywords: dict[str, list[tuple[str, ...]]]
    options: dict[str, list[tuple[str, tuple[str, ...]]]]
    vocabulary: dict[str, dict[str, float]] = field(default_factory=dict)
    option_vocabulary: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    scenario_id: str | None = None     # what the index was built from, stored with each stance
    scenario_hash: str | None = None
    min_issue_score: float = MIN_ISSUE_SCORE
    min_option_score: float = MIN_OPTION_SCORE

    @classmethod
    def of(cls, scenario, min_issue_score: float | None = None,
           min_option_score: float | None = None) -> IssueIndex:
        """The index of a scenario's issues, which knows the scenario's id and content hash."""
        keywords, options, vocabulary, option_vocabulary = {}, {}, {}, {}
        parties = _state_stems(scenario)
        for issue in scenario.issues:
            keywords[issue.id] = [tuple(content_stems(k)) for k in issue.keywords if content_stems(k)]
            options[issue.id] = [(option.id, tuple(content_stems(phrase)))
                                 for option in issue.options
                                 for phrase in [option.label, *option.description.split(",")]
                                 if _says_something(content_stems(phrase))]
            vocabulary[issue.id] = _weights(
                [("title", issue.title), ("description", issue.description)]
                + [("keyword", k) for k in issue.keywords]
                + [(kind, text) for option in issue.options
                   for kind, text in (("label", option.label), ("description", option.description))])
            option_vocabulary[issue.id] = {option: {s: w for s, w in words.items() if s not in parties}
                                           for option, words in _own({option.id: _weights(
                                               [("label", affirmed(option.label)),
                                                ("description", affirmed(option.description))])
                                               for option in issue.options}).items()}
        return cls(keywords, options, _specific(vocabulary), option_vocabulary,
                   scenario.scenario.id, scenario.content_hash(),
                   MIN_ISSUE_SCORE if min_issue_score is None else min_issue_score,
                   MIN_OPTION_SCORE if min_option_score is None else min_option_score)

    def issues_in(self, words: list[str]) -> list[str]:
        """The issues a clause (its words, as written) is about, in the scenario's order."""
        stems = _stems_of(words)
        present = set(stems)
        return [issue for issue in self.keywords if self._names(issue, stems, present)]

    def _names(self, issue: str, stems: list[str], present: set[str]) -> bool:
        if any(present.issuperset(k) and _contains(stems, k) for k in self.keywords[issue]):
            return True
        if any(len(phrase) > 1 and present.issuperset(phrase) for _, phrase in self.options[issue]):
            return True
        return self.score(issue, present) >= self.min_issue_score

    def score(self, issue: str, present: set[str]) -> float:
        """The weight of the issue's vocabulary among the stems present."""
        words = self.vocabulary.get(issue, {})
        return sum(words[s] for s in present if s in words)

    def option_in(self, issue: str, words: list[str]) -> str | None:
        """The option of ``issue`` the clause names, or None when it names none clearly."""
        present = set(_stems_of(words))
        matched = [(len(phrase), option) for option, phrase in self.options.get(issue, [])
                   if present.issuperset(phrase)]
        if matched:
            return max(matched)[1]  # the most specific phrase wins ("cede Donbas" over "cede")
        scores = sorted(((sum(w for s, w in own.items() if s in present), option)
                         for option, own in self.option_vocabulary.get(issue, {}).items()), reverse=True)
        if scores and scores[0][0] >= self.min_option_score and (len(scores) == 1 or scores[0][0] > scores[1][0]):
            return scores[0][1]
        return None


def _contains(stems: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(stems[k:k + n]) == phrase for k in range(len(stems) - n + 1))
