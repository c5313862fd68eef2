"""Extraction at the parser's speed: the fast paths give what the plain ones gave.

Name matching scans plain token lists and skips tokens no name begins with; ``fold`` skips Unicode work on
ASCII; steps read a sentence's tokens once (:class:`accord.extract.tokens.Tokens`). Each is checked here
against the straightforward version it replaced. The sentences are written for these tests, except the
seed corpus ones read from ../shared where it is present.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.extract.gazetteer import Actor, Gazetteer, extend, fold, load_gazetteer
from accord.extract.mentions import ABBREVIATION, ANY_ROLE, FUNCTION_WORDS, ROLE_NOUNS, ROLE_WORDS, MentionFinder
from accord.extract.tokens import Tokens

from tests.conftest import shared

SENTENCES = [
    "The U.S.-led talks with Zelenskiy's office in Kyiv went on.",
    "President Vladimir Putin met Organization for Security and Co-operation in Europe observers.",
    "The states of the United States and the UN disagree; us and Un are not names here.",
    "Sergey Lavrov’s deputy flew to Washington,D.C. on 12 March with 3 NATO officers.",
    "Officials in Moscow-backed areas said NATO's chief and the E.U. would act.",
    "In 2025 Donald Trump’s envoy spoke to the Kremlin about Kyiv,Moscow and Minsk.",
    "Naïve café owners in São Tomé and Príncipe watched Erdoğan and Ahmed al-Sharaa on TV.",
    "THE UNITED STATES AND RUSSIA SIGNED NOTHING, said the Foreign Minister of France.",
    "“Ukraine”, she said, “is not Russia” — and the  European   Union agreed.",
]



def _capitalised(span) -> bool:
    first = next((t.i for t in span if t.is_alpha or _wordlike(t) and not t.like_num), None)
    if first is None or not (span.text[:1].isupper() or span.text[:1].isdigit()):
        return False
    return all(t.text[:1].isupper() or t.lower_ in FUNCTION_WORDS for t in span if t.is_alpha and t.i > first)


def _wordlike(token) -> bool:
    """A word, a number, or letters with digits ("M23", "G7")."""
    return token.is_alpha or token.like_num or (token.text.isalnum() and not token.text.isdigit()) or \
        ABBREVIATION.fullmatch(token.text) is not None


def reference_names(finder: MentionFinder, sentence) -> list[tuple[int, int, str]]:
    """The gazetteer matching as first written: every span length sliced and tested at every token."""
    out, i = [], 0
    while i < len(sentence):
        match = None
        for n in range(min(finder.gazetteer.longest, len(sentence) - i), 0, -1):
            span = sentence[i:i + n]
            if not _wordlike(span[0]) or not _wordlike(span[-1]) or not _capitalised(span):
                continue
            actors = finder.gazetteer.lookup(span.text, finder.when)
            if actors and finder._case_ok(span.text, actors):
                match = (n, span, actors[0])
                break
        if match is None:
            i += 1
            continue
        n, span, actor = match
        out.append((span.start_char, span.end_char, actor.name))
        i += n
    return out


def names(finder: MentionFinder, sentence) -> list[tuple[int, int, str]]:
    tokens = Tokens.of(sentence)
    found: list = []
    finder._gazetteer(tokens, found, [False] * len(tokens))
    return [(m.start, m.end, m.name) for m in found]


def test_name_matching_finds_what_slicing_every_span_found(nlp):
    finder = MentionFinder(load_gazetteer())
    for doc in nlp.pipe(SENTENCES):
        assert names(finder, doc) == reference_names(finder, doc), doc.text
    assert names(finder, nlp(SENTENCES[1]))[0][2] == "Vladimir Putin"


def test_name_matching_on_the_seed_corpus_finds_what_slicing_found(nlp):
    seed = shared("corpus", "seed")
    texts = [line.strip() for path in sorted(seed.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    finder = MentionFinder(load_gazetteer())
    for doc in nlp.pipe(texts):
        assert names(finder, doc) == reference_names(finder, doc), doc.text


def test_tokens_are_spacys_attributes_read_once(nlp):
    for doc in nlp.pipe(SENTENCES + ["", "  two  spaces\n\nand a line 😀 x"]):
        tokens = Tokens.of(doc)
        assert tokens is Tokens.of(doc)
        assert tokens.string == doc.text
        assert tokens.words == [t.text for t in doc]
        assert tokens.space == [int(bool(t.whitespace_)) for t in doc]
        assert (tokens.idx, tokens.end) == ([t.idx for t in doc], [t.idx + len(t.text) for t in doc])
        assert tokens.head == [t.head.i for t in doc]
        assert tokens.alpha == [int(t.is_alpha) for t in doc] and tokens.like_num == [int(t.like_num) for t in doc]
        assert (tokens.lower, tokens.lemma) == ([t.lower_ for t in doc], [t.lemma_.lower() for t in doc])
        assert (tokens.pos, tokens.dep, tokens.entity) == ([t.pos_ for t in doc], [t.dep_ for t in doc],
                                                           [t.ent_type_ for t in doc])


def test_tokens_among_lists_tokens_left_to_right(nlp):
    tokens = Tokens.of(nlp("Putin said that he says nothing."))
    assert tokens.among({"say"}) == [1, 4]
    assert tokens.among({"says", "putin"}, "lemma", "lower") == [0, 4]


def test_every_role_phrase_holds_a_role_word():
    assert all(any(word in phrase for word in ROLE_WORDS) for phrase in ROLE_NOUNS)


@pytest.mark.parametrize("text", ["The PRESİDENT spoke.", "The ſpokesman spoke.", "Le président a parlé.",
                                  "The Foreign Minister spoke.", "The head-of-state summit", "No office here."])
def test_the_office_prefilter_passes_every_sentence_the_phrase_search_matches(text):
    """Case-blind matching pairs 'İ' with 'i' and 'ſ' with 's', which lower-casing does not: only ASCII text
    takes the substring test."""
    assert MentionFinder._may_name_office(text) or ANY_ROLE.search(text) is None


def slow_fold(name: str) -> str:
    """fold as first written: Unicode decomposition for every name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w' -]+", " ", text).replace("-", " ")
    text = re.sub(r"(?:iy|yy|yi|ii|ij|i|y)\b", "y", text)
    return re.sub(r"\s+", " ", text).strip()


