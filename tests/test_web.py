"""The dashboard: routes through the ASGI client, and the real pages in the system Chromium (Playwright)."""

from __future__ import annotations

import html
import os
import shutil
import socket

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from accord.cli import app as cli
from accord.scenario import bundled_path, load_scenario
from accord.web.app import create_app
from tests import browser_checks as check
from tests.conftest import shared

HOSTILE = ("Putin said on Monday that Russia would never accept NATO membership for Ukraine. "
           "<script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\"> "
           "The talks went on into the night in Geneva.\n")


@pytest.fixture
def corpus(runner, db_url, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE)
    assert runner.invoke(cli, ["ingest", str(shared("corpus", "seed")), str(folder), "--db", db_url]).exit_code == 0
    assert runner.invoke(cli, ["extract", "--db", db_url, "--scenario", str(bundled_path()), "--json"]).exit_code == 0
    return db_url


def client(db_url, tmp_path, token=None) -> TestClient:
    return TestClient(create_app(db_url, tmp_path / "scenarios", token), base_url="http://127.0.0.1")


def test_corpus_search_article_and_escaping(corpus, tmp_path):
    web = client(corpus, tmp_path)
    page = web.get("/").text
    assert "8 stories" in page or "stories" in page
    found = web.get("/", params={"q": "Geneva night"}).text
    assert "hostile" in found
    assert web.get("/", params={"since": "not-a-date"}).status_code == 400
    article = web.get("/articles/hostile")
    assert article.status_code == 200
    assert "<script>window.pwned" not in article.text and "onerror=\"window" not in article.text
    assert "&lt;script&gt;window.pwned" in article.text
    seed_article = web.get("/articles/001_985759dc51aa0af6").text
    assert '<mark class="quote">' in seed_article and '<mark class="event">' in seed_article
    assert "Records" in seed_article
    checked = web.post("/api/validate", json={"text": "[scenario]\nid = 'x'\n", "format": "toml"}).json()
    assert checked["valid"] is False and checked["problems"]


def test_scenarios_what_if_compare_and_pages(corpus, tmp_path):
    web = client(corpus, tmp_path)
    assert "bundled" in web.get("/scenarios").text
    view = web.get("/scenarios/bundled")
    assert view.status_code == 200 and 'src="/static/plotly.js"' in view.text
    title = load_scenario().scenario.title  # the page is named for the scenario, not for its file
    assert f"<h1>{html.escape(title)}</h1>" in view.text and "Scenario bundled" not in view.text
    assert web.get("/static/plotly.js").headers["content-type"].startswith("application/javascript")
    unchanged = web.post("/api/scenarios/bundled/whatif", json={"changes": []}).json()
    assert unchanged["before"] == unchanged["after"] and unchanged["moved"] == {"deal": [], "forecast": []}
    answer = web.post("/api/scenarios/bundled/whatif", json={"changes": [
        {"actor": "RUS", "issue": "nato_membership", "acceptable": ["open", "deferred", "ruled_out"]}]}).json()
    assert answer["after"]["clashes"] < answer["before"]["clashes"] == unchanged["before"]["clashes"]
    bad = web.post("/api/scenarios/bundled/whatif", json={"changes": [{"actor": "XXX"}]})
    assert bad.status_code == 400 and bad.json()["error"].endswith("change 1: unknown actor 'XXX'")
    assert web.post("/api/scenarios/bundled/whatif", content=b"{nope",
                    headers={"Content-Type": "application/json"}).status_code == 400
    same = web.get("/compare", params={"a": "bundled", "b": "bundled"}).text
    assert "no differences" in same and "<table" not in same
    assert web.get("/timeline").status_code == 200 and web.get("/stances").status_code == 200


def test_what_if_form_starts_from_one_issue_and_the_current_position(db_url, tmp_path):
    from accord.analysis.whatif import controls

    page = client(db_url, tmp_path).get("/scenarios/bundled").text
    start = controls(load_scenario())
    actor = start["actors"][0]["id"]
    issue = next(i for i in start["issues"] if i["id"] in start["positions"][actor])
    held = start["positions"][actor][issue["id"]]
    form = page[page.index('<form id="whatif"'):page.index("</form>", page.index('<form id="whatif"'))]
    assert form.count('name="acceptable"') == len(issue["options"])  # only the chosen issue's options
    others = [o["label"] for i in start["issues"] if i is not issue for o in i["options"]]
    assert not [label for label in others if f"> {escape(label)}</label>" in form]
    for option in issue["options"]:
        box = f'value="{option["id"]}"' + (" checked" if option["id"] in held["acceptable"] else "") + ">"
        assert box + f" {escape(option['label'])}</label>" in form
    assert f'<option value="{held["ideal"]}" selected>' in form
    assert f'name="salience" type="number" min="0" max="100" step="any" value="{held["salience"]:g}"' in form


