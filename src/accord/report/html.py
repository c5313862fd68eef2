"""The self-contained HTML report: one file, every script and style inline, readable offline, on a phone and on paper.

It renders a :class:`~accord.analysis.dossier.Dossier` and computes nothing.
Every piece of text that comes from a scenario or an article is escaped, so
an article holding ``<script>`` or an ``onerror=`` attribute stays inert.
Plots are plotly figures with plotly.js inlined once.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from accord.analysis.dossier import Dossier

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
"""

PRINT_SCRIPT = "window.addEventListener('beforeprint', () => document.querySelectorAll('details')" \
               ".forEach(d => d.open = true));"


def e(value) -> str:
    """Escaped text (None as an empty string)."""
    return html.escape("" if value is None else str(value), quote=True)


def pe(value) -> str:
    """Text for inside a plot: plotly reads tags in it but does not decode &quot;, so quotes stay as they are
    (the figure's JSON is itself escaped by plotly)."""
    return html.escape("" if value is None else str(value), quote=False)


def _figure(fig: go.Figure, height: int = 340) -> str:
    fig.update_layout(height=height, margin=dict(l=40, r=20, t=40, b=40), template="plotly_white",
                      font=dict(size=12))
    return '<div class="plot">' + pio.to_html(fig, full_html=False, include_plotlyjs=False,
                                              config={"responsive": True, "displayModeBar": False}) + "</div>"


def table(headers: list[str], rows: list[list[str]], escaped: bool = False) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if escaped else e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def provenance(d: Dossier) -> str:
    p = d.provenance
    rows = [["accord version", p["accord_version"]], ["scenario", f"{p['scenario_title']} ({p['scenario_id']})"],
            ["scenario hash (SHA-256)", p["scenario_hash"]], ["corpus cut-off", p["corpus_cutoff"] or "no corpus"],
            ["articles", p["articles"]], ["records", p["records"]], ["generated", p["generated"]]]
    return '<table class="provenance">' + "".join(f"<tr><td>{e(a)}</td><td>{e(b)}</td></tr>" for a, b in rows) + \
        "</table>"


def brief_section(d: Dossier) -> str:
    b = d.brief
    parts = []
    if b.is_feasible:
        parts.append(f'<p class="good">{len(b.feasible)} deal(s) pass every red line and beat no deal.</p>')
    else:
        parts.append('<p class="bad">No package passes every red line and beats no deal for everyone.</p>')
    parts.append("<h3>Red lines</h3>" + table(["actor", "issue", "wants", "rules out"], [
        [r.actor, r.issue, r.ideal or "", ", ".join(r.ruled_out)] for r in b.red_lines]))
    if b.clashes:
        parts.append("<h3>Direct clashes</h3>" + table(["issue", "between", "first accepts", "second accepts"], [
            [c.issue, " and ".join(c.actors), ", ".join(c.acceptable[0]), ", ".join(c.acceptable[1])]
            for c in b.clashes]))
    if b.correction_sets:
        parts.append("<h3>Sticking points: the cheapest concessions that open a deal</h3><ol>" + "".join(
            f"<li>{e(s.text)} <span class='muted'>(cost {s.cost:.2f})</span></li>" for s in b.correction_sets)
            + "</ol>")
    if b.closest:
        parts.append("<h3>Closest deals</h3><ol>" + "".join(f"<li>{e(s.text)}</li>" for s in b.closest) + "</ol>")
    if b.forecasts:
        models = b.forecasts.models
        names = list(models)
        rows = [[issue] + [next((f.option or "" for f in models[m] if f.issue == issue), "") for m in names]
                for issue in b.forecasts.issues]
        parts.append("<h3>Forecasts</h3>" + table(["issue", *names], rows))
    if b.stability is not None:
        equilibria = {c: b.stability.equilibria(c) for c in b.stability.concepts}
        parts.append("<h3>Conflict stability</h3>" + table(["concept", "equilibrium states"], [
            [c, ", ".join(map(str, states)) or "none"] for c, states in equilibria.items()]))
    return "".join(parts)


def position_maps(d: Dossier) -> str:
    by_issue = defaultdict(list)
    for row in d.positions:
        by_issue[row["issue"]].append(row)
    figures = []
    for issue, rows in by_issue.items():
        fig = go.Figure()
        for k, row in enumerate(rows):
            for point in row["acceptable"]:
                fig.add_shape(type="rect", x0=point - 4, x1=point + 4, y0=k - 0.35, y1=k + 0.35,
                              fillcolor="rgba(46,125,50,0.18)", line_width=0)
        placed = [r for r in rows if r["point"] is not None]
        largest = max((r["weight"] for r in placed), default=1) or 1
        fig.add_trace(go.Scatter(
            x=[r["point"] for r in placed], y=[rows.index(r) for r in placed], mode="markers+text",
            text=[pe(r["actor"]) for r in placed], textposition="top center",
            marker=dict(size=[12 + 30 * (r["weight"] / largest) ** 0.5 for r in placed], color="#1f5f99",
                        opacity=0.8),
            hovertext=[pe(f"{r['actor']}: ideal {r['ideal']}, weight {r['weight']:.0f}") for r in placed],
            hoverinfo="text"))
        fig.update_layout(title=pe(issue), showlegend=False,
                          xaxis=dict(range=[-8, 108], title="option scale (shaded: acceptable)"),
                          yaxis=dict(tickvals=list(range(len(rows))), ticktext=[pe(r["actor"]) for r in rows]))
        figures.append(_figure(fig, 120 + 45 * len(rows)))
    return '<div class="grid">' + "".join(figures) + "</div>"


