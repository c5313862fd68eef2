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
  the two sides must differ; sides acting together ("A and B signed", "the two
  countries fought", "Armenian and Azerbaijani officials") each act on the other,
  a deal "between A and B" is theirs, and whoever hosts, oversees or joins a
  meeting or a signing meets its parties (CONSULT); a place where it is held
  ("talks in Riyadh") is no party;
- the **type** is checked against what the verb takes ("hit X with sanctions"
  is a SANCTION, "warned that X should ..." a REQUEST aimed at X);
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
PENALTIES = {"sanction", "tariff", "embargo", "penalty", "restriction", "levy", "duty", "fine"}
WORDS_AND_PLANS = {"plan", "proposal", "idea", "policy", "decision", "remark", "statement", "comment", "claim",
                   "deal", "agreement", "approach", "stance", "position", "report", "narrative", "rhetoric"}
RESPONSES = {"reject", "refuse", "decline", "welcome"}  # "refused to meet" is not a meeting; "rejected X's
# demand" answers a demand that was made
NOT_COMPLEMENTS = {"advcl", "conj", "relcl", "nsubj", "npadvmod"}  # a clause an intention verb does not plan
PLANNED_MODIFIERS = {"possible", "potential", "planned", "proposed", "upcoming", "future", "next", "expected",
                     "prospective", "likely", "hypothetical", "eventual", "further", "new", "trilateral"}
PAST_MODIFIERS = {"recent", "last", "previous", "earlier", "past", "latest", "former", "prior"}
TARGET_PREPOSITIONS = {"with", "to", "against", "on", "at", "into", "toward", "towards", "for", "over", "from",
                       "in", "between"}
VENUE_PREPOSITIONS = {"in", "at"}
AT_A_PLACE = {"ASSAULT", "COERCE", "MOBILIZE", "AID", "PROTEST", "RETREAT"}  # where the event is, is whom it hits
COMPANION_PREPOSITIONS = {"alongside"}
OUTSIDERS = ("MEDIA", "EXPERT")  # report or comment on events; never a party to one
SPOKEN = {"REQUEST", "ACCUSE", "THREATEN"}  # acts of speech aimed at someone
JOINT = {"AGREE", "COOPERATE", "ASSAULT"}  # done together, each side does it to the other
# Nouns for people or bodies acting for a side: their possessor or "of/from" phrase names it
# ("Armenia's foreign ministry", "delegations from both countries"); other nouns' do not ("Ukraine's allies").
AGENT_NOUNS = {"official", "minister", "ministry", "government", "delegation", "delegate", "negotiator",
               "representative", "envoy", "diplomat", "leader", "president", "army", "force", "troop",
               "military", "soldier", "authority", "administration", "spokesperson", "spokesman", "officer",
               "counterpart", "team", "side", "head", "chief", "adviser", "advisor", "foreign"}
# "The two countries", "both sides": a pair the sentence names elsewhere.
PAIR_NOUNS = {"side", "country", "nation", "party", "state", "government", "leader", "neighbour", "neighbor",
              "delegation", "rival", "foe", "adversary", "republic", "president", "capital"}
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


MEETING = Trigger("CONSULT", "04", "NOUN", "meeting", None)  # the meeting a signing or a hosted summit is


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
            return _sense(token, entry)
    return None


def _sense(token, trigger: Trigger) -> Trigger:
    """The trigger's type checked against what it takes: "hit two firms with sanctions" is a SANCTION,
    "attacked the plan" an ACCUSE, "warned that X should leave" a REQUEST, not an ASSAULT or a THREATEN."""
    if token.pos_ != "VERB":
        return trigger
    if trigger.type == "ASSAULT":
        means = {g.lemma_.lower() for c in token.children if c.dep_ == "prep" and c.lower_ == "with"
                 for g in c.children if g.dep_ == "pobj"}
        if means & PENALTIES:
            return Trigger("SANCTION", "16", trigger.pos, trigger.lemma, trigger.object)
        if any(c.dep_ == "dobj" and c.lemma_.lower() in WORDS_AND_PLANS for c in token.children):
            return Trigger("ACCUSE", "11", trigger.pos, trigger.lemma, trigger.object)
    if trigger.type == "THREATEN" and _directive(token) is not None:
        return Trigger("REQUEST", "10", trigger.pos, trigger.lemma, trigger.object)
    return trigger


def _directive(verb):
    """The clause of "warned that Rwanda should end ...": a complement whose verb carries should, must, need."""
    return next((c for c in verb.children if c.dep_ == "ccomp" and any(
        a.dep_ == "aux" and a.lower_ in ("should", "must", "ought") for a in c.children)), None)


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


def _participants(token, trigger: Trigger) -> tuple[list, list]:
    """(source tokens, target tokens) of a trigger; "in" and "at" name a target only where the event
    hits a place ("strikes in Ukraine"), not where a meeting or a signing is held ("talks in Riyadh")."""
    prepositions = TARGET_PREPOSITIONS if trigger.type in AT_A_PLACE else TARGET_PREPOSITIONS - VENUE_PREPOSITIONS
    if trigger.type == "AGREE":
        prepositions = prepositions | {"during"}  # "agreed ... during a call with X": agreed with X
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
            elif child.dep_ == "prep" and child.lower_ in prepositions:
                targets.extend(c for c in child.children if c.dep_ == "pobj")
        if not passive:
            subject = _subject(token)
            if subject is not None:
                sources.append(subject)
                # "A, together with B, agreed": A agreed with B; "A, along with B, imposed ...": both imposed
                (targets if trigger.type in JOINT else sources).extend(_co_agents(token, subject))
    else:
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                sources.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("from", "by") and trigger.type in SPOKEN:
                sources.extend(c for c in child.children if c.dep_ == "pobj")  # "allegations from X"
            elif child.dep_ == "prep" and child.lower_ == "of" and trigger.type in ("ASSAULT", "COERCE"):
                targets.extend(c for c in child.children if c.dep_ == "pobj")  # "the invasion of X"
            elif child.dep_ == "prep" and child.lower_ in prepositions:
                targets.extend(c for c in child.children if c.dep_ == "pobj")
    # "launched drones in an attack on Ukraine": the target of the event noun the preposition governs
    for target in list(targets):
        for child in target.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "with"):
                targets.extend(c for c in child.children if c.dep_ == "pobj")
    return sources, targets