def test_what_if_that_opens_a_deal_shows_the_deal(db_url, tmp_path):
    from accord.analysis import minimal_correction_sets
    from accord.analysis.whatif import controls

    base = load_scenario()
    held = controls(base)["positions"]
    cheapest = minimal_correction_sets(base, k=1)[0]
    accepted = {}
    for c in cheapest.concessions:  # admit every concession of the cheapest set: the deal it opens is feasible
        accepted.setdefault((c.actor, c.issue), list(held[c.actor][c.issue]["acceptable"])).append(c.option)
    changes = [{"actor": a, "issue": i, "acceptable": options} for (a, i), options in accepted.items()]
    web = client(db_url, tmp_path)
    answer = web.post("/api/scenarios/bundled/whatif", json={"changes": changes}).json()
    before, after = answer["before"], answer["after"]
    assert before["feasible"] == 0 and before["deal_kind"] == "opened" and before["concession"]["text"] == cheapest.text
    assert after["feasible"] >= 1 and after["deal_kind"] == "feasible" and after["concession"] is None
    labels = {(i.id, o.id): o.label for i in base.issues for o in i.options}
    assert [(r["issue"], r["label"]) for r in after["deal"]] == [(i.id, labels[(i.id, r["option"])])
                                                               for i, r in zip(base.issues, after["deal"])]
    assert len(after["deal"]) == len(base.issues) and len(after["forecast"]) == len(base.issues)
    plots = web.post("/api/scenarios/bundled/whatif/plots", json={"changes": changes}).json()
    assert set(plots) == {"positions", "feasibility"} and "Plotly.newPlot" in plots["positions"]


