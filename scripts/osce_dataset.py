"""Convert a notebook of the public record of the OSCE's field operations into
the demo's dataset (fieldops-dataset version 2).

    python scripts/osce_dataset.py NOTEBOOK.json fieldops/demo/astana.json \
        > fieldops/demo/osce.json

NOTEBOOK.json is a researcher's notebook: one object per field operation, each
fact with the addresses of the pages it was read from (its shape is described in
fieldops/demo/NOTICE). astana.json holds the demo operation as its own public
profile page describes it; for Astana it is kept as it is, and the notebook adds
what the page does not say. The output is written once and committed: the site
never runs this script. Values absent from the notebook stay absent.
"""

from __future__ import annotations

import datetime
import json
import re
import sys

# The disagreements between sources that the notebook records in prose, as
# claims: (slug, what, preferred value, its source, other value, its source,
# why). `what` names the fact: "established" is the day the operation was
# established (its first name's start and its establishing decision's
# adoption), "established-effect" the day the establishment took effect, and
# "kind:<name after>" the kind of the change that gave that name. Values are
# written as the dataset writes dates: 1998, 1998-06 or 1998-06-11.
DISPUTES = [
    (
        "astana",
        "established",
        "1998-06-11",
        "https://astana.osce.org/kk/node/660452",
        "1998-07-23",
        "http://www.osce.org/node/44553",
        "The office's own profile dates its establishment and decision to 11 June "
        "1998; an older page of the organisation dates the decision to 23 July 1998.",
    ),
    (
        "bih",
        "established",
        "1995-12-08",
        "https://www.osce.org/bih/213746",
        "1995-12-18",
        "https://osce.org/cio/52576",
        "A news item of December 2000 counts the mission from 18 December 1995, the "
        "day its first head was appointed.",
    ),
    (
        "montenegro",
        "established",
        "2006-06-29",
        "http://www.osce.org/montenegro/44406",
        "2006-07-29",
        "https://mvp.gov.me/en/sections/Multilateral-relations/OSCE/"
        "Relations-of-Montenegro-and-OSCE/",
        "The host's foreign ministry gives 29 July 2006; the organisation's own "
        "pages give 29 June 2006.",
    ),
    (
        "moldova",
        "established-effect",
        "1993-04-25",
        "https://moldova.osce.org/node/660418",
        "1993-04-23",
        "http://www.mfa.gov.md/osce-en/osce-mission/",
        "The mission began its work in Chisinau on 25 April 1993 by the "
        "organisation's account; Moldova's foreign ministry gives 23 April.",
    ),
    (
        "georgia",
        "established",
        "1992-11",
        "http://react.usip.org/pub/m7/p36.html",
        "1992-12-13",
        "https://osce.org/georgia-closed/43386",
        "A research summary dates the mission's establishment to November 1992; "
        "the organisation's page on the closed mission dates its first mandate "
        "to 13 December 1992.",
    ),
    (
        "uzbekistan",
        "kind:OSCE Centre in Tashkent",
        "renamed",
        "http://www.osce.org/node/44553",
        "replaced",
        "https://www.osce.org/node/660500",
        "An older page of the organisation has the Liaison Office renamed; its "
        "current website has it closed, with its premises and assets passing to "
        "the new Centre.",
    ),
    (
        "uzbekistan",
        "kind:OSCE Project Co-ordinator in Uzbekistan",
        "transformed",
        "http://www.uzbekistan.org/press/archive/355/",
        "replaced",
        "http://www.osce.org/uzbekistan/43303",
        "The organisation's survey of its field operations lists the Centre in "
        "Tashkent as closed, and the Project Co-ordinator as a new operation.",
    ),
]

