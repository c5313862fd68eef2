"""Checks of a page as a reader sees it, for any browser test: the page fits the window, no text is too small to
read, plot labels do not print over each other, and axes say what they encode.

Plain functions of a Playwright ``page``; :func:`launched_chromium` starts the system Chromium the way the
dashboard's tests do (Playwright's own browser download is not used), and skips the test where there is none.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

# The text-bearing SVG nodes plotly draws: tick labels, text beside points, annotations, titles and legends.
PLOT_TEXT = ".xtick text, .ytick text, .textpoint text, .annotation-text, .gtitle, .xtitle, .ytitle, .legendtext"


def chromium() -> str | None:
    """The system Chromium's path, if there is one."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@contextmanager
def launched_chromium():
    """The system Chromium driven by Playwright; the test is skipped (failed under CI) where it is absent."""
    path = chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests (scripts/browser.sh installs it)")
        pytest.skip("no system Chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            yield browser
        finally:
            browser.close()


def no_horizontal_overflow(page) -> bool:
    """Whether the page fits the window's width (nothing to scroll sideways)."""
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


# Visible elements with text of their own (not only their children's), with their computed font size.
_TEXT_SIZES = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none'
        || parseFloat(style.opacity) === 0) continue;
    found.push({px: parseFloat(style.fontSize), tag: el.tagName.toLowerCase(), text: own.slice(0, 60)});
  }
  return found;
}"""


def text_sizes(page) -> list[dict]:
    """Every visible text-bearing element as {px, tag, text}."""
    return page.evaluate(_TEXT_SIZES)


def smallest_text_px(page) -> float:
    """The smallest computed font size of any visible text on the page (infinity if there is none)."""
    return min((t["px"] for t in text_sizes(page)), default=float("inf"))


def text_under(page, px: float = 10) -> list[dict]:
    """The visible texts smaller than px, to name in a failing assertion."""
    return [t for t in text_sizes(page) if t["px"] < px]


_PLOT_BOXES = """(selector) => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot, index) => {
  const title = plot.querySelector('.gtitle');
  const labels = Array.from(plot.querySelectorAll(selector)).map(el => {
    const b = el.getBoundingClientRect();
    return {text: el.textContent.trim(), x0: b.left, y0: b.top, x1: b.right, y1: b.bottom};
  }).filter(l => l.text && l.x1 > l.x0 && l.y1 > l.y0);
  return {index, title: title ? title.textContent : '', labels};
})"""


def _overlap(a: dict, b: dict, tolerance: float) -> bool:
    return (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tolerance
            and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > tolerance)


def overlapping_plot_labels(page, tolerance: float = 1.0) -> list[tuple[str, str, str]]:
    """Pairs of plotly text labels (ticks, point labels, annotations, titles, legends) whose boxes overlap by more
    than tolerance pixels each way, within one plot, as (plot title, first text, second text)."""
    pairs = []
    for plot in page.evaluate(_PLOT_BOXES, PLOT_TEXT):
        labels = plot["labels"]
        pairs += [(plot["title"] or f"plot {plot['index']}", a["text"], b["text"])
                  for i, a in enumerate(labels) for b in labels[i + 1:] if _overlap(a, b, tolerance)]
    return pairs


_AXIS_TICKS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((plot, index) => {
  const title = plot.querySelector('.gtitle');
  // a label that plotly broke into lines (<br>) holds one tspan.line per line: read them with spaces between
  const read = t => t.querySelector('tspan.line')
    ? Array.from(t.querySelectorAll('tspan.line')).map(l => l.textContent.trim()).join(' ') : t.textContent.trim();
  const ticks = cls => Array.from(plot.querySelectorAll(cls + ' text')).map(read).filter(Boolean);
  return {index, title: title ? title.textContent : '', x: ticks('.xtick'), y: ticks('.ytick')};
})"""


def axis_labels(page) -> list[dict]:
    """Each plot's tick texts as {index, title, x: [...], y: [...]}, in page order."""
    return page.evaluate(_AXIS_TICKS)


def artefacts_folder() -> Path:
    """Where screenshots go: $ACCORD_TEST_ARTEFACTS, else a folder in the system temp dir (never the checkout)."""
    folder = Path(os.environ.get("ACCORD_TEST_ARTEFACTS") or Path(tempfile.gettempdir()) / "accord-test-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, name: str) -> Path:
    """A full-page screenshot saved as name.png in the artefacts folder; returns its path."""
    path = artefacts_folder() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@contextmanager
def served(app):
    """An ASGI app served on a free loopback port in a thread, as its base URL, for a real browser."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
