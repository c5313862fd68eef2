"""Monitoring an agreement (issue 16): claims by day and side against a baseline, each party's status, the
response clock and the release clauses a claim would set off. Invented truces and claims."""

from __future__ import annotations

import datetime as dt

from accord.analysis.monitoring import agreement_of, monitor, monitor_all
from accord.scenario.agreement import parse_agreements

TERMS = '''
[[agreements]]
id = "river-truce"
title = "Truce on the river"
parties = ["EGY", "ETH", "SDN"]
mode = "mutual"
start = [{ at = 2026-03-10T00:00:00+02:00, held_by = "EGY" }, { at = 2026-03-12T00:00:00+03:00, held_by = "ETH" }]
end = [{ at = 2026-03-20T00:00:00+02:00 }]
covered = { actions = ["strikes"], targets = ["pumping stations"] }
release = [{ violation_by = "ETH", frees = ["EGY"], description = "a breach by Ethiopia frees Egypt" }]
responses = [{ who = ["SDN"], within_hours = 72, to = ["large-scale offensive"], description = "Khartoum answers an offensive" }]

[[agreements]]
id = "easter-pause"
title = "A short holiday pause"
parties = ["EGY", "ETH"]
mode = "unilateral"
declared_by = ["EGY"]
start = [{ at = 2026-03-15T18:00:00+02:00 }]
end = [{ at = 2026-03-17T00:00:00+02:00 }]
'''


def claim(doc, claimant, accused, kind="claim", day="2026-03-13", count=None, what="shelling", evidence=""):
    return {"doc": doc, "claimant": claimant, "accused": accused, "kind": kind, "count": count, "what": what,
            "period": {"from": day, "to": day}, "independent": claimant == "EXPERT", "evidence": evidence}


def test_statuses_days_against_the_baseline_clock_and_release():
    truce = parse_agreements(TERMS).agreements[0]
    claims = [claim("1", "EGY", "ETH", count=40), claim("2", "EGY", "ETH", count=55), claim("3", "SDN", "ETH"),
              claim("4", "ETH", "ETH", kind="denial"), claim("5", "EXPERT", "EGY", kind="confirmation"),
              claim("6", "EGY", "ETH", day="2026-03-05"),  # before the truce: the baseline
              claim("7", "EGY", "ETH", day="2026-03-14", what="assault",
                    evidence="Cairo says a large-scale offensive began at dawn")]
    report = monitor(truce, claims)
    statuses = {s.party: (s.status, s.claimants, s.denials) for s in report.statuses}
    assert statuses == {"EGY": ("independently confirmed", [], 0), "ETH": ("claimed by several sides", ["EGY", "SDN"], 1),
                        "SDN": ("no claims", [], 0)}
    days = {d.day: d for d in report.days}
    assert days[dt.date(2026, 3, 3)].baseline and days[dt.date(2026, 3, 5)].claims == {"EGY": 1}
    assert days[dt.date(2026, 3, 13)].claims == {"EGY": 2, "SDN": 1}
    assert days[dt.date(2026, 3, 13)].largest["EGY"] == (55, "shelling")  # the largest figure, not a sum of reports
    assert not days[dt.date(2026, 3, 13)].baseline and report.start_disputed
    [clock] = report.clocks
    assert (clock.who, clock.claimant, clock.doc) == (["SDN"], "EGY", "7")
    assert clock.deadline - clock.started == dt.timedelta(hours=72)
    [release] = report.releases
    assert (release.accused, release.frees, release.claimants) == ("ETH", ["EGY"], ["EGY", "SDN"])


def test_each_claim_goes_to_the_agreement_in_force_that_covers_it():
    truces = parse_agreements(TERMS).agreements
    holiday = claim("1", "ETH", "EGY", day="2026-03-16")
    station = claim("2", "ETH", "EGY", day="2026-03-16", what="strike", evidence="a pumping station was hit")
    before = claim("3", "ETH", "EGY", day="2026-03-04")  # the river truce's baseline, before the pause's
    assert [agreement_of(truces, c).id for c in (holiday, station, before)] == ["easter-pause", "river-truce", "river-truce"]
    assert agreement_of(truces, claim("4", "ETH", "EGY", day="2026-05-01")) is None
    reports = monitor_all(truces, [holiday, station, before])
    assert [len(r.claims) for r in reports] == [2, 1]


def test_every_claim_in_the_output_names_its_claimant():
    truce = parse_agreements(TERMS).agreements[0]
    out = monitor(truce, [claim("1", "EGY", "ETH"), claim("2", "EXPERT", None, kind="confirmation")]).to_dict()
    assert all(c["claimant"] and c["kind"] in ("claim", "denial", "confirmation") for c in out["claims"])
    assert out["start_disputed"] is True and [s["status"] for s in out["statuses"]][1] == "claimed by one side"
