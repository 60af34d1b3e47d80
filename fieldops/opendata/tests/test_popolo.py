"""The Popolo export: organizations, persons, posts and memberships on a day."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from fieldops.demo.testing import load_astana_demo
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.opendata.formats.popolo import ORGANISATION_ID, popolo
from fieldops.opendata.provenance import Provenance
from fieldops.operations.models import FieldOperation
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    OperationNameFactory,
    PersonFactory,
    PostFactory,
)

D = datetime.date


def provenance(day: datetime.date) -> Provenance:
    return Provenance(
        source="https://data.example.org/exports/all.popolo.json",
        publisher="The organisation",
        extracted_at=timezone.now().replace(microsecond=0),
        as_of=day,
        licence="CC BY 4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
    )


def export(day: datetime.date, operations=None) -> dict:
    operations = operations or list(FieldOperation.objects.all())
    return popolo(operations, day, provenance(day))


def organization(data: dict, slug: str) -> dict:
    return next(
        o for o in data["organizations"] if o["id"] == f"{ORGANISATION_ID}/{slug}"
    )


class DemoPopoloTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def test_meta_is_the_provenance(self):
        day = D(2024, 6, 1)
        data = export(day)
        assert data["meta"] == provenance(day).as_dict() | {
            "extracted_at": data["meta"]["extracted_at"]
        }
        assert data["meta"]["as_of"] == "2024-06-01"

    def test_the_organisation_is_the_parent_of_each_operation(self):
        data = export(D(2024, 6, 1))
        parent = data["organizations"][0]
        assert parent["id"] == ORGANISATION_ID
        assert parent["name"] == "Organization for Security and Co-operation in Europe"
        assert organization(data, "astana")["parent_id"] == ORGANISATION_ID

    def test_the_name_is_the_one_borne_on_the_day(self):
        assert organization(export(D(2024, 6, 1)), "astana")["name"] == (
            "OSCE Programme Office in Astana"
        )
        assert organization(export(D(2000, 1, 1)), "astana")["name"] == (
            "OSCE Centre in Almaty"
        )

    def test_the_almaty_name_ends_on_its_last_day(self):
        other = organization(export(D(2024, 6, 1)), "astana")["other_names"]
        almaty = next(n for n in other if n["name"] == "OSCE Centre in Almaty")
        assert almaty["start_date"] == "1998-06-11"
        assert almaty["end_date"] == "2007-06-20"
        assert "first presence" in almaty["note"]

    def test_year_precise_edges_keep_their_precision(self):
        other = organization(export(D(2024, 6, 1)), "astana")["other_names"]
        nur_sultan = next(n for n in other if "Nur-Sultan" in n["name"])
        assert nur_sultan["start_date"] == "2019"
        assert nur_sultan["end_date"] == "2022-09-22"
        transformed = next(n for n in other if n.get("start_date") == "2015-01-01")
        assert transformed["end_date"] == "2019"

    def test_names_not_yet_borne_on_the_day_are_left_out(self):
        data = organization(export(D(2010, 1, 1)), "astana")
        assert data["name"] == "OSCE Centre in Astana"
        assert [n["name"] for n in data["other_names"]] == ["OSCE Centre in Almaty"]

    def test_operation_facts(self):
        data = organization(export(D(2024, 6, 1)), "astana")
        assert data["founding_date"] == "1998-06-11"
        assert "dissolution_date" not in data
        assert data["classification"] == "programme-office"
        assert data["area"]["identifier"] == "KZ"
        assert data["area"]["name"] == "Kazakhstan"
        assert {"scheme": "fieldops", "identifier": "astana"} in data["identifiers"]
        urls = [link["url"] for link in data["links"]]
        assert "https://data.example.org/en/field-operations/astana/" in urls
        assert "https://data.example.org/api/v1/field-operations/astana" in urls
        sources = [s["url"] for s in data["sources"]]
        assert "https://data.example.org/en/documents/pc-dec-243/" in sources

    def test_the_head_is_a_person_holding_a_post(self):
        data = export(D(2025, 1, 1))
        person = next(p for p in data["persons"] if p["name"] == "Alexey Rogov")
        assert person["sort_name"] == "Rogov, Alexey"
        post = next(p for p in data["posts"] if p["label"] == "Head of Office")
        assert post["organization_id"] == f"{ORGANISATION_ID}/astana"
        membership = data["memberships"][0]
        assert membership["person_id"] == person["id"]
        assert membership["post_id"] == post["id"]
        assert membership["organization_id"] == f"{ORGANISATION_ID}/astana"
        assert "start_date" not in membership  # not known in the demo

    def test_an_appointment_known_only_later_is_not_yet_a_membership(self):
        data = export(D(2024, 6, 1))
        assert data["memberships"] == []
        assert data["persons"] == []


@pytest.mark.django_db
class PopoloDatesTests:
    def test_appointment_dates_and_sources(self):
        document = DocumentFactory(symbol="PC.DEC/900", url="https://example.org/900")
        operation = FieldOperationFactory(slug="north")
        OperationNameFactory(operation=operation, valid_from=D(2000, 1, 1))
        post = PostFactory(operation=operation)
        AppointmentFactory(
            post=post,
            person=PersonFactory(name="First Head"),
            valid_from=D(2010, 3, 1),
            valid_to=D(2015, 1, 1),
            valid_to_precision="month",
            source=document,
        )
        AppointmentFactory(
            post=post,
            person=PersonFactory(name="Second Head"),
            valid_from=D(2015, 1, 1),
        )
        data = export(D(2020, 1, 1))
        first, second = data["memberships"]
        assert first["start_date"] == "2010-03-01"
        assert first["end_date"] == "2015-01"
        assert first["sources"] == [
            {"url": "https://example.org/900", "note": document.title}
        ]
        assert "end_date" not in second
        assert second["sources"] == []

    def test_an_end_after_the_day_is_not_told(self):
        operation = FieldOperationFactory(slug="south")
        OperationNameFactory(operation=operation, valid_from=D(2000, 1, 1))
        AppointmentFactory(
            post__operation=operation, valid_from=D(2010, 1, 1), valid_to=D(2015, 1, 1)
        )
        (membership,) = export(D(2012, 1, 1))["memberships"]
        assert "end_date" not in membership

    def test_a_closed_operation_has_a_dissolution_date(self):
        operation = FieldOperationFactory(slug="closed")
        OperationNameFactory(
            operation=operation,
            full_name="Mission to Somewhere",
            valid_from=D(1995, 1, 1),
            valid_to=D(2005, 1, 1),
        )
        OperationNameFactory(
            operation=operation,
            full_name="Mission to Somewhere",
            change="closed",
            valid_from=D(2005, 1, 1),
        )
        data = organization(export(D(2020, 1, 1)), "closed")
        assert data["dissolution_date"] == "2005-01-01"
        assert data["founding_date"] == "1995-01-01"

    def test_drafts_and_operations_not_yet_established_are_left_out(self):
        operation = FieldOperationFactory(slug="young")
        OperationNameFactory(operation=operation, valid_from=D(2020, 1, 1))
        OperationNameFactory(
            operation=operation,
            full_name="Draft name",
            change="renamed",
            valid_from=D(2021, 1, 1),
            live=False,
        )
        assert len(export(D(2019, 1, 1))["organizations"]) == 1
        data = organization(export(D(2022, 1, 1)), "young")
        assert data["other_names"] == []
        assert data["name"] != "Draft name"


def operation_with_people(slug: str, appointments: int) -> FieldOperation:
    operation = FieldOperationFactory(slug=slug)
    OperationNameFactory(operation=operation, valid_from=D(2000, 1, 1))
    OperationNameFactory(
        operation=operation, change="renamed", valid_from=D(2001, 1, 1)
    )
    for index in range(appointments):
        AppointmentFactory(
            post__operation=operation,
            valid_from=D(2002 + index, 1, 1),
            source=DocumentFactory(),
        )
    return operation


@pytest.mark.django_db
class PopoloQueryCountTests:
    def export_counting(self, django_assert_max_num_queries) -> int:
        operations = list(FieldOperation.objects.all())
        day = D(2024, 1, 1)
        with django_assert_max_num_queries(5) as captured:
            popolo(operations, day, provenance(day))
        return len(captured)

    def test_queries_do_not_grow_with_the_data(self, django_assert_max_num_queries):
        operation_with_people("one", appointments=1)
        few = self.export_counting(django_assert_max_num_queries)
        for index in range(10):
            operation_with_people(f"other-{index}", appointments=5)
        many = self.export_counting(django_assert_max_num_queries)
        assert few == many
