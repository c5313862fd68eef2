"""Cleaning one document: body, title, outlet, date, language and sentences.

HTML goes through trafilatura (:mod:`accord.news.markup`) for the body and its metadata;
flattened text goes through :mod:`accord.news.boilerplate`, and pages that
hold several stories are split (:mod:`accord.news.pages`). Both then get the
same repair (:mod:`accord.news.repair`), language detection and sentence
splitting, with the map from cleaned offsets back to the raw text kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

import numpy as np

from accord.news.boilerplate import is_marker, is_prose, is_tag_cloud
from accord.news.language import classify as classify_language
from accord.news.lineclassifier import select_body_lines
from accord.news.markup import extract, extract_deeply_nested
from accord.news.dates import GLUED_STAMP, STAMP, find_stamp, latest_year, relative_stamp, stated_date
from accord.news.document import Document
from accord.news.pages import split_page
from accord.news.repair import repair
from accord.news.sentences import split_sentences
from accord.news.tracked import TrackedText



def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _finish(doc: Document, tracked: TrackedText) -> Document:
    fixed = repair(tracked)
    doc.text, doc.origin = fixed.text, fixed.origin
    doc.sentences = split_sentences(doc.text)
    doc.language, doc.is_english = detect_language(doc.text)
    return doc


def detect_language(text: str) -> tuple[str | None, bool]:
    """ISO 639-1 code of the text's language (py3langid's, found faster), and whether it is English."""
    if len(text.strip()) < 20:
        return None, True
    language = classify_language(text[:1500])  # a paragraph or two decides it
    return language, language == "en"


def clean_html(doc: Document) -> Document:
    extracted = extract(doc.raw)
    if extracted is None or not extracted.text:
        extracted = extract_deeply_nested(doc.raw) or extracted
    body = (extracted.text if extracted is not None else "") or ""
    meta = doc.metadata
    doc.title = meta.get("title") or (extracted.title if extracted else None)
    doc.outlet = meta.get("outlet") or (extracted.sitename if extracted else None)
    doc.author = meta.get("author") or (extracted.author if extracted else None)
    doc.url = meta.get("url") or (extracted.url if extracted else None)
    markup_date = _date(extracted.date) if extracted else None
    if markup_date:
        doc.published, doc.date_source = markup_date, "markup"
    return _finish(doc, _locate(doc.raw, body))


def _locate(raw: str, body: str) -> TrackedText:
    """The extracted body with origins pointing into the raw HTML where each line can be found."""
    edges, shifts = [0], [0]  # the origin is the offset plus a shift, constant over each line and gap
    cursor = 0
    for match in re.finditer(r"[^\n]+", body):
        found = raw.find(match.group()[:40], cursor)
        if found >= 0:
            edges += match.span()
            shifts += [found - match.start(), 0]
            cursor = found
    edges.append(len(body))
    shift = np.repeat(np.array(shifts, dtype=np.int64), np.diff(edges))
    return TrackedText(body, np.arange(len(body), dtype=np.int64) + shift)


def _lines(raw: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", raw) if m.group().strip()]


def _title(lines: list[str], body: list[int]) -> str | None:
    """A line repeated near the top of the page, else the first title-like line before the body."""
    first_body = body[0] if body else len(lines)
    counts = Counter(line.strip() for line in lines[: max(first_body, 1) + 1])
    for line in lines[:first_body + 1]:
        if counts[line.strip()] > 1 and not is_marker(line):
            return line.strip()
    for line in lines[:first_body]:
        text = line.strip()
        if is_marker(text) or is_tag_cloud(text) or STAMP.match(text) or GLUED_STAMP.search(text):
            continue
        if 3 <= len(text.split()) <= 30 and not re.search(r"[.!]$", text) and not is_prose(text):
            return text
    return None


def clean_text(doc: Document, corpus_counts: Counter | None = None,
               as_of: dt.datetime | None = None) -> list[Document]:
    """The main story of a flattened page, and any stories appended to it."""
    tracked = TrackedText.of(doc.raw)
    spans = _lines(doc.raw)
    texts = [t for _, _, t in spans]
    main_texts, stories = split_page(texts)
    main_spans = spans[: len(main_texts)]
    keep = select_body_lines(main_texts, corpus_counts)
    meta = doc.metadata
    doc.title = meta.get("title") or _title(main_texts, keep)
    doc.outlet, doc.url, doc.author = meta.get("outlet") or None, meta.get("url") or None, meta.get("author") or None
    if _date(meta.get("published")):
        doc.published, doc.date_source = _date(meta.get("published")), "metadata file"
    seen = _seen(doc, as_of)
    anchor = _page_anchor(meta.get("published"), main_texts, keep, seen) if seen or doc.published else None
    docs = [_finish(doc, tracked.keep([main_spans[k][:2] for k in keep]))]
    offset = len(main_texts) + 1  # the related heading
    for number, story in enumerate(stories, start=2):
        story_spans = spans[offset: offset + len(story.lines)]
        offset += len(story.lines)
        story_keep = select_body_lines(story.lines, corpus_counts)
        part = replace(doc, doc_id=f"{doc.doc_id}.{number}", section="related", part=number, title=story.title,
                       outlet=story.outlet, url=None, author=None, published=None, date_source=None, metadata={})
        when = relative_stamp(story.stamp, anchor) if story.stamp and anchor else None
        if when:
            part.published, part.date_source = when, "relative stamp"
        docs.append(_finish(part, tracked.keep([story_spans[k][:2] for k in story_keep])))
    return docs


def _page_anchor(published: str | None, lines: list[str], keep: list[int], now: dt.datetime | None) -> dt.datetime:
    """When the page was seen: noon of its known date plus its own stamp's age, else ``now``.

    A page dated by its side file and stamped "10 hours ago" was seen about ten
    hours after its story; the stories appended to it are read against that.
    """
    date = _date(published)
    if date is None:
        return now
    noon = dt.datetime.combine(date, dt.time(12), tzinfo=dt.timezone.utc)
    for line in lines[: (keep[0] if keep else len(lines))]:
        glued = GLUED_STAMP.search(line)
        if glued:
            age = noon - dt.datetime.combine(relative_stamp(glued.group(), noon), dt.time(12), tzinfo=dt.timezone.utc)
            hours = re.match(r"(\d+)\s*(hour|hr)", glued.group(), re.IGNORECASE)
            return noon + (dt.timedelta(hours=int(hours.group(1))) if hours else age)
    return noon


def _seen(doc: Document, as_of: dt.datetime | None) -> dt.datetime | None:
    """When the page was seen, to read its relative stamps ("10 hours ago") against: ``--as-of``, else the
    file's time unless the page shows the file to be much younger than it (a copied or checked-out file).

    A page seen in a year names that year or the one before, if it names years at all; one that names
    none later than two years before its file's time was not saved when it was seen.
    """
    if as_of is not None:
        return as_of
    seen = doc.file_time or dt.datetime.now(dt.timezone.utc)
    named = latest_year(doc.raw[:3000] if doc.markup == "text" else doc.text)
    return seen if named is None or named >= seen.year - 1 else None


def _date_stated(story: Document, as_of: dt.datetime | None) -> None:
    """The date a main story's page states (stamp, dateline, address), else its relative stamp."""
    text = story.raw[:3000] if story.markup == "text" else f"{story.title or ''}\n{story.text[:3000]}"
    latest = (as_of or dt.datetime.now(dt.timezone.utc)).date() + dt.timedelta(days=1)  # time zones
    stated = stated_date(text, story.url, latest)
    if stated:
        story.published, story.date_source = stated
        return
    seen = _seen(story, as_of) if story.markup == "text" else None
    if seen is None:
        return
    stamp = find_stamp(story.raw[:2000], seen)  # the first one: the page's own, above any related story's
    if stamp:
        story.published, story.date_source = stamp, "relative stamp"


def clean(doc: Document, corpus_counts: Counter | None = None, as_of: dt.datetime | None = None) -> list[Document]:
    """Clean a document into one or more stories (a page may hold several)."""
    if doc.markup == "html":
        docs = [clean_html(doc)]
    else:
        docs = clean_text(doc, corpus_counts, as_of)
    for story in docs:
        meta = story.metadata
        if story.published is None and _date(meta.get("published")):
            story.published = _date(meta.get("published"))
            story.date_source = {"feed": "feed", "json": "json field"}.get(story.source_format, "metadata file")
        if story.published is None and story.section == "main":
            _date_stated(story, as_of)
    return docs
