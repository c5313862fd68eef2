"""accord's reading of a page's HTML is trafilatura's own, without the metadata accord does not keep."""

from __future__ import annotations

import pytest

from tests.conftest import shared


def _pages(step: int = 6) -> list[str]:
    folder = shared("bench", "article-extraction", "html")
    return [str(path) for path in sorted(folder.glob("*.html.gz"))[::step]]


@pytest.mark.parametrize("name", _pages())
def test_body_and_metadata_are_trafilaturas_own(name):
    """An upgrade of trafilatura that changes its metadata steps fails here rather than changing what
    accord stores: every kept field must equal one ``bare_extraction`` call with metadata on."""
    import trafilatura

    from accord.news.markup import EXTRACTION, KEPT, extract
    from accord.news.read import read_inputs

    page = next(read_inputs([name])).raw  # as ingest reads it
    reference, found = trafilatura.bare_extraction(page, **EXTRACTION), extract(page)
    assert (found is None) == (reference is None)
    if reference is not None:
        fields = ("text", *KEPT)
        assert {f: getattr(found, f) for f in fields} == {f: getattr(reference, f) for f in fields}


def test_a_page_without_a_body_gives_none_and_a_nested_one_is_read():
    from accord.news.markup import extract, extract_deeply_nested

    assert extract("<html><body></body></html>") is None
    story = "<p>" + "Envoys met on Monday to discuss the disputed river crossings and the border. " * 4 + "</p>"
    nested = "<html><body>" + "<div>" * 300 + story + "</div>" * 300 + "</body></html>"
    found = extract_deeply_nested(nested)
    assert found is not None and found.text.startswith("Envoys met on Monday")
