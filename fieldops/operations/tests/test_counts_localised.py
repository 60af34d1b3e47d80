"""Counts of staff read in the reader's language: their thousands grouped as
Django's formats for the language say, on the profile, the list and the
comparison alike, while machine-readable values stay plain digits."""

import datetime

from django.test import TestCase
from django.utils import translation

from fieldops.core.templatetags.fieldops import number
from fieldops.core.tests.html import soup, text

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
    StaffingLineFactory,
    StaffingSnapshotFactory,
)

D = datetime.date


class NumberFilterTests(TestCase):
    def test_groups_thousands_as_the_language_does(self):
        with translation.override("en"):
            assert number(1234) == "1,234"
            assert number(1234567) == "1,234,567"
            assert number(999) == "999"
        with translation.override("ru"):
            assert number(1234) == "1\xa0234"

    def test_none_is_empty(self):
        assert number(None) == ""


class StaffCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        operation = FieldOperationFactory(slug="kosovo", host_country="XK")
        OperationNameFactory(
            operation=operation,
            full_name="OSCE Mission in Kosovo",
            valid_from=D(1999, 7, 1),
        )
        snapshot = StaffingSnapshotFactory(operation=operation, as_of=D(2024, 6, 30))
        StaffingLineFactory(snapshot=snapshot, category="international", count=1200)
        StaffingLineFactory(snapshot=snapshot, category="local", count=34)
        FieldOperationPageFactory(operation=operation)

    def test_profile_groups_the_total_and_its_parts(self):
        response = self.client.get("/en/field-operations/kosovo/")
        figures = soup(response).find("section", attrs={"aria-labelledby": "figures"})
        assert "1,234 fixed-term staff" in text(figures)
        assert "1,200 international + 34 local" in text(figures)

    def test_list_groups_the_count_and_keeps_the_data_value_plain(self):
        response = self.client.get("/en/field-operations/")
        cell = soup(response).find("data", attrs={"value": "1234"})
        assert cell is not None
        assert text(cell) == "1,234"

    def test_comparison_groups_the_count(self):
        response = self.client.get("/en/field-operations/comparison/", {"year": "2024"})
        cell = soup(response).find("data", attrs={"value": "1234"})
        assert cell is not None
        assert text(cell) == "1,234"
