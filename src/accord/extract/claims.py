"""Truce-violation claims, denials and independent confirmations, each as its claimant states it.

A claim is never a fact: every record names who says it (``claimant``), whom it is about (``accused``)
and what kind it is:

- ``claim``: the claimant says the accused broke the truce ("Egypt said Ethiopian forces shelled its
  positions 40 times");
- ``denial``: the claimant says the accused, mostly itself, did not ("Ethiopia said its troops strictly
  adhered to the ceasefire", "Cairo denied the allegations", "there were no Ethiopian drone attacks");
- ``confirmation``: a source that is neither party (an analyst, ``EXPERT``) states activity on its own
  assessment; ``independent`` is then true and ``accused`` may be None.

The words come from a small lexicon (``data/violations.tsv``): *acts* (shelling, assault, drone, rocket,
guided bomb, air strike, incursion, killed ...) with their category (``what``), *violation* words (violate,
breach, flout), *compliance* words (adhere, comply, observe a truce), facility classes (energy, refinery) and
the nouns a number may count instead (places, victims, targets). Rules, all grammatical:

- the claimant is the speaker of the quote the act lies in (:mod:`accord.extract.quotes`), else the holder
  of a reporting verb above it ("accused", "claimed", "denied"; the holders as stances find them), else
  the claimant of the last two sentences (a report goes on: "It also said ..."), else the outlet (MEDIA);
- the accused is the act's agent: its subject, a "by" phrase, a side-adjective or possessor ("Ethiopian
  shelling"), the object of "accuse"; failing that, for a party's claim, the other principal party, and
  for a denial, the claimant itself;
- a negated act ("did not attack", "no drone attacks"), an act under "deny" and an affirmed compliance
  word make a denial; a negated compliance word ("did not observe the truce") a claim;
- each number that counts an act gives its own record (``count``, qualifiers dropped: "more than 1,000"
  -> 1000); a number inside a subset ("including 80 ...", "30 of which") or counting places is skipped;
- the period is "the past N hours/days" back from the article's date, "since <date>" to an open end, or the
  sentence's date (:mod:`accord.extract.when`).

Only articles that name a truce (ceasefire, truce, moratorium, armistice) are read for claims.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from accord.extract.gazetteer import VOICES, fold
from accord.extract.mentions import Mention, reporter
from accord.extract.quotes import Quote
from accord.extract.stances import _holders, _subject
from accord.extract.tokens import Tokens
from accord.extract.when import sentence_date

RELAY = re.compile(r"\b(?:agency|agencies|news|media|outlet|newspaper|broadcaster|channel|television|tv)\b",
                   re.IGNORECASE)  # a speaker that passes others' statements on
KIDS = "accord.claims.children"  # in ``Doc.user_data``: each token's children, as indices
ANCHORS = ("act", "violation", "comply", "charge")  # the roles that can make a record; the others qualify one
TRUCE = re.compile(r"\b(?:cease-?fires?|truces?|moratori(?:um|a)|armistices?)\b", re.IGNORECASE)
NEEDS_TRUCE = {"break", "ignore", "observe", "respect", "honour", "honor"}  # too common to count without one
VERB_ONLY = {"hit", "shell", "advance"}
CLAIM_CUES = {"accuse", "allege", "claim", "say", "report", "state", "add", "write", "announce", "note", "tell",
              "insist", "contend", "charge", "blame", "indicate", "record", "count", "register", "assert",
              "declare", "stress", "confirm", "post", "deny", "reject", "dismiss", "refute", "inform", "conclude",
              "assess", "estimate"}
DENY_CUES = {"deny", "reject", "dismiss", "refute"}
CLAIM_NOUNS = {"assertion", "claim", "accusation", "allegation", "statement", "report", "charge", "concern"}
ACCUSING = {"accuse", "accusation", "allege", "allegation", "blame", "charge"}  # who accuses, in a whole sentence
SPEAKING = ACCUSING | CLAIM_NOUNS | CLAIM_CUES  # the lemmas the sentence-wide search for a speaker looks at
INTERCEPTS = {"shoot", "intercept", "destroy", "down", "repel", "repulse"}  # "shot down drones": not who sent them  # "Ukrainian assertions that"
HALTS = {"halt", "stop", "cease", "suspend", "pause", "end", "suspension"}  # "suspended strikes": compliance
# Verbs whose complement is wanted, ordered or promised, not reported as done ("urged Ukraine to observe the truce").
DIRECTED = {"agree", "urge", "call", "ask", "promise", "pledge", "vow", "order", "instruct", "want", "plan", "intend",
            "propose", "demand", "offer", "threaten", "warn", "expect", "hope", "seek", "aim", "tell",
            "agreement", "deal", "commitment", "promise", "proposal", "plan", "idea", "readiness", "obligation",
            "duty", "right", "need", "requirement"}
KEEPS = {"implement", "observe", "maintain", "respect", "honour", "honor", "keep", "adhere", "enforce"}  # "implementing a pause"
CONCESSIVE = {"though", "although", "despite"}  # "even though X attacked": the outlet's aside
UNITS = {"time", "instance", "case", "incident", "episode", "occasion", "attempt", "number", "total", "operation",
         "unit"}
ASPECTUAL = {"continue", "fail", "refuse", "begin", "start", "keep", "attempt", "try", "resume", "stop", "cease",
             "seem", "appear"}  # verbs whose infinitive happened (or, negated, did not)
FAILS = {"fail", "refuse", "cease", "stop"}  # "failed to observe": the verb above negates the one below
DRONE_VERBS = {"use": "drone-use", "launch": "drone-launch"}
ACTING = {"launch", "use", "fire", "carry", "conduct", "send"}  # "drones launched from X": X carries out the act
HEADLINE_SOURCE = re.compile(r"\s[-–—]\s+[^-–—]{2,80}$")  # a headline's source after a dash, at its end
TARGET_PREPOSITIONS = {"on", "against", "at", "toward", "towards", "into", "over", "in"}
# A sentence with no speaker, no quote and no recent claimant: the outlet's own claim, or no record? In reports
# on a truce such a sentence mostly goes on paraphrasing a source the article named further back, so it is not
# taken as the outlet's: the outlet's voice is recorded only where it sets itself apart ("even though X struck").
UNATTRIBUTED_IS_OUTLET = False
PENDING = "?"  # the claimant of a claim whose sentence names none, until the next one does
CARRY = 3  # sentences a report goes on for: set a priori (bench/claims.py: tuples F1 .816 at 1, .846 from 2 up)
SKIP_ENTITIES = {"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"}
RELATIVE = re.compile(r"\b(?:past|last|previous)\s+(?:(\d+|two|three|four|five|six|seven|several)\s+)?"
                      r"(hours?|days?|week|month)\b", re.IGNORECASE)
SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    what: str
    role: str


@dataclass(frozen=True)
class Claim:
    """One claim, denial or confirmation read from a sentence; ``start``/``end`` are its act's offsets there."""

    claimant: str
    speaker: str
    accused: str | None
    kind: str
    what: str
    count: int | None
    start: int
    end: int
    period: tuple[str | None, str | None] = (None, None)
    independent: bool = False
    cue: str | None = None
    earlier: bool = False  # read in the sentence before, attributed by this one ("This was reported by ...")


