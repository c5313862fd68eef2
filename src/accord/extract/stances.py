"""Stances: a side's position on an issue of the scenario, from the sentence that states it.

The scenario drives the matching, so a new scenario works without code: an
issue is found by its ``keywords`` (and its options' words), an option by the
phrases of its ``description`` and ``label``. A stance needs a *polarity cue*
(``data/polarity.tsv``: want, reject, open to, offer, threaten, ...) whose
subject is an actor with a side, and an issue named within the cue's clause:

- the holder is the cue's subject, so a position one side reports about
  another is coded to the side that holds it ("Trump says Putin wants
  Donbas" is Russia's demand);
- a negated cue turns acceptance into rejection ("will not accept",
  "will not tolerate");
- an if-, unless- or until-clause on the cue makes it a ``condition``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from accord.extract.mentions import Mention
from accord.extract.tokens import Tokens

STOP = {"a", "an", "the", "of", "to", "from", "in", "on", "for", "and", "or", "all", "as", "with", "its"}


@dataclass(frozen=True)
class Stance:
    side: str
    holder: str
    issue: str | None             # None when no scenario was given: ``phrase`` says what it is about
    polarity: str
    option: str | None
    cue: str
    start: int
    end: int
    phrase: str | None = None


@lru_cache(maxsize=1)
def polarity_cues() -> dict[tuple[str, str], str]:
    """(part of speech, lemma) -> polarity."""
    text = resources.files("accord.extract").joinpath("data", "polarity.tsv").read_text(encoding="utf-8")
    return {(pos, row["lemma"]): row["polarity"] for row in csv.DictReader(text.splitlines(), delimiter="\t")
            for pos in row["pos"].split()}


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Every word some polarity cue has: a token neither of whose lemma or form is one is no cue."""
    return frozenset(word for _, word in polarity_cues())


def _words(phrase: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in STOP]


@lru_cache(maxsize=1 << 16)  # the words of cue clauses recur
def _stem(word: str) -> str:
    return re.sub(r"(ing|ed|es|s)$", "", word) if len(word) > 4 else word


@dataclass(frozen=True)
class IssueIndex:
    """Each issue's keywords and each option's phrases, as stemmed word tuples."""

    keywords: dict[str, list[tuple[str, ...]]]
    options: dict[str, list[tuple[str, tuple[str, ...]]]]
    scenario_id: str | None = None     # what the index was built from, stored with each stance
    scenario_hash: str | None = None

    @classmethod
    def of(cls, scenario) -> IssueIndex:
        """The index of a scenario's issues, which knows the scenario's id and content hash."""
        keywords, options = {}, {}
        for issue in scenario.issues:
            keywords[issue.id] = [tuple(_stem(w) for w in _words(k)) for k in issue.keywords if _words(k)]
            options[issue.id] = [(option.id, tuple(_stem(w) for w in _words(phrase)))
                                 for option in issue.options
                                 for phrase in [option.label, *option.description.split(",")] if _words(phrase)]
        return cls(keywords, options, scenario.scenario.id, scenario.content_hash())

    def issues_in(self, words: list[str]) -> list[str]:
        stems = [_stem(w.lower()) for w in words]
        present = set(stems)  # a phrase with a word not present cannot be there: skip the scan for it
        return [issue for issue, phrases in self.keywords.items()
                if any(present.issuperset(phrase) and _contains(stems, phrase) for phrase in phrases)]

    def option_in(self, issue: str, words: list[str]) -> str | None:
        stems = set(_stem(w.lower()) for w in words)
        matched = [(len(phrase), option) for option, phrase in self.options.get(issue, [])
                   if all(w in stems for w in phrase)]
        return max(matched)[1] if matched else None  # the most specific phrase wins ("cede Donbas" over "cede")


def _contains(stems: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(stems[k:k + n]) == phrase for k in range(len(stems) - n + 1))


HOLDER_NOUNS = {"leader", "leaders", "president", "minister", "ministry", "government", "officials", "official",
                "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier", "administration", "envoy"}


def _in_phrase(token, mentions: list[Mention]) -> Mention | None:
    """The actor a phrase stands for: the one at its head, or inside it when the head is a role or body
    ("Russia's foreign minister"), not a modifier ("the Washington talks" are not Washington)."""
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)
    inside = [m for m in mentions if left <= m.start < right and m.side and m.kind != "outlet"]
    at_head = [m for m in inside if m.start <= token.idx < m.end]
    if at_head:
        return at_head[0]
    return inside[0] if inside and token.lower_ in HOLDER_NOUNS else None


def _holders(cue, mentions: list[Mention]) -> list[Mention]:
    """The holder and those coordinated with it ("the United States, European countries and Canada are ready")."""
    first = _holder(cue, mentions)
    if first is None:
        return []
    found = [first]
    for token in cue.doc:
        if first.start <= token.idx < first.end:
            for conj in token.conjuncts:
                other = _in_phrase(conj, mentions)
                if other is not None and other.side not in {m.side for m in found}:
                    found.append(other)
            break
    return found


def _holder(cue, mentions: list[Mention]) -> Mention | None:
    if cue.pos_ == "NOUN":  # "Putin's demands", "Trump's promise"; else the subject of the verb it hangs from
        for child in cue.children:
            if child.dep_ == "poss":
                return _in_phrase(child, mentions)
        node = cue.head
        while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
            node = node.head
        cue = node
    node = cue
    for _ in range(3):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return _in_phrase(child, mentions)
        if node.dep_ in ("xcomp", "acomp", "conj", "advcl") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