WHERE_LOOKED = [
    (" in the corpus", ""),
    (" confirmed in corpus", " confirmed"),
    ("not in the stored excerpt", "not on the source page"),
    ("not in the excerpts", "not in the sources"),
    ("not in the excerpt", "not on the source page"),
    ("not in excerpt", "not on the source page"),
    ("not named in the excerpts", "not named in the sources"),
    ("not shown in the excerpt", "not shown on the source page"),
    ("mandate text not in corpus", "mandate text not found"),
    # The notebook's own keys and shorthand, which a reader does not know.
    (" (see slug kvm)", ""),
    (" (slug pcu)", ""),
    (
        "recorded separately: mld-kosovo-sandjak-vojvodina (1992-93) and kvm "
        "(1998-99, incl. Task Force)",
        "the Missions of Long Duration (1992–1993, held here) and a verification "
        "mission with its task force (1998–1999, not held here yet)",
    ),
    ("the 2024 PEA", "the 2024 provisional expenditure authorization"),
    ("Excerpt cut after", "The source page breaks off after"),
]
STATUS = {"active": "current", "closed": "closed", "unknown": "unknown"}
REGION = {
    "South-Eastern Europe": "south-eastern-europe",
    "Eastern Europe": "eastern-europe",
    "Eastern Europe (Baltic)": "eastern-europe",
    "South Caucasus": "south-caucasus",
    "Central Asia": "central-asia",
}
CHANGE_KIND = {
    "established": "established",
    "renamed": "renamed",
    "transformed": "transformed",
    "replaced": "replaced",
    "mandate_updated": "mandate-updated",
    "mandate_expired": "mandate-expired",
    "withdrawn": "withdrawn",
    "closed": "closed",
}
NAME_CHANGES = {"established", "renamed", "transformed", "replaced"}
OFFICE_ROLE = {
    "project office": "project-office",
    "field office": "field-office",
    "field office / regional centre": "field-office",
    "office": "field-office",
    "programme implementation presence": "field-office",
    "satellite office": "branch-office",
    "branch office": "branch-office",
    "monitoring team base": "observation-post",
    "observation post": "observation-post",
    "monitoring operation": "component",
    "mission (component)": "component",
}
# IANA time zones of the seats' countries (the demo's places need one each).
TIME_ZONE = {
    "AL": "Europe/Tirane",
    "AM": "Asia/Yerevan",
    "AZ": "Asia/Baku",
    "BA": "Europe/Sarajevo",
    "BY": "Europe/Minsk",
    "EE": "Europe/Tallinn",
    "GE": "Asia/Tbilisi",
    "KZ": "Asia/Almaty",
    "LV": "Europe/Riga",
    "MD": "Europe/Chisinau",
    "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje",
    "RS": "Europe/Belgrade",
    "RU": "Europe/Moscow",
    "TM": "Asia/Ashgabat",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
    "XK": "Europe/Belgrade",
}
# The host state's name of the time, where it differs from today's.
HOST_NAMES = {
    "mld-kosovo-sandjak-vojvodina": [("Federal Republic of Yugoslavia", None, None)],
    "skopje": [
        (
            "the former Yugoslav Republic of Macedonia",
            None,
            {"value": "2019", "precision": "year"},
        )
    ],
}


def partial(value: dict | None, prefix: str) -> dict:
    """A notebook date {value, precision, uncertain} as dataset columns."""
    if not value or not value.get("value"):
        return {}
    text, precision = value["value"], value.get("precision", "day")
    parts = text.split("-") + ["01", "01"]
    row = {
        prefix: "-".join(parts[:3]),
        f"{prefix}_precision": precision,
    }
    if value.get("uncertain"):
        row[f"{prefix}_uncertain"] = True
    return row


def period(start: dict | None, end: dict | None) -> dict:
    return {**partial(start, "valid_from"), **partial(end, "valid_to")}


def day(value: dict | None) -> str | None:
    """The first day of a notebook date, whatever its precision."""
    if not value or not value.get("value"):
        return None
    parts = value["value"].split("-") + ["01", "01"]
    return "-".join(parts[:3])


def sources(urls: list[str], note: str = "") -> dict:
    row = {"source_url": urls[0] if urls else ""}
    if len(urls) > 1:
        row["further_source_urls"] = urls[1:]
    if note:
        row["source_note"] = note[:500]
    return row


def clean(text: str) -> str:
    """The notebook's words, without where its author looked."""
    for said, meant in WHERE_LOOKED:
        text = text.replace(said, meant)
    # "… - https://…" names the page a remark comes from.
    return re.sub(r" - (https?://\S+?)(\.?)(?=\s|$)", r" (source: \1)\2", text)


def sentence(text: str | None) -> str:
    """A notebook note as a sentence."""
    if not text:
        return ""
    # The notebook says where its author looked; the site says what is known.
    text = clean(text.strip())
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


class Documents:
    """The decisions named by the notebook, one row per symbol."""

    def __init__(self, rows: list[dict]):
        self.rows = {row["symbol"]: row for row in rows}

    def symbol(self, change: dict) -> tuple[str | None, str]:
        """The symbol of a change's decision (a row is made for it) and what the
        notebook adds to it (a journal reference), or (None, "")."""
        raw = change.get("decision")
        if not raw:
            return None, ""
        described = describe(raw, change)
        symbol = described["symbol"]
        if symbol not in self.rows:
            row = {k: v for k, v in described.items() if k != "extra"}
            adopted = change.get("adopted") or {}
            # The change may be a later act on the document (an extension), and
            # a note is dated in its title.
            own_act = row["kind"] != "other" and not described["extra"].startswith(
                "extended"
            )
            day_known = adopted.get("precision") == "day" and not adopted.get(
                "uncertain"
            )
            if own_act and day_known:
                row["adopted_on"] = adopted["value"]
            row["url"] = (change.get("sources") or [""])[0]
            self.rows[symbol] = row
        row = self.rows[symbol]
        if not row.get("adopted_on"):
            row["adopted_on"] = adoption(raw, described, change)
        return symbol, described["extra"]


