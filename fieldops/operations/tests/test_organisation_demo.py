"""The organisation's views over the demo's public record (osce.json): the
operations whose closing day is not recorded, staff counts of other meanings,
links that keep the day asked about, and profiles made from kept records."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from fieldops.core.tests.html import soup, text
from fieldops.operations.models import FieldOperation
from fieldops.operations.selectors.profile import PROFILE_PARTS
from fieldops.operations.selectors.records import published_records

LIST = "/en/field-operations/"
TIMELINE = "/en/field-operations/timeline/"
COMPARISON = "/en/field-operations/comparison/"
API = "/api/v1/organisation"
SKRUNDA = "OSCE Representative to the Joint Committee on the Skrunda Radar Station"


def timeline_row(response, label: str) -> str:
    rows = [text(tr) for tr in soup(response).select(".timeline-table tbody tr")]
    return next(row for row in rows if row.startswith(label))


def compared(response, key: str) -> list[str]:
    section = soup(response).find("section", attrs={"aria-labelledby": key})
    return [text(tr) for tr in section.select("tbody tr")] if section else []


class ClosedOnAnUnknownDay:
    """Skrunda: closed, its closing day recorded nowhere."""

    def test_the_timeline_says_its_end_is_not_known_not_that_it_still_works(self):
        response = self.client.get(TIMELINE)
        row = timeline_row(response, SKRUNDA)
        assert "closed; the closing date is not known" in row
        assert "still working" not in row
        (description,) = soup(response).select("svg#timeline-chart desc")
        assert f"{SKRUNDA}: from " in description.text
        assert (
            "it ended on a day not known"
            in (description.text.split(SKRUNDA)[1].split(".")[0])
        )
        bar = next(
            item
            for item in self.client.get(f"{API}/timeline").json()["data"]
            if item["slug"] == "skrunda"
        )
        assert (bar["end"], bar["end_unknown"], bar["status"]) == (
            None,
            True,
            "closed",
        )

    def test_an_operation_still_working_is_not_marked_as_ending_unknown(self):
        bars = self.client.get(f"{API}/timeline").json()["data"]
        open_bars = [bar for bar in bars if bar["status"] == "current"]
        assert open_bars
        assert not any(bar["end_unknown"] for bar in open_bars)

    def test_it_is_never_counted_among_the_current_operations(self):
        for day in ("1996-01-01", "2001-06-01", ""):
            data = self.client.get(
                f"{API}/field-operations", {"status": "current", "as_of": day}
            ).json()["data"]
            slugs = [item["slug"] for item in data["items"]]
            assert "skrunda" not in slugs, day
            assert data["glance"]["current_operations"] == len(slugs), day

    def test_the_comparison_shows_it_only_in_the_years_it_is_known_to_work(self):
        data = self.client.get(f"{API}/comparison", {"year": "2024"}).json()["data"]
        shown = {i["slug"] for s in data["staff"] + data["money"] for i in s["items"]}
        assert shown and "skrunda" not in shown
        data = self.client.get(f"{API}/comparison", {"year": "1995"}).json()["data"]
        by_key = {s["key"]: s for s in data["staff"]}
        skrunda = [
            i for i in by_key["staff-maximum"]["items"] if i["slug"] == "skrunda"
        ]
        assert [i["value"] for i in skrunda] == [30]

    def test_its_roster_of_inspectors_is_kept_apart_from_staff_in_post(self):
        # "maximum 30" is a roster of inspectors, stored with the meaning
        # "maximum": never added to the staff in post, nor shown as such.
        response = self.client.get(COMPARISON, {"year": "1995"})
        assert any(
            row.startswith(SKRUNDA + " 30")
            for row in compared(response, "staff-maximum")
        )
        assert not any(
            row.startswith(SKRUNDA + " 30")
            for row in compared(response, "staff-headcount")
        )
        data = self.client.get(
            f"{API}/field-operations", {"as_of": "1995-06-01"}
        ).json()["data"]
        skrunda = next(i for i in data["items"] if i["slug"] == "skrunda")
        assert skrunda["staff"] is None
        staff = data["glance"]["staff"]
        assert staff is None or staff["value"] != 30

    def test_its_profile_offers_no_job_alert(self):
        page = soup(self.client.get("/en/field-operations/skrunda/"))
        section = page.find(id="vacancies").find_parent("section")
        assert not section.select("a[href^='/en/job-alerts/']")
        current = soup(self.client.get("/en/field-operations/astana/"))
        section = current.find(id="vacancies").find_parent("section")
        assert section.select("a[href^='/en/job-alerts/']")

    def test_the_list_gives_its_years_with_the_end_unknown(self):
        response = self.client.get(LIST)
        row = next(
            text(tr)
            for tr in soup(response).select("table.operations tbody tr")
            if text(tr).startswith(SKRUNDA)
        )
        assert "closed 1994–?" in row


class StatusUnknown:
    """The representative to the Latvian-Russian commission on military
    pensioners: established in 1995, whether it still works is not known."""

    def shown(self, year: str) -> set[str]:
        data = self.client.get(f"{API}/comparison", {"year": year}).json()["data"]
        return {i["slug"] for s in data["staff"] + data["money"] for i in s["items"]}

    def test_the_comparison_never_counts_it_as_working_in_later_years(self):
        shown = self.shown("2024")
        assert "astana" in shown
        assert "lv-ru-military-pensioners" not in shown
        # Every set counts the operations of the glance, no more.
        glance = self.client.get(f"{API}/field-operations").json()["data"]["glance"]
        data = self.client.get(f"{API}/comparison", {"year": "2024"}).json()["data"]
        for figures in data["staff"] + data["money"]:
            assert len(figures["items"]) == glance["current_operations"]

    def test_the_comparison_shows_it_in_the_year_it_is_known_to_work(self):
        assert "lv-ru-military-pensioners" in self.shown("1995")


class LinksKeepTheDay:
    """Links that keep the day asked about."""

    def profile_links(self, url, query) -> list[str]:
        page = soup(self.client.get(url, query))
        main = page.find("main")
        return [
            a["href"] for a in main.select("table a[href^='/en/field-operations/']")
        ]

    def test_every_view_asked_about_a_day_links_to_the_profiles_of_that_day(self):
        for url, query in (
            (LIST, {"as_of": "2001-06-01"}),
            (TIMELINE, {"as_of": "2001-06-01"}),
            (COMPARISON, {"as_of": "2001-06-01", "year": "1999"}),
        ):
            links = self.profile_links(url, query)
            assert links, url
            assert all(link.endswith("/?as_of=2001-06-01") for link in links), url

    def test_without_a_day_they_link_to_the_profiles_of_today(self):
        for url in (LIST, TIMELINE):
            links = self.profile_links(url, {})
            assert links and not any("as_of" in link for link in links), url

    def test_the_profile_linked_shows_that_day(self):
        link = self.profile_links(TIMELINE, {"as_of": "1996-01-01"})[0]
        assert "1 January 1996" in text(soup(self.client.get(link)).find("main"))

    def test_the_api_links_to_the_profiles_of_the_day_asked(self):
        for path, query in (
            ("field-operations", {"as_of": "2001-06-01"}),
            ("timeline", {"as_of": "2001-06-01"}),
        ):
            data = self.client.get(f"{API}/{path}", query).json()["data"]
            items = data["items"] if isinstance(data, dict) else data
            urls = [item["profile_url"] for item in items if item["profile_url"]]
            assert urls and all(u.endswith("/?as_of=2001-06-01") for u in urls)


def days_around_records(operation: FieldOperation) -> list[datetime.date]:
    """Every day on which one of the operation's published records begins, ends,
    was counted, reported or known, with the days before and after it: the
    days on which what its profile shows can change."""
    records = published_records([operation], parts=PROFILE_PARTS)[0]
    days = {timezone.localdate()}
    for part in (
        records.names,
        records.offices,
        records.mandates,
        records.appointments,
        records.staffing_snapshots,
        records.financial_figures,
        records.changes,
    ):
        for record in part:
            for name in ("valid_from", "valid_to", "as_of", "known_on", "known_from"):
                value = getattr(record, name, None)
                if isinstance(value, datetime.date):
                    days |= {value + datetime.timedelta(days=d) for d in (-1, 0, 1)}
    return sorted(day for day in days if datetime.date(1900, 1, 1) < day)


def records_read_for_the_day(records, day):
    """The records as the profile read them before they were kept: loaded anew
    for `day` alone (staff counts, figures and claims limited to it)."""
    return published_records([records.operation.pk], day=day, parts=PROFILE_PARTS)[0]


def same_answer(first, second) -> bool:
    """The same bytes; for JSON, the same data but the moment it was extracted."""
    if first["Content-Type"].startswith("application/json"):
        first, second = first.json(), second.json()
        for answer in (first, second):
            answer.get("meta", {}).pop("extracted_at", None)
        return first == second
    return first.content == second.content


def built_anew(name, build):
    """kept() with nothing kept."""
    return build()


class ProfilesFromKeptRecords:
    """A profile made from the records kept for every day (read once per data
    version), and its charts kept for the figures a day shows, is byte for byte
    the profile made from the records read for its day alone, on every day
    around a change: the page and the API's answer. What is kept is held in
    memory and shared by the requests for every day, so a request that changed
    it would show here too."""

    def answers(self, slug: str):
        operation = FieldOperation.objects.get(slug=slug)
        for day in days_around_records(operation):
            for url in (
                f"/en/field-operations/{slug}/?as_of={day.isoformat()}",
                f"/api/v1/field-operations/{slug}?as_of={day.isoformat()}",
            ):
                with (
                    mock.patch(
                        "fieldops.operations.selectors.profile.records_on",
                        records_read_for_the_day,
                    ),
                    mock.patch("fieldops.operations.charts.kept", built_anew),
                ):
                    read_for_the_day = self.client.get(url)
                kept = self.client.get(url)
                yield url, read_for_the_day, kept

    @override_settings(FIELDOPS_KEEP=True)
    def test_a_profile_from_kept_records_is_the_profile_of_its_day(self):
        # Operations with many changes, one closed long ago, one closed lately.
        compared = 0
        for slug in ("astana", "kosovo", "skrunda", "smm-ukraine"):
            for url, read_for_the_day, kept in self.answers(slug):
                # Before its first record an operation has no profile (404).
                assert kept.status_code == read_for_the_day.status_code, url
                assert same_answer(kept, read_for_the_day), url
                compared += kept.status_code == 200
        assert compared > 80


class OrganisationDemoTests(
    ClosedOnAnUnknownDay,
    StatusUnknown,
    LinksKeepTheDay,
    ProfilesFromKeptRecords,
    TestCase,
):
    """The three groups above on one load of the whole demo (its 23 operations
    take long to load; each test's changes are still rolled back)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