@dataclass
class ClaimContext:
    """What one article's earlier sentences tell the next: who was last claiming, and how long ago, and the
    claims of the sentence before that had no claimant yet."""

    sentence: int = 0
    last: tuple[str, str, int] | None = None  # (claimant, speaker, sentence number)
    pending: list = field(default_factory=list)  # the last sentence's claims with no claimant


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[Term, ...]]:
    """First word -> the terms starting with it, longest first."""
    text = resources.files("accord.extract").joinpath("data", "violations.tsv").read_text(encoding="utf-8")
    found: dict[str, list[Term]] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        words = tuple(row["words"].lower().split())
        found.setdefault(words[0], []).append(Term(words, row["what"], row["role"]))
    return {first: tuple(sorted(terms, key=lambda t: -len(t.words))) for first, terms in found.items()}


def about_truce(texts) -> bool:
    """Whether an article's sentences name a truce at all: only then are they read for claims."""
    return any(TRUCE.search(text) for text in texts)


def number_value(word: str) -> int | None:
    """The integer a number word stands for ("2,935", "five", "thousand"), or None.

    >>> number_value("1,404"), number_value("eight"), number_value("thousand"), number_value("3.5")
    (1404, 8, 1000, None)
    """
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return SMALL.get(word, TENS.get(word, SCALES.get(word)))


@dataclass
class _Hit:
    k: int
    last: int
    term: Term


def _hits(tokens: Tokens) -> list[_Hit]:
    """The lexicon's terms in the sentence, left to right, longest first at each token."""
    lex, out, k = lexicon(), [], 0
    while k < len(tokens):
        terms = lex.get(tokens.lemma[k], ()) + (lex.get(tokens.lower[k], ()) if tokens.lower[k] != tokens.lemma[k] else ())
        matched = None
        for term in terms:
            n = len(term.words)
            if k + n <= len(tokens) and all(w in (tokens.lemma[k + j], tokens.lower[k + j])
                                            for j, w in enumerate(term.words)) \
                    and not (term.words[0] in VERB_ONLY and n == 1 and tokens.pos[k] != "VERB") \
                    and not (term.role in ANCHORS and tokens.pos[k] not in ("NOUN", "VERB", "PROPN", "ADJ")):
                matched = term  # "shelling" read as the verb "shell" is no verb here: the noun's entry is tried next
                break
        if matched is None:
            k += 1
            continue
        out.append(_Hit(k, k + len(matched.words) - 1, matched))
        k += len(matched.words)
    return out


