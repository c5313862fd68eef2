"""A parsed sentence's tokens as plain lists, read from spaCy once and shared by every extractor step.

Each step used to walk the sentence through spaCy's ``Token`` objects (mentions, quote cues, polarity
cues, event triggers, one walk each), and that walking cost more than the steps' own work. Here the
attributes come out in one ``Doc.to_array`` call, their strings are looked up once per distinct value,
and each step scans the lists for the few tokens it cares about, only those becoming ``Token`` objects.

>>> from accord.extract.nlp import load_pipeline
>>> tokens = Tokens.of(load_pipeline()("Putin said it."))
>>> tokens.words, tokens.lemma, tokens.pos[:2]
(['Putin', 'said', 'it', '.'], ['putin', 'say', 'it', '.'], ['PROPN', 'VERB'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_ALPHA, LEMMA, LIKE_NUM, LOWER, ORTH, POS, SPACY

ATTRIBUTES = [ORTH, SPACY, IDX, HEAD, IS_ALPHA, LIKE_NUM, LOWER, LEMMA, POS, DEP, ENT_TYPE]
CACHE_KEY = "accord.tokens"  # in ``Doc.user_data``: the steps after the first reuse it


class _Names(dict):
    """String id -> string (``convert`` of the id), filled on first use: ids repeat across sentences ("the")."""

    MOST = 1 << 20  # past this, start again rather than hold a whole corpus's vocabulary

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, key: int) -> str:
        if len(self) > self.MOST:
            self.clear()
        value = self[key] = self.convert(key)
        return value

    def of(self, ids: list[int]) -> list[str]:
        return list(map(self.__getitem__, ids))


_names: dict[int, tuple] = {}  # id of a vocabulary's string store -> (the store, its names, lower-cased)


def _names_for(doc) -> tuple[_Names, _Names]:
    """The names of a Doc's string ids, as written and lower-cased (lemmas: "Say" opening a sentence is "say")."""
    strings = doc.vocab.strings
    known = _names.get(id(strings))
    if known is None or known[0] is not strings:
        known = _names[id(strings)] = (strings, _Names(strings.__getitem__),
                                       _Names(lambda key: strings[key].lower()))
    return known[1], known[2]


@dataclass(frozen=True)
class Tokens:
    """One sentence's tokens: ``k`` in each list is the token ``sentence[k]``.

    ``lemma`` is lower-cased (cue and trigger tables are), ``head`` the index of each token's head.
    Built for a finished parse: a Doc changed afterwards (retokenised) must not be read through it.
    """

    string: str          # the sentence's text (``Doc.text`` walks the tokens again at every call)
    words: list[str]     # each token's text
    space: list[int]     # 1 when a space follows the token, else 0
    idx: list[int]
    end: list[int]
    head: list[int]
    alpha: list[int]     # 1 or 0, as spaCy's flags
    like_num: list[int]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    dep: list[str]
    entity: list[str]    # the label of the named entity a token is part of, or ""

    @classmethod
    def of(cls, doc) -> Tokens:
        """The tokens of a parsed Doc, made on first use and kept with the Doc for the next steps."""
        cached = doc.user_data.get(CACHE_KEY)
        if cached is None:
            cached = doc.user_data[CACHE_KEY] = cls._read(doc)
        return cached

    @classmethod
    def _read(cls, doc) -> Tokens:
        array = doc.to_array(ATTRIBUTES)
        orth, space, idx, _, alpha, like_num, lower, lemma, pos, dep, entity = array.T.tolist()
        names, lowered = _names_for(doc)
        words = names.of(orth)
        string = "".join([word + " " if after else word for word, after in zip(words, space)])  # as Doc.text
        head = array[:, 3].astype(numpy.int64) + numpy.arange(len(words))  # HEAD is an offset, stored unsigned
        return cls(string, words, space, idx, [i + len(word) for i, word in zip(idx, words)], head.tolist(), alpha,
                   like_num, names.of(lower), lowered.of(lemma), names.of(pos), names.of(dep), names.of(entity))

    def __len__(self) -> int:
        return len(self.idx)

    def among(self, words, *columns: str) -> list[int]:
        """The tokens, left to right, whose lemma (or, given ``columns``, any of those) is one of ``words``:
        the few a step looks at closely."""
        return sorted({k for column in columns or ("lemma",) for k, value in enumerate(getattr(self, column))
                       if value in words})
