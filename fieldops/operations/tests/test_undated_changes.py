"""A recorded change without any date is shown in the history, apart from the
dated events and marked as undated, rather than left out."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import soup, text
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import OperationChange
from fieldops.operations.selectors import profile_as_of

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
)

D = datetime.date


class UndatedChangesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory(slug="bih")
        OperationNameFactory(operation=cls.operation, valid_from=D(1995, 12, 8))
        OperationChange.objects.create(
            operation=cls.operation, kind="established", adopted_on=D(1995, 12, 8)
        )
        cls.decision = DocumentFactory(symbol="PC.DEC/145", title="Decision 145")
        OperationChange.objects.create(
            operation=cls.operation,
            kind="mandate-updated",
            deciding_body="permanent-council",
            decision=cls.decision,
            note="Its adoption date is not on the source page",
            source_url="https://example.org/145",
        )
        FieldOperationPageFactory(operation=cls.operation)

    def test_the_profile_lists_the_undated_change_apart(self):
        profile = profile_as_of(self.operation, D(2020, 1, 1))
        assert [entry.text for entry in profile.timeline] == ["Established"]
        assert [entry.text for entry in profile.undated] == ["Mandate updated"]
        assert profile.undated[0].date is None

    def test_the_history_shows_it_marked_undated_with_its_decision_and_source(self):
        response = self.client.get("/en/field-operations/bih/")
        history = soup(response).find(id="history").find_parent("section")
        undated = history.find(id="history-undated")
        assert text(undated) == "Changes whose date is not known"
        item = text(history.find("ul", class_="timeline__events--undated"))
        assert item.startswith("Date not known: Mandate updated")
        assert "Decision 145" in item
        assert "example.org" in item
        # It comes after every dated event.
        dated = history.find("ol", class_="timeline")
        assert dated is not None
        assert dated.find_next("h3", id="history-undated") is not None

    def test_it_is_shown_on_a_past_day_too_since_its_date_is_unknown(self):
        response = self.client.get("/en/field-operations/bih/", {"as_of": "1996-01-01"})
        history = soup(response).find(id="history").find_parent("section")
        assert "Mandate updated" in text(history)


class UndatedChangesApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        operation = FieldOperationFactory(slug="bih")
        OperationNameFactory(operation=operation, valid_from=D(1995, 12, 8))
        OperationChange.objects.create(
            operation=operation, kind="established", adopted_on=D(1995, 12, 8)
        )
        OperationChange.objects.create(operation=operation, kind="mandate-updated")

    def test_the_api_history_gives_the_undated_change_after_the_dated_ones(self):
        response = self.client.get("/api/v1/field-operations/bih?as_of=1996-01-01")
        changes = response.json()["data"]["history"]["changes"]
        assert [(c["kind"], c["adopted_on"]) for c in changes] == [
            ("established", "1995-12-08"),
            ("mandate-updated", None),
        ]
