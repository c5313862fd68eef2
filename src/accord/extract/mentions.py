"""Actor mentions: who each sentence names, resolved to an actor and a side.

Four sources, in order of trust:

1. the gazetteer (:mod:`accord.extract.gazetteer`): names, aliases, capitals
   and metonyms ("the Kremlin"), matched on folded words, longest first;
2. role phrases: "the Ukrainian leader", "Russia's foreign minister", "the
   U.S. president" name whoever held that office on the article's date; a
   member noun of a known party with no office holder ("a senior Hamas
   official", "Qatar's negotiator", "a spokesman for the RSF") is one unnamed
   person of that party's side;
3. spaCy's named entities, for people and organisations the gazetteer does not
   know; an apposition gives their role and side ("Tatiana Stanovaya, senior
   fellow at Carnegie" is an EXPERT, "X, a spokesman for M23" speaks for M23),
   and later surname-only mentions find them again;
4. pronouns ("he", "she"), resolved to the latest person of that gender
   within the last two sentences (Hobbs' recency heuristic, much simplified).

A mention keeps its character offsets in the sentence, so evidence can be shown in place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from accord.extract.gazetteer import PARTIES, Actor, Gazetteer, fold
from accord.extract.marks import quoted_spans
from accord.extract.tokens import Tokens

LEADER_ROLES = ("president", "prime minister", "chancellor", "leader")  # "leader": the head of a non-state party
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
# Longest phrase first, each its own pattern: "vice president" takes its words before "president" is tried.
ROLE_PATTERNS = [(re.compile(r"\b" + re.escape(phrase) + r"\b", re.IGNORECASE), roles)
                 for phrase, roles in sorted(ROLE_NOUNS.items(), key=lambda item: -len(item[0]))]
# Matches wherever any one of them would: a sentence it misses names no office.
ANY_ROLE = re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in ROLE_NOUNS) + r")\b", re.IGNORECASE)
# Every role phrase holds one of these: ASCII text holding none of them (in lower case) names no office.
ROLE_WORDS = ("leader", "head", "president", "premier", "chancellor", "minister", "diplomat", "secretary",
              "spokes", "envoy", "adviser")
# Nouns for one person who speaks or acts for a party: "a senior Hamas official", "Qatar's chief negotiator",
# "a spokesman for the rebels' alliance". Singular only: plural groups ("officials") are the quote step's.
MEMBER_NOUNS = {"official", "spokesman", "spokeswoman", "spokesperson", "negotiator", "diplomat", "envoy",
                "representative", "delegate", "commander", "leader", "minister", "ambassador", "adviser", "advisor",
                "aide", "mediator", "member", "source", "officer", "chief", "head"}
# Bodies that act for a state or party, and what they say: its adjective before them names it ("the Egyptian
# government", "a Qatari proposal").
BODY_NOUNS = {"government", "governments", "authorities", "army", "forces", "military", "delegation", "delegations",
              "ministry", "cabinet", "administration", "negotiators", "side", "presidency", "parliament", "troops",
              "officials", "leadership", "regime", "diplomats", "countries", "nations", "leaders", "capitals",
              "allies", "partners",
              # what such a body says or wants: "an Azerbaijani demand", "the Armenian statement"
              "demand", "demands", "proposal", "proposals", "position", "offer", "statement", "condition",
              "conditions", "refusal", "insistence", "stance", "initiative", "plan", "request", "warning"}
# Prepositions that tie such a noun to the party it serves ("for", "of"), not to a place or a topic.
MEMBER_PREPOSITIONS = {"for", "of", "from", "with", "at", "in"}
# Words of an apposition that make its person speak for the party it names ("a spokesman for M23",
# "Qatar's minister of state"), where "a resident of Goma" or "a mother of three" do not.
OFFICE_WORDS = re.compile(r"\b(official|spokes\w*|minister|negotiator|envoy|ambassador|diplomat|advis[eo]r|aide|"
                          r"commander|leader|head|chief|president|secretary|chair\w*|director|general|officer|"
                          r"mediator|deputy|governor|representative|delegate|member|coordinator)\b", re.IGNORECASE)
FORMER = re.compile(r"\b(?:former|retired)\b|\b(?:ex|then)-", re.IGNORECASE)
FORMAT_NOUNS = {"group", "format", "process", "agreement", "agreements", "accord", "accords", "protocol",
                "protocols", "channel", "formula", "declaration", "communique", "communiqué", "platform", "framework"}
DATELINE_DASHES = {"—", "–", "--"}
# "Rwanda-backed rebels", "a US-led coalition": the actor backs or leads the phrase's head; it is not the head.
BACKER = re.compile(r"\s?[-‐–]\s?(?:backed|led|allied|aligned|sponsored|supported|funded|armed|brokered|controlled)\b",
                    re.IGNORECASE)
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Words a name may hold uncapitalised after its first ("Organization for Security and Co-operation").
FUNCTION_WORDS = {"the", "of", "and", "for", "de", "la", "von", "van", "der", "al", "bin", "on", "in", "&"}


ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}")  # "U.S.", "U.N.", "U.K.": one token, neither alpha nor a number


def _alphanumeric(word: str) -> bool:
    """A word of letters and digits ("M23", "G7", "E3") or an abbreviation with stops ("U.S."), which spaCy
    counts neither alpha nor a number."""
    return word.isalnum() and not word.isdigit() or ABBREVIATION.fullmatch(word) is not None


@dataclass
class Mention:
    """One reference to an actor in a sentence: [start, end) are character offsets in the sentence."""

    start: int
    end: int
    text: str
    name: str                     # the actor's name ("Vladimir Putin"), or the words as written
    side: str | None              # the side code, or None when unknown
    kind: str                     # person, state, organisation, bloc, group
    via: str                      # gazetteer, role, member, ner, pronoun
    actor: Actor | None = None
    gender: str | None = None
    role: str | None = None
    subject: bool = False         # the grammatical subject of its clause
    main: bool = False            # the subject of the sentence's main verb
    quoted: bool = False          # inside quotation marks (someone else's words)
    backer: bool = False          # names who backs or leads what follows ("Rwanda-backed", "US-led"), not it

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
    members: dict[str, Mention] = field(default_factory=dict)  # member noun -> its latest party's mention
    named: set[Actor] = field(default_factory=set)  # the office holders the article has named so far

    def find(self, sentence) -> list[Mention]:
        """The mentions in one spaCy-parsed sentence (its own Doc), left to right."""
        found: list[Mention] = []
        tokens = Tokens.of(sentence)
        taken = [False] * len(tokens)
        self._gazetteer(tokens, found, taken)
        self._roles(tokens, found, taken)
        if not MEMBER_NOUNS.isdisjoint(tokens.lower):
            self._members(sentence, tokens, found, taken)
        if not BODY_NOUNS.isdisjoint(tokens.lower):
            self._bodies(sentence, tokens, found, taken)
        if "PERSON" in tokens.entity or "ORG" in tokens.entity:  # else spaCy need not make the entity spans
            self._entities(sentence, found, taken)
        self._mark(tokens, found)
        self._pronouns(tokens, found, taken)
        found.sort(key=lambda m: m.start)
        self.named.update(m.actor for m in found if m.via == "gazetteer" and m.kind == "person")
        self.recent = (self.recent + [found])[-3:]
        return found

    def _gazetteer(self, tokens: Tokens, found: list[Mention], taken: list[bool]) -> None:
        """Names left to right, the longest at each token first; a name's tokens are taken, and the next
        name may only begin after it.

        Only the tokens a name may begin at are tried: a word or a number starting with a capital or a
        digit, whose folded first word begins some name. Slicing every span length at every token through
        spaCy objects (``sentence[i:i + n]``, ``span[0]``) cost thousands of ``Doc.__getitem__`` calls a
        sentence.
        """
        words, alpha, like_num = tokens.words, tokens.alpha, tokens.like_num
        free = 0
        for i, word in enumerate(words):
            if i < free or not (word[:1].isupper() or word[:1].isdigit()) or not (
                    alpha[i] or like_num[i] or _alphanumeric(word)):
                continue
            if tokens.space[i] and not self._may_begin_name(word):
                continue
            match = self._longest_name(tokens, i)
            if match is None:
                continue
            n, actor = match
            free = i + n
            if i == 0 and n < len(words) and words[n] in DATELINE_DASHES:
                continue  # "Nairobi — The president said ...": where the story was filed, no actor of it
            if actor.kind == "state" and n + i < len(words) and words[i + n].lower() in FORMAT_NOUNS:
                continue  # "the Minsk Group", "the Istanbul channel": a format named after a place, no party
            start, end = tokens.idx[i], tokens.end[i + n - 1]
            found.append(Mention(start, end, tokens.string[start:end], actor.name, actor.side, actor.kind,
                                 "gazetteer", actor=actor, gender=actor.gender, role=actor.role))
            taken[i:i + n] = [True] * n

    def _may_begin_name(self, word: str) -> bool:
        """Whether a name may begin with a token followed by a space: its folded first word begins some key.

        Folding works word by word up to a space, so every span from such a token folds to a key that
        begins with the token's own first word (a token that folds to nothing proves nothing).
        """
        first = fold(word).split(" ")[0]
        return not first or first in self.gazetteer.first_words

    def _longest_name(self, tokens: Tokens, i: int) -> tuple[int, Actor] | None:
        """(tokens, actor) of the longest known name starting at token ``i``, if any.

        A name ends with a word or a number and is written with capitals: every word after its first is
        capitalised or a function word ("the States", not "The states"). Only the spans that pass are folded
        and looked up, longest first.
        """
        for n in self._lengths(tokens, i):
            last = i + n - 1
            if not (tokens.alpha[last] or tokens.like_num[last] or _alphanumeric(tokens.words[last])):
                continue
            name = tokens.string[tokens.idx[i]:tokens.end[last]]
            actors = self.gazetteer.lookup(name, self.when)
            if actors and self._case_ok(name, actors):
                return n, actors[0]
        return None

    def _lengths(self, tokens: Tokens, i: int) -> range:
        """The lengths, longest first, of the spans from token ``i`` that hold a word and no lower-case word
        after their first (one such word rules out every longer span too), up to the gazetteer's longest."""
        words, alpha = tokens.words, tokens.alpha
        most = i + min(self.gazetteer.longest, len(words) - i)
        first = i
        while first < most and not (alpha[first] or _alphanumeric(words[first])):
            first += 1
        if first == most:
            return range(0)
        end = first + 1
        while end < most and not (alpha[end] and not words[end][:1].isupper() and
                                  words[end].lower() not in FUNCTION_WORDS):
            end += 1
        return range(end - i, first - i, -1)

    @staticmethod
    def _case_ok(text: str, actors: list[Actor]) -> bool:
        """Short capitalised abbreviations ("US", "UN") only when written in capitals, not "us" or "Un"."""
        letters = text.replace(".", "")
        if len(letters) <= 3 and not letters.isupper():
            return any(a.kind == "person" for a in actors) and len(letters) > 2
        return True

    def _roles(self, tokens: Tokens, found: list[Mention], taken: list[bool]) -> None:
        """"the Ukrainian leader", "Russia's foreign minister": the office holder on the article's date."""
        text = tokens.string
        if not self._may_name_office(text):
            return
        for pattern, roles in ROLE_PATTERNS:
            for match in pattern.finditer(text):
                side = self._side_before(text, match.start())
                if side is None:
                    continue
                people = [p for role in roles for p in self.gazetteer.office_holders(side, {role}, self.when)]
                if not people:
                    continue
                # "Netanyahu said ... the Israeli leader added": of several, the one the article has named
                people.sort(key=lambda p: p not in self.named)
                begin = self._phrase_start(text, match.start())
                if FORMER.search(text[begin:match.start()]):
                    continue  # "the former US envoy" is not whoever holds the office now
                person = people[0]
                mention = Mention(begin, match.end(), text[begin:match.end()], person.name, person.side, "person",
                                  "role", actor=person, gender=person.gender, role=person.role)
                if not any(m.start <= begin < m.end or begin <= m.start < match.end()
                           for m in found if m.via != "gazetteer" or m.kind == "person"):
                    found[:] = [m for m in found if not (begin <= m.start and m.end <= match.end())]
                    found.append(mention)
                    self._take(tokens, begin, match.end(), taken)

    def _bodies(self, sentence, tokens: Tokens, found: list[Mention], taken: list[bool]) -> None:
        """"the Egyptian government", "Congolese authorities": a state's adjective before one of its bodies
        names the state (an adjective alone, "Egyptian cotton", names nobody)."""
        for k, lower in enumerate(tokens.lower):
            if lower not in BODY_NOUNS or tokens.pos[k] != "NOUN":
                continue
            for child in sentence[k].children:
                side = self.gazetteer.adjectives.get(fold(child.text)) if child.dep_ in ("amod", "compound") else None
                if side is None or taken[child.i]:
                    continue
                state = self.gazetteer.states.get(side)
                found.append(Mention(child.idx, child.idx + len(child.text), child.text,
                                     state.name if state else side, side, "state", "adjective", actor=state))
                taken[child.i] = True

    def _members(self, sentence, tokens: Tokens, found: list[Mention], taken: list[bool]) -> None:
        """"a senior Hamas official", "Qatar's negotiator", "an envoy of the AU": one unnamed person of the
        party the noun phrase names, before the noun or after it through a preposition; "the official" with
        no party named is the latest such person of the article."""
        for k, lower in enumerate(tokens.lower):
            if lower not in MEMBER_NOUNS or taken[k] or tokens.pos[k] != "NOUN" or tokens.dep[k] in ("compound", "appos"):
                continue  # "spokesman John Doe" is a title; "John Doe, a spokesman for X" is the name's apposition
            noun = sentence[k]
            start, end = noun.left_edge.idx, tokens.end[k]
            if any(m.is_person and m.start < end and start < m.end for m in found):
                continue  # "Trump's envoy Steve Witkoff", "the Russian foreign minister"
            side = self._member_side(noun, start, found)
            if side is None:
                earlier = self.members.get(lower)
                if earlier is None or not self._bare_definite(noun):
                    continue
                side = earlier.side
            mention = Mention(start, end, tokens.string[start:end], tokens.string[start:end], side, "person",
                              "member", role=lower)
            found[:] = [m for m in found if not (start <= m.start and m.end <= end)]
            found.append(mention)
            self._take(tokens, start, end, taken)
            self.members[lower] = mention

    def _member_side(self, noun, start: int, found: list[Mention]) -> str | None:
        """The side of the party a member noun serves: named among its modifiers ("a Hamas official",
        "Qatar's envoy", "a US official"), else in a prepositional phrase ("a spokesman for M23");
        EXPERT for a former one."""
        modifiers = [t for t in noun.lefts]
        if any(EXPERT_ROLES.search(t.text) for t in modifiers):
            return "EXPERT"
        side = self._party_in(start, noun.idx, found, modifiers)
        for child in noun.rights:
            if side is None and child.dep_ == "prep" and child.lower_ in MEMBER_PREPOSITIONS:
                words = list(child.subtree)
                side = self._party_in(child.idx, words[-1].idx + len(words[-1].text), found, words)
        return side

    def _party_in(self, start: int, end: int, found: list[Mention], words) -> str | None:
        """The side of the first party named in [start, end): a state, organisation or group, an office
        ("the Qatari foreign minister"), or an adjective ("Qatari")."""
        for m in sorted(found, key=lambda m: m.start):
            if start <= m.start < end and m.side and (m.kind in PARTIES or m.via in ("role", "member")):
                return m.side
        for word in words:
            side = self.gazetteer.adjectives.get(fold(word.text))
            if side is not None:
                return side
        return None

    @staticmethod
    def _bare_definite(noun) -> bool:
        """"the official", "the spokesman": a definite article and nothing else before the noun."""
        lefts = list(noun.lefts)
        return len(lefts) == 1 and lefts[0].lower_ == "the"

    @staticmethod
    def _may_name_office(text: str) -> bool:
        """Whether a role phrase may be in ``text``: most sentences name no office, and one search, or for
        ASCII text (where case-blind matching is lower-casing) a few substring tests, save one per phrase."""
        if text.isascii():
            lowered = text.lower()
            return any(word in lowered for word in ROLE_WORDS)
        return ANY_ROLE.search(text) is not None

    def _side_before(self, text: str, position: int) -> str | None:
        """The state named just before a role noun: an adjective ("Ukrainian"), a possessive ("Russia's") or
        a metonym ("Kremlin")."""
        before = text[:position]
        words = re.findall(r"[\w.'’]+", before)[-3:]
        for size in (3, 2, 1):
            if len(words) < size:
                continue
            phrase = " ".join(words[-size:])
            phrase = re.sub(r"['’]s$", "", phrase)
            key = fold(phrase)
            if key in self.gazetteer.adjectives:
                return self.gazetteer.adjectives[key]
            actors = [a for a in self.gazetteer.lookup(phrase, self.when) if a.kind in PARTIES]
            if actors:
                return actors[0].side
        return None

    @staticmethod
    def _phrase_start(text: str, position: int) -> int:
        """The start of "the Ukrainian leader" given the offset of "leader": back over the determiner and modifiers."""
        before = text[:position]
        match = re.search(r"(?:\b(?:the|a|an)\s+)?(?:[\w.'’-]+\s+){0,2}$", before, re.IGNORECASE)
        return match.start() if match else position

    @staticmethod
    def _take(tokens: Tokens, start: int, end: int, taken: list[bool]) -> None:
        for k, idx in enumerate(tokens.idx):
            if start <= idx < end:
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
                if known.side is None:  # named bare first, placed later: "..., said X, an official of Y"
                    known.side, role = self._unknown_side(entity, found)
                    known.role = known.role or role
                mention = Mention(entity.start_char, entity.end_char, text, known.name, known.side,
                                  "person", "ner", gender=known.gender, role=known.role)
            elif entity.label_ == "PERSON" or (entity.label_ == "ORG" and self._apposition_role(entity)):
                if (len(text.split()) < 2 and not self._apposition_role(entity)) or re.search(r"[a-z][A-Z]", text):
                    continue  # a lone capitalised word ("Kherson") or glued names are too often not a person
                side, role = self._unknown_side(entity, found)
                mention = Mention(entity.start_char, entity.end_char, text, text, side, "person",
                                  "ner", role=role)
                if len(text.split()) > 1:
                    self.unknown_people.setdefault(fold(surname), mention)
            else:
                continue
            found.append(mention)
            for k in range(first, first + len(entity)):
                taken[k] = True

    def _unknown_side(self, entity, found: list[Mention]) -> tuple[str | None, str | None]:
        """(side, role) of a person the gazetteer does not know: from their apposition, else the title
        before their name ("M23 spokesman John Doe", "Qatari Minister of State Jane Roe")."""
        role = self._apposition_role(entity)
        side = self._apposition_side(entity, role, found)
        title = self._title(entity) if side is None and entity.label_ == "PERSON" else []
        if title:
            role = role or " ".join(t.text for t in title)
            side = self._office_side(" ".join(t.text for t in title), title, found)
        return side, role

    def _apposition_side(self, entity, role: str | None, found: list[Mention]) -> str | None:
        """An unknown person's side from their apposition: EXPERT for an analyst or a former official, else
        the party of an office they hold ("a spokesman for M23", "Qatar's minister of state"), else None."""
        if not role:
            return None
        for token in entity.root.children:
            if token.dep_ == "appos":
                return self._office_side(role, list(token.subtree), found)
        return None

    def _office_side(self, role: str, words: list, found: list[Mention]) -> str | None:
        """The side of whoever holds the office ``role`` describes (its tokens ``words``): EXPERT for an
        analyst or a former official, the party it names for an office, None for anything else ("a
        resident of the city", "a teacher from Kenya")."""
        if EXPERT_ROLES.search(role):
            return "EXPERT"
        if not OFFICE_WORDS.search(role):
            return None
        return self._party_in(words[0].idx, words[-1].idx + len(words[-1].text), found, words)

    @staticmethod
    def _title(entity) -> list:
        """The words of a title before a name in its noun phrase ("M23 spokesman" John Doe), if any."""
        return [t for t in entity.root.subtree if t.i < entity.start]

    @staticmethod
    def _apposition_role(entity) -> str | None:
        """The words of an apposition to the entity ("senior fellow at Carnegie"), if any."""
        for token in entity.root.children:
            if token.dep_ == "appos":
                return " ".join(t.text for t in token.subtree)
        return None

    @staticmethod
    def _mark(tokens: Tokens, found: list[Mention]) -> None:
        """Whether each mention is quoted, a subject, the subject of the main verb.

        A mention is a subject when one of its tokens whose head lies outside it is an ``nsubj`` or
        ``nsubjpass``, so only the sentence's subject tokens are looked at.
        """
        spans = quoted_spans(tokens.string)
        subjects = [k for k, dep in enumerate(tokens.dep) if dep in SUBJECT_DEPS]
        for mention in found:
            mention.quoted = any(a <= mention.start < b for a, b in spans)
            mention.backer = BACKER.match(tokens.string, mention.end) is not None
            start, end = mention.start, mention.end
            heads = [k for k in subjects
                     if start <= tokens.idx[k] < end and not start <= tokens.idx[tokens.head[k]] < end]
            mention.subject = bool(heads)
            mention.main = any(tokens.dep[tokens.head[k]] == "ROOT" for k in heads)

    def _pronouns(self, tokens: Tokens, found: list[Mention], taken: list[bool]) -> None:
        """He or she: the latest person of that gender, preferring subjects, never someone inside a quotation."""
        if PRONOUNS.keys().isdisjoint(tokens.lower):
            return
        for k, lower in enumerate(tokens.lower):
            gender = PRONOUNS.get(lower)
            if gender is None or taken[k]:
                continue
            idx = tokens.idx[k]

            def fits(m: Mention) -> bool:
                return m.is_person and not m.quoted and m.gender in (gender, None) and m.via != "pronoun" or (
                    m.via == "pronoun" and m.gender == gender and not m.quoted)

            # Hobbs' order, simplified: this sentence before the pronoun (subjects first), then the sentences
            # before it, latest first, preferring the subject of the main verb, then any subject.
            here = [m for m in found if m.start < idx and fits(m)]
            person = next((m for m in reversed(here) if m.subject), None) or next(reversed(here), None)
            for group in reversed(self.recent):
                if person is not None:
                    break
                earlier = [m for m in group if fits(m)]
                person = next((m for m in earlier if m.main), None) or \
                    next((m for m in earlier if m.subject), None) or next(reversed(earlier), None)
            if person is None:
                continue
            found.append(Mention(idx, tokens.end[k], tokens.words[k], person.name,
                                 person.side, "person", "pronoun", actor=person.actor, gender=person.gender,
                                 role=person.role, subject=tokens.dep[k] in SUBJECT_DEPS))
            taken[k] = True


