"""Attributed quotes: who said what, direct, indirect or mixed.

A quote is a communication verb (a *cue*, ``data/cues.tsv``) with a speaker
and a content, read off the dependency parse (after Pareti, "A database of
attribution relations", LREC 2012, and the cue-source-content triple of
Krestel, Bergler & Witte, LREC 2008):

- the speaker is the cue's subject ("Zelensky said"), inherited by a
  participle or coordinated cue ("..., adding that ..."), or the object of
  "according to";
- the content is the reported clause (``ccomp``), the infinitive of a
  directive ("told Ukraine to forget about ..."), or the quoted words;
- the quote is *direct* when the whole content lies inside quote marks;
- a cue inside the content of another cue gives a second record (nested
  attribution: "Trump suggested ..., people familiar with the matter said");
- an outlet that only passes a statement on ("Bloomberg reported") is not a
  speaker, and beliefs ("suspect", "expect") are not quotes.

Anonymous sources are MEDIA unless an affiliation is stated ("two European
officials" are EUR); commentators ("analysts") are EXPERT.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from accord.extract.gazetteer import PARTIES, Gazetteer, fold
from accord.extract.marks import quoted_spans
from accord.extract.mentions import Mention, joint_parties, reporter
from accord.extract.tokens import Tokens

GROUP_NOUNS = {"official", "officials", "source", "sources", "people", "person", "diplomat", "diplomats",
               "aide", "aides", "insider", "insiders", "spokesperson", "ministry", "government", "administration",
               "services", "service", "force", "airforce", "military", "army", "command", "office", "agency",
               "authorities", "authority", "leaders", "leadership", "delegation", "negotiators", "team", "staff",
               "residents", "witnesses", "eyewitnesses", "locals"}
ANAPHORIC = {"the", "this", "that", "one"}  # "the official", "one official": a group noun the article has placed
NEEDED_CHILD = {"make": "clear"}  # a cue only with this word: "made (it) clear that"
EXPERT_NOUNS = {"analyst", "analysts", "expert", "experts", "observer", "observers", "commentator",
                "commentators", "economist", "economists", "scholar", "scholars", "researcher", "researchers"}
@dataclass(frozen=True)
class Quote:
    speaker: str
    side: str
    text: str
    direct: bool
    cue: str
    start: int      # the content's offsets in the sentence
    end: int


@lru_cache(maxsize=1)
def cues() -> dict[str, str]:
    """Cue lemma -> kind (speech, directive, report, belief)."""
    text = resources.files("accord.extract").joinpath("data", "cues.tsv").read_text(encoding="utf-8")
    return {row["lemma"]: row["kind"] for row in csv.DictReader(text.splitlines(), delimiter="\t")}


def _subject(verb):
    """The cue's subject, or the subject it shares with the verb it hangs from ("..., adding that"), or the
    noun it describes ("with one source claiming that ...", "officials saying ...")."""
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBG":
        return verb.head
    for token in (verb, verb.head):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != verb.i:
                return child
        if verb.dep_ not in ("advcl", "conj", "xcomp") or token.i == verb.head.i:
            break
    return None


def _mention_for(token, mentions: list[Mention]) -> Mention | None:
    """The mention at the head of the subject phrase, else the first one inside it."""
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)
    inside = [m for m in mentions if left <= m.start and m.end <= right and not m.backer]
    at_head = [m for m in inside if m.start <= token.idx < m.end]
    chosen = at_head or [m for m in inside if m.is_person] or inside
    return chosen[0] if chosen else None


def _group_side(token, gazetteer: Gazetteer, mentions: list[Mention],
                groups: dict[str, tuple[str, str]], placed_only: bool = False) -> tuple[str, str] | None:
    """(words, side) for a speaker that is a group: anonymous sources, a ministry, analysts.

    ``groups`` remembers, for the article, the side of each group noun once stated
    ("A US official ... the official said" is the same US official).
    """
    noun = token.lower_
    if noun not in GROUP_NOUNS and noun not in EXPERT_NOUNS:
        return None
    clauses = {t.i for c in token.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    phrase = [t for t in token.subtree if t.i not in clauses]  # "reports suggesting X ...": X is not the source
    words = " ".join(t.text for t in phrase)
    if noun in EXPERT_NOUNS:
        return words, "EXPERT"
    side = next((gazetteer.adjectives[fold(t.text)] for t in phrase if fold(t.text) in gazetteer.adjectives), None)
    if side is None:
        left, right = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        side = next((m.side for m in mentions if left <= m.start < right and m.side and m.kind != "person"), None)
    if side is not None:
        groups[noun.rstrip("s")] = (words, side)
        return words, side
    if placed_only:
        return None
    definite = any(t.lower_ in ANAPHORIC for t in token.lefts)
    if definite and noun.rstrip("s") in groups:
        return groups[noun.rstrip("s")]
    return words, "MEDIA"


def _content(verb, kind: str):
    """The tokens of the reported content, or None."""
    def without_markers(child):
        return [t for t in child.subtree if not (t.head.i == child.i and (
            (t.dep_ == "mark" and t.lower_ in ("that", "whether", "if")) or (t.dep_ == "aux" and t.lower_ == "to")))]

    if kind == "directive":
        for child in verb.children:
            if child.dep_ == "xcomp":
                return without_markers(child)
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
            if kind != "directive" and any(t.dep_ == "aux" and t.lower_ == "to" and t.head.i == child.i
                                           for t in child.children):
                continue  # "wants Ukraine to cede": an infinitive is a directive's content only
            # "a constitution, which it says makes claims": the relative pronoun stays out of the content
            content = [t for t in without_markers(child) if not (t.i < verb.i and t.tag_ in ("WDT", "WP"))]
            return content + [t for more in _continuations(verb, child) for t in more.subtree]
    return None


MODALS = {"would", "could", "might", "should", "must", "will", "can", "may"}


def _continuations(verb, content):
    """Clauses that continue the reported one though the parser hung them on the cue: "stated they are against
    a ceasefire and would seek a deal" (a modal and no subject of its own: still the speaker's words)."""
    return [c for c in verb.children if c.dep_ == "conj" and c.i > content.i and c.pos_ == "VERB"
            and c.lemma_ not in cues()
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            and any(g.dep_ == "aux" and g.lower_ in MODALS for g in c.children)]


