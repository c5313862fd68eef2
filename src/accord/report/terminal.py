"""Render a :class:`~accord.analysis.Brief` for the terminal with rich. Rendering only: no analysis here."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.errors import one_line
from accord.report.numbers import amount

if TYPE_CHECKING:  # annotations only: ``accord deals`` renders through this module without the brief's analyses
    from accord.analysis.briefing import Brief
    from accord.analysis.deals import Deal


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


_WORD = re.compile(r"\S+\s*|\s+")    # a word with the spaces after it
_PART = re.compile(r"[^_-]+[_-]*|[_-]+")  # a part of an id with the underscores or hyphens after it


class Wrapped:
    """Text that wraps at spaces and, for a word too long for its column, after underscores (or hyphens): a long
    id wraps part by part and is never cut.

    >>> Console(width=12, color_system=None).print(Wrapped("security_guarantees, us_sanctions"))
    security_
    guarantees,
    us_sanctions
    """

    def __init__(self, text: str | Text) -> None:
        self.text = Text(text) if isinstance(text, str) else text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        shortest = max((len(p) for line in lines for word in line.split() for p in _PART.findall(word)), default=0)
        return Measurement(shortest, max(len(line) for line in lines)).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.split("\n"):
            for part in line.divide(_breaks(line.plain, options.max_width)):
                part.rstrip()
                part.overflow = "fold"  # a part wider than the column still folds rather than being cut
                yield part


def _breaks(line: str, width: int) -> list[int]:
    """Offsets at which to break ``line`` to fit ``width``: at spaces, and after underscores or hyphens inside a long
    word."""
    offsets, start = [], 0
    for word in _WORD.finditer(line):
        if word.start() > start and word.start() + len(word.group().rstrip()) - start > width:
            offsets.append(start := word.start())
        if len(word.group().rstrip()) > width:  # too long for any line: split it after its underscores or hyphens
            for part in _PART.finditer(word.group().rstrip()):
                at, end = word.start() + part.start(), word.start() + part.end()
                if at > start and end - start > width:
                    offsets.append(start := at)
                core = at + len(part.group().rstrip("_-"))
                if core - start <= width < end - start:  # only its underscore overflows: carry it to the next line
                    offsets.append(start := core)
    return offsets


def _row(table: Table, *cells, **options) -> None:
    """Add a row whose text cells wrap after underscores too (see :class:`Wrapped`)."""
    table.add_row(*(Wrapped(c) if isinstance(c, (str, Text)) else c for c in cells), **options)


def _fold(table: Table) -> Table:
    """Fold what does not fit a column onto the next line, so no id is cut short with an ellipsis."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def _names(brief: Brief) -> dict[str, str]:
    return {a.id: a.name for a in brief.scenario.actors}


def header(brief: Brief) -> Panel:
    meta = brief.scenario.scenario
    lines = Text()
    lines.append(meta.title, style="bold")
    if meta.as_of:
        lines.append(f"  (evidence to {meta.as_of.isoformat()})", style="dim")
    lines.append(f"\n{len(brief.scenario.actors)} actors, {len(brief.scenario.issues)} issues, "
                 f"{brief.space_size:,} possible packages")
    return Panel(lines, title="accord brief", title_align="left")


def red_line_table(brief: Brief) -> Table:
    table = _table("Actors and their red lines", ("actor", "issue", "wants", "rules out"))
    table.columns[-1].style = "red"
    for actor in brief.scenario.actors:
        lines = [r for r in brief.red_lines if r.actor == actor.id]
        first = True
        for line in lines:
            if not line.ruled_out and line.ideal is None:
                continue
            name = f"{actor.name} ({actor.capability.value:g})" if first else ""
            _row(table, name, line.issue, line.ideal or "(utility table)", ", ".join(line.ruled_out) or "-",
                 end_section=line is lines[-1])
            first = False
    return _fold(table)


def clash_table(brief: Brief) -> Table | Text:
    if not brief.clashes:
        return Text("No direct clashes: on every issue, every pair of actors shares an acceptable option.")
    names = _names(brief)
    table = _table("Direct clashes: acceptable sets that do not meet",
                   ("issue", "between", "first accepts", "second accepts"))
    for clash in brief.clashes:
        a, b = clash.actors
        _row(table, clash.issue, f"{names[a]} / {names[b]}", ", ".join(clash.acceptable[0]),
             ", ".join(clash.acceptable[1]))
    return _fold(table)


