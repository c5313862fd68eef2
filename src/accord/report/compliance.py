"""The compliance timeline of an agreement in HTML, for the report and the dashboard: claims per day and
claimant beside the baseline (a plot and a table whose cells link to the sentences), each party's status,
response clocks and release clauses. Every figure is a claim by its claimant, as in the terminal
(:mod:`accord.report.monitoring`).
"""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go
from markupsafe import Markup

from accord.analysis.monitoring import MonitorReport, claim_day
from accord.report.html import _figure, e, pe, table
from accord.report.monitoring import claim_text
from accord.report.numbers import amount


def compliance_section(report: MonitorReport, article_url=None) -> Markup:
    """One agreement's section. ``article_url(doc)`` links a claim to its article (none in a static report,
    where the sentences are listed instead)."""
    a = report.agreement
    parts = [Markup(f'<section class="agreement" id="agreement-{e(a.id)}"><h3>{e(a.title)}</h3>'),
             Markup("<p>") + e(f"{a.mode.capitalize()}; parties {', '.join(a.parties)}.") + Markup(" ")
             + _times("Start", a.start, a.disputed("start")) + Markup(" ") + _times("End", a.end, a.disputed("end"))
             + Markup("</p>"),
             compliance_plot(report), _status_table(report)]
    if report.clocks:
        parts.append(table(["response clock"], [[c.line] for c in report.clocks]))
    if report.releases:
        parts.append(table(["release clause, if the claims hold", "claimed by", "against", "frees"],
                           [[r.description, ", ".join(r.claimants), r.accused, ", ".join(r.frees)]
                            for r in report.releases]))
    parts.append(_sentences(report, article_url))
    return Markup("").join(parts) + Markup("</section>")


def _times(term: str, moments, disputed: bool) -> Markup:
    if not moments:
        return e(f"{term}: open-ended.")
    given = "; ".join(m.at.isoformat() + (f" per {m.held_by}" if m.held_by else "") for m in moments)
    return (Markup('<strong class="disputed">') + e(f"{term} disputed:") + Markup("</strong> ") if disputed
            else e(f"{term}: ")) + e(given + ".")


def compliance_plot(report: MonitorReport) -> Markup:
    """Claim records per day, one line per claimant, with the baseline's daily mean as a dashed line and
    the agreement's start (each candidate, when disputed) marked."""
    claimants = sorted({c for d in report.days for c in d.claims})
    if not claimants:
        return Markup('<p class="muted">No claims in the news for this agreement.</p>')
    days = [d.day.isoformat() for d in report.days]
    fig = go.Figure()
    baseline = [d for d in report.days if d.baseline]
    for claimant in claimants:
        counts = [d.claims.get(claimant, 0) for d in report.days]
        fig.add_trace(go.Scatter(x=days, y=counts, mode="lines+markers", name=pe(f"claims by {claimant}"),
                                 hovertext=[pe(_hover(d, claimant)) for d in report.days], hoverinfo="text"))
        if baseline:
            mean = sum(d.claims.get(claimant, 0) for d in baseline) / len(baseline)
            fig.add_trace(go.Scatter(x=[days[0], days[-1]], y=[mean, mean], mode="lines", hoverinfo="skip",
                                     line=dict(dash="dash", width=1), name=pe(f"{claimant}: 7-day mean before")))
    for moment in report.agreement.start:
        fig.add_vline(x=moment.at.date().isoformat(), line=dict(color="#777", dash="dot", width=1))
    fig.update_layout(title=dict(text=pe(f"Claims per day: {report.agreement.id}"), font=dict(size=14)),
                      legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
                      xaxis=dict(type="date", tickformat="%d %b", nticks=6, ticklabelstandoff=6),
                      yaxis=dict(title=dict(text="claim records"), rangemode="tozero", ticklabelstandoff=6))
    return _figure(fig, height=360)


def _hover(day, claimant: str) -> str:
    n = day.claims.get(claimant, 0)
    figure = day.largest.get(claimant)
    largest = f"; the largest: {claimant} claims {amount(figure[0])} {figure[1]}" if figure else ""
    return f"{day.day.isoformat()}: {n} claim(s) by {claimant}{largest}"


def _status_table(report: MonitorReport) -> Markup:
    return table(["party", "status", "claimed by", "claim records", "denials", "confirmed by"],
                 [[s.party, s.status, ", ".join(s.claimants) or "-", amount(s.claims), amount(s.denials),
                   ", ".join(s.confirmed_by) or "-"] for s in report.statuses])


def _sentences(report: MonitorReport, article_url) -> Markup:
    """The claims by day, each with its claimant, what it claims and its sentence (linked to its article)."""
    by_day: dict = defaultdict(list)
    for claim in report.claims:
        by_day[claim_day(claim)].append(claim)
    rows = []
    for day in sorted(d for d in by_day if d):
        for c in by_day[day]:
            doc = e(c["doc"]) if article_url is None else Markup(f'<a href="{e(article_url(c["doc"]))}">') + e(c["doc"]) + Markup("</a>")
            rows.append([day.isoformat(), claim_text(c), doc, c.get("evidence") or ""])
    return (Markup(f"<details><summary>{len(rows)} claims with their sentences</summary>")
            + table(["day", "claim", "doc", "sentence"], rows) + Markup("</details>"))
