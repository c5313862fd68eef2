"""Render a :class:`~accord.analysis.Brief` for the terminal with rich. Rendering only: no analysis here."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.brief import Brief
from accord.analysis.deals import CorrectionSet
from accord.errors import one_line


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
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
            table.add_row(name, line.issue, line.ideal or "(utility table)", ", ".join(line.ruled_out) or "-",
                          end_section=line is lines[-1])
            first = False
    return table


def clash_table(brief: Brief) -> Table | Text:
    if not brief.clashes:
        return Text("No direct clashes: on every issue, every pair of actors shares an acceptable option.")
    names = _names(brief)
    table = _table("Direct clashes: acceptable sets that do not meet",
                   ("issue", "between", "first accepts", "second accepts"))
    for clash in brief.clashes:
        a, b = clash.actors
        table.add_row(clash.issue, f"{names[a]} / {names[b]}", ", ".join(clash.acceptable[0]),
                      ", ".join(clash.acceptable[1]))
    return table


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


def _utilities(brief: Brief, option_set: CorrectionSet) -> str:
    return "  ".join(f"{a} {u:.2f}{'' if option_set.deal.beats_no_deal[a] else '!'}"
                     for a, u in option_set.deal.utilities.items())


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
                    .append(f"cost {option_set.cost:,.0f}", style="dim"))
        rows.append(Text("   deal it opens: " + " · ".join(option_set.deal.options.values()), style="dim"))
        rows.append(Text("   utility: " + _utilities(brief, option_set), style="dim"))
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
    for n, option_set in enumerate(brief.closest, start=1):
        cells = [f"{u:.2f}" + ("" if option_set.deal.beats_no_deal[a] else " !")
                 for a, u in option_set.deal.utilities.items()]
        broken = option_set.text.removeprefix("breaks: ")
        table.add_row(str(n), f"{option_set.size} concession(s): {broken}" if option_set.size else broken, *cells)
    return table


def render(brief: Brief, console: Console) -> None:
    """Print the brief."""
    for part in (header(brief), red_line_table(brief), clash_table(brief), feasibility(brief),
                 correction_sets(brief), closest_table(brief)):
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
        title = "all deals" if report.scope == "all" else "feasible deals"
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
        deals = frontier.deals()
        for row in range(min(limit, len(frontier))):
            frontier_table.add_row(*[f"{v:.3f}" for v in frontier.utilities[row]],
                                   " · ".join(deals[row].options.values()))
        console.print(frontier_table)
        console.print()


def solutions_table(report, actors: list[str]) -> Table:
    """Issues and utilities down, the four solutions across."""
    table = Table(show_lines=False)
    table.add_column("")
    solutions = list(report.solutions.values())
    for solution in solutions:
        table.add_column(solution.name.replace("_", "-"))
    for issue in report.frontier.compiled.issue_ids:
        table.add_row(issue, *[s.deal.options[issue] if s.deal else "-" for s in solutions])
    table.add_section()
    for actor in actors:
        table.add_row(f"U({actor})", *[f"{s.deal.utilities[actor]:.3f}" if s.deal else "-" for s in solutions],
                      style="bold")
    return table


def forecast_table(result) -> Table:
    """Issues down, forecast models across: the nearest option and the point on 0-100."""
    table = Table(title="Forecasts (nearest option, point on the 0-100 scale)", title_justify="left")
    table.add_column("issue", style="cyan")
    for name in result.models:
        table.add_column(name)
    for i, issue in enumerate(result.issues):
        table.add_row(issue, *[f"{model[i].option} ({model[i].point:.1f})" if model[i].option else "no positions"
                               for model in result.models.values()])
    if result.eum_status:
        counts: dict[str, int] = {}
        for status in result.eum_status.values():
            counts[status] = counts.get(status, 0) + 1
        table.caption = "EUM (experimental), by issue: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return table


def render_monte_carlo(result, console: Console) -> None:
    """The Monte Carlo summary: feasibility probability, outcome spread, and how often red lines clash."""
    chance = "not computed (too many packages could become feasible)" if result.p_feasible is None \
        else f"[bold]{result.p_feasible:.1%}[/bold]"
    console.print(f"\n[bold]Monte Carlo[/bold]: {result.runs:,} runs (seed {result.seed}). "
                  f"Probability that a feasible deal exists: {chance}")
    table = _table("Compromise forecast under uncertainty", ("issue", "mean", "90% interval", "most likely option"))
    for dist in result.models["compromise"]:
        if not dist.options:
            table.add_row(dist.issue, "-", "-", "no positions")
            continue
        option, share = max(dist.options.items(), key=lambda kv: kv[1])
        table.add_row(dist.issue, f"{dist.mean:.1f}", f"{dist.quantiles['p05']:.1f} - {dist.quantiles['p95']:.1f}",
                      f"{option} ({share:.0%})")
    console.print(table)
    if result.clashes:
        clashes = Table(title="How often red lines clash", title_justify="left")
        for column in ("issue", "between", "share of runs"):
            clashes.add_column(column)
        for issue, a, b, share in result.clashes[:10]:
            clashes.add_row(issue, f"{a} / {b}", f"{share:.0%}")
        console.print(clashes)


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
        table.add_row(str(number), space.describe(k) + marker, *[str(int(v)) for v in space.score[:, k]],
                      *["E" if int(number) in equilibria[c] else "" for c in result.concepts])
    console.print(table)
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


def articles_table(rows: list[dict]) -> Table:
    table = Table(title=f"{len(rows)} article(s)", title_justify="left")
    for column in ("id", "doc", "published", "outlet", "title", "copy of"):
        table.add_column(column)
    for row in rows:
        copy = f"{row['duplicate_of']} ({row['duplicate_kind']})" if row["duplicate_of"] else ""
        language = "" if row["is_english"] else f" [{row['language']}]"
        table.add_row(str(row["id"]), row["doc_id"], f"{row['published'] or '-'} ({row['date_source'] or 'no date'})",
                      row["outlet"] or "-", (row["title"] or "-") + language, copy)
    return table


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
    return f"{record['source']} -> {record['target']} {record['type']} ({record.get('status')})"


def records_table(records: list[dict]) -> Table:
    table = _table("Records", ("id", "kind", "doc", "what", "conf.", "sources", "review"))
    for record in records:
        table.add_row(record["id"], record["kind"], record["doc"], Text(record_summary(record)),
                      f"{record.get('confidence', 0):.2f}", str(record.get("sources", 1)), record.get("review", ""))
    return table


def timeline_table(rows: list[dict]) -> Table:
    table = _table("Timeline", ("date", "event", "sides", "docs", "sources", "reports", "disagreements"))
    for row in rows:
        disagreements = "; ".join(f"{unit}: {' vs '.join(values)}" for unit, values in row["disagreements"].items())
        table.add_row(row["date"] or "undated", row["type"], " - ".join(row["sides"]), ", ".join(row["docs"]),
                      str(row["sources"]), str(row["reports"]), disagreements)
    return table


def actors_table(rows: list[dict]) -> Table:
    table = _table("Actors", ("name", "side", "kind", "role", "known", "articles", "mentions"))
    for row in rows:
        table.add_row(row["name"], row["side"] or "", row["kind"], row["role"] or "", "yes" if row["known"] else "no",
                      str(row["articles"]), str(row["mentions"]))
    return table


def stance_tracks_table(tracks: list[dict]) -> Table:
    table = _table("Stances over time", ("side", "issue", "date", "stance", "sources", "shift"))
    for track in tracks:
        shifted = {line.split(": ", 1)[1].split(" (")[0].split(" -> ")[1] for line in track["shifts"]}
        for step in track["steps"]:
            label = f"{step['polarity']} {step['option']}" if step["option"] else step["polarity"]
            table.add_row(track["side"], track["issue"], step["date"] or "undated", label, str(step["sources"]),
                          "shift" if label in shifted else "")
    return table
