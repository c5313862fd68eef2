"""HTML pages of the dashboard, rendered from the Jinja2 templates in ``accord/web/templates``.

One escaping mechanism: the environment autoescapes every value. The only HTML let through unescaped is what
:mod:`accord.report.html` renders (plots, the brief, article text with its marks), which escapes its own
inputs and is marked safe here, by name, where it is passed in. Pages render data the app hands them; they
compute nothing.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from accord.report import html as report

STYLE = report.CSS + """
header { background: #1f3b57; padding: .5rem 1rem; }
header nav a { color: white; margin-right: .4rem; }
main { overflow-wrap: anywhere; }
form.inline { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
form.inline input, form.inline select, .whatif select, .whatif input { padding: .25rem; max-width: 100%; }
.whatif .fields { display: flex; flex-wrap: wrap; gap: .4rem 1rem; }
.whatif .fields label { display: flex; flex-direction: column; font-size: .9rem; max-width: 100%; }
.whatif fieldset { border: 1px solid var(--line); margin: .5rem 0; } .whatif fieldset label { display: inline-block;
  margin-right: 1rem; }
table.beforeafter tr.moved td { font-weight: 600; background: #fff8e0; } table.beforeafter tr.group th { background: #e8edf2; }
table.diff td.side-a { background: #fdf1f0; } table.diff td.side-b { background: #eef7ee; }
mark.quote, .quote { background: #dcebff; } mark.event, .event { background: #ffe4cc; }
mark.stance, .stance { background: #dcf3dc; } mark.actor, .actor { background: none; border-bottom: 2px solid #5a7; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; } .columns > *, .grid > * { min-width: 0; }
@media (max-width: 700px) { .columns { grid-template-columns: 1fr; } }
@media (max-width: 420px) { .grid { grid-template-columns: 1fr; } }
textarea { width: 100%; min-height: 28rem; font-family: ui-monospace, monospace; font-size: .85rem; }
.error { color: #b3261e; white-space: pre-wrap; }
"""

CORPUS_FIELDS = (("q", "search text", ""), ("outlet", "outlet", ""), ("actor", "actor", ""),
                 ("since", "since", "date"), ("until", "until", "date"))
MAX_PAGE_LINKS = 50


def _url_part(value) -> str:
    """A value as one path segment (a slash in an id stays inside the segment)."""
    return quote(str(value), safe="")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates, loaded from the installed package; autoescaping is on for every template."""
    env = Environment(loader=PackageLoader("accord.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["urlquote"] = _url_part
    return env


def render(template: str, title: str, plots: bool = False, **values) -> str:
    return environment().get_template(template).render(title=title, style=Markup(STYLE), plots=plots, **values)


def error_page(status: int, message: str) -> str:
    return render("error.html", f"Error {status}", message=message)


def corpus(query: dict, total: int, rows: list[dict], page: int, per_page: int) -> str:
    count = min((total + per_page - 1) // per_page, MAX_PAGE_LINKS)
    links = [(number, urlencode({**{k: v for k, v in query.items() if v}, "page": number}))
             for number in range(1, count + 1)]
    return render("corpus.html", "Corpus", fields=CORPUS_FIELDS, query=query, total=total, rows=rows,
                  pages=links, page=page)


def article(meta: dict, text_html: str, records: list[dict]) -> str:
    """``text_html`` is the article text escaped by :func:`accord.report.html.marked`, with its marks."""
    listed = [[r["kind"], r["summary"], f"{r['confidence']:.2f}"] for r in records]
    return render("article.html", meta.get("title") or meta["doc_id"], meta=meta, text=Markup(text_html),
                  records=listed)


def scenarios(items: list[dict]) -> str:
    """``items``: {name, title} for each scenario, or {name, problem} for a file that is not one."""
    return render("scenarios.html", "Scenarios", items=items)


def _chosen(controls: dict) -> dict:
    """The options and the position the what-if form shows first (where ``controls["start"]`` points)."""
    actor, issue_id = controls["start"]["actor"], controls["start"]["issue"]
    issue = next(i for i in controls["issues"] if i["id"] == issue_id)
    position = controls["positions"].get(actor, {}).get(issue_id, {
        "ideal": None, "salience": None, "acceptable": [o["id"] for o in issue["options"]]})
    return {"actor": actor, "issue": issue_id, "options": issue["options"], "position": position,
            "capability": controls["capability"][actor]}


def scenario_view(name: str, dossier, controls: dict, missing_model: str | None = None) -> str:
    """A scenario's page: the what-if form (from :func:`accord.analysis.whatif.controls`), the brief and the plots
    of the dossier; ``missing_model`` names the stability model the scenario names but its folder lacks."""
    parts = plots(dossier)
    return render("scenario.html", dossier.brief.scenario.scenario.title, plots=True, name=name, controls=controls,
                  missing_model=missing_model,
                  chosen=_chosen(controls), brief=Markup(report.brief_section(dossier)),
                  bargaining=Markup(report.bargaining_plot(dossier)), forecasts=Markup(report.forecast_plot(dossier)),
                  stability=Markup(report.stability_plot(dossier)), **parts)


def plots(dossier) -> dict[str, Markup]:
    """The plots a what-if redraws, as HTML: the position maps and the feasibility matrix."""
    return {"positions": Markup(report.position_maps(dossier)),
            "feasibility": Markup(report.feasibility_matrix(dossier))}


def compare(choices: list[dict], skipped: list[dict], left: str | None, right: str | None, diff: dict | None) -> str:
    """The comparison of two scenarios as :func:`accord.analysis.comparison.difference` gives it."""
    return render("compare.html", "Compare scenarios", choices=choices, skipped=skipped, left=left, right=right,
                  diff=diff)


def edit(name: str, text: str, problems: list[str], saved: bool) -> str:
    fmt = {"yaml": "yaml", "yml": "yaml", "json": "json"}.get(name.rsplit(".", 1)[-1], "toml")
    return render("edit.html", f"Edit {name}", name=name, text=text, problems=problems, saved=saved, format=fmt)


def timeline(rows: list[dict], plot_html: str) -> str:
    """``plot_html`` is :func:`accord.report.html.timeline_plot` of these rows."""
    table = [[r["date"] or "undated", r["type"], " - ".join(r["sides"]), ", ".join(r["docs"]), r["sources"],
              "; ".join(f"{u}: {' vs '.join(v)}" for u, v in r["disagreements"].items())] for r in rows]
    return render("timeline.html", "Timeline", plots=True, plot=Markup(plot_html), rows=table)


def monitor(reports: list) -> str:
    """Each agreement's compliance timeline (:func:`accord.report.compliance.compliance_section`)."""
    from accord.report.compliance import compliance_section

    sections = [compliance_section(r, lambda doc: f"/articles/{_url_part(doc)}") for r in reports]
    return render("monitor.html", "Monitor", plots=True, sections=sections)


def stances(tracks: list[dict], plot_html: str) -> str:
    """``plot_html`` is :func:`accord.report.html.shifts_plot` of these tracks."""
    rows = [[t["side"], t["issue"], s["date"] or "undated", f"{s['polarity']} {s['option'] or ''}", s["sources"]]
            for t in tracks for s in t["steps"]]
    return render("stances.html", "Stances", plots=True, plot=Markup(plot_html), rows=rows,
                  shifts=[line for t in tracks for line in t["shifts"]])
