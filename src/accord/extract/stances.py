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
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from accord.extract.issues import IssueIndex
from accord.extract.mentions import JOINT_NOUNS, REPORTED_PRONOUNS, Mention, joint_parties, reporter
from accord.extract.tokens import Tokens


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


DIRECTIVES = {"tell", "ask"}  # demands only with an infinitive: "told X to do"

HOLDER_NOUNS = {"leader", "leaders", "president", "presidency", "minister", "ministers", "ministry", "government",
                "governments", "authorities", "officials", "official", "spokesman", "spokeswoman", "spokesperson",
                "chancellor", "premier", "administration", "envoy", "envoys", "delegation", "negotiators",
                "negotiator", "diplomats", "representatives", "side", "team", "cabinet", "parliament", "army",
                "military", "forces", "adviser", "advisor", "aide", "aides", "ambassador", "embassy", "office",
                "secretary", "chief", "head", "commander", "group", "movement", "mediators", "mediator", "counterpart", "allies",
                "countries", "nations", "partners", "capitals"}


def _in_phrase(token, mentions: list[Mention]) -> Mention | None:
    """The actor a phrase stands for: the one at its head, or inside it when the head is a role or body
    ("Russia's foreign minister"), not a modifier ("the Washington talks" are not Washington)."""
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)
    inside = [m for m in mentions if left <= m.start < right and m.side and m.kind != "outlet" and not m.backer]
    at_head = [m for m in inside if m.start <= token.idx < m.end]
    if at_head:
        return at_head[0]
    return inside[0] if inside and token.lower_ in HOLDER_NOUNS else None


def _group(token, parties: list[str]) -> list[Mention]:
    """The principal parties, when ``token`` heads a phrase naming them together; else none."""
    end = token.idx + len(token.text)
    return [Mention(token.idx, end, token.text, side, side, "state", "group") for side in joint_parties(token, parties)]


def _holders(cue, mentions: list[Mention], parties: list[str] = ()) -> list[Mention]:
    """The holder and those coordinated with it ("the United States, European countries and Canada are ready"),
    or the principal parties for a group subject ("both countries agreed")."""
    subject = _subject(cue)
    if subject is None:
        return []
    if subject.lower_ in REPORTED_PRONOUNS and not _in_phrase(subject, mentions):
        subject = reporter(subject) or subject
    group = _group(subject, list(parties))
    if group:
        return group
    first = _in_phrase(subject, mentions)
    if first is None:
        return []
    found = [first]
    for token in cue.doc:
        if first.start <= token.idx < first.end and not first.start <= token.head.idx < first.end:
            for conj in token.conjuncts:  # the head of the holder's words: "the United *States*, ... and Canada"
                other = _in_phrase(conj, mentions)
                if other is not None and other.side not in {m.side for m in found}:
                    found.append(other)
            break
    return found


