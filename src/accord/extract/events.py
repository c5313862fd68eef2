"""Dyadic events coded in PLOVER: who did what to whom, when, and whether it happened.

PLOVER (Schrodt et al., "PLOVER: Political Language Ontology for Verifiable
Event Records", Open Event Data Alliance, 2016-2021) has 16 event types; each
trigger in ``data/plover.tsv`` maps a verb or noun lemma (optionally with an
object, "impose sanctions", "hold talks") to a type and its CAMEO root (Gerner
et al., CAMEO codebook 1.1b3, 2012).

For each trigger in a parsed sentence:

- the **source** is the grammatical agent (the subject, the "by" agent of a
  passive, the possessor of a noun: "Russia's invasion"), the **target** the
  object or the object of with/against/on/to; each must resolve to a side, and
  the two sides must differ;
- the **status** is ``happened`` unless the trigger is negated, carries a modal
  ("will", "could"), sits in an if-clause, or hangs from a verb of intention
  ("plans to meet", "agreed to meet", "a possible summit"): then it is
  ``negated``, ``planned`` or ``hypothetical``, and is not an event that happened;
- the **date** comes from a date expression in the sentence, resolved against
  the article's date (:func:`accord.extract.when.sentence_date`).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from accord.extract.gazetteer import Gazetteer, fold
from accord.extract.mentions import Mention
from accord.extract.tokens import Tokens
from accord.extract.when import sentence_date

MODALS_PLANNED = {"will", "shall", "'ll", "going"}
MODALS_HYPOTHETICAL = {"would", "could", "may", "might", "should", "must", "can", "'d"}
INTENTION = {"plan", "want", "hope", "expect", "seek", "aim", "intend", "propose", "prepare", "offer", "agree",
             "try", "push", "urge", "call", "ask", "threaten", "consider", "suggest", "invite", "wish", "need",
             "demand", "insist", "refuse", "decline", "reject", "schedule", "set", "arrange", "organize",
             "organise", "discuss", "expect", "require", "welcome", "mull", "weigh", "float", "raise"}
PLANNED_MODIFIERS = {"possible", "potential", "planned", "proposed", "upcoming", "future", "next", "expected",
                     "prospective", "likely", "hypothetical", "eventual", "further", "new", "trilateral"}
TARGET_PREPOSITIONS = {"with", "to", "against", "on", "at", "into", "toward", "towards", "for", "over", "from",
                       "in", "between"}
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
TRIGGER_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN"}  # spaCy's part of speech -> the table's


@dataclass(frozen=True)
class Trigger:
    type: str
    cameo: str
    pos: str
    lemma: str
    object: str | None


@dataclass(frozen=True)
class Event:
    source: str
    target: str
    type: str
    cameo: str
    status: str            # happened, planned, hypothetical, negated
    date: dt.date | None
    trigger: str
    start: int             # the trigger's offsets in the sentence
    end: int


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(pos, lemma) -> the triggers for it, those that name an object first."""
    text = resources.files("accord.extract").joinpath("data", "plover.tsv").read_text(encoding="utf-8")
    table: dict[tuple[str, str], list[Trigger]] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        entry = Trigger(row["type"], row["cameo"], row["pos"], row["lemma"], row["object"] or None)
        table.setdefault((entry.pos, entry.lemma), []).append(entry)
    return {key: tuple(sorted(found, key=lambda t: t.object is None)) for key, found in table.items()}


@lru_cache(maxsize=1)
def _trigger_lemmas() -> frozenset[str]:
    """Every lemma some trigger has: the only tokens :func:`match_trigger` need see."""
    return frozenset(lemma for _, lemma in triggers())


def _objects(token) -> set[str]:
    """Lemmas an object-bound trigger can match: objects, particles, prepositions and their objects, compounds."""
    lemmas = set()
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "prt", "attr", "compound", "amod", "nsubjpass", "dative"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ == "compound")
            lemmas.update(g.lemma_.lower() for p in child.children if p.dep_ == "prep"  # "dozens of drones"
                          for g in p.children if g.dep_ == "pobj")
        if child.dep_ == "prep":
            lemmas.add(child.lower_)
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ == "pobj")
        if child.dep_ == "xcomp" and any(c.lower_ == "to" for c in child.children):
            lemmas.add("to")  # "told Ukraine to forget": a directive
    return lemmas


def match_trigger(token) -> Trigger | None:
    """The PLOVER trigger a token is, if any."""
    pos = TRIGGER_POS.get(token.pos_)
    if pos is None:
        return None
    entries = triggers().get((pos, token.lemma_.lower()))
    if not entries:
        return None
    objects = _objects(token)
    for entry in entries:
        if entry.object is None or entry.object in objects:
            return entry
    return None


def classify(sentence) -> Trigger | None:
    """The sentence's main event type: the trigger nearest the root of the parse."""
    found = [(len(list(token.ancestors)), token.i, trigger) for token in sentence
             if (trigger := match_trigger(token)) is not None]
    return min(found)[2] if found else None


def _subject(verb):
    head = verb
    for _ in range(3):
        for child in head.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if head.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and head.head.i != head.i:
            head = head.head
            continue
        if head.dep_ == "relcl":
            return head.head
        break
    return None


def _governor_subject(token):
    """The subject of the verb a noun hangs from ("Trump changed his tune after a call with Putin")."""
    governor = token.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
        governor = governor.head
    subject = _subject(governor) if governor.pos_ in ("VERB", "AUX") else None
    return subject if subject is not None and subject.i != token.i else None