def test_compare_shows_what_differs(db_url, tmp_path):
    text = bundled_path().read_text(encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    edited = text.replace('title = "Russia-Ukraine peace talks', 'title = "Edited talks', 1)
    (folder / "edited.toml").write_text(edited.replace('stability_model = "summit_2025.toml"\n', ""))
    web = client(db_url, tmp_path)
    page = web.get("/compare", params={"a": "bundled", "b": "edited.toml"}).text
    assert "2 differences: scenario 2" in page and page.count('<table class="diff">') == 1  # title, stability model
    assert "<td>title</td><td class=\"side-a\">Russia-Ukraine peace talks" in page
    assert page.count("unchanged</summary>") == 8  # every section says how much is the same
    section = edited.index("[positions.UKR.nato_membership]")
    red_line = edited.index('acceptable = ["open", "deferred"]', section)
    (folder / "edited.toml").write_text(edited[:red_line] + 'acceptable = ["open"]'
                                        + edited[red_line + len('acceptable = ["open", "deferred"]'):])
    page = web.get("/compare", params={"a": "bundled", "b": "edited.toml"}).text
    red_lines = page[page.index("<h2>Red lines</h2>"):page.index("<h2>Results</h2>")]
    assert '<td>UKR · NATO membership for Ukraine</td><td class="side-a">rules out NATO membership ruled out</td>' \
        '<td class="side-b">rules out NATO membership deferred; NATO membership ruled out</td>' in red_lines
    assert web.get("/compare", params={"a": "bundled", "b": "missing.toml"}).status_code == 404


def test_paths_sizes_tokens_and_error_pages(corpus, tmp_path):
    web = client(corpus, tmp_path)
    for name in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "x.toml", ".hidden.toml", "a" * 300 + ".toml"):
        response = web.get(f"/scenarios/{name}")
        assert response.status_code == 404 and "Traceback" not in response.text and "<html" in response.text
    assert web.post("/api/scenarios/bundled/whatif", content=b"x" * 2_000_000).status_code == 413
    def chunks():
        for _ in range(40):
            yield b"x" * 50_000

    streamed = web.post("/api/validate", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413  # a streamed body is cut at the limit too
    assert web.get("/", headers={"Host": "attacker.example"}).status_code == 400  # DNS rebinding
    assert web.post("/api/validate", json={"text": ""}, headers={"Origin": "http://attacker.example"}).status_code == 403
    assert web.post("/api/validate", content=b'{"text": ""}', headers={"Content-Type": "text/plain"}).status_code == 415
    assert web.get("/", params={"page": "abc"}).status_code == 400
    for change in ({"actor": "RUS", "capability": "abc"}, {"actor": ["x"]}, {"actor": "RUS", "issue": "crimea",
                                                                             "acceptable": 5},
                   {"actor": "RUS", "issue": "crimea", "salience": None}, {"actor": "RUS", "capability": 1e308}):
        bad = web.post("/api/scenarios/bundled/whatif", json={"changes": [change]})
        assert bad.status_code == 400 and bad.json()["error"], change
    guarded = client(corpus, tmp_path, token="s3cret")
    assert guarded.get("/").status_code == 401
    assert guarded.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = guarded.get("/?token=s3cret")
    assert first.status_code == 200 and guarded.get("/scenarios").status_code == 200  # the cookie carries it


def test_editing_saves_only_a_valid_scenario(corpus, tmp_path):
    from accord.scenario import bundled_path

    web = client(corpus, tmp_path)
    text = bundled_path().read_text(encoding="utf-8")
    broken = text.replace('id = "RUS"', 'id = "RUS"\ncapability_typo = 3', 1)
    shown = web.post("/scenarios/bundled/edit", data={"text": broken})
    assert shown.status_code == 200 and "unknown field" in shown.text
    assert not (tmp_path / "scenarios" / "ukraine_2025.toml").exists()
    saved = web.post("/scenarios/bundled/edit", data={"text": text.replace("Russia-Ukraine peace talks",
                                                                            "Edited talks", 1)})
    assert "Saved ukraine_2025.toml" in saved.text
    assert "Edited talks" in (tmp_path / "scenarios" / "ukraine_2025.toml").read_text()
    assert bundled_path().read_text(encoding="utf-8") == text  # the bundled file is never written
    assert "ukraine_2025.toml" in web.get("/scenarios").text
    assert sorted(p.name for p in (tmp_path / "scenarios").iterdir()) == ["ukraine_2025.toml"]  # no stability model
    copy = web.get("/scenarios/ukraine_2025.toml")  # its stability model stayed behind: the page says so
    assert copy.status_code == 200 and "No conflict model for this scenario" in copy.text
    assert "The stability model this scenario names, summit_2025.toml, is not in its folder" in copy.text
    bomb = "a0: &a0 [x, x]\na1: &a1 [*a0, *a0]\nscenario: *a1\n"
    checked = web.post("/api/validate", json={"text": bomb, "format": "yaml"}).json()
    assert checked["valid"] is False and "aliases" in checked["problems"][0]
    escape = text.replace('stability_model = "summit_2025.toml"', 'stability_model = "../../etc/passwd.toml"')
    assert "Saved" in web.post("/scenarios/ukraine_2025.toml/edit", data={"text": escape}).text
    refused = web.get("/scenarios/ukraine_2025.toml")
    assert refused.status_code == 400 and "must be a file name beside the scenario" in refused.text





def test_scenario_text_is_escaped_in_the_form_its_data_and_the_diff(db_url, tmp_path):
    hostile = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    text = bundled_path().read_text(encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "hostile.toml").write_text(text.replace('label = "a land swap in Donbas"',
                                                      f"label = '{hostile}'", 1)
                                         .replace('stability_model = "summit_2025.toml"\n', ""))
    web = client(db_url, tmp_path)
    for page in (web.get("/scenarios/hostile.toml").text,
                 web.get("/compare", params={"a": "bundled", "b": "hostile.toml"}).text):
        assert "<script>window.pwned" not in page and '<img src=x' not in page
    form = web.get("/scenarios/hostile.toml").text
    data = form[form.index('<script type="application/json" id="whatif-controls">'):]
    assert "\\u003c/script\\u003e" in data[:data.index("</script>")]  # the JSON cannot close its script
    assert "&lt;/script&gt;&lt;script&gt;window.pwned" in web.get(
        "/compare", params={"a": "bundled", "b": "hostile.toml"}).text


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_editor_saves_with_the_mode_the_umask_gives(db_url, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        web = client(db_url, tmp_path)  # the app reads the umask when it is made
    finally:
        os.umask(old)
    assert "Saved" in web.post("/scenarios/bundled/edit", data={"text": bundled_path().read_text()}).text
    assert (tmp_path / "scenarios" / "ukraine_2025.toml").stat().st_mode & 0o777 == mode


def test_files_that_are_not_scenarios_are_listed_with_a_reason_and_never_offered(db_url, tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(bundled_path("summit-2025"), folder / "summit_2025.toml")  # a stability model, not a scenario
    (folder / "broken.toml").write_text("[scenario]\nid = 'x'\n")
    (folder / "good.toml").write_text(bundled_path().read_text())
    web = client(db_url, tmp_path)
    listing = web.get("/scenarios").text
    for name in ("summit_2025.toml", "broken.toml"):
        line = listing[listing.index(f"<li><span>{name}</span>"):]
        reason = line[line.index("not a scenario: "):line.index("</span>", line.index("not a scenario: "))]
        assert reason.endswith("more)") and "\n" not in reason and len(reason) < 200, reason
        assert f'href="/scenarios/{name}"' not in listing
    assert 'href="/scenarios/good.toml"' in listing
    page = web.get("/compare").text
    assert '<option value="good.toml">' in page and '<option value="summit_2025.toml"' not in page
    assert "Not offered, not valid scenarios: broken.toml (" in page
    refused = web.get("/compare", params={"a": "bundled", "b": "summit_2025.toml"})
    assert refused.status_code == 404 and "no scenario named &#39;summit_2025.toml&#39;" in refused.text


def test_serve_on_a_busy_port_is_one_line(runner, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--port", str(port), "--scenarios", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"accord serve: cannot listen on 127.0.0.1:{port}: Address already in use " \
                                    f"(another server there? try --port {port + 1})"


HUGE = "9" * 5000  # past CPython's 4,300-digit limit for reading an int


def post_json(web, path: str, body: str, **headers):
    return web.post(path, content=body.encode(), headers={"Content-Type": "application/json", **headers})


def test_what_if_input_is_strict(db_url, tmp_path, capsys, caplog):
    web = client(db_url, tmp_path)
    path = "/api/scenarios/bundled/whatif"
    change = '{"changes": [{"actor": "RUS", "issue": "crimea", "%s": %s}]}'
    assert post_json(web, path, change % ("salience", "50")).status_code == 200
    for field, value in (("salience", "true"), ("salience", '"50"'), ("salience", HUGE), ("capability", "-" + HUGE),
                         ("capability", "9" * 400), ("salience", "NaN"), ("capability", "Infinity"),
                         ("salience", "1e400"), ("salience", "101"), ("capability", "0"), ("ideal", "1")):
        bad = post_json(web, path, change % (field, value))
        assert bad.status_code == 400, (field, value)
        error = bad.json()["error"]
        assert field in error and "\n" not in error and len(error) < 200, error
    for body in ('{"changes": ' + "[" * 100_000 + "]" * 100_000 + "}", '{"changes": {}}', "[]", '{"changes": [1]}'):
        assert post_json(web, path, body).status_code == 400, body[:20]
    assert "Traceback" not in capsys.readouterr().err and not any(r.exc_info for r in caplog.records)


def test_validate_and_edit_refuse_wrong_types_and_huge_numbers(db_url, tmp_path, capsys):
    web = client(db_url, tmp_path)
    for body, field in (('{"text": %s}' % HUGE, "text"), ('{"text": ["a"]}', "text"),
                        ('{"text": "", "format": 1}', "format"), ('{"text": "", "format": "xml"}', "format"),
                        ('{"text": "", "extra": 1}', "extra")):
        bad = post_json(web, "/api/validate", body)
        assert bad.status_code == 400 and field in bad.json()["error"], body[:20]
    assert post_json(web, "/api/validate", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}").status_code == 400
    for text, fmt in (("a = " + HUGE, "toml"), ('{"a": %s}' % HUGE, "json"), ("a: " + HUGE, "yaml")):
        checked = web.post("/api/validate", json={"text": text, "format": fmt})
        assert checked.status_code == 200 and checked.json()["valid"] is False, fmt
        assert "digits" in checked.json()["problems"][0]
    shown = web.post("/scenarios/bundled/edit", data={"text": "a = " + HUGE})
    assert shown.status_code == 200 and "digits" in shown.text and "Saved" not in shown.text
    assert "Traceback" not in capsys.readouterr().err


def test_state_changing_requests_from_other_sites_are_refused(db_url, tmp_path):
    web = client(db_url, tmp_path)

    def status(**headers) -> int:
        return web.post("/api/validate", json={"text": ""}, headers=headers).status_code

    assert status() == 200  # curl and other clients send none of these headers
    assert status(**{"Sec-Fetch-Site": "cross-site"}) == 403
    assert status(**{"Sec-Fetch-Site": "same-site"}) == 403  # another port or subdomain is another application
    assert status(**{"Sec-Fetch-Site": "same-origin"}) == 200 and status(**{"Sec-Fetch-Site": "none"}) == 200
    assert status(Referer="http://attacker.example/page") == 403
    assert status(Referer="not a url") == 403
    assert status(Referer="http://127.0.0.1/scenarios/bundled/edit") == 200
    assert status(Origin="http://127.0.0.1", Referer="http://attacker.example/") == 200  # Origin decides when sent
    assert web.get("/scenarios", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200  # links still work
    refused = web.post("/scenarios/bundled/edit", data={"text": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403 and not (tmp_path / "scenarios").exists()

# -- in a real browser ---------------------------------------------------------------------------------------------

@pytest.fixture
def browser():
    with check.launched_chromium() as launched:
        yield launched


@pytest.fixture
def server(corpus, tmp_path):
    with check.served(create_app(corpus, tmp_path / "scenarios")) as url:
        yield url


def test_browser_corpus_article_and_inert_content(browser, server):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "/")
    page.fill("input[name=q]", "Geneva night")
    page.click("button[type=submit]")
    page.click("text=hostile")
    assert "/articles/hostile" in page.url
    assert page.evaluate("window.pwned === undefined")  # neither the script nor the onerror ran
    assert "<script>window.pwned = 1</script>" in page.inner_text("main")
    assert dialogs == []


def test_browser_what_if_per_issue_before_and_after(browser, server):
    from accord.analysis.whatif import before_after, controls

    start = controls(load_scenario())
    nato = next(issue for issue in start["issues"] if issue["id"] == "nato_membership")
    held = start["positions"]["UKR"]["nato_membership"]
    page = browser.new_page()
    page.goto(server + "/scenarios/bundled")
    assert page.locator(".plot .plotly").count() >= 3  # plotly drew the position maps and the other plots
    page.select_option("select[name=actor]", "UKR")
    page.select_option("select[name=issue]", "nato_membership")
    ideal = page.eval_on_selector_all("select[name=ideal] option", "os => os.map(o => [o.value, o.textContent])")
    assert ideal[1:] == [[o["id"], o["label"]] for o in nato["options"]]  # this issue's options, by label
    assert page.input_value("select[name=ideal]") == held["ideal"]
    boxes = page.eval_on_selector_all("input[name=acceptable]", "bs => bs.map(b => [b.value, b.checked])")
    assert boxes == [[o["id"], o["id"] in held["acceptable"]] for o in nato["options"]]
    assert page.input_value("input[name=salience]") == f"{held['salience']:g}"
    page.check("input[name=acceptable][value=ruled_out]")
    page.click("text=Recompute")
    page.wait_for_selector("table.beforeafter")
    shown = {row[0]: row[1:] for row in page.eval_on_selector_all(
        "table.beforeafter tbody tr", "rows => rows.map(r => [...r.children].map(c => c.textContent))")}
    accepted = held["acceptable"] + ["ruled_out"]
    answer = before_after(load_scenario(), [{"actor": "UKR", "issue": "nato_membership", "acceptable": accepted}])
    before, after = answer["before"], answer["after"]
    assert shown["Feasible deals"] == [str(before["feasible"]), str(after["feasible"])]
    assert shown["Direct clashes"] == [str(before["clashes"]), str(after["clashes"])]
    assert shown["Cheapest concession that opens a deal"][0].startswith(before["concession"]["text"])
    assert shown[nato["title"]] == [next(r["label"] for r in state["forecast"] if r["issue"] == "nato_membership")
                                    for state in (before, after)]  # the last row of that title: the forecast
    page.wait_for_selector("text=Positions (after the what-if)")  # the plots were redrawn for the change
    assert page.locator("#positions-plots .plot .plotly").count() >= 3


def test_browser_editing_validates_on_every_change(browser, server):
    page = browser.new_page()
    page.goto(server + "/scenarios/bundled/edit")
    original = page.input_value("textarea[name=text]")
    page.fill("textarea[name=text]", "[scenario]\nid = 'x'\n")
    page.wait_for_selector("#problems .error")  # checked as typed, before any save
    assert "required" in page.inner_text("#problems")
    page.fill("textarea[name=text]", original)
    page.wait_for_selector("#problems .good")
    assert "valid: 5 actors, 10 issues" in page.inner_text("#problems")
    page.fill("textarea[name=text]", "[scenario]\nid = 'x'\n")
    page.click("text=Validate and save")
    assert page.locator(".error").count() >= 1 and "Saved" not in page.inner_text("main")