def _governing_verb(noun):
    """The verb a noun phrase hangs from, or the root."""
    node = noun.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _subject(cue):
    """The token that holds the stance: the possessor of a noun cue ("Putin's demands"), else the subject
    of the verb it hangs from, climbing open complements ("ready to"), coordinated and adverbial clauses,
    and a reported clause whose subject is no actor ("Cairo said a precondition is ...": Cairo holds it)."""
    if cue.pos_ == "NOUN":
        for child in cue.children:  # "Cairo's demands", "an Egyptian demand", "a demand by Cairo"
            if child.dep_ in ("poss", "amod", "compound") and child.pos_ in ("PROPN", "ADJ", "NOUN") and \
                    (child.dep_ == "poss" or child.text[:1].isupper()):
                return child
            if child.dep_ == "poss" and child.pos_ == "PRON":  # "Cairo lists X among his conditions": Cairo's
                return _subject(_governing_verb(cue)) or child
            if child.dep_ == "prep" and child.lower_ == "by":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
                if agent is not None:
                    return agent
        if cue.head.lower_ == "of" and cue.head.head.pos_ == "NOUN":  # "the Kremlin's list of demands"
            owner = next((c for c in cue.head.head.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
        cue = _governing_verb(cue)
    agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is not None:
        return agent  # "membership remains opposed by the United States": the agent holds it
    node = cue
    for _ in range(3):
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and not (node.dep_ == "ccomp" and subject.pos_ == "NOUN"
                                        and subject.lower_ not in HOLDER_NOUNS | JOINT_NOUNS):
            return subject
        if node.dep_ in ("xcomp", "acomp", "conj", "advcl", "ccomp") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


CONDITION_MARKS = {"if", "unless", "until", "provided", "providing", "before"}  # "must be met before X would sign"
CONDITION_NOUNS = {"precondition", "prerequisite", "condition", "conditions", "preconditions", "prerequisites"}
MODALS = {"should", "must", "need", "needs", "has", "have", "ought"}  # "should end", "needs to", "has to"


def _conditional(cue, base: str, negated: bool) -> bool:
    """Whether the cue states a condition: an if/unless/until/provided clause on it, "will not sign without
    ...", or a demand of a precondition. A threat has its "if" ("threatened sanctions if Moscow does not
    move" threatens), and a precondition dropped or rejected is the object of the stance, not its form."""
    if base == "threaten":
        return False
    clause = [cue] + list(cue.ancestors)[:2]
    own = [cue, cue.head] if cue.dep_ in ("acomp", "xcomp") else [cue]  # "he's prepared to talk if Cairo agrees"
    return any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for node in clause for c in node.children) \
        or any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children)
               for node in own for c in node.children) \
        or any(t.lower_ in ("until", "unless", "provided") or (t.lower_ == "if" and t.dep_ == "mark")
               for t in cue.subtree) \
        or (negated and any(c.dep_ == "prep" and c.lower_ == "without" for c in cue.children)) \
        or (base in ("demand", "condition") and any(t.lemma_.lower() in CONDITION_NOUNS for t in cue.subtree))


def _polarity(cue, base: str) -> str:
    """The cue's polarity in context: a condition when an if/unless/until/provided clause, a "without ..."
    or a precondition hangs on it ("will not sign until ...", "not sign without a change"), reversed when
    negated ("will not accept"); a warning that someone should or must do something is a demand."""
    negated = any(c.dep_ == "neg" for c in cue.children) or any(
        c.dep_ == "neg" for c in cue.head.children if cue.dep_ in ("xcomp", "acomp"))
    if cue.lemma_.lower() == "tolerate":
        return "reject" if negated else ""
    if _conditional(cue, base, negated):
        return "condition"
    if base == "threaten" and any(c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in MODALS for a in c.children)
                                  for c in cue.children):
        return "demand"
    if negated:
        return {"accept": "reject", "offer": "reject", "demand": "reject", "reject": "accept"}.get(base, base)
    if cue.lemma_.lower() in READINESS and any(c.dep_ in ("xcomp", "acl") and c.lemma_.lower() in INITIATIVES
                                                for c in cue.children):
        return "offer"  # "ready to start consultations": readiness to take a step oneself offers it
    return base


# Steps one takes oneself: being ready to take one offers it ("ready to start talks", "readiness to send
# monitors"), where being ready for another's proposal accepts it.
READINESS = {"ready", "willing", "readiness", "willingness", "open", "openness"}  # not "agreed to resume": a reply
INITIATIVES = {"start", "begin", "initiate", "launch", "open", "host", "organise", "organize", "send", "deploy",
               "hold", "convene", "resume", "give", "provide", "offer", "contribute", "supply", "fund"}


# What a stance is about is the cue's complement, not its circumstances: "agreed to a prisoner exchange
# as an outcome of the talks" is about the exchange, not the talks.
CIRCUMSTANCE_DEPS = {"nsubj", "nsubjpass", "advcl", "npadvmod", "mark", "punct"}
CIRCUMSTANCE_PREPS = {"after", "ahead", "following", "during", "amid", "amidst", "since", "as", "despite",
                      "throughout"}


LISTING_PREPS = {"among", "as", "in"}  # "X among its conditions", "X as a demand", "X in its demands"


