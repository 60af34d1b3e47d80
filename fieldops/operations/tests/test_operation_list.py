"""The list of every field operation at /en/field-operations/."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.operations.selectors import operation_list

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
)

D = datetime.date
URL = "/en/field-operations/"


class OperationRowTests(TestCase):
    """An office established in Almaty in 1998, moved to Astana and renamed."""

    @classmethod
    def setUpTestData(cls):
        operation = FieldOperationFactory(slug="astana", host_country="KZ")
        OperationNameFactory(
            operation=operation,
            full_name="OSCE Centre in Almaty",
            valid_from=D(1998, 6, 11),
            valid_to=D(2015, 1, 1),
        )
        OperationNameFactory(
            operation=operation,
            full_name="OSCE Programme Office in Astana",
            presence_kind="programme-office",
            change="transformed",
            valid_from=D(2015, 1, 1),
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
        FieldOperationPageFactory(operation=operation)

    def test_row_shows_name_in_force_country_region_and_status(self):
        response = self.client.get(URL)
        assert response.status_code == 200
        row = soup(response).find("tbody").find("tr")
        assert text(row) == (
            "OSCE Programme Office in Astana Kazakhstan — current not known "
            "no figure no figure"
        )
        assert row.find("a")["href"] == "/en/field-operations/astana/"

    def test_seat_is_named_as_the_city_is_called_on_the_day(self):
        rows = {row.operation.slug: row for row in operation_list(D(2005, 1, 1))}
        assert rows["astana"].seat_name == "Almaty"

    def test_list_page_has_one_h1_and_headings_in_order(self):
        assert_headings_in_order(self.client.get(URL))


class OperationListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.open = FieldOperationFactory(slug="open", host_country="RS")
        OperationNameFactory(
            operation=cls.open,
            full_name="Mission to Somewhere",
            valid_from=D(2001, 1, 1),
        )
        office = OfficeFactory(operation=cls.open, valid_from=D(2001, 1, 1))
        PlaceNameFactory(place=office.place, name="Old Town", valid_to=D(2010, 1, 1))
        PlaceNameFactory(place=office.place, name="New Town", valid_from=D(2010, 1, 1))
        FieldOperationPageFactory(operation=cls.open)

        cls.closed = FieldOperationFactory(slug="closed", host_country="HR")
        OperationNameFactory(
            operation=cls.closed,
            full_name="Mission to Elsewhere",
            valid_from=D(1996, 7, 1),
            valid_to=D(2007, 12, 31),
        )
        OperationNameFactory(
            operation=cls.closed,
            full_name="Office in Elsewhere",
            change="closed",
            valid_from=D(2007, 12, 31),
        )

        cls.draft = FieldOperationFactory(slug="draft", live=False)
        OperationNameFactory(operation=cls.draft, full_name="Draft Mission")

    def test_every_published_operation_is_listed_once(self):
        rows = operation_list(D(2024, 1, 1))
        assert [row.operation.slug for row in rows] == ["open", "closed"]

    def test_closed_operation_is_listed_under_its_last_name_and_marked(self):
        response = self.client.get(URL)
        row = soup(response).find("tr", class_="is-closed")
        assert text(row).startswith("Office in Elsewhere Croatia — closed 1996–2007")

    def test_seat_is_named_as_the_city_is_called_on_the_day(self):
        def seat_on(day):
            rows = {row.operation.slug: row for row in operation_list(day)}
            return rows["open"].seat_name

        assert seat_on(D(2005, 1, 1)) == "Old Town"
        assert seat_on(D(2024, 1, 1)) == "New Town"

    def test_operations_are_sorted_by_the_name_they_bear_on_the_day(self):
        names = [row.name.full_name for row in operation_list(D(2005, 1, 1))]
        assert names == ["Mission to Elsewhere", "Mission to Somewhere"]

    def test_operation_without_a_page_is_listed_without_a_link(self):
        rows = soup(self.client.get(URL)).find("tbody").find_all("tr")
        assert rows[0].find("a")["href"] == "/en/field-operations/open/"
        assert rows[1].find("a") is None

    def test_draft_operations_stay_off_the_list(self):
        assert "Draft Mission" not in text(self.client.get(URL))

    def test_a_day_lists_only_the_operations_that_existed_then(self):
        def listed(day):
            response = self.client.get(URL, {"as_of": day})
            assert response.status_code == 200
            return [text(th) for th in soup(response).select("tbody th")]

        assert listed("1990-01-01") == []
        assert listed("2000-01-01") == ["Mission to Elsewhere"]
        assert listed("2024-01-01") == ["Mission to Somewhere"]
