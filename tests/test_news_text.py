"""Text repair, offsets, sentences and dates: pure functions, tested on hand-made cases."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.news.dates import (dateline_date, find_stamp, guess_tense, publication_stamp, relative_stamp,
                               resolve_date, stated_date, url_date)
from accord.news.repair import repair
from accord.news.sentences import split_sentences
from accord.news.tracked import TrackedText

WEDNESDAY = dt.date(2025, 8, 20)


def test_run_together_sentences_are_separated_and_mapped_back():
    raw = "Any summit should be preceded by talks, he told state media.That mirrors Moscow's line."
    fixed = repair(TrackedText.of(raw))
    assert "state media. That mirrors" in fixed.text
    start = fixed.text.index("That")
    begin, end = fixed.origin_span(start, start + 4)
    assert raw[begin:end] == "That"


def test_initials_and_names_are_not_split():
    assert repair(TrackedText.of("R.Politik and the U.S.Army")).text == "R.Politik and the U.S.Army"


def test_mojibake_quotes_and_spaces():
    fixed = repair(TrackedText.of("Zelenskyyâ€™s  “major step”\u00a0forward "))
    assert fixed.text == "Zelenskyy's \"major step\" forward"


def test_tracked_keep_and_sub_keep_origins():
    raw = "drop me\nkeep this line\nand this"
    kept = TrackedText.of(raw).keep([(8, 22), (23, 31)])
    assert kept.text == "keep this line\nand this"
    begin, end = kept.origin_span(15, 23)
    assert raw[begin:end] == "and this"


@pytest.mark.parametrize(("text", "expected"), [
    ("He met Mr. Smith at 9 a.m. on Monday. They talked.", ["He met Mr. Smith at 9 a.m. on Monday.", "They talked."]),
    ("The U.S. and the U.K. agreed. Talks resume.", ["The U.S. and the U.K. agreed.", "Talks resume."]),
    ("It grew 3.5 percent. \"We will see,\" he said. Then he left.",
     ["It grew 3.5 percent.", "\"We will see,\" he said.", "Then he left."]),
    ("\"We must act now.\" Lavrov disagreed.", ["\"We must act now.\"", "Lavrov disagreed."]),
    ("Line one without a stop\nLine two.", ["Line one without a stop", "Line two."]),
])
def test_sentence_splitting(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_relative_stamps():
    seen = dt.datetime(2025, 8, 19, 22, 0, tzinfo=dt.timezone.utc)
    assert relative_stamp("time3 hours ago", seen) == dt.date(2025, 8, 19)
    assert relative_stamp("2 days ago", seen) == dt.date(2025, 8, 17)
    assert relative_stamp("an hour ago", seen) == dt.date(2025, 8, 19)
    assert relative_stamp("three hours ago somewhere", seen) is None
    assert find_stamp("logo\nThe Star10 hours ago\nbody", seen) == dt.date(2025, 8, 19)


def test_relative_stamp_with_page_furniture_after_it():
    seen = dt.datetime(2031, 2, 3, 9, 0, tzinfo=dt.timezone.utc)
    assert relative_stamp("Published 3 hours ago · 4 min read", seen) == dt.date(2031, 2, 3)
    assert relative_stamp("Updated: 2 days ago | Harbour Desk", seen) == dt.date(2031, 2, 1)
    assert relative_stamp("3 hours ago the envoys left the hotel and drove to the airport", seen) is None


@pytest.mark.parametrize(("page", "expected"), [
    ("Envoys sign a river accord\nThursday, October 9, 2031\nThe envoys signed.", dt.date(2031, 10, 9)),
    ("Envoys sign a river accord\nThu, 9 Oct 2031", dt.date(2031, 10, 9)),
    ("Envoys sign a river accord\nFriday, October 9, 2031\nThe envoys signed.", None),  # 9 Oct 2031 is a Thursday
    ("Light rain 12 C\nThursday, October 9, 2031\nEnvoys sign a river accord", None),  # a header bar's today
    ("Envoys sign a river accord\nThe first accord, signed on 2 May 2019, lapsed.", None),  # a sentence's date
    ("Envoys sign a river accord\nUpdated Oct. 9th, 2031, 10:15 a.m.", dt.date(2031, 10, 9)),
    ("Envoys sign a river accord\nSatellite October 9, 2031", None),  # not a weekday: not a stamp line
])
def test_publication_stamps(page, expected):
    assert publication_stamp(page) == expected


@pytest.mark.parametrize(("page", "url", "expected"), [
    # a yearless dateline takes its year from a full date on the page, or from the page's address
    ("River talks\nLISBON, June 4 (Wire) - Envoys met. A draft dated May 30, 2031 was read.", None,
     dt.date(2031, 6, 4)),
    ("River talks\nLISBON, June 4. /Wire/. Envoys met.", "https://news.example/2031/06/04/river", dt.date(2031, 6, 4)),
    # across new year: the nearest such day to the anchor, not the anchor's year
    ("QUITO, Jan. 3 (Wire) - The truce of December 28, 2031 held.", None, dt.date(2032, 1, 3)),
    ("LISBON, 4 June 2031 - Envoys met.", None, dt.date(2031, 6, 4)),
    ("Lisbon, June 4 (Wire) - Envoys met on May 30, 2031.", None, dt.date(2031, 6, 4)),
    # no anchor: never guess a year
    ("River talks\nLISBON, June 4 (Wire) - Envoys met on Monday.", None, None),
    # the only full date is far from the dateline: it is history, not the story's year
    ("LISBON, June 4 (Wire) - The accord of December 1, 2019 lapsed.", None, None),
    # a later year named on the page: the anchor may be stale
    ("LISBON, June 4 (Wire) - The draft of May 30, 2031 sets elections for 2033.", None, None),
    # sentences that open like a dateline are not datelines
    ("On Tuesday, June 4 the envoys met. The draft of May 30, 2031 was read.", None, None),
    ("Lisbon, June 4 was hot. The draft of May 30, 2031 was read.", None, None),
])
def test_datelines(page, url, expected):
    assert dateline_date(page, url) == expected


def test_url_dates():
    assert url_date("https://news.example/world/2031-06-04-river-talks") == dt.date(2031, 6, 4)
    assert url_date("https://news.example/2031/13/04/river") is None
    assert url_date("https://news.example/story/20310604/river") == dt.date(2031, 6, 4)
    assert url_date("https://2031.news.example/river-talks-0604") is None


def test_stated_date_order_and_limits():
    url = "https://news.example/2031/06/03/river"  # the address was made the evening before
    later = dt.date(2031, 7, 1)  # when the pages were seen
    assert stated_date("River talks\nLISBON, June 4 (Wire) - Envoys met.", url, later) == (dt.date(2031, 6, 4), "dateline")
    assert stated_date("River talks\nEnvoys met on Monday.", url, later) == (dt.date(2031, 6, 3), "url")
    assert stated_date("River talks\nEnvoys met.", url, latest=dt.date(2031, 6, 1)) is None  # not yet published
    assert stated_date("River talks\nEnvoys met.", "https://news.example/2098/06/03/river") is None  # after today
    stamped = "River talks\nBy Harbour Desk, June 2, 2031\nLISBON, June 4 (Wire) - Envoys met."
    assert stated_date(stamped, url, later) == (dt.date(2031, 6, 2), "page stamp")
    assert stated_date("River talks\nEnvoys met in Lisbon on June 4, 2031 and again later.", None, later) is None


@pytest.mark.parametrize(("expression", "tense", "expected"), [
    ("on Saturday", "past", dt.date(2025, 8, 16)),
    ("will meet on Saturday", None, dt.date(2025, 8, 23)),
    ("last Friday", None, dt.date(2025, 8, 15)),
    ("said on Wednesday", "past", WEDNESDAY),
    ("is due to meet on Wednesday", None, dt.date(2025, 8, 27)),
    ("next Monday", None, dt.date(2025, 8, 25)),
    ("yesterday", None, dt.date(2025, 8, 19)),
    ("tomorrow", None, dt.date(2025, 8, 21)),
    ("two days ago", None, dt.date(2025, 8, 18)),
    ("on August 15", None, dt.date(2025, 8, 15)),
    ("15 Aug 2024", None, dt.date(2024, 8, 15)),
    ("in December", None, None),
])
def test_tense_aware_resolution(expression, tense, expected):
    assert resolve_date(expression, WEDNESDAY, tense) == expected


def test_guess_tense():
    assert guess_tense("Trump will host Zelensky on Monday") == "future"
    assert guess_tense("Trump hosted Zelensky on Monday") == "past"


LANGUAGE_SAMPLES = [
    "Leaders met in Geneva on Monday and agreed to keep talking about the border.",
    "Les dirigeants se sont réunis à Genève lundi et ont convenu de poursuivre les discussions.",
    "Die Regierungschefs trafen sich am Montag in Genf und vereinbarten weitere Gespräche.",
    "Лидеры встретились в Женеве в понедельник и договорились продолжить переговоры о границе.",
    "التقى القادة في جنيف يوم الاثنين واتفقوا على مواصلة المحادثات بشأن الحدود.",
    "领导人周一在日内瓦会面，同意继续就边界问题进行会谈。",
    "LEADERS MET IN GENEVA ON MONDAY.", "Zelenskyyâ€™s  “major step”\u00a0forward", "a", "\u00e9", "12345 ...",
]


def _random_texts(count: int, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    alphabet = [chr(c) for c in [*range(32, 127), *range(0xa0, 0x250), *range(0x400, 0x4ff), *range(0x600, 0x6ff),
                                 *range(0x4e00, 0x4e40), 0x1f600, 0x2019, 0x201c, 0xfeff]]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(count)]


@pytest.mark.parametrize("text", LANGUAGE_SAMPLES + _random_texts(60))
def test_language_scores_are_py3langids_to_the_bit(text):
    """The faster walk and table must give py3langid's own scores, so an upgrade that changes its model
    or internals fails here rather than changing stored languages."""
    import numpy as np
    import py3langid
    from py3langid import langid

    from accord.news.language import _automaton, _scores, _visits, classify

    model = langid._get_identifier()
    visits = _visits(_automaton().model._encode(text))
    reference = langid.visit_counts(model.tk_nextmove, model._rowbase, model.tk_output, model._encode(text))
    assert list(visits.items()) == list((reference or {}).items())  # the same counts, met in the same order
    if visits:
        assert np.array_equal(_scores(visits), model._decide(text))
    assert classify(text) == py3langid.classify(text)[0]
