"""The dashboard application (FastAPI): thin routes over accord's Python API.

Security, because article text is third-party content and scenario files are user input:

- every value is rendered escaped (Jinja2 with autoescaping, see :mod:`accord.web.pages`);
- scenario names are plain file names resolved inside the scenarios folder, so no path reaches outside it;
- request bodies are limited to :data:`MAX_BODY` bytes, and JSON bodies are checked against strict models;
- bound to anything but the loopback address, every request needs the token;
- errors show a short page with no traceback.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from accord.errors import AccordError
from accord.report import html as report
from accord.scenario.model import Identifier
from accord.web import pages

MAX_BODY = 1_000_000
PER_PAGE = 50
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}$")
SUFFIXES = (".toml", ".yaml", ".yml", ".json")
BUNDLED = "bundled"


class BodyLimit:
    """ASGI middleware: refuse request bodies larger than ``limit`` bytes, declared or streamed."""

    def __init__(self, app, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge()
            return message

        await self.app(scope, limited, send)


class _TooLarge(StarletteHTTPException):
    """Raised while reading a streamed body past the limit; handled like any HTTP error (a 413 page)."""

    def __init__(self) -> None:
        super().__init__(413, f"The request is larger than {MAX_BODY:,} bytes.")


async def _too_large(send) -> None:
    body = pages.error_page(413, f"The request is larger than {MAX_BODY:,} bytes.").encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Gate:
    """ASGI middleware: the token (when one is set), and no state-changing request from another site.

    A page on another site can make the browser POST to a server on loopback; such a request carries that
    site's Origin, which is refused. Defence in depth, because old browsers and some requests send no Origin:
    ``Sec-Fetch-Site`` must say ``same-origin`` or ``none`` (typed by the user) when sent, since a same-site page
    may be another application on another port; without an Origin, the Referer's host is checked instead.
    (DNS rebinding is stopped by the trusted-host check outside this.)
    """

    def __init__(self, app, token: str | None, hosts: list[str]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        if self.token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or \
                request.cookies.get("accord_token") or request.query_params.get("token") or ""
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return await HTMLResponse(pages.error_page(401, "This dashboard needs its token."),
                                          status_code=401)(scope, receive, send)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not self.from_here(request):
            return await HTMLResponse(pages.error_page(403, "Requests from other sites are refused."),
                                      status_code=403)(scope, receive, send)
        if self.token is not None and request.query_params.get("token"):
            async def with_cookie(message):
                if message["type"] == "http.response.start":
                    cookie = f"accord_token={self.token}; HttpOnly; SameSite=Strict; Path=/"
                    message["headers"] = list(message.get("headers", [])) + [(b"set-cookie", cookie.encode())]
                await send(message)
            return await self.app(scope, receive, with_cookie)
        return await self.app(scope, receive, send)

    def from_here(self, request: Request) -> bool:
        """Whether the browser says the request came from this server's own pages (clients that say nothing,
        like curl, pass)."""
        if request.headers.get("sec-fetch-site", "none") not in ("same-origin", "none"):
            return False
        source = request.headers.get("origin") or request.headers.get("referer")
        return not source or urlsplit(source).hostname in self.hosts


LOOPBACK = ["127.0.0.1", "localhost", "::1"]


@dataclass(frozen=True)
class NewsPlots:
    """The part of a :class:`~accord.analysis.dossier.Dossier` that the timeline and stance plots read: the
    dashboard's news pages draw them without building a whole dossier (which analyses a scenario)."""

    timeline: list[dict] = field(default_factory=list)
    tracks: list[dict] = field(default_factory=list)


def _problem_line(problem) -> str:
    """A validation problem in one line, without the file's path (the list names the file)."""
    text = str(problem).splitlines()[0]
    return text.split(": ", 1)[1] if text.startswith("/") and ": " in text else text