def _co_agents(verb, subject) -> list:
    """Who acts with the subject: "A, along with B, imposed ...", "A, together with B and C, agreed ..."."""
    found = []
    for head in (verb, subject):
        for child in head.children:
            if child.dep_ != "prep":
                continue
            if child.lower_ in ("along", "together"):  # "along" -> "with" -> B
                found.extend(g for w in child.children if w.dep_ == "prep" and w.lower_ == "with"
                             for g in w.children if g.dep_ == "pobj")
            elif child.lower_ == "with" and any(a.lower_ in ("along", "together") for a in child.children):
                found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def _sides(tokens, mentions: list[Mention], gazetteer: Gazetteer, possessor: bool = False) -> list[str]:
    """The sides the phrases headed by ``tokens`` name (a coordination names several); with ``possessor``,
    a possessor stands for its phrase ("declined Zelensky's invitation" is aimed at Ukraine)."""
    sides: list[str] = []
    for token in tokens:
        named = [a for a in token.children if a.dep_ == "appos"]  # "his counterpart, X, and Y officials"
        for head in (token, *token.conjuncts, *[c for a in named for c in a.conjuncts]):
            found = _phrase_sides(head, mentions, gazetteer)
            if not found and possessor:
                found = [s for c in head.children if c.dep_ == "poss" for s in _phrase_sides(c, mentions, gazetteer)]
            for side in found:
                if side not in sides:
                    sides.append(side)
    return sides


