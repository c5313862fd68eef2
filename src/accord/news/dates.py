"""Dates: relative publication stamps, and dates in the text resolved against the article's date.

Publication dates come, in order of trust, from the page's markup or
metadata, from the side file, or from a relative stamp on the page ("10 hours
ago", "time 3 hours ago") resolved against ``--as-of`` or the file's time.

Dates inside the text ("on Wednesday", "last Friday", "will meet on
Saturday", "August 15") are resolved later, by extraction, with
:func:`resolve_date`, which respects tense: a past-tense mention of a weekday
is the latest such day on or before the article's date, a future-tense one the
first such day after it.

>>> import datetime as dt
>>> wednesday = dt.date(2025, 8, 20)
>>> resolve_date("on Saturday", wednesday, "past"), resolve_date("will meet on Saturday", wednesday)
(datetime.date(2025, 8, 16), datetime.date(2025, 8, 23))
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH_ABBREVIATIONS = {m[:3]: k for k, m in enumerate(MONTHS)} | {"sept": 8}

STAMP = re.compile(r"^\s*(?:time|updated|posted|published)?\s*(\d+|an?|one)\s*"
                    r"(minute|min|hour|hr|day|week|month)s?\s+ago\s*$", re.IGNORECASE)
GLUED_STAMP = re.compile(r"\d+\s*(?:minute|min|hour|hr|day|week|month)s?\s+ago\s*$", re.IGNORECASE)
_FUTURE = re.compile(r"\b(will|'ll|shall|is set to|are set to|is due to|are due to|plans? to|planning to|"
                     r"is expected to|are expected to|is scheduled|are scheduled|is to|are to|next)\b", re.IGNORECASE)


def relative_stamp(line: str, now: dt.datetime) -> dt.date | None:
    """The date of a relative time stamp line ("10 hours ago", "time2 hours ago"), seen at ``now``.

    >>> relative_stamp("time2 hours ago", dt.datetime(2025, 8, 19, 12, 0))
    datetime.date(2025, 8, 19)
    >>> relative_stamp("10 hours ago", dt.datetime(2025, 8, 19, 6, 0))
    datetime.date(2025, 8, 18)
    """
    match = STAMP.match(line)
    if not match:
        return None
    count = 1 if match.group(1).lower() in ("a", "an", "one") else int(match.group(1))
    unit = match.group(2).lower()
    delta = {"minute": dt.timedelta(minutes=count), "min": dt.timedelta(minutes=count),
             "hour": dt.timedelta(hours=count), "hr": dt.timedelta(hours=count), "day": dt.timedelta(days=count),
             "week": dt.timedelta(weeks=count), "month": dt.timedelta(days=30 * count)}[unit]
    return (now - delta).date()


def find_stamp(text: str, now: dt.datetime) -> dt.date | None:
    """The first relative stamp among the lines of ``text`` (also when glued to an outlet: "The Star10 hours ago")."""
    for line in text.splitlines():
        date = relative_stamp(line, now)
        if date is None:
            glued = GLUED_STAMP.search(line)  # "The Star10 hours ago"
            date = relative_stamp(glued.group(), now) if glued else None
        if date is not None:
            return date
    return None


_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_FULL_DATE = re.compile(rf"\b(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)|"
                        rf"(?P<day2>\d{{1,2}})\s+{_MONTH.replace('month', 'month2')}\s+(?P<year2>(?:19|20)\d\d)|"
                        r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b", re.IGNORECASE)
_STORED_PREFIX = re.compile(r"^\s*date\s+((?:19|20)\d\d-\d\d-\d\d)\b")
_STAMP_LINE = re.compile(r"^\s*(?:by\b|updated\b|published\b|posted\b|date\b)", re.IGNORECASE)
_CLOCK = re.compile(r"^[\s,–-]*\d{1,2}[:.]\d\d\b")
HEADER_LINES = 6


def _full_date(match: re.Match) -> dt.date | None:
    try:
        if match.group("iso"):
            return dt.date.fromisoformat(match.group("iso"))
        month = match.group("month") or match.group("month2")
        day, year = match.group("day") or match.group("day2"), match.group("year") or match.group("year2")
        return dt.date(int(year), _MONTH_ABBREVIATIONS[month[:3].lower()] + 1, int(day))
    except ValueError:
        return None


def publication_stamp(text: str) -> dt.date | None:
    r"""The publication date a page states at its top: a stored page's ``date YYYY-MM-DD`` prefix, or a
    stamp line with a full date ("By Eurasianet – Mar 14, 2025, 4:00 PM CDT", "Published 18 March 2025").

    Only lines that read as a stamp count (a byline or "updated" line, the date alone, or a date with
    a clock time), because a caption's or a sentence's date is often another day; datelines without a
    year ("MOSCOW, March 26") are not guessed, since a wrong date is worse than none.

    >>> publication_stamp(" date 2025-03-19 After years of talks ...")
    datetime.date(2025, 3, 19)
    >>> publication_stamp("Talks resume\nby the news desk March 18, 2025 8:01 PM 2 min read")
    datetime.date(2025, 3, 18)
    >>> publication_stamp("People walk past the square on Feb. 15, 2025. Photo: AP") is None
    True
    """
    prefix = _STORED_PREFIX.match(text)
    if prefix:
        try:
            return dt.date.fromisoformat(prefix.group(1))
        except ValueError:
            return None
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        match = _FULL_DATE.search(line)
        if match is None or len(line.split()) > 20:
            continue
        alone = not line[:match.start()].strip(" \t,–-|·") and not line[match.end():].strip(" \t,.–-|·")
        if alone or _STAMP_LINE.match(line) or _CLOCK.match(line[match.end():]):
            return _full_date(match)
    return None


def guess_tense(sentence: str) -> str:
    """'future' when the sentence speaks of what will happen, else 'past' (news reports the past)."""
    return "future" if _FUTURE.search(sentence) else "past"


def _weekday(expression: str, anchor: dt.date, tense: str) -> dt.date | None:
    match = re.search(r"\b(last|this|next|on)?\s*(" + "|".join(WEEKDAYS) + r")\b", expression, re.IGNORECASE)
    if not match:
        return None
    qualifier = (match.group(1) or "").lower()
    target = WEEKDAYS.index(match.group(2).lower())
    back = (anchor.weekday() - target) % 7
    if qualifier == "last":
        return anchor - dt.timedelta(days=back or 7)
    if qualifier == "next":
        return anchor + dt.timedelta(days=((target - anchor.weekday()) % 7) or 7)
    if tense == "future":
        return anchor + dt.timedelta(days=((target - anchor.weekday()) % 7) or 7)
    return anchor - dt.timedelta(days=back)


def _calendar(expression: str, anchor: dt.date, tense: str) -> dt.date | None:
    months = "|".join(list(MONTHS) + list(_MONTH_ABBREVIATIONS))
    match = (re.search(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", expression, re.I)
             or re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({months})\.?(?:,?\s+(\d{{4}}))?\b", expression, re.I))
    if not match:
        return None
    first, second, year = match.groups()
    month_word, day = (first, second) if not first.isdigit() else (second, first)
    month_word = month_word.lower()
    month = (MONTHS.index(month_word) if month_word in MONTHS else _MONTH_ABBREVIATIONS[month_word[:4] if
             month_word.startswith("sept") else month_word[:3]]) + 1
    try:
        if year:
            return dt.date(int(year), month, int(day))
        guess = dt.date(anchor.year, month, int(day))
    except ValueError:
        return None
    # Without a year, take the nearest such date in the direction of the tense.
    if tense == "future" and guess < anchor - dt.timedelta(days=60):
        return guess.replace(year=anchor.year + 1)
    if tense != "future" and guess > anchor + dt.timedelta(days=60):
        return guess.replace(year=anchor.year - 1)
    return guess


def resolve_date(expression: str, anchor: dt.date, tense: str | None = None) -> dt.date | None:
    """The calendar date an expression refers to, seen from ``anchor`` (the article's date).

    ``tense`` is 'past' or 'future'; by default it is guessed from the
    expression ("will", "is due to", ... make it future). Handles today,
    yesterday, tomorrow, "N days ago", "in N days", weekdays (with last, this,
    next, on) and month-day dates with or without a year.
    """
    tense = tense or guess_tense(expression)
    text = expression.lower()
    simple = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0}
    for word, shift in simple.items():
        if re.search(rf"\b{word}\b", text):
            return anchor + dt.timedelta(days=shift)
    ago = re.search(r"\b(\d+|a|one|two|three)\s+days?\s+ago\b", text)
    if ago:
        count = {"a": 1, "one": 1, "two": 2, "three": 3}.get(ago.group(1)) or int(ago.group(1))
        return anchor - dt.timedelta(days=count)
    ahead = re.search(r"\bin\s+(\d+|a|one|two|three)\s+days?\b", text)
    if ahead:
        count = {"a": 1, "one": 1, "two": 2, "three": 3}.get(ahead.group(1)) or int(ahead.group(1))
        return anchor + dt.timedelta(days=count)
    return _calendar(expression, anchor, tense) or _weekday(expression, anchor, tense)