class _Body(BaseModel):
    """A JSON body: strict, so that ``true`` is not 1 and ``"50"`` is not 50; numbers must be finite."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class Change(_Body):
    """One what-if change; the bounds are those :mod:`accord.analysis.whatif` checks again."""

    actor: Identifier
    issue: Identifier = None
    ideal: Identifier = None
    acceptable: list[Identifier] = None
    salience: Annotated[float, Field(ge=0, le=100)] = None
    capability: Annotated[float, Field(ge=1e-9, le=1e9)] = None


class WhatIf(_Body):
    changes: list[Change] = []


class Validate(_Body):
    text: str = ""
    format: Literal["toml", "yaml", "json"] = "toml"


def _read_int(digits: str) -> int | float:
    """CPython refuses to read an int of over 4,300 digits (a ValueError, so a 500); long ints become floats,
    too large for any field, so that validation names the field instead."""
    return int(digits) if len(digits) <= 100 else float(digits)


def _first_problem(error: ValidationError) -> str:
    """The first thing wrong with a body, as one line naming the field (``changes[0].salience: ...``)."""
    first = error.errors(include_url=False)[0]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]).lstrip(".")
    return f"{where}: {first['msg']}" if where else first["msg"]


def _umask() -> int:
    """The process's umask (read by setting it and putting it back; called once, before serving)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _save(target: Path, text: str, umask: int) -> None:
    """Write a whole file or keep the old one: a new temporary file (never a planted symlink), synced, then
    renamed over the target. The temporary file is private (0600) while written; the saved file gets the mode
    any new file would (0666 less the umask), as an editor would give it."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".accord-", suffix=".part")
    try:
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def create_app(db: str | None = None, scenarios: str | Path = "scenarios", token: str | None = None,
               hosts: list[str] | None = None, terms: str | Path | None = None):
    """The dashboard over the news database ``db`` (resolved as :func:`accord.api.database_location` says;
    opened on first use, never created), the scenario files in ``scenarios`` and the agreed terms in
    ``terms`` (default: the bundled 2025 truces), whose claims the Monitor page shows.

    With ``token``, every request must carry it (``Authorization: Bearer``, the ``accord_token`` cookie, or
    ``?token=`` once, which sets the cookie). ``hosts`` are the names the server answers to (default:
    loopback); a request for any other Host is refused, which defeats DNS rebinding.
    """
    from accord.api import open_database

    app = FastAPI(title="accord", docs_url=None, redoc_url=None, openapi_url=None)
    folder = Path(scenarios)
    umask = _umask()
    state = {"store": None}

    def store():
        if state["store"] is None:
            state["store"] = open_database(db)
        return state["store"]

    @app.exception_handler(AccordError)
    async def accord_error(request: Request, error: AccordError):
        message = "; ".join(str(p) for p in error.problems)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=400)
        return HTMLResponse(pages.error_page(400, message), status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError):
        fields = ", ".join(str(e["loc"][-1]) for e in error.errors()[:3])
        message = f"bad value for {fields}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=400)
        return HTMLResponse(pages.error_page(400, message), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(error.detail)}, status_code=error.status_code)
        return HTMLResponse(pages.error_page(error.status_code, str(error.detail)), status_code=error.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        print(f"accord serve: {request.url.path}: {type(error).__name__}: {error}", file=sys.stderr)
        return HTMLResponse(pages.error_page(500, "Something went wrong; the server log says what."),
                            status_code=500)

    def scenario_path(name: str) -> Path:
        from accord.scenario import bundled_path

        if name == BUNDLED:
            return bundled_path()
        if not NAME.match(name) or not name.endswith(SUFFIXES):
            raise HTTPException(404, f"no scenario named {name!r}")
        path = (folder / name).resolve()
        if path.parent != folder.resolve() or not path.is_file():
            raise HTTPException(404, f"no scenario named {name!r}")
        return path

    def scenario_names() -> list[str]:
        found = sorted(p.name for p in folder.iterdir() if p.suffix in SUFFIXES and NAME.match(p.name)) \
            if folder.is_dir() else []
        return [BUNDLED, *found]

    @lru_cache(maxsize=32)
    def loaded(name: str, stamp: float):
        from accord.scenario import load_scenario

        return load_scenario(scenario_path(name))

    def scenario(name: str):
        path = scenario_path(name)
        return loaded(name, path.stat().st_mtime)

    def listed() -> list[dict]:
        """Every file of the scenarios folder: {name, title} when it is a scenario, else {name, problem}, the
        first thing wrong with it in one line (a stability model or a broken file is shown, never opened)."""
        items = []
        for name in scenario_names():
            try:
                items.append({"name": name, "title": scenario(name).scenario.title})
            except AccordError as error:
                more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
                items.append({"name": name, "problem": _problem_line(error.problems[0]) + more})
        return items

    @lru_cache(maxsize=8)
    def dossier_of(name: str, stamp: float):
        """The dossier of a scenario's page, kept while its file is unchanged (Monte Carlo and the Pareto
        frontier take over a second)."""
        from accord.analysis.dossier import build_dossier

        chosen = scenario(name)
        return build_dossier(chosen, runs=300, conflict=conflict_of(name, chosen))

    def missing_model(name: str, chosen) -> str | None:
        """The stability model the scenario names when that file is not beside it (the editor saves only
        scenarios, so an edited copy of the bundled one has none); a name that is a path is left for
        :func:`companion_conflict` to refuse."""
        named = chosen.scenario.stability_model
        beside = scenario_path(name).parent / named if named and Path(named).name == named else None
        return named if beside is not None and not beside.is_file() else None

    def conflict_of(name: str, chosen):
        """The stability model the scenario names, or None when there is none or it is missing."""
        from accord.scenario.conflict import companion_conflict

        return None if missing_model(name, chosen) else companion_conflict(scenario_path(name), chosen)

    @lru_cache(maxsize=32)
    def baseline(name: str, stamp: float) -> dict:
        """The what-if table's "before" column, computed once per version of the file."""
        from accord.analysis.whatif import outcome

        return outcome(scenario(name))

    def stamp(name: str) -> float:
        return scenario_path(name).stat().st_mtime

    @app.get("/static/plotly.js")
    def plotly_js():
        return Response(report.plotly_js(), media_type="application/javascript",
                        headers={"Cache-Control": "max-age=86400"})

    @app.get("/", response_class=HTMLResponse)
    def corpus(q: str = "", outlet: str = "", actor: str = "", since: str = "", until: str = "", page: int = 1):
        from accord.news.search import Query, search_articles

        def day(value: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(value) if value else None
            except ValueError:
                raise HTTPException(400, f"not a date: {value!r}") from None

        page = max(1, min(page, 10_000))
        total, rows = search_articles(store(), Query(q, outlet or None, day(since), day(until), actor or None,
                                                     PER_PAGE, (page - 1) * PER_PAGE))
        return pages.corpus({"q": q, "outlet": outlet, "actor": actor, "since": since, "until": until},
                            total, rows, page, PER_PAGE)

    @app.get("/articles/{doc_id}", response_class=HTMLResponse)
    def article(doc_id: str):
        from accord.extract.records import load_records
        from accord.news.articles import get_article
        from accord.report.terminal import record_summary

        try:
            found = get_article(store(), doc_id)
        except AccordError:
            raise HTTPException(404, f"no article {doc_id!r}") from None
        own = load_records(store(), article_id=found["id"])
        text = report.marked(found["clean_text"], [(r["start"], r["end"], r["kind"]) for r in own
                                                          if "start" in r])
        listed = [{"kind": r["kind"], "summary": record_summary(r), "confidence": r.get("confidence", 0)}
                  for r in own]
        return pages.article(found, text, listed)

    @app.get("/static/whatif.js")
    def whatif_js():
        script = resources.files("accord.web").joinpath("static/whatif.js").read_text(encoding="utf-8")
        return Response(script, media_type="application/javascript")

    @app.get("/scenarios", response_class=HTMLResponse)
    def scenario_list():
        return pages.scenarios(listed())

    @app.get("/scenarios/{name}", response_class=HTMLResponse)
    def scenario_view(name: str):
        from accord.analysis.whatif import controls

        chosen = scenario(name)
        dossier = dossier_of(name, stamp(name))
        return pages.scenario_view(name, dossier, controls(chosen), missing_model(name, chosen))

    async def json_body(request: Request, model: type[_Body]) -> _Body:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise HTTPException(415, "send JSON (Content-Type: application/json)")
        try:
            payload = json.loads((await request.body()).decode("utf-8") or "{}", parse_int=_read_int)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise HTTPException(400, "the body is not JSON") from None
        try:
            return model.model_validate(payload)
        except ValidationError as error:
            raise HTTPException(400, _first_problem(error)) from None

    async def parsed(text: str, fmt: str, name: str):
        """:func:`parse_scenario` off the event loop."""
        from accord.scenario.load import parse_scenario

        return await run_in_threadpool(parse_scenario, text, fmt, name)

    async def changes_in(request: Request) -> list[dict]:
        body = await json_body(request, WhatIf)
        return [change.model_dump(exclude_unset=True) for change in body.changes]

    @app.post("/api/scenarios/{name}/whatif")
    async def what_if(name: str, request: Request):
        """The scenario before and after the changes (:func:`accord.analysis.whatif.before_after`)."""
        from accord.analysis.whatif import before_after

        changes = await changes_in(request)
        return await run_in_threadpool(lambda: before_after(scenario(name), changes, baseline(name, stamp(name))))

    @app.post("/api/scenarios/{name}/whatif/plots")
    async def what_if_plots(name: str, request: Request):
        """The position maps and the feasibility matrix of the changed scenario, as HTML to put in the page."""
        from accord.analysis.dossier import redrawn
        from accord.analysis.whatif import apply_what_if

        changes = await changes_in(request)

        def draw():
            after = redrawn(dossier_of(name, stamp(name)), apply_what_if(scenario(name), changes))
            return {key: str(html) for key, html in pages.plots(after).items()}

        return await run_in_threadpool(draw)

    @app.post("/api/validate")
    async def validate(request: Request):
        body = await json_body(request, Validate)
        try:
            report = await parsed(body.text, body.format, "scenario")
        except AccordError as error:
            return {"valid": False, "problems": [str(p) for p in error.problems]}
        found = report.scenario
        return {"valid": True, "problems": [str(w) for w in report.warnings],
                "summary": f"{len(found.actors)} actors, {len(found.issues)} issues"}

    @app.get("/compare", response_class=HTMLResponse)
    def compare(a: str = "", b: str = ""):
        from accord.analysis.comparison import difference

        items = listed()
        choices = [item for item in items if "problem" not in item]
        offered = {item["name"] for item in choices}
        for name in (a, b):
            if name and name not in offered:
                raise HTTPException(404, f"no scenario named {name!r}")
        diff = difference(scenario(a), scenario(b)) if a and b else None
        return pages.compare(choices, [item for item in items if "problem" in item], a or None, b or None, diff)

    @app.get("/scenarios/{name}/edit", response_class=HTMLResponse)
    def edit_form(name: str):
        return pages.edit(name, scenario_path(name).read_text(encoding="utf-8"), [], False)

    @app.post("/scenarios/{name}/edit", response_class=HTMLResponse)
    async def edit_save(name: str, request: Request):
        from urllib.parse import parse_qs

        from accord.scenario import bundled_path

        source = scenario_path(name)
        target = folder / ("ukraine_2025.toml" if name == BUNDLED else source.name)
        body = await request.body()
        try:
            form = parse_qs(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise HTTPException(400, "the form is not UTF-8") from None
        text = form.get("text", [""])[0].replace("\r\n", "\n")
        fmt = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(target.suffix, "toml")
        try:
            await parsed(text, fmt, target.name)
        except AccordError as error:
            return pages.edit(name, text, [str(p) for p in error.problems], False)
        folder.mkdir(parents=True, exist_ok=True)
        if target.resolve() == bundled_path().resolve() or target.resolve().parent != folder.resolve():
            raise HTTPException(403, "only files in the scenarios folder are saved, never the bundled one")
        _save(target, text, umask)  # only the scenario: a stability model is no scenario, so it is not copied
        return pages.edit(target.name, text, [], True)

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page():
        from accord.extract.records import load_records
        from accord.extract.timeline import merge_events

        rows = [t.to_dict() for t in merge_events(load_records(store(), "event"))]
        return pages.timeline(rows, report.timeline_plot(NewsPlots(timeline=rows)))

    @app.get("/monitor", response_class=HTMLResponse)
    def monitor_page():
        from accord.api import monitor_agreements

        found = monitor_agreements(store(), terms, remember=False)  # looking is not a run: cron's count stays
        return pages.monitor(found.reports)

    @app.get("/stances", response_class=HTMLResponse)
    def stances_page():
        from accord.extract.records import load_records
        from accord.extract.tracking import track_stances

        tracks = [t.to_dict() for t in track_stances(load_records(store(), "stance"))]
        return pages.stances(tracks, report.shifts_plot(NewsPlots(tracks=tracks)))

    allowed = list(dict.fromkeys((hosts or []) + LOOPBACK))
    return BodyLimit(TrustedHostMiddleware(Gate(app, token, allowed), allowed_hosts=allowed))
