#!/usr/bin/env python3
"""Derives the Faxe and Rødovre demo centres from the Randers sample.

The sample centre (sample-data/centre.json, hand-written, Randers profile)
is the source: this script takes a subset of its cases, renames its people
(fictional names, CPR-shaped test numbers with the same birth dates), moves
every date back a whole number of weeks (so weekdays stay), drops what the
profile has no use for (MOVE courses and gift cards), caps plan revisions at
the profile's limit and adds what shows the profile's own rules (counted
conversations, a young person under the youngest age). Its output is
committed in sample-data/scenarios/ and compiled in; run it again after a
change to the sample:

    python3 tools/derive_scenarios.py
"""

import calendar
import datetime as dt
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sample-data" / "centre.json"

DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}:\d{2}Z?)?$")


def strings(value, change):
    """`value` with `change` applied to every string in it, at any depth."""
    if isinstance(value, dict):
        return {k: strings(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [strings(v, change) for v in value]
    if isinstance(value, str):
        return change(value)
    return value


def shift(value, days):
    """Moves every date and moment in `value` back by `days`."""

    def back(text):
        m = DATE.match(text)
        if not m:
            return text
        day = dt.date(int(m[1]), int(m[2]), int(m[3])) - dt.timedelta(days=days)
        return day.isoformat() + (m[4] or "")

    return strings(value, back)


def plus_months(day, months):
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rename_text(value, words):
    def renamed(text):
        for old, new in words:
            text = text.replace(old, new)
        return text

    return strings(value, renamed)


def rename_words(value, old, new):
    return strings(value, lambda text: re.sub(rf"\b{re.escape(old)}\b", new, text))


def derive(spec):
    d = json.loads(SOURCE.read_text())
    keep = set(spec["cases"])
    d["cases"] = [c for c in d["cases"] if c["id"] in keep]
    citizens = {c["citizen_id"] for c in d["cases"]}
    d["citizens"] = [c for c in d["citizens"] if c["id"] in citizens]
    for k in ["case_events", "plan_versions", "course_endings", "follow_up_calls", "children",
              "child_considerations", "notifications", "stays", "group_members"]:
        d[k] = [r for r in d[k] if r["case_id"] in keep]
    calls = {c["id"] for c in d["follow_up_calls"]}
    d["follow_up_attempts"] = [a for a in d["follow_up_attempts"] if a["call_id"] in calls]
    notes = {n["id"] for n in d["notifications"]}
    d["notification_updates"] = [u for u in d["notification_updates"] if u["notification_id"] in notes]
    stays = {s["id"] for s in d["stays"]}
    d["stay_events"] = [e for e in d["stay_events"] if e["stay_id"] in stays]
    # No MOVE: the profile has no gift cards.
    d["move_courses"] = []
    d["gift_card_ledger"] = []
    groups = {g["id"] for g in d["groups"] if g["kind"] != "move"}
    d["groups"] = [g for g in d["groups"] if g["id"] in groups]
    d["group_members"] = [m for m in d["group_members"] if m["group_id"] in groups]
    d["group_sessions"] = [s for s in d["group_sessions"] if s["group_id"] in groups]
    sessions = {s["id"] for s in d["group_sessions"]}
    d["attendances"] = [a for a in d["attendances"]
                        if a["course_id"] is None and a["session_id"] in sessions and a["case_id"] in keep]
    # Providers the kept stays use, with their prices.
    providers = {s["provider_id"] for s in d["stays"]}
    d["providers"] = [p for p in d["providers"] if p["id"] in providers]
    d["provider_prices"] = [p for p in d["provider_prices"] if p["provider_id"] in providers]
    for s in d["stays"]:
        if s["decision"]:
            s["decision"]["by"] = spec["decided_by"]
        # Without the profile's rådighedsbeløb there is no own payment.
        s["own_payment"] = None
    # People: new fictional names, CPR numbers with the same birth date,
    # century digit and gender digit.
    # A CPR number's last digit is odd for a man, even for a woman; the
    # name follows it (reports count gender from the number).
    names = {"male": iter(spec["men"]), "female": iter(spec["women"])}
    first_names = []
    for i, c in enumerate(d["citizens"]):
        if c["name"]:
            old_first = c["name"].split()[0]
            gender = "male" if c["cpr"] and int(c["cpr"][-1]) % 2 else "female" if c["cpr"] else ["male", "female"][i % 2]
            c["name"] = next(names[gender])
            first_names.append((old_first, c["name"].split()[0]))
        if c["cpr"]:
            cpr = c["cpr"]
            middle = (int(cpr[8:10]) + 37 * (i + 1) + spec["cpr_salt"]) % 100
            c["cpr"] = f"{cpr[:8]}{middle:02d}{cpr[10]}"
        c["pseudonym"] = spec["pseudonyms"].get(c["pseudonym"], c["pseudonym"])
        c["home_municipality"] = spec["municipalities"].get(c["home_municipality"], c["home_municipality"])
    # The notes and texts about a citizen call them by their new first name.
    for key in ["cases", "stays", "notifications", "child_considerations", "plan_versions"]:
        for old, new in first_names:
            d[key] = rename_words(d[key], old, new)
    for cid, cpr in spec.get("cpr", {}).items():
        next(c for c in d["citizens"] if c["id"] == cid)["cpr"] = cpr
    d = rename_text(d, spec["words"])
    d = shift(d, spec["weeks_back"] * 7)
    # The profile's revision limit.
    months = spec["revision_every_months"]
    for v in d["plan_versions"]:
        eff = dt.date.fromisoformat(v["effective_on"])
        limit = plus_months(eff, months)
        if dt.date.fromisoformat(v["next_revision_on"]) > limit:
            v["next_revision_on"] = limit.isoformat()
    # A call is due whole calendar months after the end, which a shift of
    # days does not keep.
    ended = {e["case_id"]: dt.date.fromisoformat(e["ended_on"]) for e in d["course_endings"]}
    for call in d["follow_up_calls"]:
        call["due_on"] = plus_months(ended[call["case_id"]], call["months"]).isoformat()
    for case_id, fields in spec.get("case_fields", {}).items():
        next(c for c in d["cases"] if c["id"] == case_id).update(fields)
    d["conversations"] = spec.get("conversations", [])
    d["centre"] = spec["centre"]
    out = ROOT / "sample-data" / "scenarios" / f"{spec['name']}.json"
    out.write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    print(out, len(d["cases"]), "sager", d["sample_today"])


FAXE = {
    "name": "faxe",
    "centre": {"name": "Rusmiddelcenter Faxe", "municipality": "Faxe", "profile": "faxe", "profile_path": None},
    "cases": [1, 2, 3, 9, 11, 13, 14, 16, 17, 18, 19, 20, 22, 24, 25, 27, 29, 31, 35, 38, 42, 44, 45, 46, 47],
    "weeks_back": 5,
    "revision_every_months": 3,
    "decided_by": "Rusmiddelcentret",
    "cpr_salt": 11,
    "men": ["Jakob Holst", "Torben Ebbesen", "Niels Kamp", "Allan Dyhr", "Mads Riber", "Ib Svane",
            "Brian Fogh", "Per Hjelm", "Tobias Ring", "Jonas Bro", "Ole Tang", "Kurt Aas", "Bent Vad",
            "Frank Nygaard", "Villads Brok", "Erik Lunde"],
    "women": ["Lone Bech", "Vibeke Stær", "Carina Bonde", "Ditte Hjort", "Anja Lerche", "Mette Kold",
              "Else Vang", "Camilla Rask", "Ida Sommer", "Rie Skov", "Hanne Eg", "Gry Lund", "Birthe Moos",
              "Karin Lykke", "Sofie Tved"],
    "pseudonyms": {"Måge": "Ørn", "Birk": "Lind", "Skovsø": "Hede", "Ravn": "Krage"},
    "municipalities": {"Randers": "Faxe", "Favrskov": "Stevns", "Syddjurs": "Næstved", "Norddjurs": "Køge"},
    "words": [("Rusmiddelcenter Randers", "Rusmiddelcenter Faxe"), ("Randers Statsskole", "Haslev Gymnasium"),
              ("Randers Tekniske Skole", "Zealand Business College"), ("VUC Randers", "VUC Storstrøm"),
              ("Randers", "Faxe"), ("Favrskov", "Stevns"), ("Syddjurs", "Næstved"), ("Norddjurs", "Køge"),
              ("Visitationsudvalget", "Rusmiddelcentret")],
}

RODOVRE = {
    "name": "rodovre",
    "centre": {"name": "Rådgivnings- og Behandlingscentret Rødovre", "municipality": "Rødovre",
               "profile": "rodovre", "profile_path": None},
    "cases": [2, 3, 6, 9, 11, 13, 14, 16, 17, 18, 19, 20, 21, 23, 26, 27, 28, 30, 31, 33, 34, 35, 36, 37,
              38, 41, 43, 45, 46, 47],
    "weeks_back": 2,
    "revision_every_months": 3,
    "decided_by": "Rådgivnings- og Behandlingscentret",
    "cpr_salt": 53,
    "men": ["Michael Bøgh", "Lars Friis Olsen", "Henning Lysgaard", "Jannik Storm", "Dennis Ploug",
            "Martin Hauge", "Rene Kirkeby", "Steffen Bonde", "Nicklas Ulrik", "Malthe Krog", "Patrick Holt",
            "Henrik Lau", "Kaj Ravn", "Ronni Vest", "Asger Ild", "Oskar Brink", "Jesper Tolstrup",
            "Carsten Mose"],
    "women": ["Sanne Krog", "Tanja Munk", "Pernille Aagaard", "Bettina Rahbek", "Kirsten Wulff",
              "Louise Grum", "Amalie Vest", "Winnie Dalsgaard", "Rikke Haslund", "Frida Sejer", "Yvonne Dam",
              "Lotte Fenger", "Signe Brink", "Tove Mark", "Dorte Sand", "Helga Ravnsborg", "Mia Kjeldgaard"],
    "pseudonyms": {"Måge": "Spurv", "Birk": "Eg", "Skovsø": "Mose", "Ravn": "Stær"},
    "municipalities": {"Randers": "Rødovre", "Favrskov": "Hvidovre", "Syddjurs": "Glostrup",
                       "Norddjurs": "Brøndby"},
    "words": [("Rusmiddelcenter Randers", "Rådgivnings- og Behandlingscentret Rødovre"),
              ("Randers Statsskole", "Rødovre Gymnasium"), ("Randers Tekniske Skole", "TEC Hvidovre"),
              ("VUC Randers", "VUC Hvidovre"), ("Randers", "Rødovre"), ("Favrskov", "Hvidovre"),
              ("Syddjurs", "Glostrup"), ("Norddjurs", "Brøndby"),
              ("Visitationsudvalget", "Rådgivnings- og Behandlingscentret")],
    # Oliver (case 37) is 14 on the scenario's day: under Rødovre's youngest
    # age of 16, referred to the children and family department.
    "cpr": {36: "060811-4679"},
    "case_fields": {37: {"referred_young": True,
                         "note": "14 år: under 16, så ingen behandling her. Henvist til Børne- og Familieafdelingen; forældrene er orienteret."}},
    "conversations": [
        # A relative's 1-2 conversations: the third passes the limit.
        {"id": 1, "case_id": 13, "on": "2026-01-21", "kind": "relative", "actor": "bo", "recorded_at": "2026-01-21T14:30:00Z"},
        {"id": 2, "case_id": 13, "on": "2026-01-28", "kind": "relative", "actor": "bo", "recorded_at": "2026-01-28T14:30:00Z"},
        {"id": 3, "case_id": 27, "on": "2026-02-19", "kind": "relative", "actor": "camilla", "recorded_at": "2026-02-19T15:00:00Z"},
        {"id": 4, "case_id": 27, "on": "2026-02-24", "kind": "relative", "actor": "camilla", "recorded_at": "2026-02-24T15:00:00Z"},
        {"id": 5, "case_id": 27, "on": "2026-03-02", "kind": "relative", "actor": "camilla", "recorded_at": "2026-03-02T15:00:00Z"},
        # Up to 3 anonymous conversations before enrolment.
        {"id": 6, "case_id": 38, "on": "2026-03-01", "kind": "anonymous", "actor": "dennis", "recorded_at": "2026-03-01T18:40:00Z"},
        {"id": 7, "case_id": 43, "on": "2026-03-02", "kind": "anonymous", "actor": "dennis", "recorded_at": "2026-03-02T20:10:00Z"},
        {"id": 8, "case_id": 43, "on": "2026-03-02", "kind": "advisory", "actor": "dennis", "recorded_at": "2026-03-02T20:40:00Z"},
        # A 16-17-year-old gets one anonymous conversation before the
        # children and family department decides.
        {"id": 9, "case_id": 35, "on": "2026-02-27", "kind": "anonymous", "actor": "bo", "recorded_at": "2026-02-27T15:30:00Z"},
    ],
}

if __name__ == "__main__":
    derive(FAXE)
    derive(RODOVRE)
