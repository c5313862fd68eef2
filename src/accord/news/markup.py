"""What trafilatura reads from a page's HTML: its body (comments off) and the metadata accord keeps.

trafilatura's own metadata step (``extract_metadata``) also reads a page's categories, tags and licence,
which accord does not keep: 3.2 of its 5.4 ms a page on the ScrapingHub benchmark's pages, a sixth of
the whole extraction. :func:`page_metadata` takes the same steps up to the site name, in the same order,
so title, author, address, date and site name are trafilatura's own; the body is then extracted with
metadata off, from the same parsed page (``tests/test_news_markup.py`` holds every kept field to
trafilatura's one call with metadata on).

>>> page = ("<html><head><title>Talks resume | Example News</title>"
...         "<meta property='og:site_name' content='Example News'></head>"
...         "<body><article><p>" + "Envoys met in Geneva on Monday to discuss the border. " * 5 +
...         "</p></article></body></html>")
>>> found = extract(page)
>>> found.title, found.sitename, found.text[:30]
('Talks resume', 'Example News', 'Envoys met in Geneva on Monday')
"""

from __future__ import annotations

# Markup and address only: htmldate's extensive search takes dates from the body's sentences (the
# oldest, by default), which are often other days; the text is read by :func:`stated_date` instead.
MARKUP_DATES = {"extensive_search": False, "original_date": True}
# trafilatura alone doing what accord asks of it in one call (bench/html_speed.py's baseline).
EXTRACTION = {"include_comments": False, "with_metadata": True, "date_extraction_params": MARKUP_DATES}

KEPT = ("title", "author", "url", "hostname", "date", "sitename")  # the metadata fields accord reads

WRAPPERS = ("div", "span", "font", "section", "center")
MAX_DEPTH = 200  # real pages nest a few dozen levels


def extract(page):
    """trafilatura's body of a page (HTML text or an lxml tree) with :func:`page_metadata`'s :data:`KEPT` fields;
    None when trafilatura finds no body, as ``bare_extraction`` gives."""
    import trafilatura
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    tree = load_html(page, Extractor().max_file_size)
    if tree is None:
        return None
    metadata = page_metadata(tree)
    found = trafilatura.bare_extraction(tree, include_comments=False)  # on a copy: the tree is not changed
    for field in KEPT if found is not None else ():
        setattr(found, field, getattr(metadata, field))
    return found


def page_metadata(tree):
    """Title, author, address, host, date and site name of a parsed page: ``trafilatura.metadata.
    extract_metadata``'s steps, with dates from the markup only (:data:`MARKUP_DATES`), without its
    categories, tags and licence."""
    from trafilatura import metadata as steps

    found = steps.examine_meta(tree)
    if found.author and " " not in found.author:  # as trafilatura: a single word is not a name
        found.author = None
    try:
        found = steps.extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 - trafilatura guards its JSON-LD reader the same way
        pass
    found.title = found.title or steps.extract_title(tree)
    found.author = found.author or steps.extract_author(tree)
    found.url = found.url or steps.extract_url(tree, None)
    if found.url:
        found.hostname = steps.extract_domain(found.url, fast=True)
    found.date = steps.find_date(tree, **MARKUP_DATES, url=found.url)
    found.sitename = found.sitename or steps.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := steps.META_URL.match(found.url)):
        found.sitename = match[1]
    found.clean_and_trim()
    return found


def extract_deeply_nested(raw: str):
    """:func:`extract` of a page nested deeper than libxml2 reads by default (256 levels): parsed with
    its larger limit (2048), layout wrappers unwrapped. None when that does not help."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.fromstring(raw, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return None
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH:
        return None
    etree.strip_tags(tree, *WRAPPERS)
    return extract(tree)