def _phrase_sides(token, mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    """The sides one noun phrase names: its own mention, else its modifiers, each with their conjuncts
    ("Armenian and Azerbaijani officials", "delegations from Rwanda and Congo"), else, for "the two
    countries" or "both sides", the two sides the sentence names, else, for "they", the subject it repeats."""
    side = _own_side(token, mentions, gazetteer)
    if side:
        return [side]
    lemma = token.lemma_.lower()
    sides: list[str] = []
    for child in token.children:
        modifier = child.dep_ in ("amod", "compound", "nmod") or (
            child.dep_ == "poss" and lemma in AGENT_NOUNS)  # "Armenia's ministry"; not "Ukraine's allies"
        of_whom = child.dep_ == "prep" and child.lower_ in ("of", "from") and lemma in AGENT_NOUNS
        heads = [child] if modifier else [g for g in child.children if g.dep_ == "pobj"] if of_whom else []
        for head in heads:
            for each in (head, *head.conjuncts):
                for found in _phrase_sides(each, mentions, gazetteer):
                    if found not in sides:
                        sides.append(found)
    if sides:
        return sides
    if lemma in PAIR_NOUNS and any(c.lower_ in ("two", "both") for c in token.children):
        return _the_two(token, mentions, gazetteer)
    if token.lower_ in ("they", "we", "it") and token.dep_ in ("nsubj", "nsubjpass"):
        return _antecedent(token, mentions, gazetteer)
    return []


def _the_two(token, mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    """"The two countries", "both sides": the sides the sentence coordinates ("A and B agreed, the two
    countries said"), else the two it names, when it names two."""
    sentence = token.sent
    for other in sentence:
        if other.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and other.i != token.i and \
                any(c.dep_ == "conj" for c in other.children):
            coordinated = [s for s in _sides([other], mentions, gazetteer) if s not in OUTSIDERS]
            if len(coordinated) == 2:
                return coordinated
    phrase = {t.idx for t in token.subtree}
    phrase |= {t.idx for t in sentence if t.dep_ == "agent" for t in t.subtree}  # "hosted by X": not a party
    named = list(dict.fromkeys(m.side for m in mentions if m.side and m.side not in OUTSIDERS
                               and m.kind != "outlet" and m.start not in phrase))
    return named if len(named) == 2 else []


def _antecedent(pronoun, mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    """"A and B officials said that they had agreed": "they" is the subject of the clause that reports it."""
    node = pronoun.head
    while node.dep_ in ("ccomp", "conj", "xcomp", "advcl") and node.head.i != node.i:
        node = node.head
        subject = next((c for c in node.children if c.dep_ == "nsubj" and c.i != pronoun.i), None)
        if subject is None:
            continue
        found = _sides([subject], mentions, gazetteer)
        if len(found) == 1 and pronoun.lower_ == "they":  # "X told Y ... when they met": X and Y
            found += _sides([c for c in node.children if c.dep_ in ("dobj", "dative")] +
                            [g for c in node.children if c.dep_ == "prep" and c.lower_ in ("to", "with")
                             for g in c.children if g.dep_ == "pobj"], mentions, gazetteer)
        return list(dict.fromkeys(found))
    return []


def _own_side(token, mentions: list[Mention], gazetteer: Gazetteer) -> str | None:
    """The side a token names itself: a mention it is part of, or a state's adjective."""
    at = [m for m in mentions if m.start <= token.idx < m.end and m.side and m.kind != "outlet"]
    if at:
        return at[0].side
    return gazetteer.adjectives.get(fold(token.text))


def status(token) -> str:
    """happened, planned, hypothetical or negated."""
    if token.pos_ != "VERB":
        modifiers = {c.lower_ for c in token.children if c.dep_ == "amod"}
        if modifiers & PLANNED_MODIFIERS and not modifiers & PAST_MODIFIERS:  # "the recent trilateral talks"
            return "planned"
        if any(c.dep_ == "neg" or c.lower_ == "no" for c in token.children):
            return "negated"
    if any(d.lower_ == "no" for c in token.children if c.dep_ in ("dobj", "attr") for d in c.children):
        return "negated"  # "gave no specifics"
    node, via = token, None
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
        if depth and node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in INTENTION and \
                via not in NOT_COMPLEMENTS and (
                node.lemma_.lower() not in RESPONSES or via in ("xcomp", "ccomp")):
            return "planned"  # "agreed to meet", "called for talks"; not "pushed Kyiv, with Trump accusing it"
        if node.head.i == node.i or node.dep_ in ("ROOT",):
            break
        if node.dep_ in ("ccomp",) and depth:
            break
        if node.dep_ == "pcomp" and node.tag_ == "VBG" and node.head.lower_ == "with":
            break  # "pushed Nairobi to advance talks, with London accusing Kampala": a clause of its own
        via = node.dep_ if via is None or via not in NOT_COMPLEMENTS else via
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
        state = status(token)
        when_done = sentence_date(sentence, when, "future" if state == "planned" else "past")
        seen = set()  # one record a pair and type a trigger (a record's id is made of them)
        for each, sources, targets in _readings(token, trigger, mentions, gazetteer):
            for source, target in _pairs(each, sources, targets):
                key = (each.type, *(sorted((source, target)) if each.type == "CONSULT" else (source, target)))
                if key in seen:
                    continue
                seen.add(key)
                events.append(Event(source, target, each.type, each.cameo, state, when_done, token.text,
                                    token.idx, token.idx + len(token.text)))
    return events


def _readings(token, trigger: Trigger, mentions: list[Mention], gazetteer: Gazetteer) -> list[tuple]:
    """(trigger, source sides, target sides) of the events one trigger word reports: the event itself and,
    for a signing or a meeting, the meeting of its parties with whoever hosts, oversees or joins it."""
    source_tokens, target_tokens = _participants(token, trigger)
    if trigger.type == "REQUEST" and (clause := _directive(token)) is not None:
        target_tokens = [c for c in clause.children if c.dep_ == "nsubj"]  # "warned that Rwanda should end"
    parties = _between(token, mentions, gazetteer)
    sources = parties or _sides(source_tokens, mentions, gazetteer)
    if not sources and token.pos_ == "NOUN" and token.dep_ == "conj":  # "X's meeting with A and talks with B"
        sources = _sides([c for c in token.head.children if c.dep_ == "poss"], mentions, gazetteer)
    witnesses: list[str] = []
    if token.pos_ != "VERB" and (subject := _governor_subject(token)) is not None:
        if not sources:
            sources = _sides([subject], mentions, gazetteer)
        elif parties:  # "X oversaw the signing of a deal between A and B": X met them, did not sign
            witnesses = _sides([subject], mentions, gazetteer)
    targets = [] if parties else _sides(target_tokens, mentions, gazetteer, possessor=True)
    if not targets and len(sources) < 2 and token.pos_ == "VERB" and trigger.type in ("AGREE", "THREATEN"):
        targets = _sides(_complement_objects(token), mentions, gazetteer)  # "threatened to sanction Moscow"
    if not targets and token.pos_ != "VERB" and trigger.type in SPOKEN and sources:
        targets = _addressee(token, sources, mentions, gazetteer)
    companions = _sides(_companions(token), mentions, gazetteer) + witnesses
    if trigger.type == "CONSULT":  # whoever hosts, joins or is involved in a meeting is in it
        return [(trigger, sources, targets + companions)]
    readings = [(trigger, sources, targets)]
    if companions and trigger.type == "AGREE":  # who signs alongside a host met the host, but signed nothing
        readings.append((MEETING, sources + targets, companions))
    return readings


def _addressee(noun, sources: list[str], mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    """Whom a demand, a charge or a threat is aimed at: the subject of the clause it states ("an X demand
    that Y amend ..."), else the subject of the verb it hangs from ("Y rejected X's demand")."""
    clause = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX")]
    subjects = [g for c in clause for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.lower_ != "that"]
    found = _sides(subjects, mentions, gazetteer)
    if found:
        return [f for f in found if f not in sources] or found
    governor = _governor_subject(noun)
    found = _sides([governor], mentions, gazetteer) if governor is not None else []
    return [f for f in found if f not in sources]


def _between(token, mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    """The parties of "a deal / talks / war between A and B", each of whom acts on the other."""
    if token.pos_ == "VERB":
        return []
    pobjs = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "between" for g in c.children
             if g.dep_ == "pobj"]
    return _sides(pobjs, mentions, gazetteer)


def _complement_objects(verb) -> list:
    """Names the verb's clausal complement acts on ("threatened to sanction Moscow", "agreed to meet Putin")."""
    clauses = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    return [t for c in clauses for t in c.subtree if t.pos_ == "PROPN" and t.dep_ in ("dobj", "pobj", "dative")
            and (t.dep_ != "pobj" or t.head.lower_ not in VENUE_PREPOSITIONS)]


def _companions(token) -> list:
    """Those who meet the parties of a signing or a meeting without being its object: "signed alongside X",
    "talks hosted by X", "a summit where A and B shook hands", "discussions involving A and B"."""
    found = [g for c in token.children if c.dep_ == "prep" and c.lower_ in COMPANION_PREPOSITIONS
             for g in c.children if g.dep_ == "pobj"]
    # "talks with X hosted by Y": the parse may hang the host's clause on the partner
    partners = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children
                if g.dep_ == "pobj"]
    for noun in [token] + [c for c in token.children if c.dep_ in ("dobj", "pobj", "nsubjpass")] + partners:
        for clause in noun.children:
            if clause.dep_ not in ("acl", "relcl"):
                continue
            for child in clause.children:
                if child.dep_ == "agent":
                    found.extend(g for g in child.children if g.dep_ == "pobj")
                elif noun not in partners and (child.dep_ == "nsubj" or child.dep_ == "dobj" and clause.dep_ == "acl") \
                        and child.pos_ in ("PROPN", "NOUN"):  # "where A and B met", "involving A and B"; not
                    found.append(child)                       # "that included the X leaders", said of one side
    return found


def _pairs(trigger: Trigger, sources: list[str], targets: list[str]) -> list[tuple[str, str]]:
    """Source-target pairs of different sides. A meeting of several sides pairs each with each, once; sides
    that act together ("A and B agreed", "the two countries fought") each act on the other."""
    sources = [s for s in sources if s not in OUTSIDERS]
    targets = [t for t in targets if t not in OUTSIDERS]
    if trigger.type == "CONSULT":
        unique = list(dict.fromkeys(sources + targets))[:4]
        return [(a, b) for k, a in enumerate(unique) for b in unique[k + 1:]]
    if trigger is MEETING:
        return list(dict.fromkeys((s, t) for s in sources for t in targets if s != t))
    pairs = [(s, t) for s in sources[:2] for t in targets[:2] if s != t]
    if trigger.type in JOINT:
        pairs += [(a, b) for a in sources[:3] for b in sources[:3] if a != b]
    return list(dict.fromkeys(pairs))
