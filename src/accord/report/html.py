"""The self-contained HTML report: one file, every script and style inline, readable offline, on a phone and on paper.

It renders a :class:`~accord.analysis.dossier.Dossier` and computes nothing. The page and its sections are
Jinja2 templates (``templates/``) with autoescaping on, so every piece of text that comes from a scenario or an
article is escaped in one place and an article holding ``<script>`` or an ``onerror=`` attribute stays inert;
only plotly's own fragments and text this module escaped itself are marked safe. Plots are plotly figures
drawn by the vendored plotly.js basic bundle (``vendor/``), inlined once. Everything names actors, issues and
options by their labels, never by their ids.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections import defaultdict
from functools import lru_cache
from importlib.resources import files

import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from accord.analysis.dossier import Dossier, labels_of
from accord.report.numbers import amount

CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d9dee4; --accent: #1f5f99; --bad: #b3261e; --good: #2e7d32; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line);
  padding-bottom: .2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; } .provenance td { overflow-wrap: anywhere; }
.plot, .plot > div { max-width: 100%; overflow: hidden; }
th { background: #f3f5f7; }
.scroll { overflow-x: auto; } .muted { color: var(--muted); } .bad { color: var(--bad); } .good { color: var(--good); }
.provenance td:first-child { width: 12rem; color: var(--muted); }
.plot { width: 100%; min-height: 320px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: .5rem; }
details { border: 1px solid var(--line); border-radius: 4px; padding: .3rem .6rem; margin: .4rem 0; }
summary { cursor: pointer; font-weight: 600; } mark { background: #fff2a8; }
nav { display: flex; flex-wrap: wrap; gap: .2rem .8rem; } nav a { white-space: nowrap; }
@media (max-width: 600px) { body { font-size: 15px; } th, td { padding: .3rem; } main { padding: .5rem; }
  .provenance td:first-child { width: 7rem; } }
@media print { nav, .noprint { display: none; } .plot { break-inside: avoid; } h2 { break-after: avoid; }
  details { border: none; } main { max-width: none; } }
.feasibility th[scope=row] { background: #fff; vertical-align: top; }
.ruled-0 { background: #ffffff; } .ruled-1 { background: #fbe3df; } .ruled-2 { background: #f4b8ae; }
.ruled-3 { background: #e57f70; } .swatch { padding: 0 .4rem; border: 1px solid var(--line); }
.evidence td { overflow-wrap: anywhere; }
"""

PRINT_SCRIPT = "window.addEventListener('beforeprint', () => document.querySelectorAll('details')" \
               ".forEach(d => d.open = true));"

PLOT_CONFIG = {"responsive": True, "displayModeBar": False}
SHADES = ["ruled-0", "ruled-1", "ruled-2", "ruled-3"]  # how many actors rule an option out: none, 1, 2, 3 or more
SOLUTION_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai-Smorodinsky", "utilitarian": "utilitarian",
                  "egalitarian": "egalitarian"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("accord.report", "templates"), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True, undefined=StrictUndefined)


def _parts():
    """The section macros of templates/parts.html.j2, callable from Python; each returns Markup."""
    return _environment().get_template("parts.html.j2").module


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The vendored plotly.js basic bundle (scatter, bar and pie), read from the package: no network."""
    return (files("accord.report") / "vendor" / "plotly-basic.min.js").read_text(encoding="utf-8")


def e(value) -> Markup:
    """Escaped text (None as an empty string), for callers that still build HTML by hand."""
    return escape("" if value is None else str(value))


def pe(value) -> str:
    """Text for inside a plot: plotly reads tags in it but does not decode &quot;, so quotes stay as they are
    (the figure's JSON is itself escaped by plotly)."""
    return html.escape("" if value is None else str(value), quote=False)


def wrapped(text: str, width: int = 18) -> str:
    """Plot text broken into lines of about ``width`` characters (plotly never wraps a label by itself).

    >>> wrapped("a land swap in Donbas")
    'a land swap in<br>Donbas'
    """
    lines = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(pe(line) for line in lines) or pe(text)


def _figure(fig: go.Figure, height: int = 340) -> Markup:
    # no plotly template: each would add about 7 kB to every figure; these few settings give the same look
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=50, b=10), template="none",
                      font=dict(size=12, color="#1d2733"), paper_bgcolor="white", plot_bgcolor="white")
    fig.update_xaxes(automargin=True, gridcolor="#e5e8eb", linecolor="#d9dee4", zerolinecolor="#d9dee4")
    fig.update_yaxes(automargin=True, gridcolor="#e5e8eb", linecolor="#d9dee4", zerolinecolor="#d9dee4")
    fragment = pio.to_html(fig, full_html=False, include_plotlyjs=False, config=PLOT_CONFIG)
    return Markup('<div class="plot">') + Markup(fragment) + Markup("</div>")  # plotly escapes its own JSON


