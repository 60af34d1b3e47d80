"""The JSON API: what each endpoint answers, against the demo and factory data."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingLineFactory,
)
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

from .demo_data import DemoData

D = datetime.date
API = "/api/v1"
META_KEYS = {
    "source",
    "publisher",
    "extracted_at",
    "as_of",
    "future_requested",
    "licence",
    "licence_url",
}
PAGE_KEYS = {"meta", "count", "page", "pages", "next", "previous", "items"}


class OperationListTests(DemoData):
    def test_list_names_the_demo_operation_as_it_is_today(self):
        body = self.get(f"{API}/field-operations")
        assert set(body) == PAGE_KEYS
        assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
        assert body["next"] is body["previous"] is None
        [item] = body["items"]
        assert item["slug"] == "astana"
        assert item["name"] == "OSCE Programme Office in Astana"
        assert item["presence_kind"] == "programme-office"
        assert item["host_country"] == {"code": "KZ", "name": "Kazakhstan"}
        assert item["established"] == "1998-06-11"
        assert item["established_precision"] == "day"
        assert item["seat"] == "Astana"
        assert item["closed"] is False
        assert item["profile_url"] == "http://testserver/en/field-operations/astana/"
        assert item["detail_url"] == "http://testserver/api/v1/field-operations/astana"

    def test_list_as_of_a_past_day_uses_the_names_of_that_day(self):
        [item] = self.get(f"{API}/field-operations?as_of=2020-06-01")["items"]
        assert item["name"] == "OSCE Programme Office in Nur-Sultan"
        assert item["seat"] == "Nur-Sultan"

    def test_meta_states_provenance_and_licence(self):
        meta = self.get(f"{API}/field-operations?as_of=2008-01-01")["meta"]
        assert set(meta) == META_KEYS
        assert meta["as_of"] == "2008-01-01"
        assert meta["future_requested"] is None
        assert (
            meta["source"]
            == "http://testserver/api/v1/field-operations?as_of=2008-01-01"
        )
        assert meta["publisher"] == settings.FIELDOPS_ORGANISATION_NAME
        assert meta["licence"] == settings.FIELDOPS_DATA_LICENCE_NAME
        assert meta["licence_url"] == settings.FIELDOPS_DATA_LICENCE_URL
        extracted = datetime.datetime.fromisoformat(
            meta["extracted_at"].replace("Z", "+00:00")
        )
        assert abs(timezone.now() - extracted) < datetime.timedelta(minutes=5)

    def test_a_future_day_is_answered_as_today_and_said_so(self):
        future = timezone.localdate() + datetime.timedelta(days=400)
        meta = self.get(f"{API}/field-operations?as_of={future}")["meta"]
        assert meta["as_of"] == timezone.localdate().isoformat()
        assert meta["future_requested"] == future.isoformat()


class OperationDetailTests(DemoData):
    def test_detail_shows_the_profile_of_today_with_sources(self):
        body = self.get(f"{API}/field-operations/astana")
        assert set(body) == {"meta", "data"}
        data = body["data"]
        assert data["slug"] == "astana"
        assert data["established"] == "1998-06-11"
        assert data["profile_url"] == "http://testserver/en/field-operations/astana/"
        day = data["on_day"]
        assert day["name"]["full_name"] == "OSCE Programme Office in Astana"
        assert day["name"]["approximate"] is False
        assert day["seat"] == "Astana"
        [office] = day["offices"]
        assert office["role"] == "headquarters"
        assert office["source"]["document"]["symbol"] == "PC.DEC/797"
        assert office["source"]["document"]["detail_url"].endswith(
            "/api/v1/documents/pc-dec-797"
        )
        assert day["mandate"]["source"]["document"]["symbol"] == "PC.DEC/243"
        assert day["head"]["person"]
        staffing = day["staffing"]
        assert staffing["total"] == sum(line["count"] for line in staffing["lines"])
        assert staffing["total"] == sum(part["count"] for part in staffing["breakdown"])
        for figure in day["finances"]:
            assert Decimal(figure["amount"]) >= 0
            assert figure["currency"] == "EUR"

    def test_history_lists_every_name_with_dates_precisions_and_sources(self):
        history = self.get(f"{API}/field-operations/astana")["data"]["history"]
        names = history["names"]
        assert [n["full_name"] for n in names] == [
            "OSCE Centre in Almaty",
            "OSCE Centre in Astana",
            "OSCE Programme Office in Astana",
            "OSCE Programme Office in Nur-Sultan",
            "OSCE Programme Office in Astana",
        ]
        assert names[0]["change"] == "established"
        assert names[0]["source"]["document"]["slug"] == "pc-dec-243"
        assert (names[3]["start"], names[3]["start_precision"]) == ("2019", "year")
        assert names[3]["source"]["document"] is None
        assert names[3]["source"]["note"]
        assert [o["place"] for o in history["offices"]] == ["Almaty", "Astana"]
        assert history["appointments"]
        assert history["staffing"]
        assert history["financial_figures"]
        texts = [entry["text"] for entry in history["timeline"]]
        assert texts[0] == "Established as OSCE Centre in Almaty"
        assert "Renamed OSCE Centre in Astana" in texts

    def test_history_stops_at_the_day_asked(self):
        data = self.get(f"{API}/field-operations/astana?as_of=2000-01-01")["data"]
        assert data["on_day"]["name"]["full_name"] == "OSCE Centre in Almaty"
        assert data["on_day"]["seat"] == "Almaty"
        history = data["history"]
        assert [n["full_name"] for n in history["names"]] == ["OSCE Centre in Almaty"]
        assert [o["place"] for o in history["offices"]] == ["Almaty"]
        assert all(e["date"] <= "2000-01-01" for e in history["timeline"])
        assert all(s["as_of"] <= "2000-01-01" for s in history["staffing"])

    def test_a_name_changed_at_a_date_known_to_the_year_is_approximate(self):
        day = self.get(f"{API}/field-operations/astana?as_of=2019-06-01")["data"]
        assert day["on_day"]["name"]["full_name"] == (
            "OSCE Programme Office in Nur-Sultan"
        )
        assert day["on_day"]["name"]["approximate"] is True

    def test_a_day_before_the_establishment_is_a_404(self):
        body = self.get(f"{API}/field-operations/astana?as_of=1990-01-01", status=404)
        assert "1998-06-11" in body["detail"]

    def test_unknown_slug_is_a_404_with_a_json_body(self):
        body = self.get(f"{API}/field-operations/atlantis", status=404)
        assert body["detail"]


class OperationFactoryDataTests(TestCase):
    def test_unpublished_operation_is_neither_listed_nor_shown(self):
        operation = FieldOperationFactory(slug="draft", live=False)
        OperationNameFactory(operation=operation)
        assert self.client.get(f"{API}/field-operations/draft").status_code == 404
        items = self.client.get(f"{API}/field-operations").json()["items"]
        assert "draft" not in [item["slug"] for item in items]

    def test_operation_without_a_page_is_listed_without_a_profile_url(self):
        OperationNameFactory(operation=FieldOperationFactory(slug="pageless"))
        [item] = self.client.get(f"{API}/field-operations").json()["items"]
        assert item["profile_url"] is None
        data = self.client.get(item["detail_url"]).json()["data"]
        assert data["profile_url"] is None

    def test_amounts_are_exact_decimal_text_and_totals_are_sums(self):
        operation = FieldOperationFactory(slug="money")
        OperationNameFactory(operation=operation)
        FinancialFigureFactory(operation=operation, amount=Decimal("1234567.89"))
        line = StaffingLineFactory(snapshot__operation=operation, count=7)
        StaffingLineFactory(snapshot=line.snapshot, category="local", count=5)
        day = self.client.get(f"{API}/field-operations/money").json()["data"]["on_day"]
        [figure] = day["finances"]
        assert figure["amount"] == "1234567.89"
        assert (figure["year"], figure["fund"], figure["measure"]) == (
            2024,
            "unified",
            "available",
        )
        assert day["staffing"]["total"] == 12
        assert {(b["label"], b["count"]) for b in day["staffing"]["breakdown"]} == {
            ("international", 7),
            ("local", 5),
        }

    def test_head_and_partial_dates_come_from_the_records(self):
        operation = FieldOperationFactory(slug="dated")
        OperationNameFactory(
            operation=operation,
            valid_from=D(2019, 5, 5),
            valid_from_precision="month",
        )
        office = OfficeFactory(operation=operation, valid_from=D(2019, 5, 1))
        PlaceNameFactory(place=office.place, name="Bishkek")
        MandateFactory(operation=operation, valid_from=D(2019, 5, 1))
        AppointmentFactory(
            post__operation=operation,
            person__name="A. Head",
            honorific="Ambassador",
            valid_from=D(2020, 1, 1),
        )
        data = self.client.get(f"{API}/field-operations/dated").json()["data"]
        assert (data["established"], data["established_precision"]) == (
            "2019-05",
            "month",
        )
        head = data["on_day"]["head"]
        assert (head["person"], head["honorific"], head["post"]) == (
            "A. Head",
            "Ambassador",
            "Head of Office",
        )
        assert (head["start"], head["start_precision"]) == ("2020-01-01", "day")
        assert data["on_day"]["seat"] == "Bishkek"


class DocumentTests(DemoData):
    def test_list_is_in_register_order_with_unknown_dates_last(self):
        body = self.get(f"{API}/documents")
        assert set(body) == PAGE_KEYS
        symbols = [item["symbol"] for item in body["items"]]
        assert symbols == ["PC.DEC/243", "PC.DEC/797", "PC.DEC/1153"]
        first = body["items"][0]
        assert first["adopted_on"] == "1998-06-11"
        assert first["issuing_body"] == "Permanent Council"
        assert first["page_url"] == "http://testserver/en/documents/pc-dec-243/"
        assert body["items"][2]["adopted_on"] is None

    def test_detail_lists_the_facts_resting_on_the_document(self):
        data = self.get(f"{API}/documents/pc-dec-243")["data"]
        assert data["symbol"] == "PC.DEC/243"
        texts = [fact["text"] for fact in data["facts"]]
        assert "Established as OSCE Centre in Almaty" in texts
        fact = data["facts"][0]
        assert fact["operation"]["slug"] == "astana"
        assert fact["profile_url"] == (
            "http://testserver/en/field-operations/astana/?as_of=1998-06-11"
        )

    def test_unpublished_or_unknown_document_is_a_404(self):
        Document.objects.filter(slug="pc-dec-797").update(live=False)
        self.get(f"{API}/documents/pc-dec-797", status=404)
        self.get(f"{API}/documents/no-such-thing", status=404)
        symbols = [i["symbol"] for i in self.get(f"{API}/documents")["items"]]
        assert "PC.DEC/797" not in symbols


class VacancyTests(DemoData):
    def test_list_shows_open_vacancies_deadline_soonest_first(self):
        body = self.get(f"{API}/vacancies")
        assert set(body) == PAGE_KEYS
        expected = list(
            Vacancy.objects.open()
            .order_by("deadline", "number")
            .values_list("number", flat=True)
        )
        assert expected
        assert [item["number"] for item in body["items"]] == expected

    def test_deadline_is_given_in_the_duty_station_time_zone(self):
        item = self.get(f"{API}/vacancies")["items"][0]
        vacancy = Vacancy.objects.get(number=item["number"])
        deadline = datetime.datetime.fromisoformat(item["deadline"])
        assert deadline == vacancy.deadline
        assert item["time_zone"] == "Asia/Almaty"
        assert deadline.utcoffset() == vacancy.local_deadline.utcoffset()
        assert item["duty_station"]["name"] == "Astana"
        assert item["operation"]["slug"] == "astana"

    def test_filters_are_those_of_the_vacancies_page(self):
        grade = Vacancy.objects.open().first().grade
        body = self.get(f"{API}/vacancies?grade={grade}")
        assert body["items"]
        assert {item["grade"] for item in body["items"]} == {grade}
        operation = self.get(f"{API}/vacancies")["items"][0]["operation"]["id"]
        both = self.get(f"{API}/vacancies?operation={operation}&grade={grade}")
        assert both["count"] == body["count"]
        local = self.get(f"{API}/vacancies?recruitment_type=local")["items"]
        assert {item["recruitment_type"] for item in local} == {"local"}

    def test_words_are_searched_as_on_the_page(self):
        title = Vacancy.objects.open().order_by("number").last().title
        word = title.split()[-1]
        found = self.get(f"{API}/vacancies?q={word}")["items"]
        assert title in [item["title"] for item in found]
        assert self.get(f"{API}/vacancies?q=zzzqqqxxx")["items"] == []

    def test_invalid_filters_give_the_form_messages_per_field(self):
        body = self.get(
            f"{API}/vacancies?operation=abc&modality=sometimes&grade=Z-9", status=400
        )
        assert set(body["errors"]) == {"operation", "modality", "grade"}
        assert "abc" in body["errors"]["operation"][0]
        assert "sometimes" in body["errors"]["modality"][0]

    def test_detail_answers_with_the_description(self):
        number = Vacancy.objects.open().first().number
        data = self.get(f"{API}/vacancies/{number}")["data"]
        assert data["number"] == number
        assert data["closed"] is False
        assert "<p>" in data["description"]
        assert data["page_url"] == f"http://testserver/en/vacancies/{number}/"


class ClosedVacancyTests(TestCase):
    def test_a_closed_vacancy_answers_flagged_closed_and_leaves_the_list(self):
        vacancy = VacancyFactory(
            number="VN-CLOSED",
            issued_on=D(2020, 1, 1),
            closed=True,
        )
        data = self.client.get(f"{API}/vacancies/VN-CLOSED").json()["data"]
        assert data["closed"] is True
        assert data["number"] == vacancy.number
        items = self.client.get(f"{API}/vacancies").json()["items"]
        assert items == []

    def test_a_draft_vacancy_is_a_404(self):
        VacancyFactory(number="VN-DRAFT", draft=True)
        response = self.client.get(f"{API}/vacancies/VN-DRAFT")
        assert response.status_code == 404
        assert response.json()["detail"]


class ProfilePageAgreementTests(DemoData):
    """The API's name and seat are the profile page's, whatever the day."""

    DAYS = ["1999-01-01", "2008-01-01", "2016-01-01", "2020-06-01", "2023-01-01", ""]

    def page_name_and_seat(self, day):
        from fieldops.core.tests.html import soup

        response = self.client.get(f"/en/field-operations/astana/?as_of={day}")
        assert response.status_code == 200
        page = soup(response)
        name = page.find("h1").find(string=True, recursive=False).strip()
        facts = page.find("dl", class_="key-facts")
        dt = next(dt for dt in facts.find_all("dt") if dt.get_text() == "Headquarters")
        return name, dt.find_next_sibling("dd").get_text(strip=True)

    def test_name_and_seat_match_the_profile_page_on_each_day(self):
        seen = set()
        for day in self.DAYS:
            with self.subTest(day=day or "today"):
                data = self.get(f"{API}/field-operations/astana?as_of={day}")["data"]
                api = (data["on_day"]["name"]["full_name"], data["on_day"]["seat"])
                assert api == self.page_name_and_seat(day)
                seen.add(api)
        # The days were chosen to cover several names and both cities.
        assert len(seen) >= 4

    def test_the_list_agrees_with_the_detail_on_each_day(self):
        for day in self.DAYS:
            with self.subTest(day=day or "today"):
                [item] = self.get(f"{API}/field-operations?as_of={day}")["items"]
                data = self.get(item["detail_url"] + f"?as_of={day}")["data"]
                assert item["name"] == data["on_day"]["name"]["full_name"]
                assert item["seat"] == data["on_day"]["seat"]


class PublishedPageTests(TestCase):
    def test_profile_url_is_the_published_page(self):
        operation = FieldOperationFactory(slug="paged")
        OperationNameFactory(operation=operation)
        FieldOperationPageFactory(operation=operation)
        data = self.client.get(f"{API}/field-operations/paged").json()["data"]
        assert data["profile_url"] == "http://testserver/en/field-operations/paged/"
        DocumentFactory(symbol="X/1")
        assert self.client.get(f"{API}/documents/x-1").status_code == 200