def _kids(token) -> list:
    """A token's children, from child lists made once per parsed sentence (spaCy's ``Token.children`` scans the
    sentence at every call, which a long one makes slow)."""
    doc = token.doc
    kids = doc.user_data.get(KIDS)
    if kids is None:
        kids = [[] for _ in range(len(doc))]
        for i, head in enumerate(Tokens.of(doc).head):
            if head != i:
                kids[head].append(i)
        doc.user_data[KIDS] = kids
    return [doc[j] for j in kids[token.i]]


def _side_at(token, mentions: list[Mention]) -> str | None:
    """The side of a party the token's phrase names at its head or before it ("Ethiopian forces",
    "Egypt's army", "the Ethiopian side"); not one named after it ("attacks on Egyptian positions")."""
    left, right = token.left_edge.idx, token.idx + len(token.text)
    found = [m for m in mentions if left <= m.start < right and m.side and m.kind != "outlet" and not m.backer
             and m.side not in VOICES]
    return found[-1].side if found else None


def _subject_side(verb, mentions: list[Mention]) -> str | None:
    """The side of the active subject of a verb (inherited along coordinated verbs), or of its "by" agent."""
    for child in _kids(verb):
        if child.dep_ == "agent":
            for pobj in _kids(child):
                if pobj.dep_ == "pobj":
                    return _side_at(pobj, mentions)
    node = verb
    for _ in range(3):
        subject = next((c for c in _kids(node) if c.dep_ == "nsubj"), None)
        if subject is not None:
            if subject.lower_ in ("it", "they", "we") and subject.dep_ != "nsubjpass":
                subject = reporter(subject) or subject
            return _side_at(subject, mentions)
        if node.dep_ in ("conj", "xcomp") and node.head.pos_ in ("VERB", "AUX"):
            node = node.head
            continue
        if node.dep_ == "acl" and node.head.dep_ == "dobj" and node.head.head.pos_ == "VERB":
            node = node.head.head  # "issued an order to suspend strikes": who issued it
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            return _side_at(node.head.head, mentions)  # "Ethiopia's record of violating": the possessor
        return None
    return None


def _path(token, top) -> list:
    """The tokens from ``token`` up to (not including) its ancestor ``top``."""
    out = []
    while token.i != top.i and token.head.i != token.i:
        out.append(token)
        token = token.head
    return out


def _accused_of(verb, mentions: list[Mention]) -> str | None:
    """"accused Ethiopia of shelling": the object of the accusing verb above, if any."""
    node = verb
    for _ in range(4):
        if node.lemma_ in ("accuse", "blame", "charge"):
            obj = next((c for c in _kids(node) if c.dep_ == "dobj"), None)
            return _side_at(obj, mentions) if obj is not None else None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _agent(token, mentions: list[Mention]) -> str | None:
    """The side said to carry out an act: of the noun ("Ethiopian drone attacks", "assaults by Ethiopian
    units", "drones launched from Ethiopia") or of the verb (its subject or "by" agent)."""
    if token.pos_ == "VERB":
        side = _accused_of(token, mentions) if token.dep_ in ("pcomp", "pobj", "xcomp") else None
        return side or _subject_side(token, mentions)
    chain = [token]
    while chain[-1].dep_ in ("compound", "conj") and chain[-1].head.pos_ in ("NOUN", "PROPN"):
        chain.append(chain[-1].head)  # "missile or drone attacks": the modifiers of each word of the phrase
    noun = chain[-1]
    for word in chain:  # "violations of the truce by Ethiopia": a "by" phrase of the noun phrase names the agent
        for prep in word.subtree:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from") and prep.head.pos_ in ("NOUN", "PROPN") \
                    and all(t.dep_ not in ("relcl", "acl", "advcl", "ccomp") for t in _path(prep, word)):
                pobj = next((g for g in _kids(prep) if g.dep_ == "pobj"), None)
                if pobj is not None and _side_at(pobj, mentions):
                    return _side_at(pobj, mentions)
    for word in chain:
        for child in _kids(word):
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < word.i:
                side = _side_at(child, mentions)
                if side:
                    return side
            if child.dep_ == "acl" and child.lemma_ in ACTING:  # "drones launched from Ethiopia"
                side = _subject_side(child, mentions) if any(c.dep_ == "agent" for c in _kids(child)) else None
                for prep in _kids(child):
                    if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                        pobj = next((g for g in _kids(prep) if g.dep_ == "pobj"), None)
                        side = side or (_side_at(pobj, mentions) if pobj is not None else None)
                if side:
                    return side
    head = noun.head
    while head.dep_ == "prep" or head.pos_ in ("NOUN", "ADP") and head.head.i != head.i and head.dep_ in ("pobj", "dobj", "conj", "prep"):
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_ not in CLAIM_CUES | INTERCEPTS \
            and noun.dep_ in ("dobj", "attr", "npadvmod", "nsubjpass"):
        return _accused_of(head, mentions) or _subject_side(head, mentions)
    if head.pos_ in ("VERB", "AUX") and head.lemma_ in ("accuse", "blame"):
        return _accused_of(head, mentions)
    return None