def table(headers: list[str], rows: list[list], escaped: bool = False) -> Markup:
    """An HTML table; cells are escaped unless they are Markup. ``escaped=True`` is for older callers that escaped
    every cell themselves (the dashboard's pages, until they render from templates)."""
    return _parts().table(headers, [[Markup(c) for c in row] for row in rows] if escaped else rows)


def _labels(d) -> dict:
    """Names, titles and option labels of the dossier (empty for the dashboard's news-only stand-ins)."""
    return getattr(d, "labels", None) or {"actors": {}, "issues": {}, "options": {}}


def _option_label(labels: dict, issue: str, option: str | None) -> str:
    found = next((o["label"] for o in labels["options"].get(issue, []) if o["option"] == option), None)
    return found or option or ""


def _actor(labels: dict, actor: str) -> str:
    return labels["actors"].get(actor, actor)


def _issue(labels: dict, issue: str | None) -> str:
    return labels["issues"].get(issue, issue) if issue else ""


def provenance(d: Dossier) -> Markup:
    p = d.provenance
    return _parts().provenance([
        ["accord version", p["accord_version"]], ["scenario", f"{p['scenario_title']} ({p['scenario_id']})"],
        ["scenario hash (SHA-256)", p["scenario_hash"]], ["corpus cut-off", p["corpus_cutoff"] or "no corpus"],
        ["articles", p["articles"]], ["records", p["records"]], ["generated", p["generated"]]])


def _forecast_view(b, labels: dict) -> dict | None:
    if not b.forecasts:
        return None
    models = b.forecasts.models
    rows = []
    for issue in b.forecasts.issues:
        found = [next((f for f in models[m] if f.issue == issue), None) for m in models]
        rows.append((_issue(labels, issue), [(_option_label(labels, issue, f.option) if f else "",
                                              [_actor(labels, a) for a in f.outside_red_lines] if f else [])
                                             for f in found]))
    return {"models": list(models), "rows": rows}


def brief_section(d) -> Markup:
    """The brief: verdict, red lines, clashes, sticking points, closest deals, forecasts and stability; names and
    labels throughout. Reads only ``d.brief`` (the dashboard's comparison page passes a stand-in holding it)."""
    b = d.brief
    labels = labels_of(b.scenario)

    def options(issue: str, ids) -> str:
        return ", ".join(_option_label(labels, issue, o) for o in ids)

    view = {
        "feasible": len(b.feasible) if b.is_feasible else 0,
        "red_lines": [[_actor(labels, r.actor), _issue(labels, r.issue), _option_label(labels, r.issue, r.ideal),
                       options(r.issue, r.ruled_out)] for r in b.red_lines],
        "clashes": [[_issue(labels, c.issue), " and ".join(_actor(labels, a) for a in c.actors),
                     options(c.issue, c.acceptable[0]), options(c.issue, c.acceptable[1])] for c in b.clashes],
        "corrections": [(s.text, amount(s.cost)) for s in b.correction_sets],
        "closest": [s.text for s in b.closest],
        "forecasts": _forecast_view(b, labels),
        "stability": _stability_rows(b.stability)}
    return _parts().brief(view)


def _stability_rows(stability) -> list | None:
    if stability is None:
        return None
    space = stability.space
    names = {int(n): space.describe(k) for k, n in enumerate(space.numbers)}
    return [[concept, "; ".join(f"{n} ({_state_name(names.get(int(n), ''))})" for n in stability.equilibria(concept))
             or "none"]
            for concept in stability.concepts]


def _scale_axis(labels: dict, issue: str) -> dict:
    """A 0-100 axis whose ticks are the issue's options, named."""
    scale = labels["options"].get(issue, [])
    return dict(range=[-10, 110], tickvals=[o["point"] for o in scale], ticktext=[wrapped(o["label"]) for o in scale],
                zeroline=False, showgrid=True)