def _polarity(cue, base: str) -> str:
    """The cue's polarity in context: a condition when an if/unless/until clause hangs on it ("will not sign
    until ..."), reversed when negated ("will not accept")."""
    negated = any(c.dep_ == "neg" for c in cue.children) or any(
        c.dep_ == "neg" for c in cue.head.children if cue.dep_ in ("xcomp", "acomp"))
    if cue.lemma_.lower() == "tolerate":
        return "reject" if negated else ""
    clause = [cue] + list(cue.ancestors)[:2]
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "until") for node in clause for c in node.children) or \
            any(t.lower_ in ("until", "unless") or (t.lower_ == "if" and t.dep_ == "mark") for t in cue.subtree):
        return "condition"
    if negated:
        return {"accept": "reject", "offer": "reject", "demand": "reject", "reject": "accept"}.get(base, base)
    return base


def find_stances(sentence, mentions: list[Mention], index: IssueIndex | None) -> list[Stance]:
    """Stances stated in one parsed sentence: on the index's issues, or with no index, on the phrase the
    cue governs (the object of "rejects", what "ready to" is ready for)."""
    cues = polarity_cues()
    found: list[Stance] = []
    tokens = Tokens.of(sentence)
    for k in tokens.among(_cue_words(), "lemma", "lower"):
        pos = "VERB" if tokens.pos[k] == "AUX" else tokens.pos[k]
        base = cues.get((pos, tokens.lemma[k])) or cues.get((pos, tokens.lower[k]))
        if base is None:
            continue
        cue = sentence[k]  # a spaCy token only for a cue: walking every token through spaCy cost more
        if pos == "ADJ" and any(c.dep_ == "xcomp" and (("VERB", c.lemma_.lower()) in cues) for c in cue.children):
            continue  # "ready to provide": the verb says what the readiness is for
        if any(c.dep_ == "nsubjpass" for c in cue.children) and \
                any(c.dep_ == "auxpass" and c.lower_ != "'s" for c in cue.children):
            continue  # "are expected to meet": the subject undergoes the verb ("he's ruled out" is ambiguous)
        if any(c.dep_ == "ccomp" and any(t.pos_ == "VERB" and ("VERB", t.lemma_.lower()) in cues and t.i != cue.i
                                         for t in c.subtree) for c in cue.children):
            continue  # "warned that Russia will not tolerate ...": the inner cue states the position
        polarity = _polarity(cue, base)
        if not polarity:
            continue
        words = [t.text for t in cue.subtree]
        phrase = _about(cue) if index is None else None
        issues = index.issues_in(words) if index is not None else [None] if phrase else []
        for holder in _holders(cue, mentions) if issues else ():
            if holder.side == "MEDIA":
                continue
            for issue in issues:
                found.append(Stance(holder.side, holder.name, issue, polarity,
                                    index.option_in(issue, words) if index is not None else None,
                                    cue.lemma_.lower(), cue.left_edge.idx,
                                    cue.right_edge.idx + len(cue.right_edge.text), phrase))
    unique = {(s.side, s.issue, s.phrase, s.polarity): s for s in found}
    return list(unique.values())


ABOUT_DEPS = ("dobj", "xcomp", "ccomp", "prep", "attr", "acomp", "oprd")
MOST_WORDS_ABOUT = 12  # a longer clause is more than one issue's worth; the analyst reads the evidence


def _about(cue) -> str | None:
    """The words a cue governs, as written: what is demanded, rejected or offered ("rejects *the plan*",
    "ready *to freeze the front line*", "demand *for a ceasefire*"); None when it governs nothing."""
    doc = cue.doc
    for child in cue.children:
        if child.dep_ not in ABOUT_DEPS or child.i < cue.i:
            continue
        first, last = child.left_edge.i, child.right_edge.i
        while first < last and (doc[first].dep_ in ("aux", "mark") or doc[first].i == child.i and
                                child.dep_ == "prep" or doc[first].is_punct):
            first += 1  # "for a ceasefire", "to freeze", "that Russia": the marker says nothing
        words = [t for t in doc[first:last + 1] if not t.is_punct]
        if len(words) > MOST_WORDS_ABOUT:
            last = words[MOST_WORDS_ABOUT - 1].i
        while last > first and doc[last].is_punct:
            last -= 1
        if any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in doc[first:last + 1]):
            return doc[first:last + 1].text
    return None


_QUOTED_REJECT = re.compile(r"\b(not|never|no|won't|cannot|can't|refuses?|rejects?|rules? out|unacceptable)\b", re.I)
_QUOTED_DEMAND = re.compile(r"\b(should|must|needs?|wants?|demands?|insists?|requires?|has to|have to)\b", re.I)
_QUOTED_ACCEPT = re.compile(r"\b(ready|willing|prepared|open to|agrees?|accepts?|could accept)\b", re.I)


def stances_in_quote(text: str, side: str, holder: str, index: IssueIndex) -> list[Stance]:
    """A position stated in someone's own words ("any summit should be preceded by lower-level talks, he said"):
    the speaker holds it, and the words' modality gives the polarity (a negation rejects, should/must demand,
    ready/willing accept). Conditions are left to the sentence-level cues."""
    if side in ("MEDIA", "EXPERT") or re.search(r"\b(if|unless|until)\b", text, re.I):
        return []
    if _QUOTED_REJECT.search(text):
        polarity = "reject"
    elif _QUOTED_DEMAND.search(text):
        polarity = "demand"
    elif _QUOTED_ACCEPT.search(text):
        polarity = "accept"
    else:
        return []
    words = re.findall(r"[\w'-]+", text)
    return [Stance(side, holder, issue, polarity, index.option_in(issue, words), "quote", 0, len(text))
            for issue in index.issues_in(words)]