# Nouns that name the parties together ("both countries", "the two sides", "the parties"): they stand
# for the article's principal parties, the two sides it has named most so far.
JOINT_NOUNS = {"countries", "sides", "parties", "governments", "nations", "states", "capitals", "leaders",
               "delegations", "neighbours", "neighbors", "rivals"}


def joint_parties(token, parties: list[str]) -> list[str]:
    """The principal ``parties`` (the article's two most-named sides) when ``token`` heads a phrase naming
    them together ("both countries", "the two sides", "the parties"); else none.

    >>> from accord.extract.nlp import load_pipeline
    >>> doc = load_pipeline()("Both sides said they wanted peace.")
    >>> joint_parties(doc[1], ["ARM", "AZE", "RUS"])
    ['ARM', 'AZE']
    """
    if token.lower_ not in JOINT_NOUNS or len(parties) < 2:
        return []
    words = {c.lower_ for c in token.children}
    if not (words & {"both", "two"} or (token.lower_ in ("parties", "sides") and "the" in words)):
        return []
    return list(parties[:2])


REPORTED_PRONOUNS = {"it", "they", "we"}


def reporter(pronoun):
    """"Cairo made clear that it will not sign", "both sides said they wanted": the subject of the clause
    that reports the pronoun's clause, which the pronoun repeats."""
    node = pronoun.head
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        subject = next((c for c in node.children if c.dep_ == "nsubj" and c.i != pronoun.i), None)
        if subject is not None:
            return subject if subject.lower_ not in REPORTED_PRONOUNS else None
    return None