def _clause_words(cue) -> list[str]:
    """The words a cue's stance is about: its subtree less its subject and circumstances (when, where, after
    what), or for a noun cue that is the subject or complement of "be", the whole clause ("a prerequisite for
    signing is a change to the constitution")."""
    node = cue
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is not None:  # "membership remains opposed by X": the passive subject is what X opposes
        node = cue.head if cue.dep_ in ("acomp", "xcomp") else cue
        by = {t.i for t in agent.subtree}
        return [t.text for t in node.subtree if t.i not in by]
    if cue.pos_ == "NOUN" and cue.dep_ in ("nsubj", "attr") and cue.head.lemma_ == "be":
        return [t.text for t in cue.head.subtree]
    if cue.pos_ == "NOUN" and cue.dep_ == "dobj" and cue.head.pos_ == "VERB":
        node = cue.head  # "expressed openness in principle to X": the parse may hang "to X" on the verb
    if cue.pos_ == "NOUN" and cue.dep_ == "pobj" and cue.head.lower_ in LISTING_PREPS and cue.head.head.pos_ == "VERB":
        node = cue.head.head  # "lists the corridor among its conditions": the verb's object is the stance
    left_out = {t.i for child in node.children if child.dep_ in CIRCUMSTANCE_DEPS for t in child.subtree}
    for token in node.subtree:  # "agreed to halt strikes, following talks in Riyadh": at any depth
        if token.dep_ == "prep" and token.lower_ in CIRCUMSTANCE_PREPS and token.head.pos_ != "NOUN" and \
                (token.head.i == node.i or token.lower_ != "as"):  # deeper, "as a precondition for X" is X's role
            left_out.update(t.i for t in token.subtree)
    return [t.text for t in node.subtree if t.i not in left_out]


def _undecided(cue) -> bool:
    """A cue in a clause of "whether" ("did not say whether it would agree") states no position."""
    node = cue
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


def find_stances(sentence, mentions: list[Mention], index: IssueIndex | None,
                 parties: list[str] = ()) -> list[Stance]:
    """Stances stated in one parsed sentence: on the index's issues, or with no index, on the phrase the
    cue governs (the object of "rejects", what "ready to" is ready for). ``parties``: the article's
    principal sides so far, most named first, for which "both countries" stands."""
    cues = polarity_cues()
    found: list[Stance] = []
    tokens = Tokens.of(sentence)
    for k in tokens.among(_cue_words(), "lemma", "lower"):
        pos = "VERB" if tokens.pos[k] == "AUX" else tokens.pos[k]
        base = cues.get((pos, tokens.lemma[k])) or cues.get((pos, tokens.lower[k]))
        if base is None:
            continue
        cue = sentence[k]  # a spaCy token only for a cue: walking every token through spaCy cost more
        if tokens.lemma[k] in DIRECTIVES and not any(c.dep_ == "xcomp" for c in cue.children):
            continue  # "told reporters that ..." reports; "told Ukraine to forget about ..." demands
        if cue.dep_ == "xcomp" and cues.get(("VERB", cue.head.lemma_.lower())) == "demand" and \
                any(c.dep_ == "dobj" for c in cue.head.children):
            continue  # "urged Ethiopia to accept X": a demand of X, accepted by nobody yet
        if pos == "NOUN" and cue.dep_ == "dobj" and ("VERB", cue.head.lemma_.lower()) in cues and \
                not any(c.dep_ == "poss" for c in cue.children):
            continue  # "ready to accept the ceasefire proposal": the verb states the stance on it
        if pos == "ADJ" and any(c.dep_ == "xcomp" and (("VERB", c.lemma_.lower()) in cues) for c in cue.children):
            continue  # "ready to provide": the verb says what the readiness is for
        if any(c.dep_ == "nsubjpass" for c in cue.children) and not any(c.dep_ == "agent" for c in cue.children) \
                and any(c.dep_ == "auxpass" and c.lower_ != "'s" for c in cue.children):
            continue  # "are expected to meet": the subject undergoes the verb ("he's ruled out" is ambiguous)
        if any(c.dep_ == "ccomp" and any(t.pos_ == "VERB" and ("VERB", t.lemma_.lower()) in cues and t.i != cue.i
                                         for t in c.subtree) for c in cue.children):
            continue  # "warned that Russia will not tolerate ...": the inner cue states the position
        polarity = _polarity(cue, base)
        if not polarity or _undecided(cue):
            continue
        words = _clause_words(cue)
        phrase = _about(cue) if index is None else None
        issues = index.issues_in(words) if index is not None else [None] if phrase else []
        for holder in _holders(cue, mentions, parties) if issues else ():
            if holder.side == "MEDIA":
                continue
            for issue in issues:
                found.append(Stance(holder.side, holder.name, issue, polarity,
                                    index.option_in(issue, words) if index is not None else None,
                                    cue.lemma_.lower(), cue.left_edge.idx,
                                    cue.right_edge.idx + len(cue.right_edge.text), phrase))
    found += _conditional_commitments(sentence, mentions, index, parties)
    unique = {(s.side, s.issue, s.phrase, s.polarity): s for s in found}
    return list(unique.values())


