"""Text repair, offsets, sentences and dates: pure functions, tested on hand-made cases."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.news.dates import find_stamp, guess_tense, relative_stamp, resolve_date
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
