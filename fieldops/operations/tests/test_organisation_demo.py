"""The organisation's views over the demo's public record (osce.json): the
operations whose closing day is not recorded, staff counts of other meanings,
and links that keep the day asked about."""

from django.core.management import call_command
from django.test import TestCase

from fieldops.core.tests.html import soup, text

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


class ClosedOnAnUnknownDayTests(TestCase):
    """Skrunda: closed, its closing day recorded nowhere."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

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


class StatusUnknownTests(TestCase):
    """The representative to the Latvian-Russian commission on military
    pensioners: established in 1995, whether it still works is not known."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

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


class LinksKeepTheDayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

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
