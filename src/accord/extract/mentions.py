"""Actor mentions: who each sentence names, resolved to an actor and a side.

Four sources, in order of trust:

1. the gazetteer (:mod:`accord.extract.gazetteer`): names, aliases, capitals
   and metonyms ("the Kremlin"), matched on folded words, longest first;
2. role phrases: "the Ukrainian leader", "Russia's foreign minister", "the
   U.S. president" name whoever held that office on the article's date;
3. spaCy's named entities, for people and organisations the gazetteer does not
   know; an apposition gives their role ("Tatiana Stanovaya, senior fellow at
   Carnegie" is an EXPERT), and later surname-only mentions find them again;
4. pronouns ("he", "she"), resolved to the latest person of that gender
   within the last two sentences (Hobbs' recency heuristic, much simplified).

A mention keeps its character offsets in the sentence, so evidence can be shown in place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from accord.extract.gazetteer import Actor, Gazetteer, fold
from accord.extract.marks import quoted_spans

LEADER_ROLES = ("president", "prime minister", "chancellor")
ROLE_NOUNS = {
    "leader": LEADER_ROLES, "head of state": ("president", "king", "queen", "emir"),
    "president": ("president",), "prime minister": ("prime minister",), "premier": ("prime minister",),
    "chancellor": ("chancellor",), "foreign minister": ("foreign minister", "secretary of state"),
    "top diplomat": ("foreign minister", "secretary of state"), "defence minister": ("defence minister",),
    "defense minister": ("defence minister",), "secretary of state": ("secretary of state",),
    "defense secretary": ("secretary of defense", "defence minister"),
    "defence secretary": ("defence minister",), "foreign secretary": ("foreign minister",),
    "vice president": ("vice president",), "spokesman": ("spokesperson",), "spokeswoman": ("spokesperson",),
    "spokesperson": ("spokesperson",), "press secretary": ("spokesperson",), "envoy": ("envoy",),
    "special envoy": ("envoy",), "national security adviser": ("national security adviser",),
    "secretary general": ("secretary general",), "secretary-general": ("secretary general",),
}
EXPERT_ROLES = re.compile(r"\b(analyst|fellow|professor|expert|researcher|scholar|economist|historian|"
                          r"political scientist|lecturer|think[- ]tank|institute|former|ex-|retired|author|"
                          r"consultant|strategist|commentator|observer)\b", re.IGNORECASE)
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


FUNCTION_WORDS = {"the", "of", "and", "for", "de", "la", "von", "van", "der", "al", "bin", "on", "in", "&"}


def _capitalised(span) -> bool:
    """A name is written with capitals: every word but the function words ("the States", not "The states")."""
    words = [t.text for t in span if t.is_alpha]
    if not words or not (span.text[:1].isupper() or span.text[:1].isdigit()):
        return False
    return all(w[:1].isupper() or w.lower() in FUNCTION_WORDS for w in words[1:])


@dataclass
class Mention:
    """One reference to an actor in a sentence: [start, end) are character offsets in the sentence."""

    start: int
    end: int
    text: str
    name: str                     # the actor's name ("Vladimir Putin"), or the words as written
    side: str | None              # the side code, or None when unknown
    kind: str                     # person, state, organisation, bloc, group
    via: str                      # gazetteer, role, ner, pronoun, adjective
    actor: Actor | None = None
    gender: str | None = None
    role: str | None = None
    subject: bool = False         # the grammatical subject of its clause
    main: bool = False            # the subject of the sentence's main verb
    quoted: bool = False          # inside quotation marks (someone else's words)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass
class MentionFinder:
    """Finds mentions sentence by sentence, remembering the people of the last sentences for pronouns."""

    gazetteer: Gazetteer
    when: dt.date | None = None
    recent: list[list[Mention]] = field(default_factory=list)    # mentions of the last sentences
    unknown_people: dict[str, Mention] = field(default_factory=dict)  # surname -> first full mention

    def find(self, sentence) -> list[Mention]:
        """The mentions in one spaCy-parsed sentence (its own Doc), left to right."""
        found: list[Mention] = []
        taken = [False] * len(sentence)
        self._gazetteer(sentence, found, taken)
        self._roles(sentence, found, taken)
        self._entities(sentence, found, taken)
        self._mark(sentence, found)
        self._pronouns(sentence, found, taken)
        found.sort(key=lambda m: m.start)
        self.recent = (self.recent + [found])[-3:]
        return found

    def _gazetteer(self, sentence, found: list[Mention], taken: list[bool]) -> None:
        tokens = list(sentence)
        i = 0
        while i < len(tokens):
            match = None
            for n in range(min(self.gazetteer.longest, len(tokens) - i), 0, -1):
                span = sentence[i:i + n]
                text = span.text
                if not (span[0].is_alpha or span[0].like_num) or not (span[-1].is_alpha or span[-1].like_num) \
                        or not _capitalised(span):
                    continue
                actors = self.gazetteer.lookup(text, self.when)
                if actors and self._case_ok(text, actors):
                    match = (n, span, actors[0])
                    break
            if match is None:
                i += 1
                continue
            n, span, actor = match
            found.append(self._from_actor(span, actor, "gazetteer"))
            for k in range(i, i + n):
                taken[k] = True
            i += n

    @staticmethod
    def _case_ok(text: str, actors: list[Actor]) -> bool:
        """Short capitalised abbreviations ("US", "UN") only when written in capitals, not "us" or "Un"."""
        letters = text.replace(".", "")
        if len(letters) <= 3 and not letters.isupper():
            return any(a.kind == "person" for a in actors) and len(letters) > 2
        return True

    @staticmethod
    def _from_actor(span, actor: Actor, via: str) -> Mention:
        return Mention(span.start_char, span.end_char, span.text, actor.name, actor.side, actor.kind, via,
                       actor=actor, gender=actor.gender, role=actor.role)

    def _roles(self, sentence, found: list[Mention], taken: list[bool]) -> None:
        """"the Ukrainian leader", "Russia's foreign minister": the office holder on the article's date."""
        text = sentence.text
        for phrase, roles in sorted(ROLE_NOUNS.items(), key=lambda item: -len(item[0])):
            for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", text, re.IGNORECASE):
                side = self._side_before(sentence, match.start())
                if side is None:
                    continue
                people = [p for role in roles for p in self.gazetteer.office_holders(side, {role}, self.when)]
                if not people:
                    continue
                begin = self._phrase_start(sentence, match.start())
                person = people[0]
                mention = Mention(begin, match.end(), text[begin:match.end()], person.name, person.side, "person",
                                  "role", actor=person, gender=person.gender, role=person.role)
                if not any(m.start <= begin < m.end or begin <= m.start < match.end()
                           for m in found if m.via != "gazetteer" or m.kind == "person"):
                    found[:] = [m for m in found if not (begin <= m.start and m.end <= match.end())]
                    found.append(mention)
                    self._take(sentence, begin, match.end(), taken)

    def _side_before(self, sentence, position: int) -> str | None:
        """The state named just before a role noun: an adjective ("Ukrainian"), a possessive ("Russia's") or
        a metonym ("Kremlin")."""
        before = sentence.text[:position]
        words = re.findall(r"[\w.'’]+", before)[-3:]
        for size in (3, 2, 1):
            if len(words) < size:
                continue
            phrase = " ".join(words[-size:])
            phrase = re.sub(r"['’]s$", "", phrase)
            key = fold(phrase)
            if key in self.gazetteer.adjectives:
                return self.gazetteer.adjectives[key]
            actors = [a for a in self.gazetteer.lookup(phrase, self.when) if a.kind in ("state", "organisation", "bloc")]
            if actors:
                return actors[0].side
        return None

    @staticmethod
    def _phrase_start(sentence, position: int) -> int:
        """The start of "the Ukrainian leader" given the offset of "leader": back over the determiner and modifiers."""
        before = sentence.text[:position]
        match = re.search(r"(?:\b(?:the|a|an)\s+)?(?:[\w.'’-]+\s+){0,2}$", before, re.IGNORECASE)
        return match.start() if match else position

    @staticmethod
    def _take(sentence, start: int, end: int, taken: list[bool]) -> None:
        for k, token in enumerate(sentence):
            if start <= token.idx < end:
                taken[k] = True

    def _entities(self, sentence, found: list[Mention], taken: list[bool]) -> None:
        for entity in sentence.ents:
            if entity.label_ not in ("PERSON", "ORG"):
                continue
            first = entity.start
            if any(taken[first:first + len(entity)]):
                continue
            text = entity.text
            surname = text.split()[-1]
            known = self.unknown_people.get(fold(surname))
            if known is not None:
                mention = Mention(entity.start_char, entity.end_char, text, known.name, known.side,
                                  "person", "ner", gender=known.gender, role=known.role)
            elif entity.label_ == "PERSON" or (entity.label_ == "ORG" and self._apposition_role(entity)):
                role = self._apposition_role(entity)
                if (len(text.split()) < 2 and not role) or re.search(r"[a-z][A-Z]", text):
                    continue  # a lone capitalised word ("Kherson") or glued names are too often not a person
                side = "EXPERT" if role and EXPERT_ROLES.search(role) else None
                mention = Mention(entity.start_char, entity.end_char, text, text, side, "person",
                                  "ner", role=role)
                if len(text.split()) > 1:
                    self.unknown_people.setdefault(fold(surname), mention)
            else:
                continue
            found.append(mention)
            for k in range(first, first + len(entity)):
                taken[k] = True

    @staticmethod
    def _apposition_role(entity) -> str | None:
        """The words of an apposition to the entity ("senior fellow at Carnegie"), if any."""
        for token in entity.root.children:
            if token.dep_ == "appos":
                return " ".join(t.text for t in token.subtree)
        return None

    @staticmethod
    def _mark(sentence, found: list[Mention]) -> None:
        spans = quoted_spans(sentence.text)
        for mention in found:
            mention.quoted = any(a <= mention.start < b for a, b in spans)
            heads = [t for t in sentence if mention.start <= t.idx < mention.end and t.head.idx not in
                     range(mention.start, mention.end)]
            mention.subject = any(t.dep_ in ("nsubj", "nsubjpass") for t in heads)
            mention.main = any(t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" for t in heads)

    def _pronouns(self, sentence, found: list[Mention], taken: list[bool]) -> None:
        """He or she: the latest person of that gender, preferring subjects, never someone inside a quotation."""
        for k, token in enumerate(sentence):
            gender = PRONOUNS.get(token.lower_)
            if gender is None or taken[k]:
                continue
            def fits(m: Mention) -> bool:
                return m.is_person and not m.quoted and m.gender in (gender, None) and m.via != "pronoun" or (
                    m.via == "pronoun" and m.gender == gender and not m.quoted)

            # Hobbs' order, simplified: this sentence before the pronoun (subjects first), then the sentences
            # before it, latest first, preferring the subject of the main verb, then any subject.
            here = [m for m in found if m.start < token.idx and fits(m)]
            person = next((m for m in reversed(here) if m.subject), None) or next(reversed(here), None)
            for group in reversed(self.recent):
                if person is not None:
                    break
                earlier = [m for m in group if fits(m)]
                person = next((m for m in earlier if m.main), None) or \
                    next((m for m in earlier if m.subject), None) or next(reversed(earlier), None)
            if person is None:
                continue
            found.append(Mention(token.idx, token.idx + len(token.text), token.text, person.name,
                                 person.side, "person", "pronoun", actor=person.actor, gender=person.gender,
                                 role=person.role, subject=token.dep_ in ("nsubj", "nsubjpass")))
            taken[k] = True