def _span_text(sentence, tokens) -> tuple[int, int, str]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    text = sentence.text[start:end]
    stripped = re.sub(r"^(?:that|whether|which)\s+", "", text.strip(" ,;:"), flags=re.IGNORECASE)
    start += text.index(stripped) if stripped else 0
    return start, start + len(stripped), stripped


def _quoted(sentence_text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of quote marks that enclose the whole of [start, end), if any."""
    for inner in quoted_spans(sentence_text):
        if inner[0] <= start + 1 and end - 1 <= inner[1] + 1:
            return inner
    return None


def find_quotes(sentence, mentions: list[Mention], gazetteer: Gazetteer,
                groups: dict[str, tuple[str, str]] | None = None, parties: list[str] = ()) -> list[Quote]:
    """The quotes in one parsed sentence (``groups``: the article's group speakers so far, updated;
    ``parties``: its two most-named sides so far, who "both sides" are)."""
    groups = {} if groups is None else groups
    found = []
    known = cues()
    tokens = Tokens.of(sentence)
    _remember_groups(sentence, tokens, mentions, gazetteer, groups)
    for k in tokens.among(known):
        kind = known[tokens.lemma[k]]
        if kind == "belief" or tokens.pos[k] not in ("VERB", "AUX"):
            continue
        verb = sentence[k]  # a spaCy token only for a cue: walking every token through spaCy cost more
        needed = NEEDED_CHILD.get(tokens.lemma[k])
        if needed and all(c.lower_ != needed for c in verb.children):
            continue
        subject = _subject(verb)
        if subject is None:
            continue
        joint = _joint(subject, parties)
        if joint:
            speakers = joint
        else:
            speaker = _speaker(subject, mentions, gazetteer, groups)
            if speaker is None:
                continue
            speakers = [speaker, *_joint_speakers(subject, speaker, mentions, gazetteer)]
        content = _content(verb, kind)
        for each in speakers:
            quote = _quote_from(sentence, verb, content, each)
            if quote:
                found.append(quote)
    found.extend(_according_to(sentence, mentions, gazetteer, groups))
    found.extend(_citing(sentence, tokens, mentions, gazetteer, groups))
    return _dedupe(found)


def _remember_groups(sentence, tokens: Tokens, mentions: list[Mention], gazetteer: Gazetteer, groups: dict) -> None:
    """Every group noun whose phrase names its side ("a report by the Kenyan defence ministry"), so that
    "the ministry said" later in the article is placed, whether or not this mention was a speaker."""
    for k in tokens.among(GROUP_NOUNS, "lower"):
        if tokens.pos[k] in ("NOUN", "PROPN") and not any(m.start <= tokens.idx[k] < m.end for m in mentions):
            _group_side(sentence[k], gazetteer, mentions, groups, placed_only=True)


def _joint(subject, parties: list[str]) -> list[tuple[str, str]]:
    """The principal parties, one speaker each, for "both sides said", "the two countries' diplomats said"."""
    for token in [subject, *(c for c in subject.children if c.dep_ == "poss")]:
        sides = joint_parties(token, list(parties))
        if sides:
            words = " ".join(t.text for t in subject.subtree)
            return [(words, side) for side in sides]
    return []


def _pronoun_party(pronoun, mentions: list[Mention]) -> Mention | None:
    """The party "it" stands for as a speaker: the subject of a clause above that reports it ("Cairo made
    clear that it will not sign"), else the latest party named before it in the sentence, subjects first
    ("Kenya has said ... a map, which it says omits two islands")."""
    above = reporter(pronoun)
    if above is not None:
        mention = _mention_for(above, mentions)
        if mention is not None and mention.kind in PARTIES and mention.side:
            return mention
    before = [m for m in mentions if m.end <= pronoun.idx and m.kind in PARTIES and m.side and m.subject]
    return before[-1] if before else None


def _speaker(subject, mentions: list[Mention], gazetteer: Gazetteer, groups: dict) -> tuple[str, str] | None:
    if subject.lower_ == "it":
        party = _pronoun_party(subject, mentions)
        return (party.name, party.side) if party is not None else None
    at_head = [m for m in mentions if m.start <= subject.idx < m.end]
    if not at_head:  # "sources familiar with a call between Trump and Putin" are the sources, not Trump
        group = _group_side(subject, gazetteer, mentions, groups)
        if group is not None:
            return group
    mention = _mention_for(subject, mentions)
    if mention is None or not mention.side:
        return None  # a name with no side (an unplaced person): precision first
    if mention.kind == "outlet" and mention.side == "MEDIA":
        return None  # an outlet passing a statement on is not the speaker
    return mention.name, mention.side


def _joint_speakers(subject, first: tuple[str, str], mentions: list[Mention],
                    gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """The other sides of a joint statement: those coordinated with the first side the subject names
    ("Armenian and Azerbaijani officials said", "the governments of A and B announced", "A and B said"),
    each a speaker of the same words."""
    def side_of(token) -> str | None:
        at = [m for m in mentions if m.start <= token.idx < m.end and m.side and not m.backer]
        return at[0].side if at else gazetteer.adjectives.get(fold(token.text))

    named = next((t for t in subject.subtree if side_of(t) is not None), None)
    if named is None:
        return []
    sides = [side_of(t) for t in named.conjuncts]
    words = first[0] if subject.lower_ in GROUP_NOUNS else None
    out: list[tuple[str, str]] = []
    for token, side in zip(named.conjuncts, sides):
        if side is not None and side != first[1] and side not in {s for _, s in out}:
            mention = _mention_for(token, mentions)
            out.append((words or (mention.name if mention else token.text), side))
    return out


def _quote_from(sentence, verb, content, speaker) -> Quote | None:
    text_of = sentence.text
    if content:
        start, end, text = _span_text(sentence, content)
    else:  # 'X said: "..."' or '"...," X said' with the quote outside the parse
        marks = quoted_spans(text_of)
        first = next(t for t in verb.subtree if not t.is_punct)
        before = text_of[:first.idx].rstrip()
        if marks:
            start, end = min(marks, key=lambda span: abs(span[0] - verb.idx))
            text = text_of[start:end].strip(" ,")
        elif before.endswith(",") and verb.i > 3 and _parenthetical(verb):  # "CLAUSE, the air force said, ..."
            start, end, text = 0, len(before) - 1, before[:-1].strip()
        else:
            return None
    if len(re.findall(r"\w+", text)) < 3:
        return None
    inner = _quoted(text_of, start, end)
    direct = inner is not None
    if direct:
        text = text_of[inner[0]:inner[1]].strip(" ,")
    return Quote(speaker[0], speaker[1], text, direct, verb.lemma_.lower(), start, end)


def _parenthetical(verb) -> bool:
    """Whether a cue with no content of its own may report the clause before it ("CLAUSE, the ministry said"),
    which the parser hung apart: not when it has an object or is a subordinate clause ("while A
    acknowledged its occupation", "announcing the sanctions")."""
    return verb.dep_ not in ("advcl", "acl", "relcl", "xcomp", "pcomp", "conj") and not any(
        c.dep_ in ("dobj", "mark", "xcomp") for c in verb.children)


def _according_to(sentence, mentions: list[Mention], gazetteer: Gazetteer, groups: dict) -> list[Quote]:
    """"X happened, according to Y" or "According to Y and Z, X happened": each source is the speaker of the
    rest of the sentence."""
    found = []
    for token in (sentence[k] for k in Tokens.of(sentence).among(("according",), "lower")):
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None:
            continue
        before = sentence.text[:token.idx].rstrip(" ,")
        if len(re.findall(r"\w+", before)) >= 3:
            start, end, text = 0, len(before), before
        else:  # the attribution opens the sentence: the content follows it
            after_start = token.right_edge.idx + len(token.right_edge.text)
            rest = sentence.text[after_start:]
            text = rest.strip(" ,").rstrip(" .")
            start = after_start + (len(rest) - len(rest.lstrip(" ,")))
            end = start + len(text)
            if len(re.findall(r"\w+", text)) < 3:
                continue
        for speaker_token in [source, *source.conjuncts]:
            speaker = _speaker(speaker_token, mentions, gazetteer, groups)
            if speaker is not None:
                found.append(Quote(speaker[0], speaker[1], text, False, "according to", start, end))
    return found


def _citing(sentence, tokens: Tokens, mentions: list[Mention], gazetteer: Gazetteer, groups: dict) -> list[Quote]:
    """"CLAUSE, the TV channel reported, citing Y": Y is the speaker of the clause that opens the sentence
    (an outlet only passes it on)."""
    found = []
    for k in tokens.among(("citing",), "lower"):
        source = next((c for c in sentence[k].children if c.dep_ == "dobj"), None)
        first_comma = sentence.text.find(",")
        if source is None or not 0 < first_comma < tokens.idx[k] or \
                not any(tokens.lemma[j] in cues() for j in range(k) if tokens.idx[j] > first_comma):
            continue
        text = sentence.text[:first_comma].strip()
        speaker = _speaker(source, mentions, gazetteer, groups)
        if speaker is not None and len(re.findall(r"\w+", text)) >= 4:
            found.append(Quote(speaker[0], speaker[1], text, False, "cite", 0, first_comma))
    return found


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    seen, out = set(), []
    for quote in quotes:
        key = (quote.side, quote.text)
        if key not in seen:
            seen.add(key)
            out.append(quote)
    return out


def _open_runs(texts: list[str]) -> list[tuple[int, int]]:
    """Runs of sentences [first, last] that one double quotation spans (it opens in first, closes in last)."""
    runs, opened = [], None
    for k, text in enumerate(texts):
        if text.count('"') % 2 == 1:
            if opened is None:
                opened = k
            else:
                runs.append((opened, k))
                opened = None
    return runs


def across_sentences(texts: list[str], found: list[list[Quote]]) -> list[tuple[int, int, Quote]]:
    """Quotes of a whole article as (first sentence, last sentence, quote).

    A quotation that runs over several sentences becomes one direct quote,
    attributed to the speaker found in any of them; a sentence that is wholly
    a quotation, with no cue, continues the direct quote of the sentence before.
    """
    out: list[tuple[int, int, Quote]] = []
    covered: set[int] = set()
    for first, last in _open_runs(texts):
        speakers = [q for k in range(first, last + 1) for q in found[k]]
        if not speakers:
            continue
        joined = " ".join(texts[first:last + 1])
        start = joined.index('"') + 1
        end = joined.rindex('"')
        inner = joined[start:end].strip(" ,")
        speaker = speakers[0]
        out.append((first, last, Quote(speaker.speaker, speaker.side, inner, True, speaker.cue, start, end)))
        covered.update(range(first, last + 1))
    for k, quotes in enumerate(found):
        if k in covered:
            continue
        out.extend((k, k, q) for q in quotes)
        whole = re.fullmatch(r'\s*"([^"]+)"\s*', texts[k])
        if not quotes and whole and k and found[k - 1] and found[k - 1][-1].direct:
            previous = found[k - 1][-1]
            text = whole.group(1).strip(" ,")
            out.append((k, k, Quote(previous.speaker, previous.side, text, True, previous.cue, whole.start(1),
                                    whole.end(1))))
    return sorted(out, key=lambda item: (item[0], item[2].start))
