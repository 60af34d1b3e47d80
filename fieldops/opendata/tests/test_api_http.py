"""The API over HTTP: conditional GET, CORS, errors, pages, the spec and docs."""

import datetime
import re
from unittest import mock

from django.contrib.staticfiles import finders
from django.test import TestCase
from django.utils import timezone

from fieldops.core import data_version
from fieldops.operations.models import OperationName
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    OperationNameFactory,
)
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

from .demo_data import DemoData

API = "/api/v1"
ENDPOINTS = [
    f"{API}/field-operations",
    f"{API}/field-operations/astana",
    f"{API}/documents",
    f"{API}/documents/pc-dec-243",
    f"{API}/vacancies",
]


class ConditionalGetTests(DemoData):
    def test_every_endpoint_gives_a_weak_etag_and_last_modified(self):
        for url in [*ENDPOINTS, self.vacancy_url()]:
            with self.subTest(url=url):
                response = self.client.get(url)
                assert response.status_code == 200
                assert response["ETag"].startswith('W/"')
                assert response["Last-Modified"].endswith("GMT")

    def test_if_none_match_gives_304_without_a_body(self):
        for url in [*ENDPOINTS, f"{API}/field-operations/astana?as_of=2008-01-01"]:
            with self.subTest(url=url):
                etag = self.client.get(url)["ETag"]
                again = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
                assert again.status_code == 304
                assert again.content == b""
                assert again["ETag"] == etag

    def test_if_none_match_star_is_304_only_for_what_exists(self):
        known = self.client.get(
            f"{API}/field-operations/astana", HTTP_IF_NONE_MATCH="*"
        )
        assert known.status_code == 304
        unknown = self.client.get(
            f"{API}/field-operations/nope", HTTP_IF_NONE_MATCH="*"
        )
        assert unknown.status_code == 404
        export = self.client.get(
            "/exports/field-operations/nope.json", HTTP_IF_NONE_MATCH="*"
        )
        assert export.status_code == 404

    def test_if_modified_since_gives_304(self):
        url = f"{API}/field-operations/astana"
        stamp = self.client.get(url)["Last-Modified"]
        assert self.client.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304

    def test_publishing_a_change_gives_200_and_a_new_etag(self):
        url = f"{API}/field-operations/astana"
        etag = self.client.get(url)["ETag"]
        name = OperationName.objects.get(full_name="OSCE Centre in Almaty")
        name.note = "A corrected note."
        # The data version moves when the publishing transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            name.save_revision().publish()
        response = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag
        assert response.json()["data"]["history"]["names"][0]["note"] == (
            "A corrected note."
        )

    def test_other_parameters_have_another_etag(self):
        url = f"{API}/field-operations/astana"
        assert (
            self.client.get(url)["ETag"]
            != self.client.get(f"{url}?as_of=2008-01-01")["ETag"]
        )

    def test_a_bad_as_of_is_still_a_400_with_a_validator(self):
        url = f"{API}/field-operations/astana"
        etag = self.client.get(url)["ETag"]
        body = self.error(f"{url}?as_of=2020-13-45", 400, HTTP_IF_NONE_MATCH=etag)
        assert "YYYY-MM-DD" in body["errors"]["as_of"][0]

    def test_a_vacancy_closing_changes_the_list(self):
        url = f"{API}/vacancies"
        vacancy = Vacancy.objects.open().first()
        # As after the data's load committed (a TestCase never commits): the
        # data version learns the next deadline.
        data_version.bump()
        # The deadline passes after the first answer, on the same day; nothing
        # is written.
        with mock.patch(
            "django.utils.timezone.now",
            return_value=vacancy.deadline - datetime.timedelta(minutes=1),
        ):
            first = self.client.get(url)
        with mock.patch(
            "django.utils.timezone.now",
            return_value=vacancy.deadline + datetime.timedelta(seconds=1),
        ):
            second = self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert second.status_code == 200
        numbers = [item["number"] for item in second.json()["items"]]
        assert vacancy.number not in numbers

    def vacancy_url(self):
        return f"{API}/vacancies/{Vacancy.objects.open().first().number}"


