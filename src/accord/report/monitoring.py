"""The terminal account of a monitoring run: per agreement, its disputed times, the claims per day and
claimant beside the baseline, each party's status, response clocks and release clauses.

Every figure is a claim and is written as one: "UKR claims 2,935 (violation-total)", never "2,935
violations". A release clause or a response clock that a claim would set off says so ("if the claim holds").
"""

from __future__ import annotations

from accord.analysis.monitoring import MonitorReport
from accord.report.numbers import amount


def monitoring_lines(reports: list[MonitorReport], new: dict[str, list[dict]], since_text: str) -> list[str]:
    lines: list[str] = []
    for report in reports:
        lines += agreement_lines(report, len(new.get(report.agreement.id, [])), since_text) + [""]
    return lines[:-1]


def agreement_lines(report: MonitorReport, new: int, since_text: str) -> list[str]:
    a = report.agreement
    lines = [f"{a.title} ({a.id}): {a.mode}, parties {', '.join(a.parties)}",
             _times("start", a.start, a.disputed("start")), _times("end", a.end, a.disputed("end"))]
    claimants = sorted({c for d in report.days for c in d.claims})
    if not claimants:
        lines.append("  no claims in the news for this agreement")
    else:
        lines += _day_table(report, claimants)
    lines += [f"  {s.party}: {s.status}" + (f" ({_claimed(s)})" if s.status != "no claims" else "")
              for s in report.statuses]
    lines += [f"  unattributed: {c['claimant']} reports {c.get('what') or 'activity'} (doc {c['doc']}), no side named"
              for c in report.unattributed]
    lines += [f"  clock: {c.line}" for c in report.clocks[:5]]
    if len(report.clocks) > 5:
        lines.append(f"  and {len(report.clocks) - 5} more clocks (--json for all)")
    lines += [f"  release, if {', '.join(r.claimants)}'s claims against {r.accused} hold: {r.description} "
              f"(frees {', '.join(r.frees)})" for r in report.releases]
    lines.append(f"  {new} new claim(s) since {since_text}")
    return lines


def _times(term: str, moments, disputed: bool) -> str:
    if not moments:
        return f"  {term}: open-ended"
    given = "; ".join(f"{m.at.isoformat()}" + (f" per {m.held_by}" if m.held_by else "") for m in moments)
    return f"  {term}: {'DISPUTED: ' if disputed else ''}{given}"


def _claimed(status) -> str:
    parts = [f"claimed by {', '.join(status.claimants)} ({status.claims} claim records)"] if status.claimants else []
    parts += [f"{status.denials} denial(s)"] if status.denials else []
    parts += [f"confirmed by {', '.join(status.confirmed_by)}"] if status.confirmed_by else []
    return "; ".join(parts)


def _day_table(report: MonitorReport, claimants: list[str]) -> list[str]:
    """Claim records per day and claimant, the largest figure each claimed, and the baseline's daily mean."""
    rows = [["day", *claimants]]
    baseline = [d for d in report.days if d.baseline]
    if baseline:
        rows.append([f"{len(baseline)}-day mean before",
                     *(f"{sum(d.claims.get(c, 0) for d in baseline) / len(baseline):.1f} claims" for c in claimants)])
    for day in report.days:
        if not day.baseline and day.claims:
            rows.append([day.day.isoformat(), *(_cell(day, c) for c in claimants)])
    widths = [max(len(row[k]) for row in rows) + 2 for k in range(len(rows[0]))]
    return ["  claims by day: claim records by claimant, and the largest figure each claims"] + [
        "  " + "".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def _cell(day, claimant: str) -> str:
    n = day.claims.get(claimant, 0)
    figure = day.largest.get(claimant)
    if not n:
        return "-"
    return f"{n} claim{'s' if n > 1 else ''}" + (f" (largest: {amount(figure[0])} {figure[1]})" if figure else "")


VERBS = {"claim": "claims", "denial": "denies", "confirmation": "confirms"}


def claim_text(record: dict) -> str:
    """A claim as its claimant's: "UKR claims 120 shelling by RUS"."""
    count = f"{amount(record['count'])} " if record.get("count") is not None else ""
    by = f" by {record['accused']}" if record.get("accused") else ""
    return f"{record['claimant']} {VERBS[record['kind']]} {count}{record.get('what') or 'violation'}{by}"


def claim_period(record: dict) -> str:
    period = record.get("period") or {}
    return "..".join(str(period.get(end) or "?") for end in ("from", "to")) if any(period.values()) else "no period"