def feasibility_matrix(d: Dossier) -> str:
    issues = list(dict.fromkeys(r["issue"] for r in d.feasibility_matrix))
    width = max(sum(1 for r in d.feasibility_matrix if r["issue"] == i) for i in issues)
    z, text = [], []
    for issue in issues:
        row = [r for r in d.feasibility_matrix if r["issue"] == issue]
        z.append([len(r["ruled_out_by"]) for r in row] + [None] * (width - len(row)))
        text.append([pe(f"{r['option']}: " + (", ".join(r["ruled_out_by"]) or "acceptable to all")) for r in row]
                    + [""] * (width - len(row)))
    fig = go.Figure(go.Heatmap(z=z, text=text, hoverinfo="text", texttemplate="%{text}", colorscale="Reds",
                               zmin=0, showscale=True, colorbar=dict(title="actors ruling out")))
    fig.update_layout(title="Feasibility matrix: who rules out each option", yaxis=dict(
        tickvals=list(range(len(issues))), ticktext=[pe(i) for i in issues], autorange="reversed"),
        xaxis=dict(title="option (in scale order)", showticklabels=False))
    return _figure(fig, 120 + 50 * len(issues))


def bargaining_plot(d: Dossier) -> str:
    a, b = d.pair
    fig = go.Figure(go.Scatter(x=[p[0] for p in d.frontier], y=[p[1] for p in d.frontier], mode="lines+markers",
                               name="Pareto frontier", line=dict(shape="hv")))
    for name, point in d.solutions.items():
        if point is not None:
            fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers+text", name=pe(name),
                                     text=[pe(name)], textposition="bottom right", marker=dict(size=12)))
    fig.update_layout(title=f"Pareto frontier of {pe(a)} and {pe(b)}; bargaining solutions over all actors",
                      xaxis=dict(title=f"utility of {pe(a)}"), yaxis=dict(title=f"utility of {pe(b)}"))
    return _figure(fig, 380)


def forecast_plot(d: Dossier) -> str:
    held = [dist for dist in d.distributions if dist["quantiles"]]
    if not held:
        return '<p class="muted">No Monte Carlo runs.</p>'
    q = [dist["quantiles"] for dist in held]
    fig = go.Figure(go.Scatter(
        x=[pe(dist["issue"]) for dist in held], y=[x["p50"] for x in q], mode="markers", marker=dict(size=11),
        error_y=dict(type="data", symmetric=False, array=[x["p95"] - x["p50"] for x in q],
                     arrayminus=[x["p50"] - x["p05"] for x in q]),
        hovertext=[pe(", ".join(f"{o} {share:.0%}" for o, share in dist["options"].items())) for dist in held],
        hoverinfo="text+y"))
    fig.update_layout(title="Compromise forecast under uncertainty: median and 90% interval", showlegend=False,
                      yaxis=dict(title="forecast on the 0-100 scale", range=[0, 100]))
    return _figure(fig, 380)


