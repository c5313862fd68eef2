"""Dates: the publication date a page states, and dates in the text resolved against it.

Publication dates come, in order of trust, from the page's markup or feed, from the side file, then
from what the page itself states (:func:`stated_date`): a stamp at its top ("page stamp"), a dateline
whose year is given or anchored ("dateline"), a date in the page's address ("url"), and last a
relative stamp ("10 hours ago") read against ``--as-of`` or the file's time ("relative stamp").

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

# "Published 3 hours ago · 4 min read": a short tail after a separator is page furniture.
STAMP = re.compile(r"^\s*(?:time|updated|posted|published)?:?\s*(\d+|an?|one)\s*"
                    r"(minute|min|hour|hr|day|week|month)s?\s+ago\s*(?:[|·•–—-]\s*[^|·•]{0,30})?$", re.IGNORECASE)
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
_MONTH2 = _MONTH.replace("month", "month2")
_ORDINAL = r"(?:st|nd|rd|th)?"
_FULL_DATE = re.compile(rf"\b(?:{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>(?:19|20)\d\d)|"
                        rf"(?P<day2>\d{{1,2}}){_ORDINAL}\s+{_MONTH2},?\s+(?P<year2>(?:19|20)\d\d)|"
                        r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b", re.IGNORECASE)
_WEEKDAY = r"(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?,?\s+"
_STORED_PREFIX = re.compile(r"^\s*date\s+((?:19|20)\d\d-\d\d-\d\d)\b")
_STAMP_LINE = re.compile(r"^\s*(?:by\b|updated\b|published\b|posted\b|date\b)", re.IGNORECASE)
_CLOCK = re.compile(r"^[\s,–-]*\d{1,2}[:.]\d\d\b")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/-])")
HEADER_LINES = 6
DATELINE_LINES = 12   # a dateline opens the body, which may come after a headline, standfirst and caption
ANCHOR_DAYS = 92      # a yearless dateline is read within a quarter of the dated anchor that gives its year


def _month_number(word: str) -> int:
    return _MONTH_ABBREVIATIONS[word[:3].lower()] + 1


def _full_date(match: re.Match) -> dt.date | None:
    try:
        if match.group("iso"):
            return dt.date.fromisoformat(match.group("iso"))
        month = match.group("month") or match.group("month2")
        day, year = match.group("day") or match.group("day2"), match.group("year") or match.group("year2")
        return dt.date(int(year), _month_number(month), int(day))
    except ValueError:
        return None


def _weekday_agrees(line: str, start: int, date: dt.date | None) -> bool:
    """A weekday written before the date ("Friday, June 27, 2025") must be that date's weekday."""
    weekday = re.search(rf"\b{_WEEKDAY}$", line[:start], re.IGNORECASE)
    return weekday is None or (date is not None and WEEKDAYS[date.weekday()][:3] == weekday.group("weekday")[:3].lower())


def _stamp_in_line(line: str, below_headline: bool = True) -> dt.date | None:
    """The full date of a line that reads as a stamp: a byline or "updated" line, a date followed by a clock
    time, or, below a headline, the date alone (perhaps after its weekday)."""
    match = _FULL_DATE.search(line)
    if match is None or len(line.split()) > 20:
        return None
    before = re.sub(rf"\b{_WEEKDAY}$", "", line[:match.start()], flags=re.IGNORECASE)
    alone = not before.strip(" \t,–-|·") and not line[match.end():].strip(" \t,.–-|·")
    if not ((alone and below_headline) or _STAMP_LINE.match(line) or _CLOCK.match(line[match.end():])):
        return None
    date = _full_date(match)
    return date if _weekday_agrees(line, match.start(), date) else None


def publication_stamp(text: str) -> dt.date | None:
    r"""The publication date a page states at its top: a stored page's ``date YYYY-MM-DD`` prefix, or a
    stamp line with a full date ("By Eurasianet – Mar 14, 2025, 4:00 PM CDT", "Friday, June 27, 2025").

    Only lines that read as a stamp count (a byline or "updated" line, the date alone, or a date with
    a clock time), because a caption's or a sentence's date is often another day; a weekday that does
    not fit the date voids it. A date alone above any headline is a site's header showing the day the
    page was seen, not when its story was published.

    >>> publication_stamp(" date 2025-03-19 After years of talks ...")
    datetime.date(2025, 3, 19)
    >>> publication_stamp("Talks resume\nby the news desk March 18, 2025 8:01 PM 2 min read")
    datetime.date(2025, 3, 18)
    >>> publication_stamp("Talks resume after a long pause\nTuesday, 4 March 2025")
    datetime.date(2025, 3, 4)
    >>> publication_stamp("Sunny 21 C\nTuesday, 4 March 2025\nTalks resume after a long pause") is None
    True
    >>> publication_stamp("People walk past the square on Feb. 15, 2025. Photo: AP") is None
    True
    """
    prefix = _STORED_PREFIX.match(text)
    if prefix:
        try:
            return dt.date.fromisoformat(prefix.group(1))
        except ValueError:
            return None
    below_headline = False
    for line in [line for line in text.splitlines() if line.strip()][:HEADER_LINES]:
        date = _stamp_in_line(line, below_headline)
        if date is not None:
            return date
        below_headline = below_headline or len(re.findall(r"[^\W\d_]{2,}", line)) >= 3
    return None