def position_maps(d: Dossier) -> Markup:
    """One map per issue: the options up the side, the actors across; shaded where an actor can accept the option,
    a bubble (sized by weight) at its ideal."""
    labels = _labels(d)
    by_issue = defaultdict(list)
    for row in d.positions:
        by_issue[row["issue"]].append(row)
    figures = [_position_map(labels, issue, rows) for issue, rows in by_issue.items()]
    return (Markup('<p class="muted">Each issue\'s options up the side, in scale order; shaded: the options an actor '
                   'can accept; a bubble: the option it wants, larger for more weight (capability times salience).'
                   '</p><div class="grid">') + Markup("").join(figures) + Markup("</div>"))


def _position_map(labels: dict, issue: str, rows: list[dict]) -> Markup:
    # the shapes set at once: plotly validates every shape again on each add_shape
    fig = go.Figure(layout=dict(shapes=[
        dict(type="rect", y0=point - 5, y1=point + 5, x0=k - 0.35, x1=k + 0.35, fillcolor="rgba(46,125,50,0.22)",
             line_width=0) for k, row in enumerate(rows) for point in row["acceptable"]]))
    placed = [(k, r) for k, r in enumerate(rows) if r["point"] is not None]
    largest = max((r["weight"] for _, r in placed), default=1) or 1
    fig.add_trace(go.Scatter(
        x=[k for k, _ in placed], y=[r["point"] for _, r in placed], mode="markers",
        marker=dict(size=[10 + 22 * (r["weight"] / largest) ** 0.5 for _, r in placed], color="#1f5f99",
                    opacity=0.8),
        hovertext=[pe(f"{_actor(labels, r['actor'])} wants {_option_label(labels, issue, r['ideal'])} "
                      f"(weight {amount(r['weight'])})") for _, r in placed], hoverinfo="text"))
    fig.update_layout(title=dict(text=wrapped(_issue(labels, issue), 40), font=dict(size=14)), showlegend=False,
                      xaxis=dict(tickvals=list(range(len(rows))), range=[-0.6, len(rows) - 0.4],
                                 ticktext=[wrapped(_actor(labels, r["actor"]), 9) for r in rows], showgrid=False,
                                 zeroline=False, tickangle=0, tickfont=dict(size=11)),  # not rotated: wrapped
                      yaxis=_scale_axis(labels, issue))
    return _figure(fig, 340)


def _shade(count: int) -> str:
    return SHADES[min(count, len(SHADES) - 1)]


def feasibility_matrix(d: Dossier) -> Markup:
    """Who rules out each option, as a table coloured by how many actors do."""
    labels = _labels(d)
    rows = defaultdict(list)
    for r in d.feasibility_matrix:
        rows[r["issue"]].append((_option_label(labels, r["issue"], r["option"]),
                                 [_actor(labels, a) for a in r["ruled_out_by"]], _shade(len(r["ruled_out_by"]))))
    shades = [(str(n) if n < len(SHADES) - 1 else f"{n} or more", css) for n, css in enumerate(SHADES)]
    return _parts().feasibility([(_issue(labels, issue), options) for issue, options in rows.items()], shades)


def bargaining_plot(d: Dossier) -> Markup:
    """The two actors' own frontier with their own solutions; the all-actor solutions (over all deals) in a
    table beside it, marked as ignoring red lines."""
    labels = _labels(d)
    a, b = (_actor(labels, x) for x in d.pair)
    fig = go.Figure(go.Scatter(x=[p[0] for p in d.frontier], y=[p[1] for p in d.frontier], mode="lines+markers",
                               name="Pareto frontier", line=dict(shape="hv", color="#5b6775")))
    at = defaultdict(list)  # solutions often coincide: one marker per point, naming them all
    for name, point in (getattr(d, "pair_solutions", None) or {}).items():
        if point is not None:
            at[tuple(point)].append(SOLUTION_NAMES.get(name, name))
    for point, names in at.items():
        fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=pe(", ".join(names)),
                                 marker=dict(size=13), hoverinfo="name+x+y"))
    fig.update_layout(title=dict(text=wrapped(f"Pareto frontier and bargaining solutions of {a} and {b}", 40),
                                 font=dict(size=14)),
                      legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
                      xaxis=dict(title=f"utility of {pe(a)}"), yaxis=dict(title=f"utility of {pe(b)}"))
    return _parts().bargaining(_solutions_view(d, labels, (a, b), _figure(fig, 420)))