def _targeted(sentence, mention: Mention) -> bool:
    """Whether a mention names a target ("strikes on Egyptian positions", "attacks against Ethiopia"), not an actor."""
    span = sentence.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in TARGET_PREPOSITIONS:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _halted(token) -> bool:
    """"suspended strikes", "a pause on drone attacks", "did not stop the shelling": the act is what a
    halting word stops, so the sentence says whether the truce was kept."""
    head = token
    while head.dep_ in ("compound", "conj") and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_ in HALTS and head.head.pos_ == "VERB":
        return True
    return head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.lemma_ in HALTS \
        and head.head.head.head.lemma_ in KEEPS  # "implementing a pause on attacks"; "agreed a pause on" is a term


def _under_truce(token, hits_at: dict[int, "_Hit"]) -> bool:
    """"a truce on energy strikes", "the moratorium on attacks": the act names what a truce covers."""
    head = token
    while head.dep_ in ("compound", "conj") and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    if head.dep_ == "pobj" and head.head.dep_ == "prep":
        owner = head.head.head
        if owner.lemma_ in HALTS and owner.pos_ == "NOUN" and owner.head.lemma_ not in KEEPS:
            return True  # "a 30-day halt on attacks": the truce's terms
        return owner.i in hits_at and hits_at[owner.i].term.role == "truce"
    return head.dep_ in ("compound", "amod") and head.head.i in hits_at and hits_at[head.head.i].term.role == "truce"


def _unreal(token) -> bool:
    """An act only wanted, promised, ordered or supposed: "urged X to observe the truce", "any violation
    would end it", "if either side violates the ban"."""
    node = token
    for _ in range(5):
        if any(c.dep_ == "det" and c.lower_ in ("any", "every") for c in _kids(node)) and node.pos_ == "NOUN":
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in _kids(node)):
            return True
        if any(c.dep_ == "aux" and c.lower_ in ("would", "will", "could", "might", "should") for c in _kids(node)) \
                and node.pos_ in ("VERB", "AUX"):
            return True
        if node.dep_ in ("xcomp", "ccomp", "dobj", "acl", "prep", "pobj") and node.head.lemma_ in DIRECTED:
            return True
        if node.pos_ == "VERB" and node.dep_ in ("xcomp", "advcl", "acl") and node.head.lemma_ not in ASPECTUAL \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in _kids(node)):
            return True  # "agreements to pause strikes": an infinitive is an aim; "continued to strike" happened
        if node.head.i == node.i or node.head.lemma_ in CLAIM_CUES:
            return False  # a reported clause is as real as its reporter says
        node = node.head
    return False


def _negated(token) -> bool:
    """"did not attack", "no drone attacks", "failed to observe": the act is said not to have happened."""
    noun = token
    while noun.dep_ in ("compound", "conj") and noun.head.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "det" and c.lower_ == "no" for c in _kids(noun)):
            return True
        noun = noun.head
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in _kids(noun)):
        return True
    verb = noun if noun.pos_ in ("VERB", "AUX") else noun.head
    if verb.pos_ in ("VERB", "AUX") and verb.i != noun.i and verb.lemma_ not in CLAIM_CUES:
        if any(c.dep_ == "neg" for c in _kids(verb)):
            return True
    node = verb
    for _ in range(2):
        if node.dep_ == "xcomp" and node.head.lemma_ in FAILS:
            return not any(c.dep_ == "neg" for c in _kids(node.head))
        node = node.head
    return False


def _cue_holders(cue, mentions: list[Mention], parties: list[str]) -> list[tuple[str, str]]:
    """Who holds a reporting verb or noun: the stances' holders, else a side named before its subject's head
    ("Ethiopia's information centre denied")."""
    subject = _subject(cue)
    if subject is not None and RELAY.search(" ".join(t.text for t in subject.subtree)):
        return []  # "a state news agency reported": an outlet passes a statement on
    holders = _holders(cue, mentions, parties)
    if holders:
        return [(m.side, m.name) for m in holders]
    agents = [g for c in _kids(cue) if c.dep_ in ("prep", "agent") and c.lower_ == "by" for g in _kids(c)
              if g.dep_ == "pobj"]
    subjects = [c for c in _kids(cue) if c.dep_ == "nsubj"]  # a parse may give two ("date ... Egypt said")
    for subject in [_subject(cue)] + subjects + agents:  # "statements by Egypt's ministry"
        if subject is not None and any(m.kind == "outlet" and m.start <= subject.idx < m.end for m in mentions):
            continue  # "a state news agency reported": an outlet passes a statement on
        side = _side_at(subject, mentions) if subject is not None else None
        if side:
            return [(side, " ".join(t.text for t in subject.subtree))]
    return []