def feasibility(brief: Brief) -> Text:
    text = Text()
    if brief.is_feasible:
        count = f"more than {len(brief.feasible) - 1:,}" if len(brief.feasible) > 1000 else f"{len(brief.feasible):,}"
        text.append(f"A deal is feasible: {count} package(s) satisfy every red line and condition "
                    "and beat no deal for everyone.", style="bold green")
        return text
    text.append("No deal is feasible", style="bold red")
    text.append(f": none of the {brief.space_size:,} packages satisfies every red line and condition "
                "while beating no deal for everyone.")
    names = _names(brief)
    if not brief.no_deal.conditions_allow_a_package:
        text.append("\nThe hard conditions contradict each other: no package satisfies them all.", style="yellow")
    elif brief.no_deal.everywhere:
        who = ", ".join(names[a] for a in brief.no_deal.everywhere)
        text.append(f"\nThe no-deal outcome blocks a deal: {who} prefer(s) no deal to every package the "
                    "conditions allow, so no concession on red lines can help.", style="yellow")
    elif brief.no_deal.within_red_lines:
        who = ", ".join(names[a] for a in brief.no_deal.within_red_lines)
        text.append(f"\nThe red lines leave some packages, but {who} prefer(s) no deal to all of them.",
                    style="yellow")
    return text


def _utilities(deal: Deal) -> str:
    return "  ".join(f"{a} {u:.2f}{'' if deal.beats_no_deal[a] else '!'}" for a, u in deal.utilities.items())


def correction_sets(brief: Brief) -> Group | Text:
    if brief.is_feasible:
        return Text("")
    if not brief.correction_sets:
        return Text("No set of concessions on red lines opens a deal (see the no-deal note above).", style="yellow")
    order = " · ".join(i.id for i in brief.scenario.issues)
    rows = [Text("Cheapest ways to open a deal (minimal sets of concessions, by cost):", style="bold"),
            Text(f"(deals list one option per issue: {order})", style="dim")]
    for n, option_set in enumerate(brief.correction_sets, start=1):
        rows.append(Text(f"{n}. {option_set.text[0].upper()}{option_set.text[1:]}.  ", style="")
                    .append(f"cost {amount(option_set.cost)}", style="dim"))
        rows.append(Text("   deal it opens: " + " · ".join(option_set.deal.options.values()), style="dim"))
        rows.append(Text("   utility: " + _utilities(option_set.deal), style="dim"))
    return Group(*rows)