def _solutions_view(d: Dossier, labels: dict, pair: tuple[str, str], plot: Markup) -> dict:
    solutions = [s for s in getattr(d, "all_solutions", []) if s["utilities"]]
    issues = list(solutions[0]["options"]) if solutions else []
    actors = list(solutions[0]["utilities"]) if solutions else []
    return {"plot": plot, "pair": pair,
            "solutions": [{"name": SOLUTION_NAMES.get(s["name"], s["name"]),
                           "breaks": ", ".join(_actor(labels, x) for x in s["outside_red_lines"]) or "none"}
                          for s in solutions],
            "options": [(_issue(labels, i), [_option_label(labels, i, s["options"][i]) for s in solutions])
                        for i in issues],
            "utilities": [(_actor(labels, x), [amount(s["utilities"][x], 2) for s in solutions]) for x in actors]}


def forecast_plot(d: Dossier) -> Markup:
    """The compromise forecast per issue, marked where it falls outside a red line; under uncertainty, the share
    of Monte Carlo runs on each option, one small bar chart per issue with the options named."""
    labels = _labels(d)
    forecasts = {f.issue: f for f in d.brief.forecasts.models.get("compromise", [])} if d.brief.forecasts else {}
    held = {dist["issue"]: dist for dist in d.distributions if dist["quantiles"]}
    rows = []
    for issue, f in forecasts.items():
        dist = held.get(issue)
        outside = ", ".join(_actor(labels, a) for a in f.outside_red_lines)
        rows.append([_issue(labels, issue), Markup("{}{}").format(
            _option_label(labels, issue, f.option), _parts().outside([outside] if outside else [])),
            _likeliest(labels, issue, dist), _interval(dist)])
    runs = d.brief.forecasts.uncertainty.runs if d.brief.forecasts and d.brief.forecasts.uncertainty else 0
    plots = [_shares_plot(labels, dist) for dist in held.values()]
    return _parts().forecasts({"rows": rows, "plots": plots, "runs": amount(runs) if held else ""})


def _likeliest(labels: dict, issue: str, dist: dict | None) -> str:
    if not dist:
        return "-"
    option, share = max(dist["options"].items(), key=lambda item: item[1])
    return f"{_option_label(labels, issue, option)} ({share:.0%})"


def _interval(dist: dict | None) -> str:
    if not dist:
        return "-"
    q = dist["quantiles"]
    return f"{amount(q['p05'], 1)} - {amount(q['p95'], 1)} (median {amount(q['p50'], 1)})"


def _shares_plot(labels: dict, dist: dict) -> Markup:
    issue = dist["issue"]
    names = [_option_label(labels, issue, o) for o in dist["options"]]
    fig = go.Figure(go.Bar(x=[100 * s for s in dist["options"].values()], y=[wrapped(n) for n in names],
                           orientation="h", marker_color="#1f5f99", hoverinfo="x",
                           hovertemplate="%{x:.0f}% of runs<extra></extra>"))
    fig.update_layout(title=dict(text=wrapped(_issue(labels, issue), 40), font=dict(size=14)),
                      xaxis=dict(title="% of runs", range=[0, 102], tickvals=[0, 25, 50, 75, 100]))  # options bottom up, as on the position maps
    return _figure(fig, 130 + 40 * len(names))


