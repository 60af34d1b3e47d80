"""TemporalQuerySet.as_of and Temporal.holds_on at every boundary."""

import datetime

import pytest

from fieldops.core.dates import Precision
from fieldops.operations.models import FieldOperation, OperationName

D = datetime.date
pytestmark = pytest.mark.django_db


def make_name(operation, full_name, **dates):
    return OperationName.objects.create(
        operation=operation,
        full_name=full_name,
        presence_kind="centre",
        change="established",
        **dates,
    )


@pytest.fixture
def operation():
    return FieldOperation.objects.create(slug="somewhere", host_country="KZ")


def names_on(operation, day):
    return [
        n.full_name
        for n in OperationName.objects.filter(operation=operation).as_of(day)
    ]


class AsOfTests:
    def test_a_record_holds_from_its_first_day(self, operation):
        make_name(operation, "A", valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        assert names_on(operation, D(1998, 6, 10)) == []
        assert names_on(operation, D(1998, 6, 11)) == ["A"]

    def test_a_record_holds_on_its_last_day_and_not_on_its_end_date(self, operation):
        make_name(operation, "A", valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        make_name(operation, "B", valid_from=D(2007, 6, 21))
        assert names_on(operation, D(2007, 6, 20)) == ["A"]
        assert names_on(operation, D(2007, 6, 21)) == ["B"]

    def test_an_open_end_holds_for_ever(self, operation):
        make_name(operation, "A", valid_from=D(2022, 9, 23))
        assert names_on(operation, D(9999, 12, 31)) == ["A"]

    def test_an_unknown_start_holds_from_known_on(self, operation):
        make_name(operation, "A", known_on=D(2024, 12, 31))
        assert names_on(operation, D(2024, 12, 30)) == []
        assert names_on(operation, D(2024, 12, 31)) == ["A"]
        assert names_on(operation, D(2026, 1, 1)) == ["A"]

    def test_an_unknown_start_without_known_on_holds_from_the_beginning(
        self, operation
    ):
        make_name(operation, "A", valid_to=D(2019, 1, 1), valid_to_precision="year")
        assert names_on(operation, D(1, 1, 1)) == ["A"]
        assert names_on(operation, D(2018, 12, 31)) == ["A"]
        assert names_on(operation, D(2019, 1, 1)) == []

    def test_year_precision_starts_on_the_first_of_january(self, operation):
        name = make_name(
            operation, "A", valid_from=D(2019, 8, 3), valid_from_precision="year"
        )
        name.refresh_from_db()
        assert name.valid_from == D(2019, 1, 1)
        assert names_on(operation, D(2018, 12, 31)) == []
        assert names_on(operation, D(2019, 1, 1)) == ["A"]

    def test_month_precision_starts_on_the_first_of_the_month(self, operation):
        make_name(
            operation, "A", valid_from=D(1998, 6, 11), valid_from_precision="month"
        )
        assert names_on(operation, D(1998, 5, 31)) == []
        assert names_on(operation, D(1998, 6, 1)) == ["A"]

    def test_drafts_are_left_out_of_live_records(self, operation):
        make_name(operation, "A", valid_from=D(2000, 1, 1))
        OperationName.objects.filter(full_name="A").update(live=False)
        live = OperationName.objects.live().as_of(D(2001, 1, 1))
        assert list(live) == []


class ApproximateTests:
    def test_a_year_precision_start_is_approximate_within_that_year(self, operation):
        name = make_name(
            operation,
            "A",
            valid_from=D(2019, 1, 1),
            valid_from_precision=Precision.YEAR,
        )
        assert name.approximate_on(D(2019, 6, 1))
        assert name.approximate_on(D(2019, 12, 31))
        assert not name.approximate_on(D(2020, 1, 1))

    def test_a_month_precision_start_is_approximate_within_that_month(self, operation):
        name = make_name(
            operation,
            "A",
            valid_from=D(1998, 6, 1),
            valid_from_precision=Precision.MONTH,
        )
        assert name.approximate_on(D(1998, 6, 30))
        assert not name.approximate_on(D(1998, 7, 1))

    def test_day_precision_is_never_approximate(self, operation):
        name = make_name(operation, "A", valid_from=D(2022, 9, 23))
        assert not name.approximate_on(D(2022, 9, 23))


class HoldsOnTests:
    """The Python rule for loaded records must agree with the SQL rule."""

    def test_holds_on_agrees_with_as_of_around_every_boundary(self, operation):
        make_name(operation, "A", known_on=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        make_name(
            operation,
            "B",
            valid_from=D(2007, 6, 21),
            valid_to=D(2019, 1, 1),
            valid_to_precision="year",
        )
        make_name(operation, "C", valid_from=D(2019, 1, 1), valid_from_precision="year")
        records = list(OperationName.objects.filter(operation=operation))
        boundaries = [D(1998, 6, 11), D(2007, 6, 21), D(2019, 1, 1)]
        days = [b + datetime.timedelta(days=k) for b in boundaries for k in (-1, 0, 1)]
        for day in days:
            in_python = sorted(r.full_name for r in records if r.holds_on(day))
            assert in_python == sorted(names_on(operation, day)), day
