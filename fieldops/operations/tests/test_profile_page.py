"""The public profile of a field operation: what it shows and how."""

import datetime
from decimal import Decimal

import pytest
from django.test import TestCase, override_settings
from django.utils import timezone, translation

from fieldops.core.templatetags.fieldops import money, partial_date
from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.demo.testing import load_astana_demo
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import FieldOperationPage
from fieldops.operations.selectors import is_stale, months_before, profile_as_of
from fieldops.recruitment.tests.factories import VacancyFactory

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingLineFactory,
    StaffingSnapshotFactory,
)

D = datetime.date
URL = "/en/field-operations/astana/"


def amounts(response):
    return [data["value"] for data in soup(response).find_all("data")]


class DemoProfileTests(TestCase):
    """The demo operation's profile as of today."""

    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def setUp(self):
        self.response = self.client.get(URL)
        self.page = soup(self.response)
        self.text = text(self.response)

    def section(self, heading_id):
        return self.page.find(id=heading_id).find_parent("section")

    def test_page_answers_with_the_name_in_force_and_the_host_country(self):
        assert self.response.status_code == 200
        h1 = text(self.page.find("h1"))
        assert h1.startswith("OSCE Programme Office in Astana")
        assert h1.endswith("Kazakhstan")

    def test_page_has_one_h1_and_headings_in_order(self):
        assert_headings_in_order(self.response)

    def test_sections_come_in_the_agreed_order(self):
        ids = [h2.get("id") for h2 in self.page.find("main").find_all("h2")]
        assert ids == [
            "about",
            "overview",
            "figures",
            "over-the-years",
            "leadership",
            "history",
            "vacancies",
            "open-data",
        ]

    def test_page_declares_its_language_and_landmarks(self):
        assert self.page.html["lang"] == "en"
        assert self.page.find("header")
        assert self.page.find("nav")
        assert self.page.find("footer")
        main = self.page.find("main")
        assert main["id"] == "main-content"
        assert main["tabindex"] == "-1"

    def test_skip_link_is_the_first_focusable_element(self):
        first = self.page.body.find(["a", "button", "input", "select", "textarea"])
        assert first["href"] == "#main-content"

    def test_page_loads_no_external_assets(self):
        for tag in self.page.find_all(["link", "script", "img"]):
            if {"canonical", "alternate"} & set(tag.get("rel") or []):
                continue  # Addresses of this page for search engines, not loaded.
            address = tag.get("href") or tag.get("src") or ""
            assert not address.startswith(("http:", "https:", "//")), address

    def test_about_links_the_mandate_to_its_decision(self):
        about = self.section("about")
        links = [a["href"] for a in about.find_all("a")]
        assert "/en/documents/pc-dec-243/" in links

    def test_overview_sub_headings_are_h3(self):
        overview = self.section("overview")
        assert overview.find("h3")
        assert [h.name for h in overview.find_all(["h2", "h4"])] == ["h2"]

    def test_staff_total_is_the_sum_of_its_parts_with_its_date(self):
        staff = text(self.section("figures"))
        assert "35 fixed-term staff" in staff
        assert "6 international + 29 local" in staff
        assert "As of 31 December 2024" in staff

    def test_unified_budget_figure_shows_amount_year_and_basis(self):
        figures = text(self.section("figures"))
        assert "€2,232,700" in figures
        assert "Year 2024 Fund Unified Budget" in figures
        assert (
            "provisional expenditure authorization based on the 2021 Unified Budget"
            in figures
        )
        assert "(EUR)" in figures

    def test_extrabudgetary_expenditure_is_shown_as_actual(self):
        figures = text(self.section("figures"))
        assert (
            "€646,645 Year 2024 Fund extrabudgetary contributions "
            "Measure expenditure Basis actual expenditure"
        ) in figures

    def test_offices_say_how_many_and_where_under_today_s_city_name(self):
        figures = text(self.section("figures"))
        assert "1 office Headquarters in Astana" in figures

    def test_old_figures_are_marked_in_words(self):
        # The demo figures are of 31 December 2024; this test runs later than 2025.
        stale = self.section("figures").find_all(class_="stale")
        assert len(stale) == 3
        assert "May be out of date" in text(stale[0])

    def test_head_is_named_with_honorific_and_when_he_was_known_in_office(self):
        leadership = text(self.section("leadership"))
        assert "Ambassador Alexey Rogov" in leadership
        assert "In post on 31 December 2024" in leadership
        assert "since" not in leadership

    def test_head_photo_is_a_rendition_with_its_description_as_alt(self):
        img = self.section("leadership").find("img")
        assert img["alt"]
        assert "fill-240x300" in img["src"]
        assert img["width"] == "240"

    def test_history_is_an_ordered_timeline_linking_the_three_decisions(self):
        history = self.section("history")
        timeline = history.find("ol")
        links = {a["href"] for a in timeline.find_all("a")}
        assert {
            "/en/documents/pc-dec-243/",
            "/en/documents/pc-dec-797/",
            "/en/documents/pc-dec-1153/",
        } <= links
        dates = [t["datetime"] for t in timeline.find_all("time")]
        assert dates == sorted(dates)
        assert dates[0] == "1998-06-11"

    def test_history_dates_are_given_at_their_known_precision(self):
        timeline = self.section("history").find("ol")
        year_only = timeline.find("time", attrs={"datetime": "2019"})
        assert text(year_only) == "2019"
        item = text(year_only.find_parent("li"))
        assert "Renamed OSCE Programme Office in Nur-Sultan" in item
        assert "known only to the year" in item
        assert "Source not given" in item

    def test_vacancies_lists_the_open_example_vacancies_with_grade_and_deadline(
        self,
    ):
        section = self.section("vacancies")
        links = section.select("ul.profile-vacancies a")
        assert [text(a) for a in links] == [
            "Example vacancy: Programme Assistant",
            "Example vacancy: National Human Rights Officer",
            "Example vacancy: Political Officer",
        ]
        assert links[0]["href"] == "/en/vacancies/EXAMPLE-AST-001/"
        assert "Grade G5; apply by" in text(section)
        assert "(Asia/Almaty, UTC+05:00)" in text(section)

    def test_vacancies_links_all_of_the_operation_s_vacancies_and_alerts(self):
        operation_id = FieldOperationPage.objects.get(slug="astana").operation_id
        hrefs = [a["href"] for a in self.section("vacancies").find_all("a")]
        assert f"/en/vacancies/?operation={operation_id}" in hrefs
        assert f"/en/job-alerts/?operation={operation_id}" in hrefs

    def test_today_s_page_has_no_time_travel_notice(self):
        assert not self.page.find(class_="notice")


