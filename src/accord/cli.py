"""The ``accord`` command: a thin shell over the Python API."""

# No ``from __future__ import annotations`` here, unlike elsewhere: typer reads the signature of every command
# on each run, and evaluating them from strings costs about 40 ms of every command's start-up.

import io
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from accord.errors import AccordError, Problem

app = typer.Typer(help="accord: who wants what in a negotiation, where the red lines are, and which deals could hold.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


class Format(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


class Engine(str, Enum):
    auto = "auto"
    enumerate = "enumerate"
    solver = "solver"


SHOWN_PROBLEMS = 20  # a wrong file can have a problem on every line: the first ones say what is wrong


def _fail(error: AccordError) -> None:
    for problem in error.problems[:SHOWN_PROBLEMS]:
        typer.echo(str(problem), err=True)
    if len(error.problems) > SHOWN_PROBLEMS:
        more = error.problems[SHOWN_PROBLEMS]
        typer.echo(f"{more.file}: and {len(error.problems) - SHOWN_PROBLEMS} more problems", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        from accord import __version__  # read from the install metadata, which only --version needs

        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """accord: from negotiation news to red lines, sticking points and possible deals."""


def _json(data) -> str:
    """JSON text with nan and infinity written as null (strict JSON has neither)."""
    def clean(value):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value

    return json.dumps(clean(data), indent=2, ensure_ascii=False, allow_nan=False)


def _target(output: Path | str | None) -> str:
    """How a message names where output went."""
    return "standard output" if output is None or str(output) == "-" else str(output)


def _write(text: str, output: Path | None) -> None:
    """Text to a file, or to standard output when ``output`` is None or ``-``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        typer.echo(f"{output}: cannot be written: {error.strerror or error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {output}", err=True)


def _check_writable(output: Path | None) -> None:
    """Fail with one line before long work if the output's folder is missing or closed to us."""
    if output is None or str(output) == "-":
        return
    folder = output.expanduser().resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        typer.echo(f"{output}: cannot be written: {'no such folder' if not folder.is_dir() else 'permission denied'} "
                   f"{folder}", err=True)
        raise typer.Exit(2)


# Every list command takes these, and prints through _list: a table, or --json, --nl or --csv (one of them), cut
# at --limit (0: all) with "50 of 300" said under the table, or on standard error for the machine formats.
LimitOption = Annotated[int, typer.Option(min=0, help="Show at most this many (0: all).")]
JsonList = Annotated[bool, typer.Option("--json", help="Print one JSON array.")]
NlList = Annotated[bool, typer.Option("--nl", help="Print newline-delimited JSON: one object a line.")]
CsvList = Annotated[bool, typer.Option("--csv", help="Print CSV, with a header line.")]


def _list_format(json_out: bool, nl: bool, csv_out: bool) -> str:
    from accord.tables import list_format

    try:
        return list_format(json_out, nl, csv_out)
    except AccordError as error:
        _fail(error)


def _list(shown, fmt: str, noun: str, table) -> None:
    """Print a :class:`accord.tables.Page` of rows as ``fmt``; ``table`` makes the rich table of the rows."""
    from accord.tables import dump_rows

    note = shown.note(noun)
    if fmt != "table":
        sys.stdout.write(dump_rows(shown.rows, fmt))
        if note:
            typer.echo(note, err=True)
        return
    rendered = table(shown.rows)
    if isinstance(rendered, str):
        typer.echo(rendered + (f"\n{note}" if note else ""))
        return
    if note:
        rendered.caption, rendered.caption_justify = note, "left"
    Console().print(rendered)


ScenarioArg = Annotated[Optional[Path], typer.Argument(help="Scenario file (TOML, YAML or JSON); default: the bundled Ukraine 2025 scenario.",
                                                       show_default=False)]


@app.command()
def brief(
    scenario: ScenarioArg = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="terminal, markdown or json.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file.")] = None,
    top: Annotated[int, typer.Option("--top", "-k", min=1,
                                     help="How many concession sets, closest deals and feasible deals.")] = 5,
    engine: Annotated[Engine, typer.Option(help="auto, enumerate or solver.")] = Engine.auto,
    runs: Annotated[int, typer.Option(min=0, help="Monte Carlo runs for the forecast section.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed of the Monte Carlo runs.")] = 0,
    full: Annotated[bool, typer.Option("--full", help="After the one-screen summary, every section in full.")] = False,
) -> None:
    """A one-minute briefing: a one-screen summary (is a deal feasible, the best deals or the cheapest way to one,
    the forecast); --full adds red lines, clashes, sticking points, closest deals, forecasts and stability."""
    from accord import analysis
    from accord.scenario import bundled_path, load_scenario
    from accord.scenario.conflict import companion_conflict

    try:
        path = scenario if scenario is not None else bundled_path()
        loaded = load_scenario(path)
        result = analysis.brief(loaded, k=top, engine=engine.value, conflict=companion_conflict(path, loaded),
                                runs=runs, seed=seed)
    except AccordError as error:
        _fail(error)
    if json_out or format is Format.json:
        _write(_json(result.to_dict()), output)
    elif format is Format.markdown:
        from accord.report import markdown

        _write(markdown.render(result), output)
    else:
        from accord.report import terminal

        if output is None:
            terminal.render(result, Console(), full=full)
        else:
            console = Console(record=True, width=120, color_system=None, file=io.StringIO())
            terminal.render(result, console, full=full)
            _write(console.export_text(), output)


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario file to check.")],
    strict: Annotated[bool, typer.Option(help="Exit 1 when a value lacks evidence or a rationale.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the verdict as one JSON document.")] = False,
) -> None:
    """Check a scenario file, or a file of agreed terms; print every error with its line and field."""
    from dataclasses import asdict

    from accord.scenario.agreement import agreements_report, is_agreement_document
    from accord.scenario.load import parse_scenario, read_text_document

    try:
        text, fmt, name = read_text_document(scenario)
        if is_agreement_document(text):
            terms, warnings = agreements_report(text, fmt, name)
            _report_agreements(scenario, terms, warnings, strict, json_out)
            return
        report = parse_scenario(text, fmt, name)
    except AccordError as error:
        if json_out:
            _write(json.dumps({"file": str(scenario), "valid": False,
                               "errors": [asdict(p) for p in error.problems], "warnings": []}, indent=2), None)
            raise typer.Exit(2) from None
        _fail(error)
    if json_out:
        _write(json.dumps({"file": str(scenario), "valid": True, "errors": [],
                           "warnings": [asdict(p) for p in report.warnings], "sha256": report.sha256}, indent=2), None)
        raise typer.Exit(1 if strict and report.warnings else 0)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    meta = report.scenario.scenario
    typer.echo(f"{scenario}: valid scenario '{meta.id}': {len(report.scenario.actors)} actors, "
               f"{len(report.scenario.issues)} issues, {sum(len(p) for p in report.scenario.positions.values())} "
               f"positions, {len(report.scenario.conditions)} conditions; {len(report.warnings)} warning(s)")
    if strict and report.warnings:
        raise typer.Exit(1)