@given(st.text(alphabet=st.sampled_from(list("aiyjsSZ'’‘-. ,\t0éÉİıΣσ\u0301ﬁ²K")), max_size=30))
def test_fold_is_the_slow_fold(name):
    assert fold(name) == slow_fold(name)


@given(st.lists(st.text(alphabet=st.sampled_from(list("aiySz'’-.éΣ")), min_size=1, max_size=8), min_size=1,
                max_size=4))
def test_a_spans_fold_begins_with_its_first_tokens_fold_when_a_space_follows_it(words):
    """What the first-word index rests on (the token must hold a word or a number, as a name's first does)."""
    first = fold(words[0])
    if not first:
        return
    assert fold(" ".join(words)).split(" ")[0] == first.split(" ")[0]


def test_first_words_follow_every_way_a_gazetteer_is_made():
    gazetteer = Gazetteer()
    gazetteer.add(["Republic of Somewhere", "Somewhere"], Actor("Somewhere", "SMW", "state"))
    assert gazetteer.first_words == {"republic", "somewhere"}
    assert Gazetteer(defaultdict(list, {"upper volta": []})).first_words == {"upper"}
    scenario = SimpleNamespace(actors=[SimpleNamespace(name="Northern Alliance", id="NA", kind="group",
                                                       side=None, aliases=["Alliance of the North"])])
    extended = extend(gazetteer, scenario)
    assert extended.first_words == {"republic", "somewhere", "northern", "na", "alliance"}
    assert gazetteer.first_words == {"republic", "somewhere"}
