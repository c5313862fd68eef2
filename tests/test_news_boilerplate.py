"""Boilerplate removal on the seed corpus, against a hand count of every line.

Counted by hand once (2026-11-22): for each seed page, which non-empty lines
are article content (body paragraphs, standfirsts and subheadings, as in the
ScrapingHub gold) and which are furniture, titles, stamps, bylines, photo
credits, "Read also" links and syndication footers. With the current cleaner:
0 boilerplate lines left and 1 body line lost (the standfirst of 002, which
runs into a "Check out here" link).
"""

from __future__ import annotations

from accord.news.lineclassifier import select_body_lines
from accord.news.pages import split_page
from tests.conftest import shared

# Indices (among non-empty lines) of the body lines, by hand.
MAIN_BODY = {
    "000": [4],
    "001": list(range(4, 31)),
    "002": [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19],
    "003": list(range(0, 17)),
    "004": [2] + list(range(4, 19)),
}
RELATED_BODY = [[6], [6], [6]]  # each related story of 001: one body line after its title, outlet and time


def _lines(prefix: str) -> list[str]:
    path = next(shared("corpus", "seed").glob(f"{prefix}_*.txt"))
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_lines_against_the_hand_count():
    left, lost = 0, 0
    for prefix, expected in MAIN_BODY.items():
        main, stories = split_page(_lines(prefix))
        kept = set(select_body_lines(main))
        left += len(kept - set(expected))
        lost += len(set(expected) - kept)
        if prefix == "001":
            assert [s.title for s in stories] == ["Switzerland offers Putin immunity for Ukraine peace talks media",
                                                  "Putin suggested Moscow for Zelensky summit",
                                                  "Trump says Putin may not want to make a deal on Ukraine"]
            for story, body in zip(stories, RELATED_BODY):
                story_kept = set(select_body_lines(story.lines))
                left += len(story_kept - set(body))
                lost += len(set(body) - story_kept)
    assert (left, lost) == (0, 1)


# An invented page shaped like an aggregator's: a weather widget, a caption and credit run into the one body
# paragraph, then teasers of unrelated stories.
LONE_PARAGRAPH_PAGE = [
    "-3.2 C", "Lisbon", "Monday, March 2, 2026", "Leaders Sign River Accord Between Two Neighbours", "Date:",
    "The foreign ministers of Ostland and Westmark shake hands after signing the river accord in Geneva on "
    "Feb. 12, 2026. Jean Dupont/Agency via Photo ServiceGENEVA—The foreign ministers of Ostland and Westmark "
    "signed an accord on the shared river on Feb. 12.The ministers met their mediators for two hours before the "
    "group drove to the lakeside palace for a ceremony to mark the deal.",
    "spot_imgspot_img", "Share post:", "More like this", "Related",
    "Storm Closes Ports Along the Northern Coast", "Harbour authorities have warned that shipping will...",
    "City Council Votes to Expand Tram Network", "Local NewsThe mayor's office said the plan would...",
    "Markets Steady Ahead of Bank Decision", "The central bank governor speaks at a news..."]


def test_when_the_model_keeps_no_line_the_likeliest_paragraph_is_the_body():
    import numpy as np

    from accord.news.lineclassifier import combine

    doubtful = np.full(len(LONE_PARAGRAPH_PAGE), 0.05)
    doubtful[5], doubtful[11] = 0.27, 0.15
    assert combine(LONE_PARAGRAPH_PAGE, doubtful) == [5]
    doubtful[11] = 0.3  # a teaser is never kept alone
    assert combine(LONE_PARAGRAPH_PAGE, doubtful) == []


def test_an_aggregator_page_with_its_story_in_one_paragraph_is_stored(tmp_path):
    from accord.news.ingest import ingest
    from accord.news.store import open_store
    from tests.conftest import shared

    page = shared("corpus", "dev", "drc-rwanda-2025", "011.txt")
    (tmp_path / "011.txt").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    store = open_store(str(tmp_path / "news.db"))
    ingest([str(tmp_path / "011.txt")], store)
    assert store.info()["articles"] == 1