def adoption(raw: str, described: dict, change: dict) -> str | None:
    """The day a document was adopted, from what the notebook records: the
    date its text states ("extension of PC Decision No. 861 (19 Aug 2008)",
    "Note verbale of 3 June 2015"), else the change's adoption when the
    change is the document's own act and the day is known for certain."""
    stated = stated_day(raw)
    if stated:
        return stated
    adopted = change.get("adopted") or {}
    own_act = described["kind"] != "other" and not described["extra"].startswith(
        "extended"
    )
    if own_act and day_known(adopted):
        return adopted["value"]
    return None


def stated_day(text: str) -> str | None:
    """A day written in words in `text` ("19 Aug 2008", "3 June 2015"), ISO."""
    match = re.search(r"\b(\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4})\b", text)
    if not match:
        return None
    day_of, month, year = match.groups()
    number = next(
        (i for i, name in enumerate(MONTHS, 1) if name.startswith(month[:3])), None
    )
    return f"{year}-{number:02d}-{int(day_of):02d}" if number else None


def describe(raw: str, change: dict) -> dict:
    """What the notebook's decision text names: symbol, body, kind, number, title."""
    for pattern in (
        r"^PC\.DEC/(\d+)\s*(.*)$",
        r"^PC Decision No\. (\d+)\s*(.*)$",
        r"^extension of PC Decision No\. (\d+)\s*(.*)$",
    ):
        match = re.match(pattern, raw)
        if match:
            number, extra = match.groups()
            if raw.startswith("extension"):
                extra = f"extended {extra.strip('()')}"
            return {
                "symbol": f"PC.DEC/{number}",
                "issuing_body": "Permanent Council",
                "kind": "decision",
                "number": number,
                "title": f"Permanent Council Decision No. {number}",
                "extra": extra.strip().strip("()"),
            }
    match = re.match(r"^MC\((\d+)\)\.DEC/(\d+)$", raw)
    if match:
        return {
            "symbol": raw,
            "issuing_body": "Ministerial Council",
            "kind": "decision",
            "number": match.group(2),
            "title": f"Ministerial Council Decision {raw}",
            "extra": "",
        }
    match = re.match(r"^(\d+)-CSO/Journal No\. (\d+), (Annex \d+)$", raw)
    if match:
        meeting = match.group(1)
        return {
            "symbol": raw,
            "issuing_body": "Committee of Senior Officials",
            "kind": "journal",
            "number": match.group(2),
            "title": f"Journal No. {match.group(2)} of the {ordinal(meeting)} "
            f"meeting of the Committee of Senior Officials, {match.group(3)}",
            "extra": "",
        }
    match = re.match(r"^Journal of the (\d+)\w\w PC plenary meeting$", raw)
    if match:
        number = match.group(1)
        return {
            "symbol": f"PC.JOUR/{number}",
            "issuing_body": "Permanent Council",
            "kind": "journal",
            "number": number,
            "title": f"Journal of the {ordinal(number)} Plenary Meeting of the "
            "Permanent Council",
            "extra": "",
        }
    if raw.startswith("Budapest Summit decision"):
        return {
            "symbol": "Budapest Document 1994",
            "issuing_body": "CSCE Budapest Summit",
            "kind": "decision",
            "number": "",
            "title": "Budapest Document 1994",
            "extra": "",
        }
    if raw.startswith("Note verbale"):
        return {
            "symbol": raw,
            "issuing_body": "Host government",
            "kind": "other",
            "number": "",
            "title": raw,
            "extra": "",
        }
    raise SystemExit(f"Unknown decision text: {raw!r}")


def ordinal(number: str) -> str:
    n = int(number)
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


BODY = [
    ("Permanent Council", "permanent-council"),
    ("Ministerial Council", "ministerial-council"),
    ("Committee of Senior Officials", "committee-of-senior-officials"),
    ("Summit", "summit"),
    ("Permanent Committee", "permanent-committee"),
    ("Chairmanship", "chairmanship"),
    ("Host government", "host-government"),
]


def deciding_body(text: str | None) -> tuple[str, str]:
    """The deciding body's code and what the notebook adds in brackets."""
    if not text:
        return "", ""
    for name, code in BODY:
        if name in text:
            detail = re.search(r"\((.*)\)", text)
            return code, detail.group(1) if detail else ""
    raise SystemExit(f"Unknown deciding body: {text!r}")


