"""Pages that hold several stories: the main story, then "Related Articles" blocks with their own outlets and times.

An aggregator page often appends other stories after a heading such as
"Related Articles". Each appended story opens with its title twice in a row
(a link, then a heading), then an outlet line, a relative time ("time2 hours
ago") and a body. :func:`split_page` returns the main story's lines and one
:class:`Story` for each appended one.

>>> page = ["Main title", "Main title", "Body of the main story, which is long enough to be prose here.",
...         "Related Articles", "Other story", "Other story", "Some Outlet", "time2 hours ago",
...         "Other story", "The other story's body is also long enough to count as a paragraph."]
>>> main, related = split_page(page)
>>> len(main), related[0].title, related[0].outlet, related[0].stamp
(3, 'Other story', 'Some Outlet', 'time2 hours ago')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accord.news.dates import STAMP

RELATED = re.compile(r"^\s*(related (articles|stories|news|content|coverage)|more (stories|news)|"
                     r"you (may|might) also like|recommended( for you)?|read next)\s*:?\s*$", re.IGNORECASE)


@dataclass
class Story:
    title: str
    outlet: str | None = None
    stamp: str | None = None
    lines: list[str] = field(default_factory=list)  # every line of the block, the title lines included


def _is_stamp(line: str) -> bool:
    return bool(STAMP.match(line))


def split_page(lines: list[str]) -> tuple[list[str], list[Story]]:
    """The main story's lines and the related stories that follow a "Related Articles" heading."""
    marker = next((k for k, line in enumerate(lines) if RELATED.match(line)), None)
    if marker is None:
        return lines, []
    main, rest = lines[:marker], lines[marker + 1:]
    starts, seen = [], set()
    for k, line in enumerate(rest[:-1]):
        title = line.strip()
        # A story opens with its title shown twice in a row (a link, then a heading).
        if title == rest[k + 1].strip() and title not in seen and 2 <= len(title.split()) <= 30 \
                and not _is_stamp(title):
            starts.append(k)
            seen.add(title)
    stories = []
    for n, start in enumerate(starts):
        block = rest[start: starts[n + 1] if n + 1 < len(starts) else len(rest)]
        title = block[0].strip()
        story = Story(title, lines=block)
        for line in block[1:]:
            text = line.strip().lstrip("•").strip()
            if text == title or not text:
                continue
            if _is_stamp(text):
                story.stamp = story.stamp or text
            elif story.outlet is None and len(text.split()) <= 6 and not re.search(r"[.!?]$", text):
                story.outlet = text
        stories.append(story)
    if not stories:  # a related heading with nothing we can parse: keep the page whole
        return lines, []
    return main, stories
