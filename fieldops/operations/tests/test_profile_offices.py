"""The offices a profile shows on a day: never after the operation closed, and
an office recorded without a start apart, never as open on every day."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import soup, text

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
)

D = datetime.date
URL = "/en/field-operations/croatia/"
API = "/api/v1/field-operations/croatia"


def office(operation, city, **fields):
    made = OfficeFactory(operation=operation, **fields)
    PlaceNameFactory(place=made.place, name=city, valid_from=None)
    return made


class OfficesOfAClosedOperationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        croatia = FieldOperationFactory(slug="croatia", host_country="HR")
        croatia.status = "closed"
        croatia.save()
        OperationNameFactory(
            operation=croatia,
            full_name="OSCE Mission to Croatia",
            valid_from=D(1996, 7, 1),
            valid_to=D(2007, 12, 31),
        )
        FieldOperationPageFactory(operation=croatia)
        # Its headquarters' end was never recorded; the Knin office's start
        # was never recorded either.
        office(croatia, "Zagreb", valid_from=D(1996, 7, 1))
        office(
            croatia,
            "Knin",
            role="field-office",
            name="Field Office in Knin",
            valid_from=None,
        )

    def offices(self, day: str) -> tuple[str, str]:
        page = soup(self.client.get(URL, {"as_of": day}))
        card = page.find("h3", string="Offices").find_parent("div")
        undated = card.select_one(".undated-offices")
        return text(card.select_one("ul.plain")), text(undated) if undated else ""

    def on_day(self, day: str) -> dict:
        return self.client.get(API, {"as_of": day}).json()["data"]["on_day"]

    def test_while_it_works_its_dated_offices_are_open(self):
        open_, undated = self.offices("2000-01-01")
        assert "Headquarters in Zagreb" in open_
        assert "Knin" not in open_
        assert "Field Office in Knin in Knin" in undated
        data = self.on_day("2000-01-01")
        assert [o["place"] for o in data["offices"]] == ["Zagreb"]
        assert [o["place"] for o in data["undated_offices"]] == ["Knin"]

    def test_no_office_is_open_once_it_closed(self):
        for day in ("2007-12-31", "2015-06-01", ""):
            open_, _undated = self.offices(day)
            assert "Zagreb" not in open_, day
            assert "No office is recorded for this date." in open_, day
            data = self.on_day(day) if day else self.client.get(API).json()["data"]
            data = data.get("on_day", data)
            assert data["offices"] == [] and data["seat"] is None, day

    def test_an_undated_office_is_not_counted_as_open_on_a_past_day(self):
        page = soup(self.client.get(URL, {"as_of": "1997-01-01"}))
        card = page.find("h3", string="Offices").find_parent("div")
        assert text(card.select_one(".card__value")) == "1 office"
        assert "Offices whose dates are not recorded" in text(card)
