"""One home for the day an operation was established: its establishment
change, dated as the history dates it, else its first name's start; the
About part, the history, the list and the API say the same day."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import soup, text
from fieldops.operations.models import OperationChange
from fieldops.operations.selectors import profile_as_of

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
)

D = datetime.date


def about_established(response) -> str:
    about = soup(response).find(id="about").find_parent("section")
    div = next(
        d
        for d in about.select("dl.key-facts > div")
        if text(d.find("dt")) == "Established"
    )
    return div.find("time")["datetime"]


class EstablishmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The name is recorded from the first of the month; the decision that
        # established it was adopted later, and it took effect later still.
        cls.operation = FieldOperationFactory(slug="moldova")
        OperationNameFactory(operation=cls.operation, valid_from=D(1993, 2, 1))
        OperationChange.objects.create(
            operation=cls.operation,
            kind="established",
            adopted_on=D(1993, 2, 4),
            effective_on=D(1993, 4, 25),
        )
        FieldOperationPageFactory(operation=cls.operation)
        cls.named_only = FieldOperationFactory(slug="osh")
        OperationNameFactory(operation=cls.named_only, valid_from=D(2000, 7, 1))
        FieldOperationPageFactory(operation=cls.named_only)

    def test_the_establishment_change_dates_it_by_its_adoption(self):
        profile = profile_as_of(self.operation, D(2000, 1, 1))
        assert profile.established.iso() == "1993-02-04"
        [entry] = [e for e in profile.timeline if e.text == "Established"]
        assert entry.date == profile.established

    def test_about_history_list_and_api_agree(self):
        response = self.client.get("/en/field-operations/moldova/")
        assert about_established(response) == "1993-02-04"
        history = soup(response).find(id="history").find_parent("section")
        first = history.select_one("li.timeline__item time.timeline__date")
        assert first["datetime"] == "1993-02-04"
        api = self.client.get("/api/v1/field-operations/moldova").json()["data"]
        assert api["established"] == "1993-02-04"
        listed = self.client.get("/api/v1/field-operations").json()["items"]
        assert {row["slug"]: row["established"] for row in listed}["moldova"] == (
            "1993-02-04"
        )

    def test_without_a_change_the_first_name_dates_it(self):
        response = self.client.get("/en/field-operations/osh/")
        assert about_established(response) == "2000-07-01"

    def test_the_day_before_the_establishment_is_not_shown(self):
        response = self.client.get("/en/field-operations/moldova/?as_of=1993-02-03")
        assert response.status_code == 404
