"""A day between two names: the profile is called by the last name in force
before it, and says so, rather than by the page's title."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import soup, text

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
)

D = datetime.date
URL = "/en/field-operations/skopje/"


class NameGapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        operation = FieldOperationFactory(slug="skopje", host_country="MK")
        OperationNameFactory(
            operation=operation,
            full_name="Spillover Monitor Mission to Skopje",
            valid_from=D(1992, 9, 18),
            valid_to=D(1994, 1, 1),
        )
        OperationNameFactory(
            operation=operation,
            full_name="OSCE Mission to Skopje",
            change="renamed",
            valid_from=D(1995, 1, 1),
        )
        FieldOperationPageFactory(operation=operation, title="A page title")

    def get(self, day: str):
        return self.client.get(URL, {"as_of": day})

    def test_a_day_in_the_gap_is_called_by_the_last_name_before_it(self):
        response = self.get("1994-06-01")
        assert response.status_code == 200
        page = soup(response)
        assert text(page.find("h1")).startswith("Spillover Monitor Mission to Skopje")
        assert "A page title" not in text(page.find("title"))
        assert "Spillover Monitor Mission to Skopje" in text(page.find("title"))
        note = text(page.find(class_="note--approximate"))
        assert "No name is recorded for this day" in note
        assert "1 January 1994" in note

    def test_a_day_with_a_name_is_called_by_it_without_a_note(self):
        for day, name in (
            ("1993-06-01", "Spillover Monitor Mission to Skopje"),
            ("1995-01-01", "OSCE Mission to Skopje"),
        ):
            page = soup(self.get(day))
            assert text(page.find("h1")).startswith(name)
            assert page.find(class_="note--approximate") is None
