"""HTML pages of the dashboard. They render data the app hands them; every value is escaped."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from accord.report import html as report
from accord.report.html import e

STYLE = report.CSS + """
header { background: #1f3b57; color: white; padding: .5rem 1rem; } header a { color: white; margin-right: 1rem; }
form.inline input, form.inline select { margin: 0 .3rem .3rem 0; padding: .25rem; }
mark.quote, .quote { background: #dcebff; } mark.event, .event { background: #ffe4cc; }
mark.stance, .stance { background: #dcf3dc; } mark.actor, .actor { background: none; border-bottom: 2px solid #5a7; } .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 700px) { .columns { grid-template-columns: 1fr; } }
textarea { width: 100%; min-height: 28rem; font-family: ui-monospace, monospace; font-size: .85rem; }
.error { color: #b3261e; white-space: pre-wrap; }
"""


def layout(title: str, body: str, scripts: str = "") -> str:
    nav = ('<a href="/">Corpus</a><a href="/scenarios">Scenarios</a><a href="/compare">Compare</a>'
           '<a href="/timeline">Timeline</a><a href="/stances">Stances</a>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)} · accord</title>'
            f'<style>{STYLE}</style>{scripts}</head><body><header>{nav}</header><main><h1>{e(title)}</h1>{body}'
            f"</main></body></html>")


def error_page(status: int, message: str) -> str:
    return layout(f"Error {status}", f'<p class="error">{e(message)}</p><p><a href="/">Back to the corpus</a></p>')


def corpus(query: dict, total: int, rows: list[dict], page: int, per_page: int) -> str:
    fields = "".join(f'<input name="{name}" placeholder="{label}" value="{e(query.get(name) or "")}"'
                     f'{" type=date" if name in ("since", "until") else ""}>'
                     for name, label in (("q", "search text"), ("outlet", "outlet"), ("actor", "actor"),
                                         ("since", "since"), ("until", "until")))
    form = f'<form class="inline" method="get" action="/">{fields}<button type="submit">Search</button></form>'
    table = report.table(["date", "title", "outlet", "copies", "language"], [[
        e(r["published"] or "undated"), f'<a href="/articles/{e(quote(r["doc_id"], safe=""))}">{e(r["title"] or r["doc_id"])}</a>'
        f'<br><span class="muted">{e(r["snippet"])}</span>', e(r["outlet"]),
        e(f"{r['copies']} ({', '.join(r['copy_outlets'])})" if r["copies"] else ""), e(r["language"])]
        for r in rows], escaped=True)
    pages = ""
    if total > per_page:
        links = []
        for number in range(1, (total + per_page - 1) // per_page + 1)[:50]:
            params = urlencode({**{k: v for k, v in query.items() if v}, "page": number})
            links.append(f"<b>{number}</b>" if number == page else f'<a href="/?{e(params)}">{number}</a>')
        pages = "<p>" + " ".join(links) + "</p>"
    return layout("Corpus", f"{form}<p>{total} stor{'y' if total == 1 else 'ies'} (copies grouped)</p>{table}{pages}")


def article(meta: dict, text_html: str, records: list[dict]) -> str:
    info = report.table(["outlet", "date", "date source", "language", "copy of"], [[
        meta.get("outlet"), meta.get("published"), meta.get("date_source"), meta.get("language"),
        meta.get("duplicate_of") or ""]])
    listed = report.table(["kind", "what", "confidence"], [[r["kind"], r["summary"], f"{r['confidence']:.2f}"]
                                                            for r in records])
    legend = ('<p class="muted"><span class="quote">quote</span> <span class="event">event</span> '
              '<span class="stance">stance</span> <span class="actor">actor</span></p>')
    return layout(meta.get("title") or meta["doc_id"], f"{info}{legend}<p>{text_html}</p><h2>Records</h2>{listed}")


def scenarios(names: list[str]) -> str:
    items = "".join(f'<li><a href="/scenarios/{e(quote(n, safe=""))}">{e(n)}</a> · '
                    f'<a href="/scenarios/{e(quote(n, safe=""))}/edit">edit</a></li>' for n in names)
    return layout("Scenarios", f"<ul>{items}</ul>")


WHATIF_SCRIPT = """
<script>
async function recompute(event) {
  event.preventDefault();
  const form = event.target;
  const change = {actor: form.actor.value, issue: form.issue.value};
  if (form.ideal.value) change.ideal = form.ideal.value;
  const accepted = [...form.querySelectorAll('input[name=acceptable]:checked')].map(x => x.value);
  if (accepted.length) change.acceptable = accepted;
  if (form.salience.value) change.salience = Number(form.salience.value);
  if (form.capability.value) change.capability = Number(form.capability.value);
  const started = performance.now();
  const response = await fetch(form.action, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                             body: JSON.stringify({changes: [change]})});
  const out = document.getElementById('whatif-result');
  const data = await response.json();
  out.replaceChildren();
  const line = (text) => { const p = document.createElement('p'); p.textContent = text; out.appendChild(p); };
  if (!response.ok) { line(data.error); return; }
  line(`${data.feasible} feasible deal(s), ${data.clashes} direct clash(es) (${Math.round(performance.now() - started)} ms)`);
  for (const text of data.concessions) line('opens a deal: ' + text);
  for (const [issue, option] of Object.entries(data.forecast)) line(`forecast on ${issue}: ${option}`);
}
</script>"""


def scenario_view(name: str, dossier, issues: dict[str, list[str]], actors: list[str]) -> str:
    options = "".join(f'<option>{e(a)}</option>' for a in actors)
    issue_options = "".join(f'<option>{e(i)}</option>' for i in issues)
    all_options = sorted({o for opts in issues.values() for o in opts})
    ideal = '<option value="">(keep ideal)</option>' + "".join(f"<option>{e(o)}</option>" for o in all_options)
    boxes = "".join(f'<label><input type="checkbox" name="acceptable" value="{e(o)}"> {e(o)}</label> '
                    for o in all_options)
    form = (f'<form id="whatif" class="inline" method="post" action="/api/scenarios/{e(name)}/whatif" '
            f'onsubmit="recompute(event)"><select name="actor">{options}</select>'
            f'<select name="issue">{issue_options}</select><select name="ideal">{ideal}</select>'
            f'<input name="salience" type="number" min="0" max="100" placeholder="salience">'
            f'<input name="capability" type="number" min="0" placeholder="capability">'
            f'<details><summary>acceptable options (the red line)</summary>{boxes}</details>'
            f'<button type="submit">Recompute</button></form><div id="whatif-result"></div>')
    body = (f'<p>File {e(name)} · <a href="/scenarios/{e(name)}/edit">Edit</a></p><h2>What if</h2>{form}<h2>The brief</h2>'
            f"{report.brief_section(dossier)}<h2>Positions</h2>{report.position_maps(dossier)}"
            f"<h2>Feasibility</h2>{report.feasibility_matrix(dossier)}<h2>Pareto and Nash</h2>"
            f"{report.bargaining_plot(dossier)}<h2>Forecasts</h2>{report.forecast_plot(dossier)}"
            f"<h2>Conflict stability</h2>{report.stability_plot(dossier)}")
    title = dossier.brief.scenario.scenario.title  # the scenario's own title, not its file name
    return layout(title, body, '<script src="/static/plotly.js"></script>' + WHATIF_SCRIPT)


def compare(names: list[str], left: str | None, right: str | None, columns: list[str]) -> str:
    def chooser(field: str, chosen: str | None) -> str:
        return f'<select name="{field}">' + "".join(
            f'<option{" selected" if n == chosen else ""}>{e(n)}</option>' for n in names) + "</select>"

    form = f'<form class="inline" method="get" action="/compare">{chooser("a", left)}{chooser("b", right)}' \
           f'<button type="submit">Compare</button></form>'
    body = form + ('<div class="columns">' + "".join(f"<div>{c}</div>" for c in columns) + "</div>" if columns else "")
    return layout("Compare scenarios", body)


VALIDATE_SCRIPT = """
<script>
let pending;
function checkLater(area) {
  clearTimeout(pending);
  pending = setTimeout(async () => {
    const response = await fetch('/api/validate', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({text: area.value, format: area.dataset.format})});
    const data = await response.json();
    const box = document.getElementById('problems');
    box.replaceChildren();
    const line = (text, kind) => { const p = document.createElement('p'); p.className = kind; p.textContent = text;
                                   box.appendChild(p); };
    if (data.valid) line('valid: ' + data.summary, 'good');
    for (const problem of data.problems || []) line(problem, 'error');
  }, 300);
}
</script>"""


def edit(name: str, text: str, problems: list[str], saved: bool) -> str:
    notes = "".join(f'<p class="error">{e(p)}</p>' for p in problems)
    if saved:
        notes = f'<p class="good">Saved {e(name)}.</p>'
    fmt = {"yaml": "yaml", "yml": "yaml", "json": "json"}.get(name.rsplit(".", 1)[-1], "toml")
    form = (f'<form method="post" action="/scenarios/{e(name)}/edit"><textarea name="text" spellcheck="false" '
            f'data-format="{fmt}" oninput="checkLater(this)">{e(text)}</textarea>'
            f'<p><button type="submit">Validate and save</button></p></form>')
    return layout(f"Edit {name}", f'<div id="problems">{notes}</div>{form}', VALIDATE_SCRIPT)


def timeline(rows: list[dict], dossier_stub) -> str:
    table = report.table(["date", "event", "sides", "docs", "sources", "disagreements"], [[
        r["date"] or "undated", r["type"], " - ".join(r["sides"]), ", ".join(r["docs"]), r["sources"],
        "; ".join(f"{u}: {' vs '.join(v)}" for u, v in r["disagreements"].items())] for r in rows])
    return layout("Timeline", report.timeline_plot(dossier_stub) + table, '<script src="/static/plotly.js"></script>')


def stances(tracks: list[dict], dossier_stub) -> str:
    rows = [[t["side"], t["issue"], s["date"] or "undated", f"{s['polarity']} {s['option'] or ''}", s["sources"]]
            for t in tracks for s in t["steps"]]
    shifts = "".join(f"<li>{e(line)}</li>" for t in tracks for line in t["shifts"]) or "<li>none</li>"
    return layout("Stances", f"<h2>Shifts</h2><ul>{shifts}</ul>{report.shifts_plot(dossier_stub)}"
                  + report.table(["side", "issue", "date", "stance", "sources"], rows),
                  '<script src="/static/plotly.js"></script>')
