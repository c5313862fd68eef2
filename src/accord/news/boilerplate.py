"""Boilerplate removal for flattened page text (text that has lost its HTML).

Each non-empty line is a segment, judged by features that survive the loss of
markup (after Kohlschütter, Fankhauser & Nejdl, "Boilerplate detection using
shallow text features", WSDM 2010, and jusText's stop-word density):

- length in words, stop-word density and whether it ends like a sentence;
- a lexicon of site furniture ("Download the app", "Try our AI features",
  "STORY CONTINUES BELOW THIS ADVERTISEMENT", "No comments yet", bylines,
  photo credits, syndication footers);
- tag clouds: one long token of words run together;
- repetition of the same line across the corpus being ingested (menus,
  footers), when a corpus is given;
- position: short lines are kept only between two kept prose lines.

>>> lines = ["logo", "Comments", "Putin and Zelensky may meet soon, the White House said on Wednesday.", "No comments yet..."]
>>> [lines[i] for i in body_lines(lines)]
['Putin and Zelensky may meet soon, the White House said on Wednesday.']
"""

from __future__ import annotations

import re
from collections import Counter

from accord.news.dates import STAMP

STOPWORDS = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says also""".split())

_MARKER_PATTERNS = [
    r"download .{0,40}\bapp\b", r"\bapp today\b", r"try our ai features", r"explore what .* can do for you",
    r"story continues below", r"^advertisement$", r"^(\d+ )?comments?$", r"no comments yet", r"^leave a comment",
    r"^(share|tweet|email|print|copy link)( this)?( article| story)?$", r"^follow us", r"^sign up", r"^subscribe",
    r"^newsletter", r"cookie", r"all rights reserved", r"^copyright", r"^©", r"^read (also|more|next)\b",
    r"^related (articles|stories|news|content)", r"^more (stories|from|on this)\b", r"^you may also like",
    r"^recommended( for you)?$", r"^(photo|image|picture|video)( credit)?s?:", r"^\(?(photo|image) by\b",
    r"getty images\)?$", r"^\(?reporting by\b", r"editing by\b", r"^by [a-z]+ [a-z]+( and [a-z]+ [a-z]+)?$",
    r"generated from an automated news agency feed", r"has not been edited by", r"published from a syndicated feed",
    r"^check out here$", r"^logo$", r"\blogo$", r"app-?store", r"play-?store", r"^orange background$", r"^world news$",
    r"^(home|menu|search|login|log in|register|skip to (main )?content)$", r"^back to top$", r"^go deeper:",
    r"^details to follow", r"^click here", r"^watch:", r"^listen:", r"^open in app",
]
# Matched against the lower-cased line. The patterns anchored at the start are tried there only, which is
# several times faster than one case-folding alternation searched at every position.
_MARKER_AT_START = re.compile("|".join(p[1:] for p in _MARKER_PATTERNS if p.startswith("^")))
_MARKER_ANYWHERE = re.compile("|".join(p for p in _MARKER_PATTERNS if not p.startswith("^")))

_WORD = re.compile(r"[A-Za-z']+")


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_tag_cloud(line: str) -> bool:
    """One long run of letters with no spaces, e.g. 'trumpukrainetrumpswarcanada...'."""
    stripped = line.strip()
    return " " not in stripped and len(stripped) >= 25 and stripped.isalpha()


def is_marker(line: str) -> bool:
    """Site furniture by its wording. Long paragraphs are never furniture lines, so they are not searched."""
    stripped = line.strip()
    if len(stripped) > 300:
        return False
    lowered = stripped.lower()
    return bool(_MARKER_AT_START.match(lowered) or _MARKER_ANYWHERE.search(lowered))


_ANY_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ENDS = re.compile(r"[.!?\"'”’)。！？」]\s*$")


def is_prose(line: str) -> bool:
    """Long enough and made of running text: the shape of a body paragraph.

    English lines are judged by stop-word density; lines in other languages,
    which have no English stop words, by length and a sentence ending.
    """
    tokens = _ANY_WORD.findall(line)
    cjk = len(_CJK.findall(line))
    size = len(tokens) + cjk // 2
    ends = bool(_ENDS.search(line))
    if size < 8 or (size < 14 and not ends):
        return False  # headings and titles do not end like sentences
    english = [t for t in tokens if t.isascii()]
    density = sum(t.lower() in STOPWORDS for t in english) / len(tokens) if tokens else 0.0
    if density >= 0.18 or (density >= 0.1 and ends):
        return True
    if density < 0.1 and size >= 25:  # a long line in another language, unless a run of capitalised names
        return sum(t[:1].isupper() for t in tokens) / len(tokens) < 0.6 if tokens else True
    return density < 0.05 and ends and (size >= 15 or len(line) >= 100)


def is_sentence_like(line: str) -> bool:
    """A short line that still reads as a sentence (ends like one and has a verb-ish stop word)."""
    tokens = words(line)
    return len(tokens) >= 4 and bool(re.search(r"[.!?\"']\s*$", line)) and any(t.lower() in STOPWORDS for t in tokens)


def furniture(lines: list[str], corpus_counts: Counter | None = None, repeated: int = 3) -> list[bool]:
    """Lines that are certainly not body: markers, tag clouds, time stamps, lines repeated within the page
    (titles, captions) and short lines repeated across ``repeated`` or more pages of the corpus."""
    within = Counter(line.strip() for line in lines)
    return [is_marker(line) or is_tag_cloud(line) or bool(STAMP.match(line)) or within[line.strip()] > 1 or
            bool(corpus_counts and corpus_counts[line.strip()] >= repeated and not is_prose(line))
            for line in lines]


def body_lines(lines: list[str], corpus_counts: Counter | None = None, repeated: int = 3) -> list[int]:
    """Indices of the lines that belong to the article body, by rules alone (see :func:`furniture`)."""
    furniture_flags = furniture(lines, corpus_counts, repeated)
    prose = [is_prose(line) and not furniture_flags[k] for k, line in enumerate(lines)]
    keep = []
    prose_positions = [k for k, p in enumerate(prose) if p]
    if not prose_positions:
        return [k for k, line in enumerate(lines) if is_sentence_like(line) and not furniture_flags[k]]
    first, last = prose_positions[0], prose_positions[-1]
    for k, line in enumerate(lines):
        if furniture_flags[k]:
            continue
        if prose[k]:
            keep.append(k)
        elif first < k < last and is_sentence_like(line):
            keep.append(k)  # a short paragraph inside the body (a one-line quote, say)
    return keep