PRESENCE_KIND = {
    "programme office": "programme-office",
    "project co-ordinator": "project-co-ordinator",
    "liaison office": "liaison-office",
    "observer mission": "observer-mission",
    "special monitoring mission": "special-monitoring-mission",
    "advisory and monitoring group": "advisory-and-monitoring-group",
    "missions of long duration": "missions-of-long-duration",
}


class Converter:
    """Rows of the dataset's tables, gathered operation by operation."""

    def __init__(self, demo: dict):
        self.demo = demo
        self.documents = Documents(demo["documents"])
        self.tables: dict[str, list] = {
            "operations": [],
            "host_state_names": [],
            "names": [],
            "changes": [],
            "successions": [],
            "places": [],
            "offices": [],
            "mandates": [],
            "people": [],
            "posts": [],
            "appointments": [],
            "staffing": [],
            "financial_figures": [],
            "profiles": [],
        }
        self.places: dict[str, dict] = {}
        self.people: dict[str, dict] = {}

    def operation(self, op: dict, slugs: set[str]) -> None:
        slug = op["slug"]
        coverage = list(op.get("notes") or [])
        for side in ("predecessor", "successor"):
            other = op.get(side)
            if other and other not in slugs:
                coverage.append(f"Its {side} is not held here yet.")
        heads = self.heads(op, coverage)
        row = {
            "slug": slug,
            "host_country": op["host_country"].get("iso2") or "",
            "region": REGION[op["region"]],
            "status": STATUS[op["status"]],
            "official_url": op.get("about_us_url") or "",
            "coverage": op["coverage"],
            "dimensions": [],
        }
        if slug == "astana":
            row["dimensions"] = self.demo["operations"][0]["dimensions"]
            self.astana(op, row)
        else:
            self.names(op)
            self.seats(op)
            self.mandate(op)
            self.staff_and_money(op, coverage)
            self.profile(op)
        row["coverage_note"] = " ".join(sentence(n) for n in coverage)
        self.tables["operations"].append(row)
        self.changes(op)
        self.other_offices(op)
        for name, start, end in HOST_NAMES.get(slug, []):
            first = op["names"][0]
            last = op["names"][-1]
            self.tables["host_state_names"].append(
                {
                    "operation": slug,
                    "name": name,
                    **period(start or first["from"], end or last["to"]),
                }
            )
        if op.get("successor") in slugs:
            self.tables["successions"].append(
                {
                    "predecessor": slug,
                    "successor": op["successor"],
                    "kind": "replaced",
                    **sources((op.get("closed") or {}).get("sources") or []),
                }
            )
        self.tables["appointments"] += heads

    def names(self, op: dict) -> None:
        began = {
            c["name_after"]: c["type"]
            for c in op["changes"]
            if c["type"] in NAME_CHANGES and c.get("name_after")
        }
        rows = []
        for index, name in enumerate(op["names"]):
            change = "established" if index == 0 else began.get(name["name"], "renamed")
            kind = name["kind"]
            row = {
                "operation": op["slug"],
                "full_name": name["name"],
                "presence_kind": PRESENCE_KIND.get(kind, kind),
                "change": change,
                "note": sentence(name.get("note"))[:300],
                **period(name["from"], name["to"]),
                **sources(name.get("sources") or []),
            }
            if index == 0:
                claims = self.claims(op["slug"], "established", "valid_from")
                if claims:
                    row["claims"] = claims
                    row.update(held(claims, "valid_from"))
            rows.append(row)
        close_overlapping_names(rows)
        no_finer_than_changes(rows, op["changes"])
        self.tables["names"] += rows

    def claims(self, slug: str, what: str, field: str) -> list[dict]:
        """The claims about `field` of the fact `what` of operation `slug`
        (see DISPUTES), the preferred first; none when sources agree."""
        for disputed, about, preferred, source, other, other_source, why in DISPUTES:
            if (disputed, about) != (slug, what):
                continue
            return [
                {
                    "field": field,
                    "value": preferred,
                    "preferred": True,
                    "note": "",
                    "source_url": source,
                },
                {
                    "field": field,
                    "value": other,
                    "preferred": False,
                    "note": why,
                    "source_url": other_source,
                },
            ]
        return []

    def place(self, city: str, country: str, renames: list[dict]) -> str:
        if city in self.places:
            return city
        names = [{"name": city}]
        if renames:
            names[0].update(partial(renames[0]["from"], "valid_to"))
            names += [
                {"name": r["name"], **period(r["from"], r["to"])} for r in renames
            ]
        row = {
            "key": city,
            "country": country or "RS",
            "time_zone": TIME_ZONE.get(country, "UTC"),
            "names": names,
        }
        self.places[city] = row
        self.tables["places"].append(row)
        return city

    def seats(self, op: dict) -> None:
        country = op["host_country"].get("iso2") or ""
        for seat in op["headquarters"]:
            key = self.place(seat["city"], country, seat.get("city_renames") or [])
            self.tables["offices"].append(
                {
                    "operation": op["slug"],
                    "place": key,
                    "role": "headquarters",
                    "note": sentence(seat.get("note"))[:300],
                    **period(seat["from"], seat["to"]),
                    **sources(seat.get("sources") or []),
                }
            )

    def other_offices(self, op: dict) -> None:
        country = op["host_country"].get("iso2") or ""
        for office in op["other_offices"]:
            if not office.get("city"):
                continue
            key = self.place(office["city"], country, [])
            note = sentence(office.get("note"))
            if office.get("decided"):
                note = f"Decided {office['decided']['value']}. {note}".strip()
            self.tables["offices"].append(
                {
                    "operation": op["slug"],
                    "place": key,
                    "role": OFFICE_ROLE[office["kind"]],
                    "name": office.get("name") or "",
                    "note": note[:300],
                    **period(office.get("opened"), office.get("closed")),
                    **sources(office.get("sources") or []),
                }
            )

    def mandate(self, op: dict) -> None:
        established = next(
            (c for c in op["changes"] if c["type"] == "established"), None
        )
        first, last = op["names"][0], op["names"][-1]
        symbol = None
        if established:
            symbol, _extra = self.documents.symbol(established)
        self.tables["mandates"].append(
            {
                "operation": op["slug"],
                "summary": clean(op["mandate_summary"]),
                **period(first["from"], last["to"]),
                "source": symbol,
                **sources((established or first).get("sources") or []),
            }
        )

    def changes(self, op: dict) -> None:
        for change in op["changes"]:
            symbol, extra = self.documents.symbol(change)
            body, detail = deciding_body(change.get("deciding_body"))
            notes = [sentence(detail), sentence(extra)]
            effective_note = (change.get("effective") or {}).get("note")
            notes += [sentence(effective_note), sentence(change.get("note"))]
            uncertain = bool(change.get("uncertain")) or any(
                (change.get(k) or {}).get("uncertain") for k in ("adopted", "effective")
            )
            row = {
                "operation": op["slug"],
                "kind": CHANGE_KIND[change["type"]],
                "deciding_body": body,
                "decision": symbol,
                **partial(change.get("adopted"), "adopted_on"),
                **partial(change.get("effective"), "effective_on"),
                "uncertain": uncertain,
                "note": " ".join(n for n in notes if n)[:500],
                **sources(change.get("sources") or []),
            }
            row.pop("adopted_on_uncertain", None)
            row.pop("effective_on_uncertain", None)
            row["claims"] = self.change_claims(op["slug"], change)
            for claim in row["claims"]:
                if claim["preferred"]:
                    # The change holds the preferred claim's value.
                    row.update(held([claim], claim["field"]))
            if not row["claims"]:
                del row["claims"]
            self.tables["changes"].append(row)

    def change_claims(self, slug: str, change: dict) -> list[dict]:
        """The claims about the fields of a notebook change (see DISPUTES)."""
        claims = []
        if change["type"] == "established":
            claims += self.claims(slug, "established", "adopted_on")
            claims += self.claims(slug, "established-effect", "effective_on")
        if change.get("name_after"):
            claims += self.claims(slug, f"kind:{change['name_after']}", "kind")
        return claims

    def heads(self, op: dict, coverage: list[str]) -> list[dict]:
        rows, undated, imprecise = [], [], []
        posts = set()
        for head in op["heads"]:
            # The post's title, short: the operation it belongs to is known.
            head = {
                **head,
                "title": re.sub(
                    r"^Head of the OSCE (.+?)(?: in .+)?$", r"Head of \1", head["title"]
                ),
            }
            if not (head.get("from") or head.get("as_of")):
                # Without a start its period would reach back to the beginning.
                undated.append(head["name"])
                continue
            demo_people = {person["name"] for person in self.demo["people"]}
            if op["slug"] == "astana" and head["name"] in demo_people:
                continue  # the demo's own record of the current head
            name, note = head["name"], ""
            if "(given name not in source)" in name:
                name = name.replace(" (given name not in source)", "")
                note = "The source gives only the family name."
            if not head.get("from") and not day_known(head["as_of"]):
                # `known_on` is a day: a head seen in post only in some month or
                # year, or on a day not stated in full, is said in words.
                imprecise.append(f"{name} ({when_known(head)})")
                continue
            if name not in self.people:
                self.people[name] = {"name": name, "sort_name": sort_name(name)}
                self.tables["people"].append(self.people[name])
            if head["title"] not in posts:
                posts.add(head["title"])
                self.tables["posts"].append(
                    {"operation": op["slug"], "title": head["title"], "role": "head"}
                )
            row = {
                "operation": op["slug"],
                "post": head["title"],
                "person": name,
                "honorific": head.get("honorific") or "",
                **period(head.get("from"), head.get("to")),
                **sources(
                    head.get("sources") or [], note or sentence(head.get("note"))
                ),
            }
            if head.get("as_of") and not head.get("from"):
                row["known_on"] = day(head["as_of"])
            if head.get("uncertain") and "valid_from" in row:
                row["valid_from_uncertain"] = True
            rows.append(row)
        if undated:
            coverage.append(
                "Also named as head, at a time no source states in full: "
                + ", ".join(undated)
            )
        if imprecise:
            coverage.append(
                "Also named as head, on a date not known to the day: "
                + "; ".join(imprecise)
            )
        return close_open_heads(rows)

    def staff_and_money(self, op: dict, coverage: list[str]) -> None:
        for figure in op["figures"]:
            if figure["metric"] == "staff":
                if day(figure.get("as_of")):
                    self.staff(op, figure)
                else:
                    coverage.append(undated_staff(figure))
            elif figure.get("year"):
                self.money(op, figure)
            else:
                coverage.append(
                    f"A source gives a budget of {figure['currency']} "
                    f"{figure['amount']:,} without saying for which year"
                )

    def staff(self, op: dict, figure: dict) -> None:
        qualifier = figure.get("qualifier") or "actual"
        meaning = staff_meaning(qualifier)
        contract = figure.get("contract_type") or ""
        lines = []
        for category in ("international", "local"):
            if figure.get(category) is not None:
                lines.append(
                    {
                        "category": category,
                        "contract_type": contract,
                        "count": figure[category],
                    }
                )
        notes = []
        split = sum(line["count"] for line in lines)
        if figure.get("total") is not None and (not lines or split != figure["total"]):
            if lines:
                notes.append(
                    f"The source also gives a total of {figure['total']}, which "
                    "is not the sum of its parts."
                )
            else:
                lines = [
                    {
                        "category": "not-split",
                        "contract_type": contract,
                        "count": figure["total"],
                    }
                ]
        if not lines:
            return
        if figure.get("includes_extrabudgetary_funded"):
            notes.append("Includes staff paid from extrabudgetary contributions.")
        match = re.search(r"\((.*)\)", qualifier)
        if match:
            notes.append(sentence(match.group(1)))
        notes.append(sentence(figure.get("note")))
        self.tables["staffing"].append(
            {
                "operation": op["slug"],
                "as_of": day(figure["as_of"]),
                "meaning": meaning,
                "approximate": qualifier == "approximate",
                "note": " ".join(n for n in notes if n)[:300],
                "lines": lines,
                **sources(figure.get("sources") or []),
            }
        )

    def money(self, op: dict, figure: dict) -> None:
        fund = {
            "unified_budget": "unified",
            "extrabudgetary": "extrabudgetary",
            "separate_smm_budget": "separate",
        }.get(figure["fund"], "not-stated")
        basis = {
            "approved_budget": "approved",
            "provisional_expenditure_authorization": "pea",
            "actual": "actual",
        }.get(figure.get("basis") or "", "")
        if figure["measure"] == "expenditure":
            measure = "expenditure"
        else:
            measure = {"approved": "approved", "pea": "available"}.get(basis, "budget")
        based_on = ""
        if figure.get("basis_budget_year"):
            based_on = f"{figure['basis_budget_year']} Unified Budget"
        note = sentence(figure.get("note"))
        if figure.get("uncertain"):
            note = ("Uncertain. " + note).strip()
        self.tables["financial_figures"].append(
            {
                "operation": op["slug"],
                "year": figure["year"],
                "fund": fund,
                "measure": measure,
                "basis": basis,
                "based_on": based_on,
                "amount": f"{figure['amount']:.2f}",
                "currency": figure["currency"],
                "as_of": None,
                "approximate": figure.get("qualifier") == "approximate",
                "note": note[:300],
                **sources(figure.get("sources") or []),
            }
        )

    def profile(self, op: dict) -> None:
        self.tables["profiles"].append(
            {
                "operation": op["slug"],
                "locale": "en",
                "title": op["names"][-1]["name"],
                "overview": [],
            }
        )

    def astana(self, op: dict, row: dict) -> None:
        """The demo operation: its own page's facts, with the notebook's sources."""
        demo = self.demo
        official = op["about_us_url"]
        for document in self.documents.rows.values():
            document.setdefault("url", official)  # the page that names it
        for table in ("names", "offices", "mandates", "staffing", "financial_figures"):
            for record in demo[table]:
                record = dict(record)
                record.setdefault("source_url", official)
                if table == "names" and record["change"] == "established":
                    record["claims"] = self.claims(
                        "astana", "established", "valid_from"
                    )
                self.tables[table].append(record)
        for record in demo["places"]:
            key = record["names"][0]["name"]
            self.places[key] = record
            self.tables["places"].append(record)
        for table in ("people", "posts", "profiles"):
            self.tables[table] += demo[table]
        for person in demo["people"]:
            self.people[person["name"]] = person
        self.tables["appointments"] += [
            {**record, "source_url": official} for record in demo["appointments"]
        ]
        op["heads"] = []  # the demo's head comes from the office's own page
        # The decisions the office's page names for the changes the notebook
        # lists without one.
        named = {"renamed": "PC.DEC/797", "transformed": "PC.DEC/1153"}
        own_page = "The office's own profile page names the decision."
        for change in op["changes"]:
            if change["type"] == "transformed":
                # The office's own page gives the day the ministry gives only
                # to the month ("since January 2015").
                change["effective"] = {
                    "value": "2015-01-01",
                    "precision": "day",
                    "note": "The office's own profile page gives the day; "
                    "Kazakhstan's foreign ministry gives only the month",
                }
            if change["type"] == "established":
                change["uncertain"] = False
                change["note"] = own_page
                change["effective"]["note"] = "Opened in 1999"
            elif change["type"] in named and not change.get("decision"):
                if change.get("name_after") == "OSCE Centre in Astana" or (
                    change["type"] == "transformed"
                ):
                    change["decision"] = named[change["type"]]
                    change["deciding_body"] = "Permanent Council"
                    change["note"] = own_page
                    change["sources"] = change["sources"] + [official]


MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()


def day_known(value: dict | None) -> bool:
    """Whether a notebook date is a day, and not marked uncertain."""
    return bool(
        value
        and value.get("value")
        and value.get("precision", "day") == "day"
        and not value.get("uncertain")
    )


def when_known(head: dict) -> str:
    """When a head is known in post, as precisely as the notebook knows it:
    "in post in 2009", "in post in December 2001", "in post on 19 August 2025,
    a date inferred rather than stated in full"."""
    as_of = head["as_of"]
    parts = as_of["value"].split("-")
    precision = as_of.get("precision", "day")
    if precision == "year":
        return f"in post in {parts[0]}"
    month = MONTHS[int(parts[1]) - 1]
    if precision == "month":
        return f"in post in {month} {parts[0]}"
    # A day the notebook marks uncertain: part of it was read into the source.
    return (
        f"in post on {int(parts[2])} {month} {parts[0]}, a date inferred rather "
        "than stated in full"
    )


def held(claims: list[dict], field: str) -> dict:
    """The columns that hold the preferred claim's value: a date with its
    precision read from how it is written (1998, 1998-06, 1998-06-11)."""
    value = next(c["value"] for c in claims if c["preferred"])
    if not re.fullmatch(r"\d{4}(-\d\d){0,2}", value):
        return {field: value}
    precision = {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]
    row = partial({"value": value, "precision": precision}, field)
    return {field: row[field], f"{field}_precision": precision}