_PLACE_WORD = r"[A-Z][\w'’.-]*"
_DATELINE = re.compile(
    rf"^\s*(?P<place>{_PLACE_WORD}(?:[ /-]{_PLACE_WORD}){{0,3}}(?:,\s*{_PLACE_WORD}(?:\s{_PLACE_WORD}){{0,2}})?),\s+"
    rf"(?i:(?:{_WEEKDAY})?(?:{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL}|(?P<day2>\d{{1,2}}){_ORDINAL}\s+{_MONTH2}))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\s*(?P<end>\(|--?|[–—/.]|$)")
_NOT_PLACES = {w.lower() for w in ("On", "By", "In", "Since", "Until", "From", "Meanwhile", "Also", "Today", "Then",
                                   "And", "But", "As", "Last", "Next", "Early", "Late", "Before", "After")} | \
              set(WEEKDAYS) | set(MONTHS)


def _dateline_match(text: str) -> re.Match | None:
    """The first line among the first few that opens with a dateline: a place, a comma and a day of a month,
    then an agency, a dash or a full stop ("DUBAI, October 20 (Reuters) -", "MOSCOW, March 26. /TASS/.").

    A place not in capitals must be followed by an agency or a dash, as a sentence rarely is.
    """
    for line in [line for line in text.splitlines() if line.strip()][:DATELINE_LINES]:
        match = _DATELINE.match(line)
        if match is None:
            continue
        place = match.group("place")
        first = re.split(r"[\s,/-]", place)[0].lower()
        if first in _NOT_PLACES or first.rstrip(".") in _MONTH_ABBREVIATIONS:
            continue
        if place.upper() == place or match.group("end") in ("(", "-", "--", "–", "—"):
            return match
    return None


def _in_year(month: int, day: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def url_date(url: str | None) -> dt.date | None:
    """A full date in a page's address: ``/2025/03/25/``, ``/2025-03-25-...``, ``/20250325/``.

    >>> url_date("https://example.org/world/2025/03/25/talks-resume.html")
    datetime.date(2025, 3, 25)
    >>> url_date("https://example.org/amp/20250204/story-1070488826.html")
    datetime.date(2025, 2, 4)
    >>> url_date("https://example.org/news/44788/talks") is None
    True
    """
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    match = re.search(r"/((?:19|20)\d\d)([/-]?)(\d\d)\2(\d\d)(?=[/._-]|$)", path)
    if match is None:
        return None
    year, _, month, day = match.groups()
    return _in_year(int(month), int(day), int(year))


def dateline_date(text: str, url: str | None = None) -> dt.date | None:
    r"""The date of the dateline that opens the story, its year given or anchored; None without an anchor.

    A yearless dateline ("MOSCOW, March 26.") takes its year from the page's address, else from the latest
    full date the page states: the year that puts it within a quarter of that anchor. A year named on the
    page after the one chosen means the anchor may be stale, so no date is guessed.

    >>> dateline_date("Talks resume\nGENEVA, May 6 (Wire) - Delegates met. The truce of April 30, 2031 holds.")
    datetime.date(2031, 5, 6)
    >>> dateline_date("GENEVA, May 6 (Wire) - Delegates met after the truce.") is None
    True
    """
    match = _dateline_match(text)
    if match is None:
        return None
    month = _month_number(match.group("month") or match.group("month2"))
    day = int(match.group("day") or match.group("day2"))
    if match.group("year"):
        return _in_year(month, day, int(match.group("year")))
    anchor = url_date(url) or max(filter(None, map(_full_date, _FULL_DATE.finditer(text))), default=None)
    if anchor is None:
        return None  # never guess a year
    dated = [d for d in (_in_year(month, day, anchor.year + k) for k in (-1, 0, 1)) if d is not None]
    nearest = min(dated, key=lambda d: abs(d - anchor), default=None)
    if nearest is None or abs(nearest - anchor).days > ANCHOR_DAYS:
        return None
    if any(int(year) > nearest.year for year in _YEAR.findall(text)):
        return None
    return nearest


def latest_year(text: str) -> int | None:
    """The latest year (1900-2099) a text names, if any.

    >>> latest_year("the 2022 invasion and the talks of March 2025")
    2025
    """
    return max((int(y) for y in _YEAR.findall(text)), default=None)


def stated_date(text: str, url: str | None = None, latest: dt.date | None = None) -> tuple[dt.date, str] | None:
    r"""The publication date a page states, and how it is stated, in order of trust: a stamp at its top
    ("page stamp"), a dateline with a given or anchored year ("dateline"), a date in its address ("url").

    A date after ``latest`` (when the page was seen; today by default) is no publication date.

    >>> stated_date("Talks resume\nBEIRUT, Jan. 9 (Wire) - Talks resumed.", "https://example.org/2024/01/09/talks")
    (datetime.date(2024, 1, 9), 'dateline')
    >>> stated_date("Talks resume\nPublished 12 May 2039", latest=dt.date(2026, 1, 1)) is None
    True
    """
    latest = latest or dt.date.today()
    candidates = ((publication_stamp(text), "page stamp"), (dateline_date(text, url), "dateline"),
                  (url_date(url), "url"))
    return next(((date, source) for date, source in candidates if date is not None and date <= latest), None)


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