class ProfileDetailsTests(TestCase):
    """Details of the profile shown with data made for the purpose."""

    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory(slug="town", host_country="AL")
        OperationNameFactory(
            operation=cls.operation,
            full_name="Presence in Town",
            valid_from=D(1997, 4, 1),
        )
        FieldOperationPageFactory(operation=cls.operation)

    def get(self, **params):
        response = self.client.get("/en/field-operations/town/", params)
        assert response.status_code == 200
        return response

    def test_head_with_known_start_is_shown_in_office_since_that_date(self):
        AppointmentFactory(
            post__operation=self.operation,
            person__name="Jane Roe",
            valid_from=D(2021, 3, 1),
            valid_from_precision="month",
        )
        leadership = text(soup(self.get()).find(id="leadership").parent)
        assert "Ambassador Jane Roe" in leadership
        assert "In office since March 2021" in leadership

    def test_head_who_left_is_not_shown_after_leaving(self):
        AppointmentFactory(
            post__operation=self.operation,
            person__name="Jane Roe",
            valid_from=D(2010, 1, 1),
            valid_to=D(2015, 1, 1),
        )
        assert "Jane Roe" not in text(self.get())
        assert "Jane Roe" in text(self.get(as_of="2012-01-01"))

    def test_unsourced_figure_says_so(self):
        FinancialFigureFactory(operation=self.operation, as_of=timezone.localdate())
        figures = text(soup(self.get()).find(id="figures").parent)
        assert "Source not given" in figures
        assert "May be out of date" not in figures

    def test_figure_with_a_document_links_it(self):
        document = DocumentFactory(number="555")
        FinancialFigureFactory(operation=self.operation, source=document)
        links = [a["href"] for a in soup(self.get()).find(id="figures").parent("a")]
        assert "/en/documents/pc-dec-555/" in links

    def test_figure_with_only_a_link_links_it(self):
        FinancialFigureFactory(
            operation=self.operation, source_url="https://example.org/budget"
        )
        links = [a["href"] for a in soup(self.get()).find(id="figures").parent("a")]
        assert "https://example.org/budget" in links

    def test_latest_year_known_on_the_day_is_shown_for_each_fund(self):
        FinancialFigureFactory(
            operation=self.operation, year=2022, amount=Decimal(1), as_of=D(2022, 12, 1)
        )
        FinancialFigureFactory(
            operation=self.operation, year=2023, amount=Decimal(2), as_of=D(2023, 12, 1)
        )
        assert amounts(self.get()) == ["2.00"]
        assert amounts(self.get(as_of="2023-01-01")) == ["1.00"]

    def test_draft_records_stay_off_the_page(self):
        AppointmentFactory(
            post__operation=self.operation, person__name="Draft Person", live=False
        )
        assert "Draft Person" not in text(self.get())

    def test_closed_operation_is_marked_closed(self):
        OperationNameFactory(
            operation=self.operation,
            full_name="Presence in Town",
            change="closed",
            valid_from=D(2020, 1, 1),
        )
        self.operation.names.filter(change="established").update(valid_to=D(2020, 1, 1))
        page = soup(self.get())
        assert "closed" in text(page.find(class_="badge"))
        assert "Presence in Town closed" in text(page.find(id="history").parent)

    def test_field_offices_are_listed_after_the_headquarters(self):
        hq = OfficeFactory(operation=self.operation, valid_from=D(1997, 4, 1))
        PlaceNameFactory(place=hq.place, name="Capital")
        field = OfficeFactory(
            operation=self.operation, role="field-office", valid_from=D(1999, 1, 1)
        )
        PlaceNameFactory(place=field.place, name="Borderland")
        figures = text(soup(self.get()).find(id="figures").parent)
        assert "2 offices Headquarters in Capital" in figures
        assert figures.index("Capital") < figures.index("Field office in Borderland")


class ProfileVacanciesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = FieldOperationPageFactory(operation__slug="vacant")
        cls.operation = cls.page.operation

    def section(self, url="/en/field-operations/vacant/"):
        heading = soup(self.client.get(url)).find(id="vacancies")
        return heading.find_parent("section") if heading else None

    def test_without_open_vacancies_says_so_and_invites_a_job_alert(self):
        VacancyFactory(
            operation=self.operation,
            deadline=timezone.now() - datetime.timedelta(hours=1),
        )
        VacancyFactory(operation=self.operation, draft=True)
        VacancyFactory(title="Elsewhere")
        section = self.section()
        assert "There are no open positions at this field operation now." in text(
            section
        )
        alert = section.find("a", string=lambda s: s and "job alert" in s)
        assert alert["href"] == f"/en/job-alerts/?operation={self.operation.pk}"
        assert not section.select("ul.profile-vacancies")

    def test_open_vacancies_are_listed_soonest_deadline_first(self):
        now = timezone.now()
        VacancyFactory(
            operation=self.operation,
            title="Later",
            deadline=now + datetime.timedelta(days=20),
        )
        VacancyFactory(
            operation=self.operation,
            title="Sooner",
            deadline=now + datetime.timedelta(days=2),
        )
        links = self.section().select("ul.profile-vacancies a")
        assert [text(a) for a in links] == ["Sooner", "Later"]

    def test_a_past_day_shows_no_vacancies(self):
        VacancyFactory(operation=self.operation)
        assert self.section("/en/field-operations/vacant/?as_of=2020-01-01") is None


class ProfileSelectorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory()
        snapshot = StaffingSnapshotFactory(operation=cls.operation, as_of=D(2020, 1, 1))
        StaffingLineFactory(snapshot=snapshot, category="local", count=5)
        StaffingLineFactory(snapshot=snapshot, category="international", count=2)
        StaffingLineFactory(snapshot=snapshot, category="local", count=1)

    def test_staff_breakdown_sums_lines_by_category(self):
        staffing = profile_as_of(self.operation, D(2020, 6, 1)).staffing
        assert staffing.total == 8
        assert staffing.breakdown == [("international", 2), ("local", 6)]

    def test_no_staffing_before_the_first_count(self):
        assert profile_as_of(self.operation, D(2019, 12, 31)).staffing is None

    @override_settings(FIELDOPS_STALE_AFTER_MONTHS=6)
    def test_staleness_follows_the_configured_age(self):
        assert not profile_as_of(self.operation, D(2020, 7, 1)).staffing.stale
        assert profile_as_of(self.operation, D(2020, 7, 2)).staffing.stale


@override_settings(
    LANGUAGES=[("en", "English"), ("ru", "Russian")],
    WAGTAIL_CONTENT_LANGUAGES=[("en", "English"), ("ru", "Russian")],
)
class MachineReadableAmountTests(TestCase):
    """A <data value> is for machines: written the same in every language,
    where the text beside it follows the reader's ("2 232 700 €")."""

    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def test_the_profile_s_amounts(self):
        for language in ("en", "ru"):
            response = self.client.get(f"/{language}/field-operations/astana/")
            assert response.status_code == 200, language
            assert amounts(response) == ["2232700.00", "646645.00"], language

    def test_the_list_s_amounts(self):
        for language in ("en", "ru"):
            response = self.client.get(f"/{language}/field-operations/")
            assert response.status_code == 200, language
            written = amounts(response)
            # The table's budget of Astana and the total at a glance.
            assert written.count("2232700.00") == 2, (language, written)


class StaleAgeTests:
    def test_months_before_keeps_the_day_or_the_month_s_last(self):
        assert months_before(D(2025, 3, 31), 1) == D(2025, 2, 28)
        assert months_before(D(2025, 1, 15), 12) == D(2024, 1, 15)
        assert months_before(D(1, 6, 1), 12) == datetime.date.min

    def test_a_figure_exactly_the_configured_age_is_not_stale(self):
        with override_settings(FIELDOPS_STALE_AFTER_MONTHS=12):
            assert not is_stale(D(2024, 12, 31), D(2025, 12, 31))
            assert is_stale(D(2024, 12, 31), D(2026, 1, 1))


class MoneyFormatTests:
    def test_whole_amounts_are_shown_without_cents_in_the_reader_s_language(self):
        with translation.override("en"):
            assert money(Decimal("2232700.00"), "EUR") == "€2,232,700"

    def test_cents_are_kept_when_there_are_some(self):
        with translation.override("en"):
            assert money(Decimal("10.50"), "USD") == "$10.50"

    @pytest.mark.parametrize("language", ["ru", "kk"])
    def test_other_languages_use_their_own_separators(self, language):
        with translation.override(language):
            assert money(Decimal("2232700"), "EUR").startswith("2\xa0232\xa0700")

    def test_partial_date_filter_prints_a_plain_date_in_full(self):
        with translation.override("en"):
            assert partial_date(D(2024, 12, 31)) == "31 December 2024"
            assert partial_date(None) == ""