COMMITMENT_MARKS = {"provided", "providing", "unless"}


def _conditional_commitments(sentence, mentions: list[Mention], index: IssueIndex | None,
                             parties: list[str]) -> list[Stance]:
    """What an actor will do on a condition ("Kinshasa will act against the militia, provided Kigali lifts
    its measures"): a condition of the actor's on the issues of the whole sentence, whatever its verb; with no
    index, on what the verb governs (its ``phrase``)."""
    found = []
    for mark in sentence:
        if mark.lower_ not in COMMITMENT_MARKS:
            continue
        # "will act, provided X ...": the parse makes "provided" a marker, a preposition or a clause
        verb = next((v for v in list(mark.ancestors)[:3] if v.pos_ == "VERB" and v.i != mark.i and
                     any(a.dep_ == "aux" and a.lower_ in ("will", "would", "'ll") for a in v.children)), None)
        if verb is None:
            continue  # a commitment, not a report of what happened
        words = [t.text for t in verb.subtree]
        phrase = _about(verb) if index is None else None
        issues = index.issues_in(words) if index is not None else [None] if phrase else []
        for holder in _holders(verb, mentions, parties):
            if holder.side in ("MEDIA", "EXPERT"):
                continue
            found += [Stance(holder.side, holder.name, issue, "condition",
                             index.option_in(issue, words) if index is not None else None, mark.lower_,
                             verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text), phrase)
                      for issue in issues]
    return found



ABOUT_DEPS = ("dobj", "xcomp", "ccomp", "prep", "attr", "acomp", "oprd", "acl")  # acl: "the commitment *to eradicate*"
MOST_WORDS_ABOUT = 12  # a longer clause is more than one issue's worth; the analyst reads the evidence


def _about(cue) -> str | None:
    """The words a cue governs, as written: what is demanded, rejected or offered ("rejects *the plan*",
    "ready *to freeze the front line*", "demand *for a ceasefire*"); None when it governs nothing. A span of
    names and dates only is the last choice: in "urged Kyiv to accept ..." or "rejected on Monday a plan"
    the addressee and the day are not what the stance is about."""
    spans = [span for child in cue.children if child.dep_ in ABOUT_DEPS and child.i > cue.i
             for span in [_governed(child)] if span is not None]
    said = [span for span in spans
            if not all(t.ent_type_ in NAMES_AND_DATES or t.pos_ in ("PRON", "DET", "ADP") for t in span)]
    return (said + spans)[0].text if spans else None


NAMES_AND_DATES = {"PERSON", "GPE", "NORP", "ORG", "DATE", "TIME", "CARDINAL"}


def _governed(child):
    """The span of ``child``'s subtree, without its marker, cut to ``MOST_WORDS_ABOUT`` words; None when it
    holds no noun or verb."""
    doc = child.doc
    first, last = child.left_edge.i, child.right_edge.i
    while first < last and (doc[first].dep_ in ("aux", "mark") or doc[first].i == child.i and
                            child.dep_ == "prep" or doc[first].is_punct):
        first += 1  # "for a ceasefire", "to freeze", "that Russia": the marker says nothing
    words = [t for t in doc[first:last + 1] if not t.is_punct]
    if len(words) > MOST_WORDS_ABOUT:
        last = words[MOST_WORDS_ABOUT - 1].i
    while last > first and doc[last].is_punct:
        last -= 1
    span = doc[first:last + 1]
    return span if any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in span) else None