def start_of(row: dict) -> tuple[str, str]:
    """When a head is first known in post, and how precisely."""
    if row.get("valid_from"):
        return row["valid_from"], row.get("valid_from_precision", "day")
    return row["known_on"], "day"


def close_open_heads(rows: list[dict]) -> list[dict]:
    """One head at a time: a head whose end is not recorded had left by the
    time the next head was known in post. That day bounds the end, marked
    uncertain; two heads each known only on one day are left as they are."""
    rows = sorted(rows, key=lambda row: start_of(row)[0])
    for row, after in zip(rows, rows[1:], strict=False):
        if row.get("valid_to"):
            continue
        if not row.get("valid_from") and not after.get("valid_from"):
            continue
        end, precision = start_of(after)
        row["valid_to"], row["valid_to_precision"] = end, precision
        row["valid_to_uncertain"] = True
        note = "The end is not recorded: it came by the time the next head was in post."
        row["source_note"] = " ".join(filter(None, [row.get("source_note"), note]))
    return rows


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def change_date(change: dict) -> dict | None:
    """The notebook date that dates a change as the site does: an
    establishment by its adoption, any other change by its effect."""
    first, second = ("adopted", "effective")
    if change["type"] != "established":
        first, second = second, first
    return change.get(first) or change.get(second)