def _participants(token) -> tuple[list, list]:
    """(source tokens, target tokens) of a trigger."""
    sources, targets = [], []
    if token.pos_ == "VERB":
        passive = any(c.dep_ == "nsubjpass" for c in token.children)
        for child in token.children:
            if child.dep_ == "nsubjpass":
                targets.append(child)
            elif child.dep_ == "agent":
                sources.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in ("dobj", "dative", "iobj"):
                targets.append(child)
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                targets.extend(c for c in child.children if c.dep_ == "pobj")
        if not passive:
            subject = _subject(token)
            if subject is not None:
                sources.append(subject)
    else:
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                sources.append(child)
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                targets.extend(c for c in child.children if c.dep_ == "pobj")
    # "launched drones in an attack on Ukraine": the target of the event noun the preposition governs
    for target in list(targets):
        for child in target.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "with"):
                targets.extend(c for c in child.children if c.dep_ == "pobj")
    return sources, targets


def _sides(tokens, mentions: list[Mention], gazetteer: Gazetteer, possessor: bool = False) -> list[str]:
    """The sides the phrases headed by ``tokens`` name (a coordination names several); with ``possessor``,
    a possessor stands for its phrase ("declined Zelensky's invitation" is aimed at Ukraine)."""
    sides: list[str] = []
    for token in tokens:
        for head in (token, *token.conjuncts):
            side = _side_of(head, mentions, gazetteer)
            if side is None and possessor:
                side = next((s for c in head.children if c.dep_ == "poss"
                             for s in [_side_of(c, mentions, gazetteer)] if s), None)
            if side and side not in sides:
                sides.append(side)
    return sides


def _side_of(token, mentions: list[Mention], gazetteer: Gazetteer) -> str | None:
    at = [m for m in mentions if m.start <= token.idx < m.end and m.side and m.kind != "outlet"]
    if at:
        return at[0].side
    adjective = gazetteer.adjectives.get(fold(token.text))
    if adjective:
        return adjective
    for child in token.children:  # "Russian forces"; not "Ukraine's allies", who are not Ukraine
        if child.dep_ in ("amod", "compound", "nmod"):
            inner = _side_of(child, mentions, gazetteer)
            if inner:
                return inner
    return None


def status(token) -> str:
    """happened, planned, hypothetical or negated."""
    if token.pos_ != "VERB":
        if any(c.lower_ in PLANNED_MODIFIERS for c in token.children if c.dep_ == "amod"):
            return "planned"
        if any(c.dep_ == "neg" or c.lower_ == "no" for c in token.children):
            return "negated"
    if any(d.lower_ == "no" for c in token.children if c.dep_ in ("dobj", "attr") for d in c.children):
        return "negated"  # "gave no specifics"
    node = token
    for depth in range(6):
        children = list(node.children)
        if any(c.dep_ == "neg" for c in children):
            return "negated"
        auxiliaries = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        if auxiliaries & MODALS_PLANNED:
            return "planned"
        if auxiliaries & MODALS_HYPOTHETICAL:
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
            return "hypothetical"
        if depth and node.lemma_.lower() in INTENTION:
            return "planned"
        if node.head.i == node.i or node.dep_ in ("ROOT",):
            break
        if node.dep_ in ("ccomp",) and depth:
            break
        node = node.head
    return "happened"


def find_events(sentence, mentions: list[Mention], gazetteer: Gazetteer, when: dt.date | None) -> list[Event]:
    """Dyadic events in one parsed sentence, each between two different sides."""
    events = []
    for k in Tokens.of(sentence).among(_trigger_lemmas()):
        token = sentence[k]  # a spaCy token only for a trigger word: walking every token through spaCy cost more
        trigger = match_trigger(token)
        if trigger is None:
            continue
        source_tokens, target_tokens = _participants(token)
        sources = _sides(source_tokens, mentions, gazetteer)
        if not sources and token.pos_ != "VERB" and (subject := _governor_subject(token)) is not None:
            sources = _sides([subject], mentions, gazetteer)
        targets = _sides(target_tokens, mentions, gazetteer, possessor=True)
        if not targets and token.pos_ == "VERB" and trigger.type in ("AGREE", "THREATEN"):  # "threatened to sanction Moscow"
            inner = [c for c in token.children if c.dep_ in ("xcomp", "dobj", "ccomp")]
            targets = _sides([t for c in inner for t in c.subtree if t.pos_ == "PROPN"], mentions, gazetteer)
        state = status(token)
        when_done = sentence_date(sentence, when, "future" if state == "planned" else "past")
        for source, target in _pairs(trigger, sources, targets):
            events.append(Event(source, target, trigger.type, trigger.cameo, state, when_done, token.text,
                                token.idx, token.idx + len(token.text)))
    return events


def _pairs(trigger: Trigger, sources: list[str], targets: list[str]) -> list[tuple[str, str]]:
    """Source-target pairs of different sides; a meeting of several sides pairs each with each."""
    sides = [s for s in sources + targets if s not in ("MEDIA", "EXPERT")]
    if trigger.type in SYMMETRIC:
        unique = list(dict.fromkeys(sides))[:4]
        return [(a, b) for k, a in enumerate(unique) for b in unique[k + 1:]]
    return [(s, t) for s in sources[:2] for t in targets[:2]
            if s != t and s not in ("MEDIA", "EXPERT") and t not in ("MEDIA", "EXPERT")]
