"""The API gives the recorded changes, the claims, the lineage, the host state
of the time, the status and the meanings of numbers."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from fieldops.documents.models import Claim
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import (
    HostStateName,
    OperationChange,
    StaffingLine,
    Succession,
)
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
    StaffingSnapshotFactory,
)

D = datetime.date
URL = "/api/v1/field-operations/belgrade"


class OperationRecordsApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.old = FieldOperationFactory(
            slug="belgrade",
            host_country="RS",
            region="south-eastern-europe",
            status="closed",
            coverage_note="Budgets before 2002 are missing.",
        )
        cls.name = OperationNameFactory(
            operation=cls.old,
            valid_from=D(2001, 1, 11),
            valid_to=D(2006, 6, 29),
            further_source_urls=["https://example.org/b"],
            source_url="https://example.org/a",
        )
        HostStateName.objects.create(
            operation=cls.old,
            name="Federal Republic of Yugoslavia",
            valid_to=D(2003, 2, 4),
        )
        cls.decision = DocumentFactory(symbol="PC.DEC/401")
        OperationChange.objects.create(
            operation=cls.old,
            kind="established",
            deciding_body="permanent-council",
            decision=cls.decision,
            adopted_on=D(2001, 1, 11),
            effective_on=D(2001, 2, 1),
            effective_on_precision="month",
        )
        kind = ContentType.objects.get_for_model(cls.name)
        common = {"content_type": kind, "object_id": cls.name.pk, "field": "valid_from"}
        Claim.objects.create(**common, value="2001-01-11", preferred=True)
        Claim.objects.create(**common, value="2001-03", note="A later report.")
        cls.new = FieldOperationFactory(slug="serbia", host_country="RS")
        OperationNameFactory(operation=cls.new, full_name="Mission to Serbia")
        Succession.objects.create(predecessor=cls.old, successor=cls.new)
        FieldOperationPageFactory(operation=cls.new)
        AppointmentFactory(
            post__operation=cls.old, valid_from=None, known_on=D(2002, 3, 1)
        )
        snapshot = StaffingSnapshotFactory(
            operation=cls.old, as_of=D(2002, 1, 1), meaning="ceiling"
        )
        StaffingLine.objects.create(snapshot=snapshot, category="not-split", count=80)

    def detail(self, day="2002-06-01"):
        response = self.client.get(f"{URL}?as_of={day}")
        assert response.status_code == 200
        return response.json()["data"]

    def test_operation_gives_its_region_status_closing_and_coverage(self):
        data = self.detail()
        assert data["region"] == "south-eastern-europe"
        assert data["status"] == "closed"
        assert (data["closed_on"], data["closed_on_precision"]) == ("2006-06-29", "day")
        assert data["coverage"] == "partial"
        assert data["coverage_note"] == "Budgets before 2002 are missing."
        assert data["on_day"]["status"] == "current"

    def test_host_state_is_named_as_of_the_day(self):
        assert self.detail()["on_day"]["host_state"] == "Federal Republic of Yugoslavia"
        assert self.detail("2004-01-01")["on_day"]["host_state"] == "Serbia"

    def test_changes_keep_adoption_and_effect_apart(self):
        [change] = self.detail()["history"]["changes"]
        assert change["kind"] == "established"
        assert change["deciding_body"] == "permanent-council"
        assert change["decision"]["symbol"] == "PC.DEC/401"
        assert (change["adopted_on"], change["effective_on"]) == (
            "2001-01-11",
            "2001-02",
        )
        assert change["effective_on_precision"] == "month"

    def test_claims_are_given_with_the_preferred_marked(self):
        claims = self.detail()["history"]["claims"]
        assert [(c["value"], c["preferred"]) for c in claims] == [
            ("2001-01-11", True),
            ("2001-03", False),
        ]
        assert claims[0]["record"] == "operationname"
        assert claims[0]["record_id"] == self.name.pk

    def test_claims_about_a_record_not_yet_begun_on_the_day_are_left_out(self):
        later = OperationNameFactory(
            operation=self.old,
            full_name="OSCE Mission to Serbia and Montenegro",
            change="renamed",
            valid_from=D(2006, 6, 29),
        )
        change = OperationChange.objects.create(
            operation=self.old,
            kind="renamed",
            deciding_body="permanent-council",
            adopted_on=D(2006, 6, 1),
        )
        for record, field in ((later, "valid_from"), (change, "adopted_on")):
            kind = ContentType.objects.get_for_model(record)
            common = {"content_type": kind, "object_id": record.pk, "field": field}
            Claim.objects.create(**common, value="2006-06-29", preferred=True)
            Claim.objects.create(**common, value="2006-07", note="Another report.")
        before = self.detail("2006-05-01")["history"]["claims"]
        assert {c["record_id"] for c in before} == {self.name.pk}
        after = self.detail("2006-07-01")["history"]["claims"]
        assert {(c["record"], c["record_id"]) for c in after} == {
            ("operationname", self.name.pk),
            ("operationname", later.pk),
            ("operationchange", change.pk),
        }

    def test_lineage_names_the_following_operation(self):
        [item] = self.detail()["followed_by"]
        assert item["slug"] == "serbia"
        assert item["name"] == "Mission to Serbia"
        assert item["profile_url"].endswith("/en/field-operations/serbia/")
        data = self.client.get("/api/v1/field-operations/serbia").json()["data"]
        assert [i["slug"] for i in data["preceded_by"]] == ["belgrade"]

    def test_further_source_links_follow_the_first(self):
        [name] = self.detail()["history"]["names"]
        assert name["source"]["url"] == "https://example.org/a"
        assert name["source"]["further_urls"] == ["https://example.org/b"]

    def test_observed_head_and_staff_meaning_are_said(self):
        on_day = self.detail()["on_day"]
        assert on_day["head"]["observation"] is True
        assert on_day["staffing"]["meaning"] == "ceiling"
        assert on_day["staffing"]["total"] == 80
        assert on_day["staffing"]["breakdown"] == []

    def test_no_single_host_is_null(self):
        FieldOperationFactory(slug="nohost", host_country="")
        OperationNameFactory(operation__slug="x")
        response = self.client.get("/api/v1/field-operations/nohost")
        assert response.status_code == 200
        data = response.json()["data"]
        assert data["host_country"] is None
        assert data["on_day"]["host_state"] == "No single host country"