def _attributions(token, quotes: list[Quote], mentions: list[Mention], parties: list[str]
                  ) -> tuple[list[tuple[str, str]], str | None]:
    """Who says the act happened, and the cue: the holders of the nearest reporting verb or noun above it
    ("Cairo accused ...", "Egyptian assertions that ..."), else the innermost quote holding it, else the
    sentence's own speaker ("As the official noted, ...", "..., the minister said", "X renewed accusations
    ..."). An aside ("even though X attacked") under a reporting verb is the outlet's own ("MEDIA"). What an
    analyst reports the parties to allege is theirs, not the analyst's: the cue is then "reported" and no
    one is returned; what an analyst reports them to observe is the analyst's assessment."""
    expert = [q for q in quotes if q.side == "EXPERT" and q.start <= token.idx < q.end]
    node = token
    for _ in range(8):
        if node.i != token.i and ((node.lemma_ in CLAIM_CUES and node.pos_ in ("VERB", "AUX"))
                                  or (node.lemma_ in CLAIM_NOUNS and node.pos_ == "NOUN")):
            said = _cue_holders(node, mentions, parties)
            if said:
                if expert and not any(side == "EXPERT" for side, _ in said):
                    if node.lemma_ in ACCUSING or node.lemma_ == "claim":
                        return [], "reported"
                    return [("EXPERT", expert[0].speaker)], expert[0].cue
                return said, node.lemma_
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in _kids(node)) \
                and any(c.dep_ == "nsubj" for c in _kids(node)):  # "... , though noting that": still the speaker's
            return [("MEDIA", "the outlet")], "aside"
        if node.head.i == node.i:
            break
        node = node.head
    holding = [q for q in quotes if q.start <= token.idx < q.end]
    if holding:
        quote = min(holding, key=lambda q: q.end - q.start)
        if RELAY.search(quote.speaker):
            return [], None  # "a state news agency reported ...": an outlet relays, whose claim is it?
        if expert and quote.side != "EXPERT":  # "analysts say both sides noted that ...": see above
            return ([], "reported") if quote.cue in ACCUSING or quote.cue == "claim" else \
                ([("EXPERT", expert[0].speaker)], expert[0].cue)
        return [(quote.side, quote.speaker)], quote.cue
    root = node
    for clause in _kids(root):  # "As the official noted, X shelled ..."
        if clause.dep_ == "advcl" and clause.lemma_ in CLAIM_CUES and any(c.lower_ == "as" for c in _kids(clause)):
            said = _cue_holders(clause, mentions, parties)
            subject = _subject(clause)
            if said or subject is not None:
                return said or [("MEDIA", subject.text)], clause.lemma_
    if root.lemma_ in CLAIM_CUES and root.pos_ == "VERB" and root.i > token.i:  # '"... X shelled ...," he said.'
        said = _cue_holders(root, mentions, parties)
        if said:
            return said, root.lemma_
    lemmas = Tokens.of(token.doc).lemma
    for other in (token.doc[k] for k, lemma in enumerate(lemmas) if lemma in SPEAKING):  # "Cairo and Addis Ababa
        # renewed their accusations over violating the truce",
        # "More statements by Egypt's ministry: ...", "This was reported by the Egyptian president."
        if other.i != token.i and (other.lemma_ in ACCUSING or other.lemma_ in CLAIM_NOUNS and other.pos_ == "NOUN"
                                   or other.lemma_ in CLAIM_CUES and any(c.dep_ == "agent" for c in _kids(other))):
            said = _cue_holders(other, mentions, parties)
            if said:
                return said, other.lemma_
    return [], None