def no_finer_than_changes(rows: list[dict], changes: list[dict]) -> None:
    """A name begins (and the name before it ends) with the change that gave
    it: where the notebook dates the name to the day only by inference
    (uncertain) and the change only to the month or year, the name is known
    no more precisely than the change."""
    for index, row in enumerate(rows):
        change = next(
            (c for c in changes if c.get("name_after") == row["full_name"]), None
        )
        date = change_date(change) if change else None
        if not date or not row.get("valid_from_uncertain"):
            continue
        precision = date.get("precision", "day")
        finer = PRECISION_RANK[row.get("valid_from_precision", "day")]
        if finer > PRECISION_RANK[precision] and row["valid_from"].startswith(
            date["value"]
        ):
            row.update(partial(date, "valid_from"))
            row["valid_from_uncertain"] = True
            before = rows[index - 1] if index else None
            if before and before.get("valid_to", "").startswith(date["value"]):
                before.update(partial({**date, "uncertain": True}, "valid_to"))


def finer_than_sources(tables: dict) -> list[str]:
    """The names whose start is known more precisely than the recorded change
    that began them: each should be no finer (see no_finer_than_changes)."""
    found = []
    for name in tables["names"]:
        if name["change"] == "closed" or not name.get("valid_from"):
            continue
        for change in tables["changes"]:
            if change["operation"] != name["operation"]:
                continue
            if change["kind"] != name["change"]:
                continue
            key = "adopted_on" if change["kind"] == "established" else "effective_on"
            other = "effective_on" if key == "adopted_on" else "adopted_on"
            key = key if change.get(key) else other
            if not change.get(key):
                continue
            precision = change.get(f"{key}_precision", "day")
            width = {"year": 4, "month": 7, "day": 10}[precision]
            if change[key][:width] != name["valid_from"][:width]:
                continue
            own = name.get("valid_from_precision", "day")
            if PRECISION_RANK[own] > PRECISION_RANK[precision]:
                found.append(
                    f"{name['operation']}: {name['full_name']} from "
                    f"{name['valid_from']} ({own}), its change only to the "
                    f"{precision}"
                )
    return found


