"""A new scenario from the news alone: actors, issues, ordered options and positions, from stance records
extracted with no scenario (each keeps the phrase it is about).

1. **Issues** are groups of stances about the same contested object. Each stance's phrase becomes a
   vector of its content words (Porter2 stems, as :mod:`accord.extract.issues` compares words; the names
   of the parties left out, since every stance names them), weighted by how rare the word is among the
   phrases (idf), beside a lighter vector of its sentence's words (``CONTEXT``), so that a vague phrase
   ("the pact") is about what its sentence is about. Phrases are joined by average-linkage agglomerative
   clustering on cosine similarity (Manning, Raghavan & Schütze, *Introduction to Information Retrieval*,
   2008, ch. 17) until no two groups are closer than ``JOIN``. A group needs stances from ``MOST_STORIES`` independent stories, or
   of as many sides, to be an issue: one side's aside in one story is no issue of the negotiation.
2. **Options** are the distinct outcomes the group's stances are about (phrases joined again, more
   tightly), the best supported first, and the status quo when the sides argue over one outcome only. They are
   ordered so that the two principal sides' wishes fall at the two ends: an option's place is how much
   more the first side wants it than the second.
3. **Actors** are the two principal sides (those with the most stances on the issues), the sides whose
   stances come from two independent stories or more, those that speak or act often, and those that appear
   in a third of the independent stories (a mediator named story after story, with no stance of its own).
4. **Positions**: a demand or offer makes an option a side's ideal, an acceptance adds it to the
   acceptable set, a rejection or a condition draws the red line. Salience and capability are estimates,
   each with its rationale; the analyst sets them.

The result is a valid :class:`~accord.scenario.model.Scenario` with, for each issue, the records that
define it (:attr:`Skeleton.defining`), so every value can be traced to its sentences.

>>> records = [
...     {"side": "EGY", "polarity": "demand", "phrase": "a slow filling of the dam", "doc": "1", "story": 1},
...     {"side": "ETH", "polarity": "reject", "phrase": "a slow filling of the dam", "doc": "2", "story": 2},
...     {"side": "ETH", "polarity": "demand", "phrase": "a fast filling of the dam", "doc": "3", "story": 3}]
>>> skeleton = draft_skeleton([dict(r, kind="stance", holder=r["side"], date="2025-06-01") for r in records])
>>> [(i.id, [o.id for o in i.options]) for i in skeleton.scenario.issues]
[('filling', ['fast_filling_dam', 'slow_filling_dam'])]
>>> skeleton.scenario.positions["ETH"]["filling"].ideal, skeleton.scenario.positions["ETH"]["filling"].acceptable
('fast_filling_dam', ['fast_filling_dam'])
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from accord.errors import AccordError
from accord.extract.gazetteer import VOICES, fold, load_gazetteer
from accord.extract.records import story_of
from accord.extract.issues import MEANINGFUL_STEMS, content_stems
from accord.scenario.load import validate_document
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr

JOIN = 0.2             # cosine similarity at which two groups of phrases are about one object (bench/drafting.py
                       # reports it leave-one-negotiation-out)
SAME_OUTCOME = 0.5     # and at which two phrases of one issue name the same outcome
MOST_STORIES = 2       # independent stories (or sides) a group needs to be an issue
MOST_OPTIONS = 4
CONTEXT = 0.5          # the weight of a stance's sentence beside its phrase
STATUS_QUO = "status_quo"  # the option added when the sides argue over one outcome: not having it
WANTS = {"demand": 1.0, "offer": 1.0, "accept": 0.5, "condition": 0.5, "reject": -1.0}
# Words that say nothing of what is contested: time, talk about talk, and vague nouns.
EMPTY = frozenset(content_stems(
    "year month week day time today yesterday monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "question issue matter point thing way idea public statement statements report reports plan "
    "proposal proposals talks text recent recently new need also said says "
    "president presidents leader leaders minister ministers official officials government side sides"))


@dataclass
class Skeleton(HtmlRepr):
    """A drafted scenario; for each of its issues, the stance records that define it; for each record (by
    its position in those lists), the option it is about."""

    scenario: Scenario
    defining: dict[str, list[dict]]
    options: dict[str, list[str]]  # issue -> the option of each defining record, in the same order

    def lines(self, sentences: int = 3) -> list[str]:
        """A readable account: actors, each issue with its options and the sentences that define it, positions."""
        s = self.scenario
        out = [f"+ actor {a.id} ({a.name})" for a in s.actors]
        for issue in s.issues:
            defining = self.defining[issue.id]
            out.append(f"+ issue {issue.id} ({issue.title}): options {', '.join(o.id for o in issue.options)}; "
                       f"defined by {len(defining)} stances")
            out += [f"    {r['doc']} · {r.get('outlet') or 'unknown outlet'} · {r.get('date') or 'undated'}: "
                    f"{r.get('evidence')}" for r in defining[:sentences]]
        out += [f"+ {actor} on {issue}: ideal {p.ideal}, acceptable {', '.join(p.acceptable or ['all'])}"
                for actor, by_issue in s.positions.items() for issue, p in by_issue.items()]
        return out

    def to_dict(self) -> dict:
        return {"actors": [{"id": a.id, "name": a.name, "kind": a.kind.value} for a in self.scenario.actors],
                "issues": [{"id": i.id, "title": i.title, "keywords": i.keywords, "options": [o.id for o in i.options],
                            "defining": [{"doc": r["doc"], "outlet": r.get("outlet"), "date": r.get("date"),
                                          "sentence": r.get("evidence"), "record": r.get("id"), "side": r["side"],
                                          "polarity": r["polarity"], "option": option}
                                         for r, option in zip(self.defining[i.id], self.options[i.id])]}
                           for i in self.scenario.issues],
                "positions": {actor: {issue: p.model_dump(mode="json", exclude_none=True, include={"ideal", "acceptable"})
                                      for issue, p in by_issue.items()}
                              for actor, by_issue in self.scenario.positions.items()}}


def draft_skeleton(records: list[dict], title: str = "Drafted from the news") -> Skeleton:
    """A new scenario from stance records extracted with no scenario (see the module's docstring)."""
    stances = [r for r in records if r.get("kind", "stance") == "stance" and r.get("side") not in VOICES
               and r.get("side") and r.get("polarity") in WANTS]
    stems = [_stems(r.get("phrase") or "") for r in stances]
    usable = [k for k, s in enumerate(stems) if s]
    if not usable:
        if any(r.get("issue") for r in stances):
            raise AccordError("the stances were coded on a scenario's issues: draft changes to that scenario "
                              "(accord draft --scenario FILE), or extract with --no-scenario to draft a new one")
        raise AccordError("no stance is about anything: extract the corpus first (accord extract)")
    vectors = _with_context(_vectors([stems[k] for k in usable]),
                            _vectors([_stems(stances[k].get("evidence") or "") or stems[k] for k in usable]))
    groups = [[usable[k] for k in g] for g in _cluster(vectors, JOIN)]
    issues = [g for g in groups if _argued([stances[k] for k in g])]
    if not issues:
        raise AccordError("the stances name no object that two independent stories argue over: "
                          "ingest more articles, or write the scenario by hand (accord init --blank)")
    return _build([[stances[k] for k in g] for g in issues], stances, title, records)


def _argued(group: list[dict]) -> bool:
    """Whether a group of stances is argued over: in ``MOST_STORIES`` independent stories, or by as many sides."""
    return len({story_of(r) for r in group}) >= MOST_STORIES or len({r["side"] for r in group}) >= MOST_STORIES


def _stems(phrase: str) -> list[str]:
    names = _party_words()
    words = " ".join(w for w in re.findall(r"[\w'’]+", phrase) if fold(w) not in names)  # "NATO-like": two words
    return [s for s in content_stems(words) if s not in EMPTY and not s.isdigit()
            and len(s) > 2 and s not in MEANINGFUL_STEMS]  # "full", "only": they tell options apart, not issues


@lru_cache(maxsize=1)
def _party_words() -> frozenset[str]:
    """Every name of an actor (states, capitals, organisations, groups, people) and adjective, as folded
    words (so "Zelenskiy" is "Zelensky"): a party's one-word names ("Kremlin") and any word of a person's name."""
    gazetteer = load_gazetteer()
    keys = [key for key, actors in gazetteer.by_key.items()
            if " " not in key or all(a.kind == "person" for a in actors)]
    return frozenset(w for key in keys + list(gazetteer.adjectives) for w in key.split())



def _vectors(phrases: list[list[str]]) -> np.ndarray:
    """Unit tf-idf vectors of the phrases' stems."""
    vocabulary = {s: k for k, s in enumerate(sorted({s for p in phrases for s in p}))}
    counts = np.zeros((len(phrases), len(vocabulary)))
    for row, phrase in enumerate(phrases):
        for s in phrase:
            counts[row, vocabulary[s]] += 1
    idf = np.log((1 + len(phrases)) / (1 + (counts > 0).sum(axis=0))) + 1
    weighted = counts * idf
    return weighted / np.linalg.norm(weighted, axis=1, keepdims=True)


def _with_context(phrases: np.ndarray, sentences: np.ndarray) -> np.ndarray:
    """Phrase vectors moved toward their sentences' by ``CONTEXT``: a short or vague phrase ("it", "the
    pact") is about what its sentence is about."""
    mixed = np.hstack([phrases, CONTEXT * sentences])
    return mixed / np.linalg.norm(mixed, axis=1, keepdims=True)


def _cluster(vectors: np.ndarray, join: float) -> list[list[int]]:
    """Average-linkage agglomerative clustering on cosine similarity, stopping below ``join``. After each
    merge the merged group's similarities are updated in place (Lance & Williams, *Computer Journal* 9,
    1967: a weighted mean of the two rows), so each step costs one pass over the matrix."""
    groups = [[k] for k in range(len(vectors))]
    linkage = vectors @ vectors.T
    np.fill_diagonal(linkage, -np.inf)
    sizes = np.ones(len(vectors))
    while len(vectors) > 1:
        a, b = np.unravel_index(np.argmax(linkage), linkage.shape)
        if linkage[a, b] < join:
            break
        a, b = min(a, b), max(a, b)  # the earlier group absorbs the later one
        row = (sizes[a] * linkage[a] + sizes[b] * linkage[b]) / (sizes[a] + sizes[b])
        linkage[a], linkage[:, a] = row, row
        linkage[b], linkage[:, b] = -np.inf, -np.inf
        linkage[a, a] = -np.inf
        sizes[a] += sizes[b]
        groups[a], groups[b] = groups[a] + groups[b], []
    return sorted((g for g in groups if g), key=len, reverse=True)


def _slug(words: list[str]) -> str:
    return re.sub(r"[^a-z0-9]+", "_", "_".join(words).lower()).strip("_")[:60] or "issue"


def _surface(stances: list[dict]) -> dict[str, str]:
    """Each stem's most frequent written form in the stances' phrases ("constitut" -> "constitution")."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for record in stances:
        for word in re.findall(r"[A-Za-z][A-Za-z'-]+", record.get("phrase") or ""):
            for s in content_stems(word):
                forms[s][word.lower()] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


def _build(issues: list[list[dict]], stances: list[dict], title: str, records: list[dict]) -> Skeleton:
    stance_counts = Counter(r["side"] for r in stances)
    acts = _active(records)
    principal = [s for s, _ in Counter(r["side"] for group in issues for r in group).most_common(2)]
    sides = sorted(_holders(issues) | set(principal) | set(acts) | _present(records))
    data: dict = {"scenario": {"id": "drafted", "title": title, "as_of": _latest(stances),
                               "description": "Drafted by accord from the news; every number is an estimate."},
                  "actors": [_actor(side, stance_counts[side], acts[side]) for side in sides], "issues": [],
                  "positions": {}}
    defining: dict[str, list[dict]] = {}
    options: dict[str, list[str]] = {}
    for group in issues:
        issue, placed = _issue(group, principal, {i["id"] for i in data["issues"]})
        data["issues"].append(issue)
        defining[issue["id"]], options[issue["id"]] = [r for r, _ in placed], [o for _, o in placed]
        for side, position in _positions(issue, placed, stance_counts).items():
            if side in sides:  # a position needs its actor
                data["positions"].setdefault(side, {})[issue["id"]] = position
    _own_keywords(data["issues"])
    return Skeleton(validate_document(data, "drafted scenario"), defining, options)


def _own_keywords(issues: list[dict]) -> None:
    """Keep each issue only the keywords no other issue has, and that name no option of its own alone: a
    shared keyword would code one issue's sentences on another when the drafted scenario is used."""
    shared = Counter(k for issue in issues for k in set(issue["keywords"]))
    for issue in issues:
        own = [k for k in issue["keywords"] if shared[k] == 1]
        issue["keywords"] = own or issue["keywords"][:1]


def _holders(issues: list[list[dict]]) -> set[str]:
    """Sides whose stances on the issues come from ``MOST_STORIES`` independent stories: one official's
    remark in one story makes no party (such a side is an actor still when it is one of the two principal
    sides, acts often or is present enough)."""
    stories: dict[str, set] = defaultdict(set)
    for group in issues:
        for r in group:
            stories[r["side"]].add(story_of(r))
    return {side for side, seen in stories.items() if len(seen) >= MOST_STORIES}


MOST_ACTS = 3  # quotes or happened events that make a side without stances an actor


def _active(records: list[dict]) -> Counter:
    """Sides that speak or act in the news at least ``MOST_ACTS`` times (quotes, happened events)."""
    acts = Counter()
    for r in records:
        if r.get("kind") == "quote":
            acts[r.get("side")] += 1
        elif r.get("kind") == "event" and r.get("status", "happened") == "happened":
            acts.update({r.get("source"), r.get("target")})
    return Counter({side: n for side, n in acts.items() if side and side not in VOICES and n >= MOST_ACTS})


IN_THE_STORY = 1 / 3  # the share of independent stories a side must appear in to be an actor


def _present(records: list[dict]) -> set[str]:
    """Sides that appear (named, quoted, acting or holding a stance) in at least ``IN_THE_STORY`` of the
    corpus's independent stories, and in two at least: a mediator the news names in story after story is a
    party to the negotiation even when no sentence gives it a stance."""
    stories: dict[str, set] = defaultdict(set)
    for r in records:
        if r.get("kind") == "actor" and r.get("actor_kind") == "person":
            continue  # a person's side is named through the person; their own side's records count
        for side in (r.get("side"), r.get("source"), r.get("target")):
            if side and side not in VOICES:
                stories[side].add(story_of(r))
    needed = max(2, IN_THE_STORY * len({story_of(r) for r in records}))
    return {side for side, seen in stories.items() if len(seen) >= needed}


def _latest(stances: list[dict]) -> str | None:
    dates = [r["date"] for r in stances if r.get("date")]
    return max(dates) if dates else None


def _actor(side: str, stances: int, acts: int) -> dict:
    gazetteer = load_gazetteer()
    state = gazetteer.states.get(side)
    known = next((a for actors in gazetteer.by_key.values() for a in actors if a.side == side and a.kind != "person"),
                 None)
    name = state.name if state else known.name if known else side
    kind = "state" if state else "bloc" if known is not None and known.kind == "bloc" else "organisation"
    return {"id": side, "name": name, "kind": kind,
            "capability": {"value": 10, "basis": "estimate",
                           "rationale": f"drafted from the news ({stances} stances, {acts} quotes and events); "
                                        "to be set by the analyst"}}


def _issue(group: list[dict], principal: list[str], taken: set[str]) -> tuple[dict, list[tuple[dict, str]]]:
    """The issue a group of stances defines, and each stance with the option it is about."""
    phrases = [_stems(r.get("phrase") or "") for r in group]
    weight = Counter(s for p in phrases for s in set(p))
    surface = _surface(group)
    heads = Counter(h for h in (_head(r.get("phrase") or "") for r in group) if h)
    # the issue is named by the word most phrases have, the head of a noun phrase first ("a joint *patrol*
    # of the lake"), ties by name so that the name is stable
    top = [s for s, _ in sorted(weight.items(), key=lambda kv: (-kv[1], -heads[kv[0]], kv[0]))[:3]]
    issue_id = _unique(_slug([surface.get(top[0], top[0])]), taken)
    outcomes = [[group[k] for k in g] for g in _cluster(_vectors(phrases), SAME_OUTCOME)]
    outcomes = sorted(outcomes, key=lambda g: len({story_of(r) for r in g}), reverse=True)[:MOST_OPTIONS]
    options, placed = [], []
    for outcome in outcomes:
        label = Counter(r["phrase"] for r in outcome).most_common(1)[0][0]
        option_id = _unique(_slug([surface.get(s, s) for s in _stems(label)][:4]),
                            {o["id"] for o in options} | {STATUS_QUO})
        options.append({"id": option_id, "label": label, "description": ", ".join(sorted({r["phrase"] for r in outcome}))})
        placed += [(r, option_id) for r in outcome]
    only_rejects = any(all(r["polarity"] == "reject" for r, _ in placed if r["side"] == side)
                       for side in {r["side"] for r, _ in placed})
    if len(options) == 1 or only_rejects:  # one outcome argued over, or a side that wants none of them
        bare = re.sub(r"^(?:a|an|the|any)\s+", "", options[0]["label"], flags=re.IGNORECASE)
        options.append({"id": STATUS_QUO, "label": f"no {bare}" if len(options) == 1 else "none of these",
                        "description": "status quo"})
    _order(options, placed, principal)
    keywords = sorted({surface.get(s, s) for s in top})
    return {"id": issue_id, "title": " / ".join(surface.get(s, s) for s in top[:2]).capitalize(),
            "description": "Defined by the stances of docs " + ", ".join(sorted({str(r["doc"]) for r in group})),
            "keywords": keywords, "options": options}, placed


PREPOSITIONS = {"of", "for", "from", "to", "in", "on", "with", "between", "over", "at", "by", "about", "across",
                "through", "into", "under", "against", "after", "before", "within", "without", "toward", "towards",
                "which", "that", "who"}  # and the relative pronouns: "an order, which will guide the rollout"


def _head(phrase: str) -> str | None:
    """The stem of a phrase's head noun, roughly: its last content word before its first preposition."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", phrase)
    cut = next((k for k, w in enumerate(words) if k and w.lower() in PREPOSITIONS or
                w.lower().endswith(("ing", "ed")) and len(_stems(" ".join(words[:k]))) >= 2),
               len(words))  # "a prisoner exchange involving ...", "the threat posed by ...": the head comes first
    stems = _stems(" ".join(words[:cut]))
    return stems[-1] if stems else None


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name, n = f"{candidate}_{n}", n + 1
    return name


def _order(options: list[dict], placed: list[tuple[dict, str]], principal: list[str]) -> None:
    """Order options so the first principal side's wishes come first and the second's last; points 0-100."""
    def lean(option_id: str) -> float:
        first = sum(WANTS[r["polarity"]] for r, o in placed if o == option_id and principal and r["side"] == principal[0])
        second = sum(WANTS[r["polarity"]] for r, o in placed if o == option_id and len(principal) > 1
                     and r["side"] == principal[1])
        return second - first
    # the status quo is where the wishes for the argued outcome are not: the other end
    argued = options[0]["id"]
    options.sort(key=lambda o: lean(o["id"]) if o["id"] != STATUS_QUO else -lean(argued))
    for k, option in enumerate(options):
        option["point"] = round(100 * k / (len(options) - 1), 1)


def _positions(issue: dict, placed: list[tuple[dict, str]], sides: Counter) -> dict[str, dict]:
    """Each side's position on the issue from its stances on the issue's options."""
    ids = [o["id"] for o in issue["options"]]
    points = {o["id"]: o["point"] for o in issue["options"]}
    out = {}
    for side in sorted({r["side"] for r, _ in placed}):
        mine = [(r, o) for r, o in placed if r["side"] == side]
        wanted = Counter({o: 0.0 for o in ids})
        for record, option in mine:
            wanted[option] += WANTS[record["polarity"]]
        ruled_out = {o for r, o in mine if r["polarity"] == "reject"}
        if STATUS_QUO in ids and ruled_out and not any(WANTS[r["polarity"]] > 0 for r, _ in mine):
            wanted[STATUS_QUO] += 1.0  # rejecting the one outcome argued over, and wanting none, wants its absence
        acceptable = [o for o in ids if o not in ruled_out] or ids
        ideal = max(acceptable, key=lambda o: (wanted[o], -abs(points[o] - 50)))
        out[side] = {"ideal": ideal, "salience": {
            "value": min(90, 30 + 10 * len(mine)), "basis": "estimate",
            "rationale": f"{len(mine)} of the side's {sides[side]} stances in the news are on this issue"},
            "basis": "reported", "evidence": [_evidence(r, o) for r, o in mine[:3]]}
        if ruled_out and set(acceptable) != set(ids):
            out[side]["acceptable"] = acceptable
    return out


def _evidence(record: dict, option: str) -> dict:
    verb = {"demand": "demands", "offer": "offers", "accept": "accepts", "reject": "rules out",
            "condition": "sets a condition on"}[record["polarity"]]
    return {"source": record.get("outlet") or str(record["doc"]), "date": record.get("date"),
            "paraphrase": f"{record.get('holder') or record['side']} {verb} {option} (accord extraction, record "
                          f"{record.get('id', '?')})", "speaker": record.get("holder"), "article": str(record["doc"])}