def _denied(token) -> bool:
    """Whether a denying verb ("denied", "rejected the claims that ...") governs the act."""
    node = token
    for _ in range(6):
        if node.lemma_ in DENY_CUES and node.pos_ == "VERB":
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _what(hit: _Hit, sentence, hits: list[_Hit]) -> str:
    """The act's category, made specific: a drone "used" or "launched", an attack on an energy facility, an
    attack whose own words name its weapon ("drone attacks")."""
    token = sentence[hit.k]
    what = hit.term.what
    if hit.term.role == "act" and what == "attack":
        for other in hits:
            if other.term.role == "act" and other.k != hit.k and sentence[other.k].head.i == token.i \
                    and sentence[other.k].dep_ in ("compound", "amod", "nmod"):
                return _what(other, sentence, hits)
        if any(other.term.role == "facility" for other in hits):
            return "energy-strike"
    if what == "drone-strike":
        node = token
        for _ in range(3):
            if node.lemma_ in DRONE_VERBS:
                return DRONE_VERBS[node.lemma_]
            node = node.head
        if any(c.lemma_ in DRONE_VERBS for c in _kids(token)):
            return DRONE_VERBS[next(c.lemma_ for c in _kids(token) if c.lemma_ in DRONE_VERBS)]
    return what


def _count_of(number, by_index: dict[int, _Hit], sentence) -> tuple[_Hit | None, int | None]:
    """The act a number counts (and its value), or (None, None): the noun it modifies when that is an act,
    the act of a unit noun ("120 times", "59 cases of shelling"), the act victims or targets suffer."""
    value = number_value(number.text)
    if value is None or number.ent_type_ in SKIP_ENTITIES or number.pos_ != "NUM":
        return None, None
    if number.lower_ in SCALES and any(c.lower_ == "a" for c in _kids(number)):
        value = SCALES[number.lower_]  # "a thousand"
    if number.i + 1 < len(sentence) and sentence[number.i + 1].text.startswith("-"):
        return None, None  # "a 30-day truce", "a 55-year-old"
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in ("which", "them", "whom", "these") for g in _kids(c))
           for c in _kids(number)):
        return None, None  # "30 of which": a subset of a number already counted
    node = number
    for _ in range(3):
        if node.lower_ == "including":
            return None, None  # "1,800 shellings, including 800 with heavy weapons": a part of a number counted
        node = node.head
    if number.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "appos") or number.head.pos_ == "NOUN" and number.dep_ != "pobj":
        noun = number.head
        while noun.pos_ == "NUM" and noun.head.i != noun.i:
            noun = noun.head
        if noun.head.lemma_ == "use" and noun.head.dep_ in ("acl", "advcl"):
            return None, None  # "ten air strikes using 16 bombs": the weapons of acts already counted
        if noun.i in by_index:
            return _specific(by_index[noun.i], by_index, sentence), value
        if noun.lemma_ in UNITS:
            found = _act_in(noun, by_index, sentence)  # "96 assault operations"
            if found:
                return found, value
            for child in _kids(noun):
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in _kids(child):  # "59 cases of shelling" (a gerund: pcomp)
                        found = _act_in(pobj, by_index, sentence)
                        if found:
                            return found, value
                if child.dep_ in ("acl", "relcl", "xcomp"):
                    found = _act_in(child, by_index, sentence)
                    if found:
                        return found, value
            return _verb_act(noun, by_index, sentence), value
        hit = by_index.get(noun.i)
        lemma = noun.lemma_
        role = next((t.role for t in lexicon().get(lemma, ()) if len(t.words) == 1), None)
        if role in ("victim", "target"):
            return _verb_act(noun, by_index, sentence), value
        return (hit, value) if hit else (None, None)
    return _verb_act(number, by_index, sentence), value


def _act_in(token, by_index: dict[int, _Hit], sentence) -> _Hit | None:
    """The act at ``token`` or among its compounds and modifiers."""
    if token.i in by_index:
        return _specific(by_index[token.i], by_index, sentence)
    for child in _kids(token):
        if child.i in by_index and child.dep_ in ("compound", "amod", "xcomp", "dobj", "aux"):
            return by_index[child.i]
    return None


def _specific(hit: _Hit, by_index: dict[int, _Hit], sentence) -> _Hit:
    return hit


def _verb_act(token, by_index: dict[int, _Hit], sentence) -> _Hit | None:
    """The act of the verb a counted noun or number hangs from ("violated it 900 times", "drones were used
    90 times", "the number of violations reached 900"), climbing through verbs that are no act ("broke the
    truce declared on Monday 900 times") up to a reporting verb."""
    node = token.head
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX"):
            break
        node = node.head
    for _ in range(3):
        if node.pos_ not in ("VERB", "AUX") or node.lemma_ in CLAIM_CUES and node.dep_ not in ("acl", "relcl"):
            return None  # not past the verb that reports the act ("a truce declared on Monday" is no report)
        if node.i in by_index and by_index[node.i].term.role in ("act", "violation"):
            return by_index[node.i]
        if node.dep_ == "acl" and node.head.i in by_index:  # "drones used 290 times"
            return by_index[node.head.i]
        for child in _kids(node):
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.i != token.i and token.i not in \
                    {t.i for t in child.subtree}:
                for t in child.subtree:
                    if t.i in by_index and by_index[t.i].term.role in ("act", "violation"):
                        return by_index[t.i]
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                break
        else:
            return None
    return None