_QUOTED_REJECT = re.compile(r"\b(not|never|no|won't|cannot|can't|refuses?|rejects?|rules? out|unacceptable|"
                            r"(?:is|are|am|was|were|remains?|stands?) against)\b", re.I)
# not "demands": as often a noun for someone else's ("will study the Kremlin's list of demands")
_QUOTED_IF = re.compile(r"\b(?:only if|unless|provided|on condition)\b", re.I)  # not a bare "if": "did not know if"
_QUOTED_CONDITION = re.compile(r"\b(?:without|until|before|provided|only after)\b", re.I)
_QUOTED_DEMAND = re.compile(r"\b(should|must|needs?|wants?|insists?|requires?|has to|have to)\b", re.I)
_QUOTED_ACCEPT = re.compile(r"\b(ready|willing|prepared|open to|agrees?|accepts?|could accept)\b", re.I)


def stances_in_quote(text: str, side: str, holder: str, index: IssueIndex | None) -> list[Stance]:
    """A position stated in someone's own words ("any summit should be preceded by lower-level talks, he said"):
    the speaker holds it, and the words' modality gives the polarity (a negation rejects, should/must demand,
    ready/willing accept); a stance that holds only on a condition ("will not sign without X") is one. With
    no index, the stance is about the quote's clause that states it (its ``phrase``)."""
    if side in ("MEDIA", "EXPERT") or "?" in text:
        return []
    if _QUOTED_IF.search(text) is None and re.search(r"\bif\b", text, re.I):
        return []  # "if" alone: a hypothesis, or "did not know if"
    if _QUOTED_IF.search(text) or _QUOTED_CONDITION.search(text) and (
            _QUOTED_REJECT.search(text) or _QUOTED_DEMAND.search(text)):
        polarity, cue = "condition", _QUOTED_IF.search(text) or _QUOTED_CONDITION.search(text)
    elif cue := _QUOTED_REJECT.search(text):
        polarity = "reject"
    elif cue := _QUOTED_DEMAND.search(text):
        polarity = "demand"
    elif cue := _QUOTED_ACCEPT.search(text):
        polarity = "accept"
    else:
        return []
    if index is None:
        return [Stance(side, holder, None, polarity, None, "quote", 0, len(text), _quoted_clause(text, cue))]
    words = re.findall(r"[\w'-]+", text)
    return [Stance(side, holder, issue, polarity, _quoted_option(index, issue, text, words, polarity), "quote", 0,
                   len(text)) for issue in index.issues_in(words)]


def _quoted_clause(text: str, cue: re.Match) -> str:
    """The clause of a quote that holds its modality cue, at most ``MOST_WORDS_ABOUT`` words from the cue on:
    what "we will never accept a frozen conflict, whatever they say" is about."""
    start = max(text.rfind(mark, 0, cue.start()) for mark in ",;.:")
    end = min((k for k in (text.find(mark, cue.end()) for mark in ",;.:") if k >= 0), default=len(text))
    words = text[start + 1:end].split()
    while len(words) > 1 and words[0].lower() in ("and", "but", "or", "so"):
        words = words[1:]
    return " ".join(words[:MOST_WORDS_ABOUT]).strip(" \"'“”‘’")


def _quoted_option(index: IssueIndex, issue: str, text: str, words: list[str], polarity: str) -> str | None:
    """The option a quoted stance names; for a rejection, the one its negation governs ("a peace agreement,
    not a mere ceasefire" rejects the ceasefire) or none, else the one the whole quote names."""
    if polarity == "reject":  # the rest of the quote may say what the speaker wants instead
        negated = _QUOTED_REJECT.search(text)
        return index.option_in(issue, re.findall(r"[\w'-]+", re.split(r"[,;.]|\bbut\b|\brather\b",
                                                                      text[negated.end():])[0]))
    return index.option_in(issue, words)
