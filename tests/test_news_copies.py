"""Rewritten copies (accord.news.copies): linked through ingestion when they are one story, kept apart when
they are two outlets' stories of the same events. Every sentence here is made up for the test."""

from __future__ import annotations

import datetime as dt

from accord.news import copies
from accord.news.dedupe import Deduplicator, Features
from accord.news.ingest import ingest
from accord.news.store import open_store

QUOTE_ONE = ("\u201cWe will keep the crossing open for grain lorries and for families every day until the "
             "river agreement is signed by both parliaments,\u201d")
QUOTE_TWO = ("\u201cNobody in this delegation has accepted any change to the shoreline map that the surveyors "
             "drew up in the autumn of 2019,\u201d")
WIRE = (
    "Negotiators from Varenia and Ostmark agreed on Tuesday to extend the river truce by 45 days, "
    "officials from both delegations told reporters in Kessel after eleven hours of talks. "
    f"{QUOTE_ONE} Varenian envoy Lida Morrow said after the session. "
    "The truce had been due to lapse at midnight on Friday, and aid convoys had already been turned back "
    "at two checkpoints near Brannock over the weekend. "
    f"Ostmark's chief negotiator Piet Hallam answered her an hour later: {QUOTE_TWO} he said. "
    "Mediators from the Lakes Council, who have hosted four rounds since March, said a fifth round was "
    "pencilled in for 12 June in Kessel, although neither side has confirmed that it will send a delegation. "
    "The dispute over the river border dates back to a survey carried out in 1994, which both parliaments "
    "rejected, and has flared into shelling twice in the past three years, killing at least 38 people."
)
REWRITE = (
    "Varenia and Ostmark will keep their river ceasefire for another 45 days, the two sides said in Kessel "
    "on Tuesday at the end of a marathon session lasting eleven hours. "
    f"Envoy Lida Morrow of Varenia said: {QUOTE_ONE[:-1]}.\u201d "
    "Without a deal the ceasefire would have run out on Friday at midnight; over the weekend two checkpoints "
    "close to Brannock sent aid convoys back. "
    f"Piet Hallam, who leads for Ostmark, replied: {QUOTE_TWO[:-1]}.\u201d "
    "A fifth round may take place in Kessel on 12 June, the Lakes Council mediators said. "
    "For the farmers on both banks the extension means another season of uncertainty: many have not planted "
    "their lower fields since the shelling, and insurers refuse to cover barns within sight of the water. "
    "Traders in the market towns say prices of fuel and fertiliser have doubled, because lorries must take the "
    "long road round by the northern bridge. Teachers describe classrooms half empty on days when sirens sound. "
    "Analysts in the region doubt that either government can sell a final border to its voters before the "
    "elections due next spring, and some expect the truce simply to be renewed again and again."
)
OTHER_OUTLET = (
    "Residents of Brannock queued for bread on Tuesday as word spread that the river ceasefire between "
    "Varenia and Ostmark would hold for another six weeks. "
    "\u201cWe have heard promises before, so we will believe it when the convoys come,\u201d said a baker "
    "who gave only her first name, Anya. "
    "Lida Morrow, Varenia's envoy, told a local radio station that the talks in Kessel had been the hardest "
    "so far, and Piet Hallam of Ostmark said his government wanted the Lakes Council to send monitors. "
    "Humanitarian groups said stocks of flour and medicine in the riverside villages would last ten days."
)
FURNITURE = ("Weather turns cold across the north as farmers bring in the late harvest early this year.\n"
             "Local league final moves to a new stadium after the pitch failed its spring inspection.\n"
             "Ticket prices for the summer rail pass will rise for students and pensioners from May.\n")
NEW_LEAD = ("The government welcomed the outcome of the talks on Wednesday and called it proof that patient "
            "diplomacy works, the state news service reported.\n")


def _ingest(tmp_path, files: dict[str, str], meta: str | None = None) -> dict[str, tuple[str | None, str | None]]:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    if meta:
        (folder / "index.tsv").write_text(meta, encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'copies.db'}")
    ingest([str(folder)], store)
    from accord.news.articles import list_articles

    rows = list_articles(store, limit=None)
    name = {r["id"]: r["doc_id"] for r in rows}
    return {r["doc_id"]: (name.get(r["duplicate_of"]), r["duplicate_kind"]) for r in rows}


def test_quotations_and_narrative_are_told_apart():
    story = copies.Story.of(WIRE)
    assert story.quote_words == (23, 22)  # the two long quotations; no short one
    quoted_only = copies.Story.of(QUOTE_ONE)
    assert len(quoted_only.narrative) == 0 and len(quoted_only.quotes) == 1
    assert copies.Story.of("He called the talks \u201cvery useful\u201d and left.").quotes == ()


def test_a_rewrite_around_the_same_quotations_is_linked(tmp_path):
    found = _ingest(tmp_path, {"a_wire": WIRE, "b_rewrite": REWRITE})
    assert found["b_rewrite"] == ("a_wire", "rewritten")


def test_another_outlets_story_of_the_same_events_is_not_linked(tmp_path):
    found = _ingest(tmp_path, {"a_wire": WIRE, "b_other": OTHER_OUTLET})
    assert found["b_other"] == (None, None)


def test_a_copy_cut_short_on_a_busy_page_is_linked(tmp_path):
    cut = "Truce extended, for now\n" + FURNITURE + WIRE[:WIRE.index("Mediators")] + "\nRead more at the source.\n"
    found = _ingest(tmp_path, {"a_wire": WIRE, "b_cut": cut})
    assert found["b_cut"][0] == "a_wire"


def test_a_story_behind_a_new_lead_is_linked(tmp_path):
    found = _ingest(tmp_path, {"a_wire": WIRE, "b_lead": (NEW_LEAD + FURNITURE + WIRE)[:len(WIRE)]})
    assert found["b_lead"][0] == "a_wire"


def test_days_and_thresholds():
    assert copies.same_days(None, 5) and copies.same_days(10, 13) and not copies.same_days(10, 14)
    dedupe = Deduplicator.in_memory()
    dedupe.add(1, WIRE, "h1", features=Features.of(WIRE), published=dt.date(2025, 3, 4))
    assert dedupe.find(REWRITE, "h2", published=dt.date(2025, 3, 5)).kind == "rewritten"
    assert dedupe.find(REWRITE, "h2", published=dt.date(2025, 5, 5)) is None  # two months later: another story
    assert dedupe.find(REWRITE, "h2").kind == "rewritten"  # an unknown date does not object


def test_one_shared_background_paragraph_is_not_an_excerpt():
    """Outlets re-use a background paragraph across their stories: one paragraph is not enough to make an
    excerpt of a story, three are."""
    wire = copies.Story.of(WIRE)
    background = WIRE[WIRE.index("The dispute over"):]
    one = copies.Story.of(OTHER_OUTLET + " " + background)
    assert 20 < copies.shared_passages(wire, one) < copies.PASSAGE
    assert copies.excerpt(wire, one, Features.of(WIRE).shingles, Features.of(OTHER_OUTLET).shingles) is None
    more = OTHER_OUTLET + " " + WIRE[WIRE.index("The truce had been"):WIRE.index("Ostmark's chief")] + background
    share = copies.excerpt(wire, copies.Story.of(more), Features.of(WIRE).shingles, Features.of(more).shingles)
    assert share is not None and share >= copies.PASSAGE_SHARE
