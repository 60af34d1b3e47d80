"""The schema.org JSON-LD in each profile page, and its open-data links."""

import datetime
import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory, TestCase

from fieldops.core.json_ld import json_ld_script
from fieldops.core.tests.html import soup
from fieldops.opendata.dataset.format import CSV_TABLES
from fieldops.operations.models import FieldOperation
from fieldops.operations.selectors import profile_as_of
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingLineFactory,
    StaffingSnapshotFactory,
)

D = datetime.date
URL = "/en/field-operations/astana/"


def json_ld(response) -> dict:
    (script,) = soup(response).find_all("script", type="application/ld+json")
    return json.loads(script.string)


class OfficeJsonLdTests(TestCase):
    """An office established in Almaty in 1998 and renamed twice, seated in Astana
    since 2007, with a head and a staff count of the end of 2024."""

    @classmethod
    def setUpTestData(cls):
        operation = FieldOperationFactory(slug="astana", host_country="KZ")
        names = [
            ("OSCE Centre in Almaty", D(1998, 6, 11), D(2015, 1, 1)),
            ("OSCE Programme Office in Nur-Sultan", D(2015, 1, 1), D(2022, 9, 23)),
            ("OSCE Programme Office in Astana", D(2022, 9, 23), None),
        ]
        for index, (full_name, valid_from, valid_to) in enumerate(names):
            OperationNameFactory(
                operation=operation,
                full_name=full_name,
                change="renamed" if index else "established",
                valid_from=valid_from,
                valid_to=valid_to,
            )
        OfficeFactory(
            operation=operation,
            place=PlaceNameFactory(name="Almaty").place,
            valid_from=D(1998, 6, 11),
            valid_to=D(2007, 6, 21),
        )
        OfficeFactory(
            operation=operation,
            place=PlaceNameFactory(name="Astana").place,
            valid_from=D(2007, 6, 21),
        )
        snapshot = StaffingSnapshotFactory(operation=operation, as_of=D(2024, 12, 31))
        StaffingLineFactory(snapshot=snapshot, category="international", count=6)
        StaffingLineFactory(snapshot=snapshot, category="local", count=29)
        AppointmentFactory(
            post__operation=operation,
            person__name="Alexey Rogov",
            honorific="Ambassador",
            valid_from=D(2024, 1, 1),
        )
        FieldOperationPageFactory(operation=operation)

    def test_today_it_describes_the_office_under_its_current_name(self):
        data = json_ld(self.client.get(URL))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "GovernmentOrganization"
        assert data["name"] == "OSCE Programme Office in Astana"
        assert data["url"] == "http://testserver" + URL
        assert data["@id"] == "http://testserver" + URL + "#organization"
        assert "OSCE Centre in Almaty" in data["alternateName"]
        assert "OSCE Programme Office in Nur-Sultan" in data["alternateName"]
        assert "OSCE Programme Office in Astana" not in data["alternateName"]
        assert data["foundingDate"] == "1998-06-11"
        assert "dissolutionDate" not in data
        assert data["parentOrganization"]["name"] == (
            "Organization for Security and Co-operation in Europe"
        )
        assert data["location"]["address"] == {
            "@type": "PostalAddress",
            "addressLocality": "Astana",
            "addressCountry": "KZ",
        }
        assert data["areaServed"]["name"] == "Kazakhstan"
        assert data["numberOfEmployees"] == {"@type": "QuantitativeValue", "value": 35}
        assert data["employee"]["name"] == "Alexey Rogov"
        assert data["employee"]["honorificPrefix"] == "Ambassador"
        assert "sameAs" not in data
        assert "subjectOf" not in data  # It describes today.

    def test_for_a_past_day_it_describes_the_office_as_it_stood(self):
        response = self.client.get(URL + "?as_of=2000-01-01")
        data = json_ld(response)
        assert data["name"] == "OSCE Centre in Almaty"
        dated = "http://testserver" + URL + "?as_of=2000-01-01"
        assert data["url"] == dated
        # Not today's @id: the office as it stood then is described apart.
        assert data["@id"] == dated + "#organization"
        assert data["subjectOf"]["temporalCoverage"] == "2000-01-01"
        assert "alternateName" not in data  # no other name borne by then
        assert data["location"]["address"]["addressLocality"] == "Almaty"
        assert "numberOfEmployees" not in data
        assert "employee" not in data

    def test_the_script_and_the_links_cost_no_query(self):
        profile = profile_as_of(
            FieldOperation.objects.get(slug="astana"), D(2025, 1, 1)
        )
        request = RequestFactory().get(URL)
        template = Template(
            "{% load jinja2_templates open_data %}{% profile_json_ld_script profile %}"
            '{% jinja2_include "opendata/includes/profile_downloads.html" '
            "slug=profile.operation.slug %}"
        )
        with self.assertNumQueries(0):
            html = template.render(Context({"profile": profile, "request": request}))
        assert "application/ld+json" in html
        assert "/exports/field-operations/astana.popolo.json" in html
        # IATI has one file per reporting organisation, none per operation.
        assert ".iati.xml" not in html

    def test_open_data_links_of_today(self):
        section = soup(self.client.get(URL)).find(id="open-data").find_parent("section")
        hrefs = [a["href"] for a in section.find_all("a")]
        assert "/en/open-data/" in hrefs
        for fmt in ("json", "zip", "popolo.json"):
            assert f"/exports/field-operations/astana.{fmt}" in hrefs
        for table in CSV_TABLES:
            assert f"/exports/field-operations/astana/{table}.csv" in hrefs
        assert "/api/v1/field-operations/astana" in hrefs

    def test_open_data_links_keep_the_day_shown(self):
        response = self.client.get(URL + "?as_of=2010-05-01")
        section = soup(response).find(id="open-data").find_parent("section")
        downloads = [a["href"] for a in section.find_all("a")][1:]
        assert downloads
        assert all(href.endswith("?as_of=2010-05-01") for href in downloads)


class JsonLdEscapingTests:
    def test_a_script_end_in_the_data_cannot_close_the_element(self):
        html = json_ld_script({"name": "</script><script>alert(1)</script> & <!--"})
        assert html.count("</script>") == 1
        assert "<!--" not in html
        body = html.removeprefix('<script type="application/ld+json">')
        body = body.removesuffix("</script>")
        assert json.loads(body)["name"] == "</script><script>alert(1)</script> & <!--"


@pytest.mark.django_db
class JsonLdFactoryTests:
    def test_a_closed_operation_has_a_dissolution_date(self, client):
        name = OperationNameFactory(
            operation__slug="gone",
            full_name="Mission to Somewhere",
            valid_from=datetime.date(1995, 1, 1),
            valid_to=datetime.date(2005, 3, 1),
        )
        OperationNameFactory(
            operation=name.operation,
            full_name="Mission to Somewhere",
            change="closed",
            valid_from=datetime.date(2005, 3, 1),
        )
        office = OfficeFactory(
            operation=name.operation, valid_from=datetime.date(1995, 1, 1)
        )
        PlaceNameFactory(place=office.place, name="Somewhere")
        FieldOperationPageFactory(operation=name.operation)
        data = json_ld(client.get("/en/field-operations/gone/"))
        assert data["foundingDate"] == "1995-01-01"
        assert data["dissolutionDate"] == "2005-03-01"
        assert data["name"] == "Mission to Somewhere"
        assert "alternateName" not in data