class CorsTests(DemoData):
    def test_get_answers_allow_any_origin(self):
        for url in ENDPOINTS:
            with self.subTest(url=url):
                response = self.client.get(url, HTTP_ORIGIN="https://example.com")
                assert response["Access-Control-Allow-Origin"] == "*"
                exposed = response["Access-Control-Expose-Headers"]
                assert "ETag" in exposed

    def test_preflight_for_a_conditional_get_is_allowed(self):
        response = self.client.options(
            f"{API}/field-operations",
            HTTP_ORIGIN="https://example.com",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
        )
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response["Access-Control-Allow-Methods"]
        allowed = response["Access-Control-Allow-Headers"].lower()
        assert "if-none-match" in allowed


class ErrorTests(DemoData):
    def test_bad_as_of_is_a_400_naming_the_format(self):
        for raw in ["yesterday", "2020-02-30", "2020-6-1", "20200601", "2020-06-01x"]:
            with self.subTest(raw=raw):
                body = self.error(f"{API}/field-operations?as_of={raw}", 400)
                assert "YYYY-MM-DD" in body["errors"]["as_of"][0]

    def test_unreadable_or_too_small_page_numbers_are_a_400(self):
        for query in ["page=abc", "page=0", "page=-1", "page_size=0", "page_size=101"]:
            with self.subTest(query=query):
                body = self.error(f"{API}/documents?{query}", 400)
                assert set(body["errors"]) & {"page", "page_size"}

    def test_a_page_beyond_the_last_is_a_404(self):
        for page in ["2", "99999999999999999999999999"]:
            with self.subTest(page=page):
                self.error(f"{API}/field-operations?page={page}", 404)

    def test_unknown_records_are_404s(self):
        for url in [
            f"{API}/field-operations/atlantis",
            f"{API}/documents/pc-dec-0",
            f"{API}/vacancies/VN-NONE",
        ]:
            with self.subTest(url=url):
                self.error(url, 404)

    def test_hostile_values_get_4xx_never_500(self):
        long = "a" * 5000
        urls = [
            f"{API}/field-operations?as_of=%00",
            f"{API}/field-operations?as_of={long}",
            f"{API}/field-operations/astana%00",
            f"{API}/field-operations/{long}",
            f"{API}/documents/%00",
            f"{API}/vacancies/VN%00X",
            f"{API}/vacancies/{long}",
            f"{API}/vacancies?q=%00",
            f"{API}/vacancies?q={long}",
            f"{API}/vacancies?operation=99999999999999999999999999",
            f"{API}/vacancies?operation=-1",
            f"{API}/vacancies?duty_station=%00",
            f"{API}/vacancies?grade=%00",
            f"{API}/vacancies?page=1.5",
        ]
        for url in urls:
            with self.subTest(url=url[:80]):
                response = self.client.get(url)
                assert 400 <= response.status_code < 500, response.status_code
                assert response.json()["detail"]

    def test_repeated_parameters_take_the_last_and_unknown_ones_are_ignored(self):
        body = self.client.get(
            f"{API}/field-operations?as_of=1999-01-01&as_of=2020-06-01&colour=blue"
        ).json()
        assert body["meta"]["as_of"] == "2020-06-01"
        assert body["items"][0]["seat"] == "Nur-Sultan"

    def test_repeated_filters_are_alternatives(self):
        grades = list(Vacancy.objects.open().values_list("grade", flat=True))[:2]
        query = "&".join(f"grade={grade}" for grade in grades)
        body = self.client.get(f"{API}/vacancies?{query}").json()
        assert {item["grade"] for item in body["items"]} == set(grades)

    def test_write_methods_are_not_allowed(self):
        response = self.client.post(f"{API}/field-operations")
        assert response.status_code == 405

    def test_head_answers_as_get_without_a_body(self):
        for path in ("/field-operations/astana", "/vacancies", "/documents/nope"):
            with self.subTest(path=path):
                get = self.client.get(API + path)
                head = self.client.head(API + path)
                assert head.status_code == get.status_code
                assert head.content == b""
                assert head["Content-Type"] == get["Content-Type"]
                assert head["Content-Length"] == str(len(get.content))
                assert head.get("ETag") == get.get("ETag")


class PaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for index in range(5):
            operation = FieldOperationFactory(slug=f"op-{index}")
            OperationNameFactory(operation=operation, full_name=f"Office {index}")

    def test_pages_are_stable_and_link_to_their_neighbours(self):
        url = f"{API}/field-operations?as_of=2020-01-01&page_size=2"
        first = self.client.get(url).json()
        assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
        assert first["previous"] is None
        second = self.client.get(first["next"]).json()
        assert "as_of=2020-01-01" in first["next"]
        assert "page_size=2" in first["next"]
        assert first["next"].startswith("http://testserver/api/v1/field-operations?")
        third = self.client.get(second["next"]).json()
        assert third["next"] is None
        assert self.client.get(third["previous"]).json()["items"] == second["items"]
        names = [i["name"] for p in (first, second, third) for i in p["items"]]
        assert names == [f"Office {index}" for index in range(5)]

    def test_default_page_size_is_the_setting(self):
        for index in range(5, 55):
            operation = FieldOperationFactory(slug=f"op-{index}")
            OperationNameFactory(operation=operation)
        body = self.client.get(f"{API}/field-operations").json()
        assert (body["count"], body["pages"], len(body["items"])) == (55, 2, 50)

    def test_page_one_of_an_empty_list_is_an_empty_page(self):
        body = self.client.get(f"{API}/vacancies").json()
        assert (body["count"], body["page"], body["pages"], body["items"]) == (
            0,
            1,
            1,
            [],
        )
        assert self.client.get(f"{API}/vacancies?page=2").status_code == 404

    def test_vacancies_with_the_same_deadline_keep_a_stable_order(self):
        deadline = timezone.now() + datetime.timedelta(days=3)
        for number in ["VN-C", "VN-A", "VN-B"]:
            VacancyFactory(number=number, deadline=deadline)
        body = self.client.get(f"{API}/vacancies?page_size=2").json()
        rest = self.client.get(body["next"]).json()
        numbers = [i["number"] for i in body["items"] + rest["items"]]
        assert numbers == ["VN-A", "VN-B", "VN-C"]


class SpecAndDocsTests(TestCase):
    def test_spec_describes_every_endpoint_with_tags_summaries_and_errors(self):
        response = self.client.get(f"{API}/openapi.json")
        assert response.status_code == 200
        spec = response.json()
        assert spec["info"]["title"]
        assert "as_of" in spec["info"]["description"]
        expected = {
            "/api/v1/field-operations",
            "/api/v1/field-operations/{slug}",
            "/api/v1/documents",
            "/api/v1/documents/{slug}",
            "/api/v1/vacancies",
            "/api/v1/vacancies/{number}",
            "/api/v1/organisation/field-operations",
            "/api/v1/organisation/field-operations/{slug}/figures",
            "/api/v1/organisation/timeline",
            "/api/v1/organisation/comparison",
        }
        assert set(spec["paths"]) == expected
        for path in expected:
            operation = spec["paths"][path]["get"]
            assert operation["tags"] and operation["summary"]
            assert operation["description"]
            assert {"200", "304", "400", "404"} <= set(operation["responses"])
        schemas = spec["components"]["schemas"]
        assert set(schemas["Meta"]["properties"]) == {
            "source",
            "publisher",
            "extracted_at",
            "as_of",
            "future_requested",
            "licence",
            "licence_url",
        }
        assert schemas["Meta"]["properties"]["as_of"]["description"]
        params = spec["paths"]["/api/v1/vacancies"]["get"]["parameters"]
        assert {p["name"] for p in params} >= {
            "operation",
            "recruitment_type",
            "modality",
            "grade",
            "field_of_expertise",
            "duty_station",
            "q",
            "page",
            "page_size",
        }

    def test_docs_page_needs_nothing_from_the_internet(self):
        response = self.client.get(f"{API}/docs")
        assert response.status_code == 200
        html = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets
        for asset in assets:
            assert asset.startswith("/static/"), asset
            assert finders.find(asset.removeprefix("/static/")), asset
        assert "http://" not in html and "https://" not in html
        assert '"validatorUrl": null' in html
