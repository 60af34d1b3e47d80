"""The profile as of a past day: `?as_of=YYYY-MM-DD`."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.demo.testing import load_astana_demo
from fieldops.operations.time_travel import BadDate, parse_as_of

D = datetime.date
URL = "/en/field-operations/astana/"


class TimeTravelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def get(self, as_of):
        return self.client.get(URL, {"as_of": as_of})

    def h1(self, response):
        return text(soup(response).find("h1"))

    def test_in_2000_the_office_was_the_centre_in_almaty_seated_in_almaty(self):
        response = self.get("2000-01-01")
        assert response.status_code == 200
        assert self.h1(response).startswith("OSCE Centre in Almaty")
        figures = text(soup(response).find(id="figures").parent)
        assert "Headquarters in Almaty" in figures
        assert "Astana" not in figures

    def test_in_2020_the_office_bore_the_nur_sultan_name(self):
        response = self.get("2020-06-01")
        assert self.h1(response).startswith("OSCE Programme Office in Nur-Sultan")
        assert "Headquarters in Nur-Sultan" in text(response)
        assert not soup(response).find(class_="note--approximate")

    def test_in_mid_2019_the_name_is_marked_approximate(self):
        response = self.get("2019-06-01")
        assert self.h1(response).startswith("OSCE Programme Office in Nur-Sultan")
        note = text(soup(response).find(class_="note--approximate"))
        assert note.startswith("Approximately")
        assert "known only to the year" in note

    def test_past_page_says_which_day_it_shows_and_links_back_to_today(self):
        response = self.get("2000-01-01")
        notice = soup(response).find(class_="notice")
        assert "as it stood on 1 January 2000" in text(notice)
        assert notice.find("time")["datetime"] == "2000-01-01"
        assert notice.find("a")["href"] == URL

    def test_history_stops_at_the_day_shown(self):
        timeline = soup(self.get("2000-01-01")).find(id="history").parent
        dates = [t["datetime"] for t in timeline.find_all("time")]
        assert dates == ["1998-06-11"]

    def test_head_known_only_from_2024_is_not_shown_in_2000(self):
        leadership = text(soup(self.get("2000-01-01")).find(id="leadership").parent)
        assert "Rogov" not in leadership
        assert "No head" in leadership

    def test_figures_counted_later_are_not_shown_earlier(self):
        figures = text(soup(self.get("2024-12-30")).find(id="figures").parent)
        assert "No staff count is known" in figures
        assert "No budget figure is known" in figures

    def test_figures_on_their_own_day_are_not_marked_old(self):
        figures = soup(self.get("2024-12-31")).find(id="figures").parent
        assert "35 fixed-term staff" in text(figures)
        assert not figures.find(class_="stale")

    def test_before_the_establishment_the_page_says_it_did_not_exist_yet(self):
        response = self.get("1990-01-01")
        assert response.status_code == 404
        assert_headings_in_order(response)
        body = text(response)
        assert "Not established yet on 1 January 1990" in body
        assert "established on 11 June 1998" in body
        links = [a["href"] for a in soup(response).find("main").find_all("a")]
        assert f"{URL}?as_of=1998-06-11" in links
        assert URL in links

    def test_the_day_of_establishment_is_shown(self):
        response = self.get("1998-06-11")
        assert response.status_code == 200
        assert self.h1(response).startswith("OSCE Centre in Almaty")

    def test_a_future_day_shows_today_with_a_note(self):
        response = self.get("2999-01-01")
        assert response.status_code == 200
        assert self.h1(response).startswith("OSCE Programme Office in Astana")
        notice = text(soup(response).find(class_="notice"))
        assert "1 January 2999, which is in the future" in notice
        today = timezone.localdate().strftime("%Y-%m-%d")
        assert soup(response).find("input", attrs={"name": "as_of"})["value"] == today

    def test_an_empty_date_shows_today(self):
        response = self.get("")
        assert response.status_code == 200
        assert not soup(response).find(class_="notice")

    def test_malformed_dates_are_a_bad_request_with_a_clear_message(self):
        for raw in [
            "2024-02-30",
            "abc",
            "2024-1-1",
            "0000-01-01",
            "99999-01-01",
            "2024-13-01",
            "2024-06-01T00:00",
            "١٩٩٩-٠١-٠١",
        ]:
            with self.subTest(raw=raw):
                response = self.get(raw)
                assert response.status_code == 400
                assert "This date cannot be read" in text(response)
                assert "YYYY-MM-DD" in text(response)
                assert_headings_in_order(response)

    def test_the_form_offers_another_day_without_javascript(self):
        form = soup(self.get("2000-01-01")).find("form", class_="as-of-form")
        assert form["method"] == "get"
        assert form["action"] == URL
        field = form.find("input", attrs={"name": "as_of"})
        assert field["type"] == "date"
        assert form.find("label", attrs={"for": field["id"]})

    def test_other_pages_refuse_the_parameter_rather_than_ignore_it(self):
        # The list of field operations reads it (test_organisation_list.py);
        # every page and endpoint: core/tests/test_as_of_everywhere.py.
        for url in ["/en/", "/en/documents/"]:
            with self.subTest(url=url):
                response = self.client.get(url, {"as_of": "abc"})
                assert response.status_code == 400
                assert "does not take “as_of”" in text(response)


class ParseAsOfTests:
    today = D(2026, 1, 15)

    def test_missing_or_empty_means_today(self):
        assert parse_as_of(None, self.today).day == self.today
        assert parse_as_of("", self.today).day == self.today

    def test_past_day_is_kept(self):
        as_of = parse_as_of("2000-02-29", self.today)
        assert as_of.day == D(2000, 2, 29)
        assert as_of.future_requested is None

    def test_future_day_is_replaced_by_today_and_remembered(self):
        as_of = parse_as_of("2026-01-16", self.today)
        assert as_of.day == self.today
        assert as_of.future_requested == D(2026, 1, 16)

    @pytest.mark.parametrize(
        "raw",
        ["2023-02-29", "x", "2024-1-01", "0000-12-31", "+2024-01-01", " 2024-01-01"],
    )
    def test_anything_else_is_refused(self, raw):
        with pytest.raises(BadDate):
            parse_as_of(raw, self.today)