def stability_plot(d: Dossier) -> Markup:
    """The conflict's states on a circle, named, with the moves between them."""
    graph = d.stability
    if not graph:
        return Markup('<p class="muted">No conflict model for this scenario.</p>')
    count = len(graph["states"])
    place = {s["number"]: (math.cos(2 * math.pi * k / count), math.sin(2 * math.pi * k / count))
             for k, s in enumerate(graph["states"])}
    fig = go.Figure(layout=dict(annotations=[_arrow(place[m["from"]], place[m["to"]], m["improves"])
                                             for m in graph["moves"]]))  # at once, as with the shapes above
    states = graph["states"]
    colours = ["#2e7d32" if s["equilibrium"] else ("#e0a000" if s["status_quo"] else "#5b6775") for s in states]
    fig.add_trace(go.Scatter(
        x=[place[s["number"]][0] for s in states], y=[place[s["number"]][1] for s in states],
        mode="markers+text", text=[wrapped(f"{s['number']}: {_state_name(s['label'])}", 16) for s in states],
        textposition=[_outward(*place[s["number"]]) for s in states], cliponaxis=False,
        marker=dict(size=18, color=colours),
        hovertext=[pe(f"state {s['number']}: {s['label']}; equilibrium under {', '.join(s['equilibrium']) or 'none'}"
                      + ("; status quo" if s["status_quo"] else "")) for s in states], hoverinfo="text"))
    fig.update_layout(title=dict(text=wrapped("Conflict states and moves (green: equilibria, amber: status quo; "
                                              "blue arrows improve)", 40), font=dict(size=14)),
                      showlegend=False, xaxis=dict(visible=False, range=[-2.2, 2.2]),
                      yaxis=dict(visible=False, range=[-1.6, 1.6]))
    return _figure(fig, 480)


def _arrow(start: tuple[float, float], end: tuple[float, float], improves: bool) -> dict:
    """A move between two states: bold and blue where the mover gains by it."""
    return dict(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                showarrow=True, arrowhead=2, arrowwidth=1.6 if improves else 0.8, text="",
                arrowcolor="#1f5f99" if improves else "#b8c2cc", opacity=0.8)


def _state_name(label: str) -> str:
    """A state's options as words ("russia_meets, us_sanctions" reads "russia meets, us sanctions")."""
    return label.replace("_", " ")


def _outward(x: float, y: float) -> str:
    """Where a node's label goes so that it points away from the circle's centre."""
    vertical = "top" if y > 0.5 else "bottom" if y < -0.5 else "middle"
    horizontal = "right" if x > 0.3 else "left" if x < -0.3 else "center"
    return f"{vertical} {horizontal}" if vertical != "middle" or horizontal != "center" else "top center"


def timeline_plot(d) -> Markup:
    """Dated events by the sides involved; reads only ``d.timeline`` (and names, where the dossier has them)."""
    labels = _labels(d)
    dated = [row for row in d.timeline if row.get("date")]
    if not dated:
        return Markup('<p class="muted">No dated events.</p>')
    fig = go.Figure()
    for kind in sorted({row["type"] for row in dated}):
        rows = [r for r in dated if r["type"] == kind]
        fig.add_trace(go.Scatter(
            x=[r["date"] for r in rows], y=[wrapped(" - ".join(_actor(labels, s) for s in r["sides"]), 20)
                                            for r in rows],
            mode="markers", name=pe(kind), marker=dict(size=[8 + 4 * r["sources"] for r in rows]),
            hovertext=[pe(f"{kind}: {', '.join(r['docs'])}") for r in rows], hoverinfo="text"))
    fig.update_layout(title=dict(text="Timeline of events (size: independent sources)", font=dict(size=14)),
                      legend=dict(orientation="h", yanchor="top", y=-0.2, x=0),
                      xaxis=dict(type="date", tickformat="%d %b", nticks=5))
    return _figure(fig, 420)


def shifts_plot(d) -> Markup:
    """Dated stances, one row per side and issue; what each stance says is in its hover text, so labels never
    print over each other. Reads only ``d.tracks`` (and names, where the dossier has them)."""
    labels = _labels(d)
    points = [(t["side"], t["issue"], s) for t in d.tracks for s in t["steps"] if s["date"]]
    if not points:
        return Markup('<p class="muted">No dated stances.</p>')
    fig = go.Figure()
    for polarity in sorted({s["polarity"] for _, _, s in points}):
        chosen = [p for p in points if p[2]["polarity"] == polarity]
        fig.add_trace(go.Scatter(
            x=[s["date"] for _, _, s in chosen], mode="markers", name=pe(polarity), marker=dict(size=11),
            y=[wrapped(f"{_actor(labels, side)} · {_issue(labels, issue)}", 24) for side, issue, _ in chosen],
            hovertext=[pe(f"{polarity} {_option_label(labels, issue, s['option'])}") for _, issue, s in chosen],
            hoverinfo="text+x"))
    rows = len({(a, b) for a, b, _ in points})
    fig.update_layout(title=dict(text="Stances over time", font=dict(size=14)),
                      legend=dict(orientation="h", yanchor="top", y=-0.1, x=0),
                      xaxis=dict(type="date", tickformat="%d %b", nticks=5))
    return _figure(fig, 200 + 40 * rows)