def _report_agreements(path: Path, terms, warnings: list, strict: bool, json_out: bool) -> None:
    from dataclasses import asdict

    if json_out:
        _write(json.dumps({"file": str(path), "valid": True, "errors": [],
                           "warnings": [asdict(p) for p in warnings]}, indent=2), None)
    else:
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)
        disputed = [f"{a.id} {term}" for a in terms.agreements for term in ("start", "end") if a.disputed(term)]
        typer.echo(f"{path}: valid agreements: {', '.join(a.id for a in terms.agreements)}; "
                   f"{len(disputed)} disputed time(s){' (' + ', '.join(disputed) + ')' if disputed else ''}; "
                   f"{len(warnings)} warning(s)")
    if strict and warnings:
        raise typer.Exit(1)


@app.command()
def schema(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema of the scenario format."""
    from accord.scenario import json_schema

    _write(json.dumps(json_schema(), indent=2), output)


@app.command()
def init(
    destination: Annotated[Optional[Path], typer.Argument(
        help="File or folder to write to (default: ukraine_2025.toml, or scenario.toml with --blank).")] = None,
    blank: Annotated[bool, typer.Option("--blank", help="An empty, commented template to write one by hand.")] = False,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    with_stability: Annotated[bool, typer.Option(
        "--with-stability", help="Also copy the conflict model the bundled scenario names (for accord stability).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the written path as JSON.")] = False,
) -> None:
    """Copy the bundled Ukraine 2025 scenario out to edit it, or with --blank a commented template."""
    from accord.scenario import copy_bundled

    if blank and with_stability:
        typer.echo("--with-stability copies the bundled example's conflict model: not with --blank", err=True)
        raise typer.Exit(2)
    destination = destination or Path("scenario.toml" if blank else "ukraine_2025.toml")
    try:
        written = copy_bundled(destination, "blank" if blank else "ukraine-2025", overwrite=force,
                               with_stability=with_stability)
    except FileExistsError as error:
        typer.echo(f"{error.filename or destination}: exists; pass --force to replace it", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps({"wrote": str(written)}) if json_out else f"wrote {written}")


class Scope(str, Enum):
    all = "all"
    feasible = "feasible"
    both = "both"


@app.command()
def deals(
    scenario: ScenarioArg = None,
    scope: Annotated[Scope, typer.Option(help="all deals, feasible deals, or both.")] = Scope.both,
    limit: Annotated[int, typer.Option(min=1, help="How many frontier deals to list.")] = 10,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """The Pareto frontier and the Nash, Kalai-Smorodinsky, utilitarian and egalitarian deals."""
    from accord.analysis.bargaining import bargaining_report
    from accord.api import open_scenario
    from accord.scenario import compile_scenario

    scopes = ["all", "feasible"] if scope is Scope.both else [scope.value]
    try:
        compiled = compile_scenario(open_scenario(scenario).scenario)
        reports = [bargaining_report(compiled, s) for s in scopes]
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json({"scopes": [r.to_dict(limit) for r in reports]}), None)
    else:
        from accord.report import terminal

        terminal.render_bargaining(reports, Console(), limit)


import_app = typer.Typer(help="Import negotiation data from other tools as a scenario file.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _save(scenario, target: Path) -> None:
    from accord.scenario.write import write_scenario

    try:
        write_scenario(scenario, target)
    except OSError as error:
        typer.echo(f"{target}: cannot be written: {error.strerror or error}", err=True)
        raise typer.Exit(2) from None


def _imported(target: Path, scenario, json_out: bool, note: str, who: str) -> None:
    if json_out:
        typer.echo(json.dumps({"wrote": str(target), "scenario": scenario.scenario.id,
                               who: len(scenario.actors), "issues": len(scenario.issues)}))
    else:
        typer.echo(f"wrote {target}: {len(scenario.actors)} {who}, {len(scenario.issues)} issues {note}".rstrip())


class Semantics(str, Enum):
    genius = "genius"
    raw = "raw"


@import_app.command("genius")
def import_genius_command(
    path: Annotated[Path, typer.Argument(help="A GENIUS domain folder (one domain file and its profiles).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Scenario file to write.")] = None,
    semantics: Annotated[Semantics, typer.Option(help="genius: evaluations divided by each issue's maximum; raw: as given.")] = Semantics.genius,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Import a GENIUS XML negotiation domain (additive utility spaces)."""
    from accord.scenario.genius import import_genius

    try:
        scenario = import_genius(path, semantics.value)
    except AccordError as error:
        _fail(error)
    target = output or Path(f"{scenario.scenario.id}.toml")
    _save(scenario, target)
    _imported(target, scenario, json_out, f"({semantics.value} semantics)", "parties")


@import_app.command("decide")
def import_decide_command(
    path: Annotated[Path, typer.Argument(help="A Decide input file (#A, #P, #M and #D rows).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Scenario file to write.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Import a Decide-format actor-issue file (the Stokman-tradition models' input)."""
    from accord.scenario.decide import import_decide

    try:
        scenario = import_decide(path)
    except AccordError as error:
        _fail(error)
    target = output or Path(f"{scenario.scenario.id}.toml")
    _save(scenario, target)
    _imported(target, scenario, json_out, "", "actors")


@app.command()
def forecast(
    scenario: ScenarioArg = None,
    runs: Annotated[int, typer.Option(min=0, help="Monte Carlo runs under the scenario's uncertainty (0: none).")] = 0,
    seed: Annotated[Optional[int], typer.Option(help="Random seed, for repeatable runs.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes that share the runs (1: this process); "
                                                     "the result of a seed is the same for any number.")] = 1,
    scheduler: Annotated[Optional[str], typer.Option(help="Run on this Dask cluster instead, e.g. tcp://host:8786 "
                                                          "(needs accord[cluster]).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Where the talks may land: the forecast models side by side, issue by issue."""
    from accord.analysis.forecasting import forecasts
    from accord.api import open_scenario

    try:
        result = forecasts(open_scenario(scenario).scenario, runs, seed, workers=workers, scheduler=scheduler)
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json(result.to_dict()), None)
    else:
        from accord.report import terminal

        console = Console()
        console.print(terminal.forecast_table(result))
        if result.uncertainty:
            terminal.render_monte_carlo(result.uncertainty, console)


@app.command("stability")
def stability_command(
    model: Annotated[Optional[Path], typer.Argument(help="Conflict model file; default: the bundled summit model.",
                                                    show_default=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Which states of a conflict are stable (Nash, GMR, SMR, SEQ, SIM) and how the status quo gets there."""
    from accord.analysis.gmcr import analyse_conflict
    from accord.scenario.conflict import load_conflict

    try:
        result = analyse_conflict(load_conflict(model))
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json(result.to_dict()), None)
    else:
        from accord.report import terminal

        terminal.render_stability(result, Console())


DbOption = Annotated[Optional[str], typer.Option("--db", help="SQLite file or postgresql:// URL (default: ACCORD_DB, accord.toml, or accord.db).")]


def _store(db: str | None, create: bool = False):
    from accord.api import open_database

    return open_database(db, create=create)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for standard input.")],
    db: DbOption = None,
    meta: Annotated[Optional[Path], typer.Option(help="Metadata side file (TSV or CSV: file, url, outlet, published, title).")] = None,
    field: Annotated[Optional[list[str]], typer.Option("--field", help="JSON field mapping, e.g. text=body (repeatable).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date or time that relative stamps are read against.")] = None,
    max_mb: Annotated[Optional[float], typer.Option(help="Skip files larger than this many MB.")] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 if any input was skipped.")] = False,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Read links inside a folder that lead out of it, and links to folders.")] = False,
    embeddings: Annotated[Optional[bool], typer.Option(
        "--embeddings/--no-embeddings", help="Also flag spun copies by sentence embeddings (needs accord[embeddings]).")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Worker processes (default: one per core, fewer for a few files; 1: this process). With --scheduler: how many chunks to cut the inputs into.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Run on the Dask cluster at this scheduler address (tcp://host:8786; needs the cluster extra, the inputs and a database every worker reaches).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Clean, date, de-duplicate and store news articles."""
    import datetime as dt

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from accord.news.config import load_config
    from accord.news.ingest import ingest as run_ingest
    from accord.news.read import DEFAULT_FIELDS, ReadOptions

    config = load_config()
    fields = dict(DEFAULT_FIELDS)
    for item in field or []:
        key, _, value = item.partition("=")
        if key not in fields or not value:
            typer.echo(f"--field {item}: expected one of {', '.join(fields)} = a JSON field name", err=True)
            raise typer.Exit(2)
        fields[key] = value
    when = as_of or config.get("as_of")
    try:
        anchor = dt.datetime.fromisoformat(str(when)) if when else None
    except ValueError:
        typer.echo(f"--as-of {when}: expected a date or time like 2025-08-20 or 2025-08-20T18:00", err=True)
        raise typer.Exit(2) from None
    if anchor and anchor.tzinfo is None:
        anchor = anchor.replace(hour=anchor.hour or 23, minute=anchor.minute or 59, tzinfo=dt.timezone.utc) \
            if len(str(when)) == 10 else anchor.replace(tzinfo=dt.timezone.utc)
    limit = max_mb or config.get("max_mb") or 10
    options = ReadOptions(max_bytes=int(float(limit) * 1024 * 1024), fields=fields, metadata_file=meta)
    use_embeddings = embeddings if embeddings is not None else bool(config.get("embeddings", False))
    try:
        from accord.news.embeddings import Encoder

        encoder = Encoder.load() if use_embeddings else None
        store = _store(db, create=True)
        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True, disable=json_out) as bar:
            task = bar.add_task("ingest", total=None)
            summary = run_ingest(paths, store, options, anchor, encoder=encoder, follow_links=follow_links,
                                 workers=workers, scheduler=scheduler, progress=lambda done, total: bar.update(task, completed=done, total=total))
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json(summary.to_dict()), None)
    else:
        from accord.report import terminal

        terminal.render_ingest(summary, Console())
    if strict and summary.skipped:
        raise typer.Exit(1)


db_app = typer.Typer(help="The news database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("info")
def db_info(db: DbOption = None, json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Where the database is, its schema version and what it holds."""
    try:
        info = _store(db).info()
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json(info), None)
    else:
        for key, value in info.items():
            typer.echo(f"{key:>18}: {value}")


articles_app = typer.Typer(help="The stored articles.", no_args_is_help=True)
app.add_typer(articles_app, name="articles")


@articles_app.command("list")
def articles_list(
    db: DbOption = None,
    limit: LimitOption = 50,
    outlet: Annotated[Optional[str], typer.Option(help="Only outlets containing this text.")] = None,
    originals: Annotated[bool, typer.Option(help="Hide copies of other articles.")] = False,
    json_out: JsonList = False,
    nl: NlList = False,
    csv_out: CsvList = False,
) -> None:
    """The stored articles, newest first, with their dates, outlets and duplicate links."""
    from accord.news.articles import count_articles, list_articles
    from accord.report import terminal
    from accord.tables import page

    fmt = _list_format(json_out, nl, csv_out)
    try:
        store = _store(db)
        rows = list_articles(store, limit=limit, outlet=outlet, originals_only=originals)
        total = count_articles(store, outlet=outlet, originals_only=originals) if limit and len(rows) == limit \
            else len(rows)
    except AccordError as error:
        _fail(error)
    _list(page(rows, limit, total), fmt, "articles", terminal.articles_table)


@articles_app.command("show")
def articles_show(key: Annotated[str, typer.Argument(help="Numeric id or doc id.")], db: DbOption = None,
                  json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """One article: its metadata, clean text and sentences."""
    from accord.news.articles import get_article

    try:
        article = get_article(_store(db), key)
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json(article), None)
    else:
        from accord.report import terminal

        terminal.render_article(article, Console())


@articles_app.command("delete")
def articles_delete(key: Annotated[str, typer.Argument(help="Numeric id or doc id.")], db: DbOption = None) -> None:
    """Delete an article (with the stories split from its page)."""
    from accord.news.articles import delete_article

    try:
        count = delete_article(_store(db), key)
    except AccordError as error:
        _fail(error)
    typer.echo(f"deleted {count} article(s)")


@articles_app.command("export")
def articles_export(output: Annotated[Path, typer.Argument(help="A .jsonl, .csv or .parquet file, or - for standard output (with --format).")],
                    db: DbOption = None,
                    fmt: Annotated[Optional[str], typer.Option("--format", help="jsonl, csv or parquet.")] = None) -> None:
    """Export every article with its metadata and clean text."""
    from accord.news.articles import export_articles
    from accord.tables import export_format

    try:
        export_format(output, fmt)
        count = export_articles(_store(db), output, fmt)
    except AccordError as error:
        _fail(error)
    typer.echo(f"wrote {count} article(s) to {_target(output)}", err=str(output) == "-")


@app.command()
def extract(
    db: DbOption = None,
    scenario: Annotated[Optional[Path], typer.Option(help="Scenario whose issues stances are coded on (default: the one accord.toml names, else the one this corpus was last extracted with; with none, stances keep the phrase they are about).")] = None,
    jsonl: Annotated[Optional[Path], typer.Option("--jsonl", help="Also write the records to this file (SCHEMA.md format); - for standard output, the counts then going to standard error.")] = None,
    new_only: Annotated[bool, typer.Option("--new-only", help="Only articles with no records yet (after an ingest).")] = False,
    no_scenario: Annotated[bool, typer.Option("--no-scenario", help="Code stances on no issue (each keeps the phrase it is about), whatever scenario accord.toml names or was used last.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Worker processes (default: one per core, fewer for a small corpus; 1: this process). With --scheduler: how many to cut the articles into chunks for.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Run on the Dask cluster at this scheduler address (tcp://host:8786; needs the cluster extra, and a database every worker reaches).")] = None,
) -> None:
    """Extract quotes, PLOVER events and stances from the stored articles, into the database."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from accord.api import extract_corpus, extraction_scenario
    from accord.extract.records import load_records, to_schema

    try:
        if scenario is not None and no_scenario:
            raise AccordError("accord extract: give --scenario or --no-scenario, not both")
        store = _store(db)
        chosen = extraction_scenario(store, scenario, fall_back=not no_scenario)
        if not json_out:
            typer.echo(f"coding stances on {chosen.describe()}", err=True)
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True, disable=json_out) as bar:
            task = bar.add_task("extract", total=None)
            counts = extract_corpus(store, chosen.scenario, new_only=new_only, source=chosen.path,
                                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                                    workers=workers, scheduler=scheduler)
        if jsonl is not None:
            lines = [json.dumps(to_schema(r), ensure_ascii=False) for r in load_records(store) if r["kind"] != "actor"]
            _write("\n".join(lines), jsonl)
    except AccordError as error:
        _fail(error)
    to_stderr = jsonl is not None and str(jsonl) == "-"  # standard output holds the records then
    if json_out:
        typer.echo(_json({**counts, "scenario": chosen.scenario.scenario.id if chosen.scenario else None}),
                   err=to_stderr)
    else:
        from accord.report import terminal

        terminal.render_counts("Extracted", counts, Console(stderr=to_stderr))


def _usage(message: str) -> None:
    typer.echo(f"accord eval: {message}", err=True)
    raise typer.Exit(2)


def _eval_suite(suite: Path, cases: list[str] | None, json_out: bool) -> None:
    """``accord eval --suite``: every case of the shared evaluation folder, with a progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from accord.suite import plan, run_suite

    try:
        plan(suite, cases)  # bad input fails here, before the progress bar draws anything
        err = Console(stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=json_out or not err.is_terminal) as bar:
            task = bar.add_task("evaluating", total=None)
            result = run_suite(suite, cases, progress=lambda done, total, text: bar.update(
                task, completed=done, total=total, description=text))
    except AccordError as error:
        _fail(error)
    if json_out:
        _write(_json(result.to_dict()), None)
    else:
        from accord.report import terminal

        terminal.render_suite(result.to_dict(), Console())


@app.command("eval")
def evaluate(
    gold: Annotated[Optional[Path], typer.Argument(help="Gold records, JSON Lines in the SCHEMA.md format (- for standard input).",
                                                   show_default=False)] = None,
    pred: Annotated[Optional[Path], typer.Option("--pred", help="Predicted records (default: those in the database; - for standard input).")] = None,
    db: DbOption = None,
    suite: Annotated[Optional[Path], typer.Option(
        "--suite", help="Instead of GOLD: score every case of this evaluation folder (e.g. ../shared), each "
                        "ingested and extracted with its side file and scenario in a scratch database.")] = None,
    case: Annotated[Optional[list[str]], typer.Option(
        "--case", help="With --suite: only this case (repeatable), e.g. drc-rwanda-2025.")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Precision, recall and F1 of extraction records against gold, for each kind (or over every case, --suite)."""
    if (gold is None) == (suite is None):
        _usage("give either a GOLD file or --suite DIR" + (", not both" if gold else ""))
    if suite is not None and (pred is not None or db is not None):
        _usage("--suite scores each case in its own scratch database: --pred and --db do not apply")
    if case and suite is None:
        _usage("--case needs --suite")
    if gold is not None and pred is not None and str(gold) == str(pred) == "-":
        _usage("only one of GOLD and --pred can be read from standard input")
    if suite is not None:
        return _eval_suite(suite, case, json_out)
    from accord.extract.evaluate import read_records, score
    from accord.extract.records import load_records

    try:
        gold_records = read_records(gold)
        predicted = read_records(pred) if pred is not None else load_records(_store(db))
    except AccordError as error:
        _fail(error)
    scores = {name: value.to_dict() for name, value in score(gold_records, predicted).items()}
    if json_out:
        _write(_json(scores), None)
    else:
        from accord.report import terminal

        terminal.render_scores(scores, Console())


records_app = typer.Typer(help="Extraction records: list, accept, reject, correct, reset.", no_args_is_help=True)
app.add_typer(records_app, name="records")


@records_app.command("list")
def records_list(
    db: DbOption = None,
    kind: Annotated[Optional[str], typer.Option(help="actor, quote, event, stance, or a truce-violation claim, "
                                                     "denial or confirmation.")] = None,
    limit: LimitOption = 50,
    json_out: JsonList = False,
    nl: NlList = False,
    csv_out: CsvList = False,
) -> None:
    """Stored records with their full ids (give accept, reject, correct and reset an id or a prefix of it that
    names one record), corrections applied."""
    from accord.extract.records import load_records
    from accord.report import terminal
    from accord.tables import page

    fmt = _list_format(json_out, nl, csv_out)
    try:
        found = load_records(_store(db), kind)
    except AccordError as error:
        _fail(error)
    _list(page(found, limit), fmt, "records", lambda rows: terminal.records_table(rows))


def _review(record_id: str, action: str, db: str | None, fields: dict | None = None, note: str | None = None) -> None:
    from accord.api import review_record

    try:
        standing = review_record(_store(db), record_id, action, fields, note)
    except AccordError as error:
        _fail(error)
    corrected = ", ".join(f"{key}={value}" for key, value in standing["fields"].items())
    typer.echo(f"{action}ed record {standing['record']}".replace("eed", "ed")
               + (f" (corrected: {corrected})" if corrected else ""))


@records_app.command("accept")
def records_accept(record_id: Annotated[str, typer.Argument(help="The record's id, or a prefix of it that names one record.")], db: DbOption = None,
                   note: Annotated[Optional[str], typer.Option()] = None) -> None:
    """Confirm a record (it survives re-extraction)."""
    _review(record_id, "accept", db, note=note)


@records_app.command("reject")
def records_reject(record_id: Annotated[str, typer.Argument(help="The record's id, or a prefix of it that names one record.")], db: DbOption = None,
                   note: Annotated[Optional[str], typer.Option()] = None) -> None:
    """Reject a record: it is left out from then on, through re-extraction."""
    _review(record_id, "reject", db, note=note)


@records_app.command("correct")
def records_correct(record_id: Annotated[str, typer.Argument(help="The record's id, or a prefix of it that names one record.")],
                    changes: Annotated[list[str], typer.Argument(
                        help="field=value pairs, e.g. side=UKR option=land_swap (field= clears a field); checked "
                             "against the scenario the record was coded on.")],
                    db: DbOption = None, note: Annotated[Optional[str], typer.Option()] = None) -> None:
    """Correct a record's fields (the correction survives re-extraction); nothing is stored if a field or
    value is not one the record's kind and scenario allow."""
    fields = {}
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep or not key:
            typer.echo(f"{change}: expected field=value", err=True)
            raise typer.Exit(2)
        fields[key] = None if value in ("", "null") else value
    _review(record_id, "correct", db, fields, note)


@records_app.command("reset")
def records_reset(record_id: Annotated[str, typer.Argument(help="The record's id, or a prefix of it that names one record.")],
                  db: DbOption = None) -> None:
    """Undo every review of a record: it reads as extracted again."""
    from accord.extract.records import resolve_record_id, reset

    try:
        store = _store(db)
        record_id = resolve_record_id(store, record_id)
        undone = reset(store, record_id)
    except AccordError as error:
        _fail(error)
    typer.echo(f"reset record {record_id}" if undone else f"record {record_id} had no review to undo")


def _stance_tracks(db: str | None):
    from accord.extract.records import load_records
    from accord.extract.tracking import track_stances

    return track_stances(load_records(_store(db), "stance"))


def _date_option(value: str | None, name: str):
    from accord.api import parse_date

    try:
        return parse_date(value, name)
    except AccordError as error:
        _fail(error)


@app.command()
def stances(
    db: DbOption = None,
    side: Annotated[Optional[str], typer.Option(help="Only this side, e.g. RUS.")] = None,
    issue: Annotated[Optional[str], typer.Option(help="Only this issue.")] = None,
    shifts: Annotated[bool, typer.Option("--shifts", help="Only the shifts.")] = False,
    limit: LimitOption = 50,
    json_out: JsonList = False,
    nl: NlList = False,
    csv_out: CsvList = False,
) -> None:
    """Stance tracking: each side's dated stances on each issue (one track per side and issue), with shifts
    flagged; --shifts lists only the shifts."""
    from accord.report import terminal
    from accord.tables import page

    fmt = _list_format(json_out, nl, csv_out)
    try:
        tracks = [t for t in _stance_tracks(db) if (side is None or t.side == side) and (issue is None or t.issue == issue)]
    except AccordError as error:
        _fail(error)
    if shifts:
        _list(page([shift.to_dict() for t in tracks for shift in t.shifts], limit), fmt, "shifts",
              lambda rows: "\n".join(row["text"] for row in rows) or "no shifts")
        return
    _list(page([t.to_dict() for t in tracks], limit), fmt, "stance tracks", terminal.stance_tracks_table)


@app.command()
def draft(
    db: DbOption = None,
    scenario: Annotated[Optional[Path], typer.Option(help="The base scenario; without it a new one is drafted.")] = None,
    write: Annotated[Optional[Path], typer.Option("--write", help="Save the drafted scenario to this .toml file.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing --write file other than the base.")] = False,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Draft from the stored stances: changes to a scenario (--scenario), or a new scenario from the news.

    Each change or issue is printed with the sentences it rests on. --write saves the result, keeping a
    base's comments and layout."""
    from accord.scenario import load_scenario
    from accord.draft.changes import apply_checked, draft_changes

    _check_target(write, scenario, force)
    try:
        if scenario is not None:
            tracks = _stance_tracks(db)
            base = load_scenario(scenario)
            _check_coded_on(base, tracks)
            changes = draft_changes(base, tracks)
            drafted, refused = apply_checked(base, changes)
            lines = [line for c in changes for line in c.lines()] or ["no changes: the news agrees with the scenario"]
            lines += [f"x not applied: {change.text} ({why})" for change, why in refused]
            payload = [dict(c.to_dict(), applied=c.mark not in ("=", "!", "?") and all(c is not r for r, _ in refused))
                       for c in changes]
        else:
            from accord.draft.skeleton import draft_skeleton
            from accord.extract.records import load_records

            skeleton = draft_skeleton(load_records(_store(db)))
            drafted, lines, payload = skeleton.scenario, skeleton.lines(), skeleton.to_dict()
        if write is not None:
            _write_drafted(drafted, write, scenario)
    except AccordError as error:
        _fail(error)
    _write(_json(payload) if json_out else "\n".join(lines), None)
    if write is not None:
        typer.echo(f"wrote {write}", err=True)


def _check_target(target: Path | None, base: Path | None, force: bool) -> None:
    """A drafted scenario is written as TOML, and never over a file the analyst may have edited, unless asked."""
    if target is None:
        return
    if target.suffix.lower() != ".toml":
        typer.echo(f"{target}: --write takes a .toml file (a drafted scenario is written as TOML)", err=True)
        raise typer.Exit(2)
    same = base is not None and target.exists() and base.exists() and target.resolve() == base.resolve()
    if target.exists() and not (force or same):
        typer.echo(f"{target}: exists; pass --force to replace it, or write to another file", err=True)
        raise typer.Exit(2)


def _check_coded_on(base, tracks) -> None:
    """Changes to a base need stances coded on its issues; say how to get them when there are none."""
    issues = {i.id for i in base.issues}
    if not any(t.issue in issues for t in tracks):
        where = f"on other issues ({', '.join(sorted({t.issue for t in tracks})[:5])})" if tracks else \
            "on no scenario's issues"
        raise AccordError(Problem(base.scenario.id, None, None, f"the stored stances are coded {where}: "
                                  f"extract with this scenario first (accord extract --scenario FILE)"))


def _write_drafted(drafted, target: Path, base: Path | None) -> None:
    """Save a drafted scenario; drafted from a TOML base, the base's text is kept where nothing changed."""
    from accord.scenario.write import write_scenario

    if base is not None and base.suffix.lower() == ".toml":
        from accord.draft.toml_update import update_scenario_text
        from accord.scenario.write import write_atomically

        write_atomically(target, update_scenario_text(base.read_text(encoding="utf-8"), drafted))
        return
    write_scenario(drafted, target)


@app.command()
def changes(
    since: Annotated[str, typer.Option("--since", help="List what is new since this date (2025-08-18).")],
    db: DbOption = None,
    scenario: Annotated[Optional[Path], typer.Option(help="Scenario whose results are compared (default: bundled).")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What changed since a date: new events, new and shifted stances, and whether the results moved."""
    from accord.api import changes_since, open_scenario

    day = _date_option(since, "--since")
    try:
        found = changes_since(_store(db), open_scenario(scenario).scenario, day)
    except AccordError as error:
        _fail(error)
    _write(_json(found.to_dict()) if json_out else "\n".join(found.lines()), None)


@app.command()
def monitor(
    terms: Annotated[Optional[Path], typer.Argument(help="Agreement file (default: the bundled 2025 truces).")] = None,
    db: DbOption = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Count claims as new from this date (default: since the last run).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Claims against agreed terms: per day and side beside the 7 days before, each party's status, response
    clocks and release clauses; every figure a claim by its claimant. Exit 0: nothing new; 1: new claims
    since --since or the last run; 2: error."""
    from accord.api import monitor_agreements
    from accord.report.monitoring import monitoring_lines

    day = _date_option(since, "--since") if since else None
    try:
        found = monitor_agreements(_store(db), terms, day)
    except AccordError as error:
        _fail(error)
    text = _json(found.to_dict()) if json_out else "\n".join(
        monitoring_lines(found.reports, found.new, day.isoformat() if day else "the last run"))
    _write(text, None)
    raise typer.Exit(1 if found.new_count else 0)


@app.command()
def report(
    scenario: ScenarioArg = None,
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("report.html"),
    pair: Annotated[Optional[str], typer.Option(help="Two actors for the Pareto plot, e.g. USA,RUS.")] = None,
    runs: Annotated[int, typer.Option(min=0, help="Monte Carlo runs for the forecast plot.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed of the Monte Carlo runs.")] = 0,
    terms: Annotated[Optional[Path], typer.Option(help="Agreement file whose claims the report shows (default: the bundled 2025 truces).")] = None,
) -> None:
    """A self-contained HTML report (works offline): brief, plots, evidence, articles, and the claims against
    any agreement the news reports on."""
    _check_writable(out)
    from accord.analysis.dossier import build_dossier
    from accord.api import news_for_report, open_scenario
    from accord.report import html

    try:
        opened = open_scenario(scenario)
        news = news_for_report(db, terms)
        dossier = build_dossier(opened.scenario, pair=tuple(pair.split(",")) if pair else None, runs=runs,
                                seed=seed, conflict=opened.conflict, **news)
    except AccordError as error:
        _fail(error)
    _write(html.render(dossier), out)


class ExportKind(str, Enum):
    articles = "articles"
    records = "records"
    deals = "deals"
    forecasts = "forecasts"


@app.command("export")
def export(
    kind: Annotated[ExportKind, typer.Argument(help="articles, records, deals or forecasts.")],
    output: Annotated[Path, typer.Argument(help="A .jsonl, .csv or .parquet file, or - for standard output (with --format).")],
    db: DbOption = None,
    scenario: Annotated[Optional[Path], typer.Option(help="Scenario for deals and forecasts (default: bundled).")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="jsonl, csv or parquet.")] = None,
) -> None:
    """Export articles, extraction records, deals or forecasts as CSV, Parquet or JSON Lines."""
    from accord.tables import export_format, write_rows

    try:
        export_format(output, fmt)  # a bad target fails before the work
        if kind in (ExportKind.articles, ExportKind.records):
            if kind is ExportKind.articles:
                from accord.news.articles import articles_rows as rows_of
            else:
                from accord.extract.records import load_records as rows_of
            rows = rows_of(_store(db))
        else:
            from accord.analysis.tables import deals_rows, forecasts_rows
            from accord.api import open_scenario

            loaded = open_scenario(scenario).scenario
            rows = deals_rows(loaded) if kind is ExportKind.deals else forecasts_rows(loaded)
        count = write_rows(rows, output, fmt)
    except AccordError as error:
        _fail(error)
    typer.echo(f"wrote {count} {kind.value} row(s) to {_target(output)}", err=str(output) == "-")


def _check_port_free(host: str, port: int) -> None:
    """Fail with one line now if the address is taken, rather than with the server's own log later."""
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is free
            probe.bind((host, port))
    except OSError as error:
        typer.echo(f"accord serve: cannot listen on {host}:{port}: {error.strerror or error} "
                   f"(another server there? try --port {port + 1})", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(
    db: DbOption = None,
    scenarios: Annotated[Path, typer.Option(help="Folder of scenario files.")] = Path("scenarios"),
    terms: Annotated[Optional[Path], typer.Option(help="Agreement file for the Monitor page (default: the bundled 2025 truces).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8765,
    token: Annotated[Optional[str], typer.Option(help="Token required by every request (default: ACCORD_TOKEN, "
                                                      "or a new one when not on loopback).")] = None,
) -> None:
    """The local web dashboard: corpus, articles, scenarios with live what-if, timeline and stances."""
    import secrets

    import uvicorn

    from accord.web.app import create_app

    from accord.api import DEFAULT_DB, database_location, open_database

    try:
        if database_location(db) != DEFAULT_DB:  # a database named and missing is a mistake to say now
            open_database(db).engine.dispose()
    except AccordError as error:
        _fail(error)
    _check_port_free(host, port)
    token = token or os.environ.get("ACCORD_TOKEN")
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        token = secrets.token_urlsafe(24)
    where = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
    typer.echo(f"accord dashboard on {where}", err=True)
    # on all interfaces the Host header can be any of the machine's names; the token guards the door then
    hosts = ["*"] if host in ("0.0.0.0", "::") else [host]
    uvicorn.run(create_app(db, scenarios, token, hosts, terms), host=host, port=port, log_level="warning")


@app.command()
def actors(
    db: DbOption = None,
    unknown: Annotated[bool, typer.Option(help="Only the names the gazetteer does not know.")] = False,
    limit: LimitOption = 50,
    json_out: JsonList = False,
    nl: NlList = False,
    csv_out: CsvList = False,
) -> None:
    """The actors the articles name, known or not: side, kind, role, and in how many articles."""
    from accord.extract.records import actor_table, load_records
    from accord.report import terminal
    from accord.tables import page

    fmt = _list_format(json_out, nl, csv_out)
    try:
        rows = actor_table(load_records(_store(db), "actor"), unknown_only=unknown)
    except AccordError as error:
        _fail(error)
    _list(page(rows, limit), fmt, "actors", terminal.actors_table)


@app.command()
def timeline(db: DbOption = None, limit: LimitOption = 50, json_out: JsonList = False, nl: NlList = False,
             csv_out: CsvList = False) -> None:
    """Events merged across articles: date, type, sides, the sources that report it and where they disagree."""
    from accord.extract.records import load_records
    from accord.extract.timeline import merge_events
    from accord.report import terminal
    from accord.tables import page

    fmt = _list_format(json_out, nl, csv_out)
    try:
        rows = [event.to_dict() for event in merge_events(load_records(_store(db), "event"))]
    except AccordError as error:
        _fail(error)
    _list(page(rows, limit), fmt, "events", terminal.timeline_table)


def main() -> None:
    app(prog_name="accord")


if __name__ == "__main__":
    main()