def closest_table(brief: Brief) -> Table | Text:
    if brief.is_feasible or not brief.closest:
        return Text("")
    table = Table(title="Closest deals (fewest, then cheapest, red lines broken; ! = would rather have no deal)",
                  title_justify="left", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("breaks")
    for actor in brief.scenario.actors:
        table.add_column(actor.id, justify="right")
    _fold(table)
    for n, option_set in enumerate(brief.closest, start=1):
        cells = [f"{u:.2f}" + ("" if option_set.deal.beats_no_deal[a] else " !")
                 for a, u in option_set.deal.utilities.items()]
        broken = option_set.text.removeprefix("breaks: ")
        _row(table, str(n), f"{option_set.size} concession(s): {broken}" if option_set.size else broken, *cells)
    return table


def _label(brief: Brief, issue: str, option: str) -> str:
    return next(o.label for o in brief.scenario.issue(issue).options if o.id == option)


def deal_grid(brief: Brief, options: dict[str, str], number: str = "") -> Table:
    """Issue titles beside option labels, one issue a row; both wrap, neither is cut."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(style="dim", overflow="fold")
    grid.add_column(overflow="fold")
    for issue, option in options.items():
        grid.add_row(number, brief.scenario.issue(issue).title + ":", _label(brief, issue, option))
        number = ""
    return grid


def _utility_line(deal: Deal) -> Text:
    return Text("    " + _utilities(deal), style="dim")


def best_deals(brief: Brief) -> Group:
    """The best feasible deals: the first in full, each next one by what it changes."""
    deals = brief.best_deals
    rows: list = [Text("Feasible deals, best first by utility sum"
                       + (" (from 2 on, what differs from 1)" if len(deals) > 1 else "") + ":", style="bold"),
                  Text("(utilities below each; ! = would rather have no deal)", style="dim")]
    for n, deal in enumerate(deals, start=1):
        rows += [deal_grid(brief, deal.options if n == 1 else deal.changes_from(deals[0]), f"{n}."),
                 _utility_line(deal)]
    more = len(brief.feasible) - len(deals)
    if more > 0:
        rows.append(Text(f"    and {'more than ' if len(brief.feasible) > 1000 else ''}"
                         f"{min(more, 1000 - len(deals)):,} more: --top N shows more, --json lists them", style="dim"))
    return Group(*rows)


def cheapest_opening(brief: Brief) -> Group | Text:
    """The cheapest set of concessions that opens a deal, and the deal it opens."""
    if not brief.correction_sets:
        return Text("No set of concessions on red lines opens a deal (see the no-deal note above).", style="yellow")
    first = brief.correction_sets[0]
    return Group(Text(f"Cheapest way to open a deal (cost {amount(first.cost)}; "
                      f"{len(brief.correction_sets)} ways with --full):", style="bold"),
                 Text(f"{first.text[0].upper()}{first.text[1:]}."),
                 Text("The deal it opens (utilities below; ! = would rather have no deal):", style="bold"),
                 deal_grid(brief, first.deal.options), _utility_line(first.deal))


def forecast_headline(brief: Brief) -> Text:
    """Where the compromise model says the talks land, against the red lines; the Monte Carlo chance of a deal."""
    forecasts = brief.forecasts
    names = _names(brief)
    model = forecasts.models["compromise"]
    outside = [f for f in model if f.outside_red_lines]
    text = Text("Forecast (compromise model): ", style="bold")
    if not outside:
        text.append("every issue lands on an option inside every red line.")
    else:
        text.append(f"outside a red line on {len(outside)} of {len(model)} issues: ")
        text.append("; ".join(f"{brief.scenario.issue(f.issue).title}: {_label(brief, f.issue, f.option)} "
                              f"(ruled out by {', '.join(names[a] for a in f.outside_red_lines)})" for f in outside)
                    + ".")
    mc = forecasts.uncertainty
    if mc and mc.p_feasible is not None:
        text.append(f"\nMonte Carlo: a feasible deal exists in {mc.p_feasible:.1%} of {mc.runs:,} runs.")
    return text


def summary(brief: Brief) -> list:
    """The one-screen summary: verdict, the deals or the cheapest way to one, the forecast headline."""
    parts = [header(brief), feasibility(brief), best_deals(brief) if brief.is_feasible else cheapest_opening(brief)]
    return parts + ([forecast_headline(brief)] if brief.forecasts else [])


def render(brief: Brief, console: Console, full: bool = False) -> None:
    """Print the brief: the one-screen summary, and with ``full`` every section after it."""
    for part in summary(brief):
        console.print(part)
        console.print()
    if not full:
        console.print(Text("--full: red lines, clashes, concession sets, closest deals, forecasts, stability",
                           style="dim"))
        return
    console.rule("In full")
    for part in (red_line_table(brief), clash_table(brief), correction_sets(brief), closest_table(brief)):
        console.print(part)
        console.print()
    if brief.forecasts:
        console.print(forecast_table(brief.forecasts))
        if brief.forecasts.uncertainty:
            render_monte_carlo(brief.forecasts.uncertainty, console)
        console.print()
    if brief.stability:
        console.print(Text("Conflict stability", style="bold"))
        render_stability(brief.stability, console)


def render_bargaining(reports: list, console: Console, limit: int = 10) -> None:
    """Print the frontier and bargaining solutions of each scope (``BargainingReport`` objects)."""
    for report in reports:
        frontier = report.frontier
        actors = list(frontier.compiled.actor_ids)
        title = "feasible deals" if report.constrained else "all deals (ignores red lines and the no-deal test)"
        console.print(f"[bold]Over {title}[/bold]: {len(frontier):,} Pareto-optimal deal(s) "
                      f"({frontier.method}{'' if frontier.exact else ', approximate'})")
        if not len(frontier):
            console.print("  none: there is no deal in this scope\n")
            continue
        console.print(solutions_table(report, actors))
        frontier_table = Table(title=f"Pareto frontier (the {min(limit, len(frontier))} with the highest utility sum)",
                               title_justify="left")
        for actor in actors:
            frontier_table.add_column(actor, justify="right")
        frontier_table.add_column("deal")
        _fold(frontier_table)
        deals = frontier.deals()
        for row in range(min(limit, len(frontier))):
            _row(frontier_table, *[f"{v:.3f}" for v in frontier.utilities[row]],
                 " · ".join(deals[row].options.values()))
        console.print(frontier_table)
        console.print()


def solutions_table(report, actors: list[str]) -> Table:
    """Issues and utilities down, the four solutions across."""
    table = Table(show_lines=False)
    table.add_column("")
    solutions = list(report.solutions.values())
    for solution in solutions:
        table.add_column(Wrapped(solution.name.replace("_", "-")))
    for issue in report.frontier.compiled.issue_ids:
        _row(table, issue, *[s.deal.options[issue] if s.deal else "-" for s in solutions])
    table.add_section()
    for actor in actors:
        _row(table, f"U({actor})", *[f"{s.deal.utilities[actor]:.3f}" if s.deal else "-" for s in solutions],
             style="bold")
    if not report.constrained:
        table.add_section()
        _row(table, "breaks red lines of", *[", ".join(s.outside_red_lines) or "none" for s in solutions],
             style="red")
    return _fold(table)


def forecast_table(result) -> Table:
    """Issues down, forecast models across: the nearest option, the point on 0-100, and whose red lines it breaks."""
    table = Table(title="Forecasts (nearest option, point on the 0-100 scale; ✗ = outside these actors' red lines)",
                  title_justify="left", caption_justify="left")
    table.add_column("issue", style="cyan")
    for name in result.models:
        table.add_column(name.replace(" (experimental)", "*"))  # "(experimental)" would not fit 80 columns
    for i, issue in enumerate(result.issues):
        _row(table, issue, *[_forecast_cell(model[i]) for model in result.models.values()])
    if result.eum_status:
        counts: dict[str, int] = {}
        for status in result.eum_status.values():
            counts[status] = counts.get(status, 0) + 1
        table.caption = "* EUM (experimental), by issue: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return _fold(table)


def _forecast_cell(forecast) -> Text:
    if not forecast.option:
        return Text("no positions")
    cell = Text(f"{forecast.option} ({forecast.point:.1f})")
    if forecast.outside_red_lines:
        cell.append(f"\n✗ {', '.join(forecast.outside_red_lines)}", style="red")
    return cell


def render_monte_carlo(result, console: Console) -> None:
    """The Monte Carlo summary: feasibility probability, outcome spread, and how often red lines clash."""
    chance = "not computed (too many packages could become feasible)" if result.p_feasible is None \
        else f"[bold]{result.p_feasible:.1%}[/bold]"
    console.print(f"\n[bold]Monte Carlo[/bold]: {result.runs:,} runs (seed {result.seed}). "
                  f"Probability that a feasible deal exists: {chance}")
    table = _table("Compromise forecast under uncertainty", ("issue", "mean", "90% interval", "most likely option"))
    for dist in result.models["compromise"]:
        if not dist.options:
            _row(table, dist.issue, "-", "-", "no positions")
            continue
        option, share = max(dist.options.items(), key=lambda kv: kv[1])
        _row(table, dist.issue, f"{dist.mean:.1f}", f"{dist.quantiles['p05']:.1f} - {dist.quantiles['p95']:.1f}",
             f"{option} ({share:.0%})")
    console.print(_fold(table))
    if result.clashes:
        clashes = Table(title="How often red lines clash", title_justify="left")
        for column in ("issue", "between", "share of runs"):
            clashes.add_column(column)
        for issue, a, b, share in result.clashes[:10]:
            _row(clashes, issue, f"{a} / {b}", f"{share:.0%}")
        console.print(_fold(clashes))


def render_stability(result, console: Console) -> None:
    """States, their stability under each concept, the equilibria and the paths from the status quo."""
    space = result.space
    console.print(f"[bold]{space.model.model.title}[/bold]")
    table = Table(title="States (scores: higher is preferred; E = equilibrium)", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("options taken")
    for dm in space.model.decision_makers:
        table.add_column(dm.id, justify="right")
    for concept in result.concepts:
        table.add_column(concept.upper(), justify="center")
    equilibria = {c: set(result.equilibria(c)) for c in result.concepts}
    for k, number in enumerate(space.numbers):
        marker = " (status quo)" if k == result.status_quo else ""
        _row(table, str(number), space.describe(k) + marker, *[str(int(v)) for v in space.score[:, k]],
             *["E" if int(number) in equilibria[c] else "" for c in result.concepts])
    console.print(_fold(table))
    for state, path in result.paths.items():
        if not path:
            continue
        steps = "; ".join(f"{mover} moves {int(space.numbers[a])} -> {int(space.numbers[b])}" for mover, a, b in path)
        console.print(f"  to state {int(space.numbers[state])} ({space.describe(state)}): {steps}")


def render_ingest(summary, console: Console) -> None:
    """The closing summary of an ingest run."""
    table = Table(title=f"Ingest run {summary.run_id}", title_justify="left")
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("documents read", str(summary.read))
    table.add_row("stories stored", str(summary.stored))
    table.add_row("  of which copies", str(summary.duplicates) + (
        " (" + ", ".join(f"{n} {k}" for k, n in sorted(summary.kinds.items())) + ")" if summary.kinds else ""))
    table.add_row("already stored", str(summary.already))
    table.add_row("skipped", str(summary.skipped))
    for reason, count in summary.reasons.most_common():
        table.add_row(f"  {reason}", str(count))
    console.print(table)
    for skip in summary.skips[:20]:
        console.print(f"  skipped {skip}", style="yellow", highlight=False, markup=False, soft_wrap=True)


def _list_table(title: str, columns: tuple[str, ...], whole: tuple[str, ...] = ()) -> Table:
    """A list command's table: text too long for its column folds onto the next line, never cut; the ``whole``
    columns (ids) do not wrap at all (see :func:`_keep_whole`)."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in whole)
    return table


def _keep_whole(table: Table) -> Table:
    """Give each column that does not wrap the width of its widest cell, so that on a narrow terminal the
    other columns wrap and no id is cut."""
    for column in table.columns:
        if column.no_wrap:
            widths = [c.cell_len if isinstance(c, Text) else Text(str(c)).cell_len for c in column.cells]
            column.min_width = max(widths + [Text(str(column.header)).cell_len])
    return table


def articles_table(rows: list[dict]) -> Table:
    table = _list_table(f"{len(rows)} article(s)", ("id", "doc", "published", "outlet", "title", "copy of"),
                        whole=("id",))
    for row in rows:
        copy = f"{row['duplicate_of']} ({row['duplicate_kind']})" if row["duplicate_of"] else ""
        language = "" if row["is_english"] else f" [{row['language']}]"
        table.add_row(str(row["id"]), row["doc_id"], f"{row['published'] or '-'} ({row['date_source'] or 'no date'})",
                      row["outlet"] or "-", (row["title"] or "-") + language, copy)
    return _keep_whole(table)


def render_article(article: dict, console: Console) -> None:
    console.print(one_line(article["title"] or article["doc_id"]), style="bold", markup=False)
    console.print(one_line(f"{article['outlet'] or 'unknown outlet'} · {article['published'] or 'no date'} "
                           f"({article['date_source'] or '-'}) · {article['source']}"), highlight=False, markup=False)
    if article["duplicate_of"]:
        console.print(f"copy ({article['duplicate_kind']}, {article['similarity']}) of article {article['duplicate_of']}")
    console.print()
    console.print(article["clean_text"], highlight=False)
    console.print(f"\n{len(article['sentences'])} sentences", style="dim")


def render_counts(title: str, counts: dict[str, int], console: Console) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("")
    table.add_column("count", justify="right")
    for name, value in counts.items():
        table.add_row(name, str(value))
    console.print(table)


def render_scores(scores: dict[str, dict], console: Console) -> None:
    table = Table(title="Extraction against gold", title_justify="left")
    for column in ("kind", "precision", "recall", "F1", "found", "predicted", "gold"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for name, value in scores.items():
        table.add_row(name, f"{value['precision']:.3f}", f"{value['recall']:.3f}", f"{value['f1']:.3f}",
                      str(value["true_positives"]), str(value["predicted"]), str(value["gold"]))
    console.print(table)


def _figure(value: dict) -> Text:
    """An F1 in bold over its precision and recall."""
    def short(x: float) -> str:
        return f"{x:.2f}".removeprefix("0")

    cell = Text(f"{value['f1']:.2f}", style="bold")
    cell.append(f"\nP {short(value['precision'])} R {short(value['recall'])}", style="dim")
    return cell


def _worst(value: dict) -> Text:
    """The lowest F1 of a kind over the cases, and which case it is (its precision and recall are in its row)."""
    cell = Text(f"{value['f1']:.2f}", style="bold", overflow="fold")
    cell.append(f"\n{value['case']}", style="dim")
    return cell


def render_suite(result: dict, console: Console) -> None:
    """The evaluation suite (``accord.suite.SuiteResult.to_dict()``): one row per case, the macro average, the worst."""
    kinds = result["kinds"]
    table = Table(title="Extraction against gold, every case (F1; precision and recall below)", title_justify="left",
                  caption=f"macro average: the mean over the cases; worst: {result['worst_rule']}",
                  caption_justify="left")
    table.add_column("case", no_wrap=True)
    for kind in kinds:
        table.add_column(kind, justify="right")
    for case in result["cases"]:
        table.add_row(Text(f"{case['name']}\n{case['articles']} article{'s' * (case['articles'] != 1)}",
                           no_wrap=True),
                      *(_figure(case["scores"][k]) for k in kinds))
    table.add_section()
    table.add_row(Text("macro average", style="bold"), *(_figure(result["macro"][k]) for k in kinds))
    table.add_row(Text("worst", style="bold"), *(_worst(result["worst"][k]) for k in kinds))
    console.print(table)
    for skipped in result["skipped"]:
        console.print(Text(one_line(f"skipped {skipped['name']}: {skipped['reason']}"), style="dim"))


def record_summary(record: dict) -> str:
    if record["kind"] == "actor":
        return f"{record['name']} ({record['side'] or 'side unknown'}), {record['mentions']} mention(s)"
    if record["kind"] == "quote":
        return f"{record['speaker']} ({record['side']}): {record['text']}"
    if record["kind"] == "stance":
        option = f" {record['option']}" if record.get("option") else ""
        about = record["issue"] if record.get("issue") else f"“{record.get('phrase') or '?'}” (no issue)"
        return f"{record['holder']} ({record['side']}) {record['polarity']} {about}{option}"
    if record["kind"] in ("claim", "denial", "confirmation"):
        from accord.report.monitoring import claim_period, claim_text  # the agreement model: only claims need it

        return f"{claim_text(record)} ({claim_period(record)})"
    return f"{record['source']} -> {record['target']} {record['type']} ({record.get('status')})"


def records_table(records: list[dict]) -> Table:
    table = _list_table("Records", ("id", "kind", "doc", "what", "conf.", "sources", "review"), whole=("id",))
    for record in records:
        table.add_row(record["id"], record["kind"], record["doc"], Text(record_summary(record)),
                      f"{record.get('confidence', 0):.2f}", str(record.get("sources", 1)), record.get("review", ""))
    return _keep_whole(table)


def timeline_table(rows: list[dict]) -> Table:
    table = _list_table("Timeline", ("date", "event", "sides", "docs", "sources", "reports", "disagreements"),
                        whole=("date", "event"))
    for row in rows:
        disagreements = "; ".join(f"{unit}: {' vs '.join(values)}" for unit, values in row["disagreements"].items())
        table.add_row(row["date"] or "undated", row["type"], " - ".join(row["sides"]), ", ".join(row["docs"]),
                      str(row["sources"]), str(row["reports"]), disagreements)
    return _keep_whole(table)


def actors_table(rows: list[dict]) -> Table:
    table = _list_table("Actors", ("name", "side", "kind", "role", "known", "articles", "mentions"), whole=("side",))
    for row in rows:
        table.add_row(row["name"], row["side"] or "", row["kind"], row["role"] or "", "yes" if row["known"] else "no",
                      str(row["articles"]), str(row["mentions"]))
    return _keep_whole(table)


def stance_tracks_table(tracks: list[dict]) -> Table:
    table = _list_table("Stances over time", ("side", "issue", "date", "stance", "sources", "shift"),
                        whole=("side", "issue", "date"))
    for track in tracks:
        shifted = {line.split(": ", 1)[1].split(" (")[0].split(" -> ")[1] for line in track["shifts"]}
        for step in track["steps"]:
            label = f"{step['polarity']} {step['option']}" if step["option"] else step["polarity"]
            table.add_row(track["side"], track["issue"] or "", step["date"] or "undated", label, str(step["sources"]),
                          "shift" if label in shifted else "")
    return _keep_whole(table)