def period_of(sentence, text: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """The period a sentence's claim covers, as ISO days: "over the past 24 hours" in a dated report is the
    day before it to its day; "since 18 March" opens a period; else the sentence's own date, or nothing."""
    if published is not None:
        relative = RELATIVE.search(text)
        if relative:
            amount = number_value(relative.group(1)) if relative.group(1) else 1
            amount = amount if amount is not None else 2  # "several"
            unit = relative.group(2).lower().rstrip("s")
            days = {"hour": math.ceil(amount / 24), "day": max(1, amount - 1), "week": 7 * amount,
                    "month": 30 * amount}[unit]
            return (published - dt.timedelta(days=days)).isoformat(), published.isoformat()
    stated = sentence_date(sentence, published)
    if stated is None:
        return None, None
    if re.search(r"\bsince\b", text, re.IGNORECASE):
        return stated.isoformat(), None
    return stated.isoformat(), stated.isoformat()


def _adjective_mentions(sentence, mentions: list[Mention], adjectives: dict[str, str]) -> list[Mention]:
    """A state's adjective the mentions leave out ("Ethiopian drone attacks": an act, not a body, so the
    mention step names nobody): for an act, the adjective names who carries it out."""
    taken = [(m.start, m.end) for m in mentions]
    tokens, out = Tokens.of(sentence), []
    for k, dep in enumerate(tokens.dep):
        side = adjectives.get(fold(tokens.words[k])) if dep in ("amod", "compound", "nmod") else None
        if side and not any(start <= tokens.idx[k] < end for start, end in taken):
            out.append(Mention(tokens.idx[k], tokens.end[k], tokens.words[k], tokens.words[k], side, "state",
                               "adjective"))
    return out


def find_claims(sentence, mentions: list[Mention], quotes: list[Quote], parties: list[str],
                published: dt.date | None = None, context: ClaimContext | None = None,
                adjectives: dict[str, str] | None = None) -> list[Claim]:
    """The claims, denials and confirmations one parsed sentence states (``quotes``: its quotes, as
    :func:`accord.extract.quotes.find_quotes` found them; ``parties``: who "both sides" are; ``adjectives``:
    the gazetteer's state adjectives)."""
    context = context if context is not None else ClaimContext()
    context.sentence += 1
    earlier = _attributed_back(sentence, mentions, parties, context)
    tokens = Tokens.of(sentence)
    lex = lexicon()
    if not any(word in lex for word in tokens.lemma) and not any(word in lex for word in tokens.lower):
        return earlier
    hits = _hits(tokens)
    text = tokens.string
    if adjectives:
        mentions = mentions + _adjective_mentions(sentence, mentions, adjectives)
    truce_named = any(h.term.role == "truce" for h in hits)
    hits_at = {h.k: h for h in hits}
    anchors = [h for h in hits if h.term.role in ANCHORS and (truce_named or h.term.words[0] not in NEEDS_TRUCE)
               and not (h.term.role == "act" and _under_truce(sentence[h.k], hits_at))
               and not _unreal(sentence[h.k])]
    if not anchors:
        return earlier
    by_index = {h.k: h for h in anchors}
    principal = [p for p in parties if p not in VOICES][:2]
    tail = HEADLINE_SOURCE.search(text)  # "900 violations recorded - Ruritania's defence ministry"
    byline = next((m for m in mentions if tail and m.start >= tail.start() and m.side and m.side not in VOICES
                   and m.kind != "outlet"), None)
    acting = [m for m in mentions if byline is None or m.start < tail.start()]  # the source is not the agent
    period = period_of(sentence, text, published)
    readings: dict[int, list[tuple[str, str, str | None, str, str | None]]] = {}
    for hit in anchors:
        token = sentence[hit.k]
        said, cue = _attributions(token, quotes, mentions, principal)
        if cue == "reported":
            continue
        if not said and byline is not None:
            said, cue = [(byline.side, byline.name)], "headline"
        last = context.last
        if (not said or said == [("MEDIA", said[0][1])] and cue not in (None, "aside")) and last is not None \
                and context.sentence - last[2] <= CARRY:
            said = [(last[0], last[1])]  # "It also said ...", "the ministry added ...": the report goes on
        elif not said:
            said = [("MEDIA", "the outlet")] if UNATTRIBUTED_IS_OUTLET else [(PENDING, "")]
        denied = _denied(token)
        negated = _negated(token)
        role = "comply" if hit.term.role == "act" and _halted(token) else hit.term.role
        if role == "charge":
            if not denied:
                continue
            kind = "denial"
        elif role == "comply":
            kind = "claim" if negated else "denial"
        else:
            kind = "denial" if (negated or denied) else "claim"
        agent = _agent(token, acting)
        out = []
        for claimant, speaker in said:
            if not claimant:
                continue
            independent = claimant == "EXPERT"  # a state or mediator that speaks is no independent monitor
            accused = agent if agent not in VOICES else None
            if cue in ACCUSING and len({side for side, _ in said}) > 1:
                accused = next((s for s, _ in said if s != claimant), None)  # "accused one another"
            if accused is None:
                if kind == "denial" and not independent:
                    accused = claimant if claimant not in VOICES else None
                else:
                    named = [m.side for m in mentions if m.side and m.side != claimant and m.side not in VOICES
                             and m.kind != "outlet" and m.side in principal and not _targeted(sentence, m)]
                    if named:
                        accused = named[0]
                    elif claimant in principal:
                        accused = next((p for p in principal if p != claimant), None)
            if claimant == "MEDIA" and speaker != "the outlet" and accused in principal and len(principal) == 2:
                # "the ministry said X shelled ...": an unplaced official body accuses the other party, vouches for its own
                claimant = accused if kind == "denial" else next(p for p in principal if p != accused)
            if independent:
                if kind != "claim":
                    continue
                kind_here = "confirmation"
            else:
                kind_here = kind
                if accused is None or (kind == "claim" and accused == claimant):
                    continue
            out.append((claimant, speaker, accused, kind_here, cue))
        if out:
            readings[hit.k] = out
    if not readings:
        return earlier
    found: list[Claim] = []
    counted: set[tuple] = set()
    for number in (sentence[k] for k, pos in enumerate(tokens.pos) if pos == "NUM"):
        hit, value = _count_of(number, by_index, sentence)
        if hit is None or hit.k not in readings:
            continue
        what = _what(hit, sentence, hits)
        for claimant, speaker, accused, kind, cue in readings[hit.k]:
            key = (claimant, accused, kind)
            if (key, value) in counted:
                continue
            counted.add((key, value))
            counted.add(key)
            found.append(_claim(sentence, hit, claimant, speaker, accused, kind, what, value, period, cue))
    for hit in sorted(anchors, key=lambda h: (h.term.role != "violation", h.k)):
        for claimant, speaker, accused, kind, cue in readings.get(hit.k, ()):
            if (claimant, accused, kind) in counted:
                continue
            counted.add((claimant, accused, kind))
            what = _what(hit, sentence, hits)
            if kind == "denial" and hit.term.role in ("comply", "charge"):
                what = "any-hostilities"
            found.append(_claim(sentence, hit, claimant, speaker, accused, kind, what, None, period, cue))
    context.pending = [c for c in found if c.claimant == PENDING]
    found = [c for c in found if c.claimant != PENDING]
    parties_claiming = [c for c in found if c.claimant not in VOICES]
    if parties_claiming:
        context.last = (parties_claiming[-1].claimant, parties_claiming[-1].speaker, context.sentence)
    return earlier + found


def _attributed_back(sentence, mentions: list[Mention], parties: list[str], context: ClaimContext) -> list[Claim]:
    """The claims of the sentence before, that named no claimant, when this one names it: "This was reported
    by the Egyptian president" (a reporting verb, its subject "this", its agent the claimant)."""
    pending, context.pending = context.pending, []
    if not pending or sentence[0].lower_ not in ("this", "that", "it", "these"):
        return []
    for cue in sentence:
        if cue.lemma_ in CLAIM_CUES and cue.pos_ == "VERB" and any(c.dep_ == "agent" for c in _kids(cue)) \
                and any(c.dep_ == "nsubjpass" and c.lower_ in ("this", "that", "it", "these") for c in _kids(cue)):
            said = _cue_holders(cue, mentions, parties)
            if not said:
                return []
            side, speaker = said[0]
            principal = [p for p in parties if p not in VOICES][:2]
            out = []
            for claim in pending:
                accused = side if claim.accused == PENDING else claim.accused
                if accused is None or (claim.kind == "claim" and accused == side):
                    continue
                out.append(replace(claim, claimant=side, speaker=speaker, accused=accused, earlier=True,
                                   cue=cue.lemma_, independent=side == "EXPERT" and claim.kind == "claim",
                                   kind="confirmation" if side == "EXPERT" and claim.kind == "claim" else claim.kind))
            if side not in VOICES and out and side in principal + [side]:
                context.last = (side, speaker, context.sentence)
            return out
    return []


def _claim(sentence, hit: _Hit, claimant, speaker, accused, kind, what, count, period, cue) -> Claim:
    first, last = sentence[hit.k], sentence[hit.last]
    return Claim(claimant, speaker, accused, kind, what, count, first.idx, last.idx + len(last.text), period,
                 kind == "confirmation", cue)