def evidence_section(d: Dossier) -> Markup:
    """The stance and quote records, one collapsible group per issue (quotes together), each linked to its
    article."""
    labels = _labels(d)
    groups: dict[str, list] = defaultdict(list)
    for record in d.records:
        if record["kind"] == "stance":
            title = _issue(labels, record.get("issue")) or "Stances not tied to an issue"
            what = f"{_actor(labels, record['side'])} {record['polarity']} " \
                   f"{_option_label(labels, record.get('issue'), record.get('option'))}".strip()
        elif record["kind"] == "quote":
            title, what = "Quotes", f"{record['speaker']} ({_actor(labels, record['side'])})"
        else:
            continue
        article = d.articles.get(record["doc"], {})
        link = Markup('<a href="#article-{0}">{0}</a>').format(record["doc"])
        groups[title].append([record["kind"], what, article.get("outlet") or record.get("outlet") or "",
                              record.get("date") or article.get("published") or "", record["evidence"], link])
    headers = ["kind", "what", "outlet", "date", "sentence", "article"]
    return _parts().evidence([(title, headers, rows) for title, rows in groups.items()])


def marked(text: str, spans: list[tuple]) -> Markup:
    """The text escaped, with each (start, end[, kind]) span in a <mark> (of class kind); where spans overlap,
    the one that starts first (the longer, on a tie) is kept.

    >>> marked("a <b> c", [(2, 5)])
    Markup('a <mark>&lt;b&gt;</mark> c')
    """
    out, last = [], 0
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = span[0], span[1]
        if start < last or end > len(text):
            continue
        opening = Markup('<mark class="{}">').format(span[2]) if len(span) > 2 else Markup("<mark>")
        out += [escape(text[last:start]), opening, escape(text[start:end]), Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out).replace("\n", Markup("<br>"))


def articles_section(d: Dossier) -> Markup:
    spans = defaultdict(list)
    for record in d.records:
        if "start" in record and record["kind"] in ("stance", "quote", "event"):
            spans[record["doc"]].append((record["start"], record["end"]))
    return _parts().articles([(doc, a.get("title") or doc, a.get("outlet") or "", a.get("published") or "",
                               marked(a.get("text", ""), spans[doc])) for doc, a in d.articles.items()])


def _json_in_script(value) -> Markup:
    """JSON that cannot close its <script> element or open another."""
    data = json.dumps(value).replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(data)


def agreements_section(d) -> Markup:
    """The compliance timeline of each agreement the news makes claims about (:mod:`accord.report.compliance`)."""
    from accord.report.compliance import compliance_section  # it draws with this module's helpers

    intro = Markup('<p class="muted">') + e("What each side claims against the agreed terms. Every figure is a "
                                            "claim by its claimant, never a finding.") + Markup("</p>")
    return intro + Markup("").join(compliance_section(report) for report in d.monitoring)


def render(d: Dossier) -> str:
    """The report as one HTML document."""
    sections = [("provenance", "Provenance", provenance(d)), ("brief", "The brief", brief_section(d)),
                ("positions", "Positions", position_maps(d)), ("feasibility", "Feasibility", feasibility_matrix(d)),
                ("bargaining", "Pareto and Nash", bargaining_plot(d)), ("forecasts", "Forecasts", forecast_plot(d)),
                ("stability", "Conflict stability", stability_plot(d)),
                ("timeline", "Timeline", timeline_plot(d)), ("stances", "Stance shifts", shifts_plot(d)),
                *([("agreements", "Agreements and claims", agreements_section(d))] if d.monitoring else []),
                ("evidence", "Evidence", evidence_section(d)), ("articles", "Articles", articles_section(d))]
    return _environment().get_template("report.html.j2").render(
        title=f"accord report: {d.provenance['scenario_title']}", css=Markup(CSS), sections=sections,
        plotly_js=Markup(plotly_js()), provenance_json=_json_in_script(d.provenance),
        print_script=Markup(PRINT_SCRIPT))