def stability_plot(d: Dossier) -> str:
    graph = d.stability
    if not graph:
        return '<p class="muted">No conflict model for this scenario.</p>'
    import math

    count = len(graph["states"])
    place = {s["number"]: (math.cos(2 * math.pi * k / count), math.sin(2 * math.pi * k / count))
             for k, s in enumerate(graph["states"])}
    fig = go.Figure()
    for move in graph["moves"]:
        (x0, y0), (x1, y1) = place[move["from"]], place[move["to"]]
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", showarrow=True,
                           arrowhead=2, arrowwidth=1.6 if move["improves"] else 0.8,
                           arrowcolor="#1f5f99" if move["improves"] else "#b8c2cc", opacity=0.8)
    colours = ["#2e7d32" if s["equilibrium"] else ("#e0a000" if s["status_quo"] else "#5b6775")
               for s in graph["states"]]
    fig.add_trace(go.Scatter(
        x=[place[s["number"]][0] for s in graph["states"]], y=[place[s["number"]][1] for s in graph["states"]],
        mode="markers+text", text=[str(s["number"]) for s in graph["states"]], textposition="top center",
        marker=dict(size=18, color=colours),
        hovertext=[pe(f"state {s['number']}: {s['label']}; equilibrium under {', '.join(s['equilibrium']) or 'none'}"
                     + ("; status quo" if s["status_quo"] else "")) for s in graph["states"]], hoverinfo="text"))
    fig.update_layout(title="Conflict states and moves (green: equilibria, amber: status quo; blue arrows improve)",
                      showlegend=False, xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x"))
    return _figure(fig, 460)


def timeline_plot(d: Dossier) -> str:
    dated = [row for row in d.timeline if row.get("date")]
    if not dated:
        return '<p class="muted">No dated events.</p>'
    fig = go.Figure()
    for kind in sorted({row["type"] for row in dated}):
        rows = [r for r in dated if r["type"] == kind]
        fig.add_trace(go.Scatter(x=[r["date"] for r in rows], y=[" - ".join(r["sides"]) for r in rows],
                                 mode="markers", name=pe(kind), marker=dict(size=[8 + 4 * r["sources"] for r in rows]),
                                 hovertext=[pe(f"{kind}: {', '.join(r['docs'])}") for r in rows], hoverinfo="text"))
    fig.update_layout(title="Timeline of events (size: independent sources)", yaxis=dict(title="sides"),
                      xaxis=dict(type="date", tickformat="%d %b %Y"))
    return _figure(fig, 360)


def shifts_plot(d: Dossier) -> str:
    points = [(t["side"], t["issue"], s) for t in d.tracks for s in t["steps"] if s["date"]]
    if not points:
        return '<p class="muted">No dated stances.</p>'
    fig = go.Figure(go.Scatter(
        x=[s["date"] for _, _, s in points], y=[f"{pe(side)} · {pe(issue)}" for side, issue, _ in points],
        mode="markers+text", text=[pe(f"{s['polarity']} {s['option'] or ''}") for _, _, s in points],
        textposition="middle right", marker=dict(size=10)))
    fig.update_layout(title="Stances over time", showlegend=False, xaxis=dict(type="date", tickformat="%d %b %Y"))
    return _figure(fig, 140 + 28 * len({(a, b) for a, b, _ in points}))


def evidence_section(d: Dossier) -> str:
    rows = []
    for record in d.records:
        if record["kind"] not in ("stance", "quote"):
            continue
        what = (f"{record['side']} {record['polarity']} {record['issue']} {record.get('option') or ''}"
                if record["kind"] == "stance" else f"{record['speaker']} ({record['side']})")
        article = d.articles.get(record["doc"], {})
        link = f'<a href="#article-{e(record["doc"])}">{e(record["doc"])}</a>'
        rows.append([e(record["kind"]), e(what), e(article.get("outlet") or record.get("outlet")),
                     e(record.get("date") or article.get("published")), e(record["evidence"]), link])
    if not rows:
        return '<p class="muted">No extraction records: run accord ingest and accord extract first.</p>'
    return table(["kind", "what", "outlet", "date", "sentence", "article"], rows, escaped=True)


def marked(text: str, spans: list[tuple]) -> str:
    """The text escaped, with each (start, end[, kind]) span in a <mark> (of class kind); where spans overlap,
    the one that starts first (the longer, on a tie) is kept."""
    out, last = [], 0
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = span[0], span[1]
        if start < last or end > len(text):
            continue
        opening = f'<mark class="{e(span[2])}">' if len(span) > 2 else "<mark>"
        out += [e(text[last:start]), opening, e(text[start:end]), "</mark>"]
        last = end
    out.append(e(text[last:]))
    return "".join(out).replace("\n", "<br>")


def articles_section(d: Dossier) -> str:
    spans = defaultdict(list)
    for record in d.records:
        if "start" in record and record["kind"] in ("stance", "quote", "event"):
            spans[record["doc"]].append((record["start"], record["end"]))
    parts = []
    for doc, article in d.articles.items():
        parts.append(f'<details id="article-{e(doc)}"><summary>{e(article.get("title") or doc)} '
                     f'<span class="muted">{e(article.get("outlet"))}, {e(article.get("published"))}</span>'
                     f'</summary><p>{marked(article.get("text", ""), spans[doc])}</p></details>')
    return "".join(parts) or '<p class="muted">No articles.</p>'


def render(d: Dossier) -> str:
    """The report as one HTML document."""
    title = f"accord report: {d.provenance['scenario_title']}"
    sections = [("provenance", "Provenance", provenance(d)), ("brief", "The brief", brief_section(d)),
                ("positions", "Positions", position_maps(d)), ("feasibility", "Feasibility", feasibility_matrix(d)),
                ("bargaining", "Pareto and Nash", bargaining_plot(d)), ("forecasts", "Forecasts", forecast_plot(d)),
                ("stability", "Conflict stability", stability_plot(d)),
                ("timeline", "Timeline", timeline_plot(d)), ("stances", "Stance shifts", shifts_plot(d)),
                ("evidence", "Evidence", evidence_section(d)), ("articles", "Articles", articles_section(d))]
    nav = "".join(f'<a href="#{key}">{e(label)}</a>' for key, label, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{e(label)}</h2>{content}</section>' for key, label, content in sections)
    data = json.dumps(d.provenance).replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{CSS}</style>"
            f'<script>{get_plotlyjs()}</script></head><body><main><h1>{e(title)}</h1>'
            f'<nav class="noprint">{nav}</nav>{body}'
            f'<script type="application/json" id="provenance-data">{data}</script>'
            f"<script>{PRINT_SCRIPT}</script></main></body></html>")