ONE_DAY = datetime.timedelta(days=1)


def _to_the_day(row: dict, field: str) -> bool:
    return row.get(f"{field}_precision", "day") == "day"


def close_overlapping_names(rows: list[dict]) -> None:
    """A name the notebook ends after its successor began, or on the day
    before it (its last day rather than the first day of the next name, as
    the Centre in Tashkent "to 30 June 2006" before a name "from 1 July"),
    ends when the next begins: a dataset's valid_to is the first day a name no
    longer holds, and no day falls between two names the sources join."""
    for row, after in zip(rows, rows[1:], strict=False):
        if not (row.get("valid_to") and after.get("valid_from")):
            continue
        last_day = _to_the_day(row, "valid_to") and _to_the_day(after, "valid_from")
        if last_day:
            following = datetime.date.fromisoformat(row["valid_to"]) + ONE_DAY
            last_day = following.isoformat() == after["valid_from"]
        if row["valid_to"] > after["valid_from"] or last_day:
            row["valid_to"] = after["valid_from"]
            row["valid_to_precision"] = after.get("valid_from_precision", "day")


def undated_staff(figure: dict) -> str:
    """A staff count that no source dates, as a sentence of the coverage note."""
    parts = [
        f"{figure[category]} {category}"
        for category in ("international", "local")
        if figure.get(category) is not None
    ]
    count = f"{figure['total']}" if figure.get("total") is not None else ""
    if parts:
        count = f"{count} ({', '.join(parts)})" if count else " and ".join(parts)
    qualifier = figure.get("qualifier") or "actual"
    meaning = "staff" if staff_meaning(qualifier) == "headcount" else "authorised staff"
    return f"An undated source gives {count} {meaning}"


def staff_meaning(qualifier: str) -> str:
    if qualifier.startswith("authorized ceiling"):
        return "ceiling"
    if qualifier.startswith("authorized"):
        return "authorised"
    return {
        "roster limit": "maximum",
        "planned": "planned",
        "observers": "observers",
        "peak": "peak",
    }.get(qualifier, "headcount")


def sort_name(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def main(notebook_path: str, demo_path: str) -> None:
    with open(notebook_path, encoding="utf-8") as f:
        notebook = json.load(f)
    with open(demo_path, encoding="utf-8") as f:
        demo = json.load(f)
    converter = Converter(demo)
    slugs = {op["slug"] for op in notebook}
    for op in notebook:
        converter.operation(op, slugs)
    finer = finer_than_sources(converter.tables)
    if finer:
        raise SystemExit("Known more precisely than its source:\n" + "\n".join(finer))
    data = {
        "meta": {"format": "fieldops-dataset", "version": "2"},
        "documents": sorted(
            converter.documents.rows.values(), key=lambda row: row["symbol"]
        ),
        **converter.tables,
        "images": demo["images"],
        "home_intro": demo["home_intro"],
    }
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
