"""The rules of Temporal, through the concrete records that use it."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from fieldops.core.dates import Precision
from fieldops.operations.models import FieldOperation, Mandate

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def operation():
    return FieldOperation.objects.create(slug="somewhere", host_country="KZ")


def mandate(operation, **dates) -> Mandate:
    return Mandate(operation=operation, summary="Supports the host country.", **dates)


def errors_of(record) -> dict:
    try:
        record.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


class InvertedPeriodTests:
    def test_an_end_before_the_start_is_refused(self, operation):
        record = mandate(operation, valid_from=D(2015, 1, 1), valid_to=D(2014, 1, 1))
        assert errors_of(record) == {"valid_to": ["The end must come after the start."]}

    def test_an_end_equal_to_the_start_is_refused_because_the_end_is_exclusive(
        self, operation
    ):
        record = mandate(operation, valid_from=D(2015, 1, 1), valid_to=D(2015, 1, 1))
        assert "valid_to" in errors_of(record)

    def test_an_end_before_the_day_it_was_known_to_hold_is_refused(self, operation):
        record = mandate(operation, known_on=D(2024, 12, 31), valid_to=D(2024, 1, 1))
        assert "valid_to" in errors_of(record)

    def test_an_open_period_with_an_unknown_start_is_accepted(self, operation):
        assert errors_of(mandate(operation)) == {}


class KnownOnTests:
    def test_a_confirmation_before_the_start_is_refused(self, operation):
        record = mandate(operation, valid_from=D(2015, 1, 1), known_on=D(2014, 6, 1))
        assert list(errors_of(record)) == ["known_on"]

    def test_a_confirmation_without_a_start_is_accepted(self, operation):
        assert errors_of(mandate(operation, known_on=D(2024, 12, 31))) == {}

    def test_an_unknown_start_holds_from_the_day_it_was_known(self, operation):
        record = mandate(operation, known_on=D(2024, 12, 31))
        assert not record.holds_on(D(2024, 12, 30))
        assert record.holds_on(D(2024, 12, 31))


class OverlapTests:
    def test_a_record_overlapping_one_of_the_same_kind_is_refused(self, operation):
        mandate(operation, valid_from=D(1998, 6, 11)).save()
        record = mandate(operation, valid_from=D(2015, 1, 1))
        errors = errors_of(record)
        assert list(errors) == [NON_FIELD_ERRORS]
        assert "(11 June 1998 – open)" in errors[NON_FIELD_ERRORS][0]

    def test_a_record_ending_the_day_the_next_starts_does_not_overlap(self, operation):
        mandate(operation, valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21)).save()
        record = mandate(operation, valid_from=D(2007, 6, 21))
        assert errors_of(record) == {}

    def test_a_record_ending_one_day_after_the_next_starts_overlaps(self, operation):
        mandate(operation, valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 22)).save()
        record = mandate(operation, valid_from=D(2007, 6, 21))
        assert NON_FIELD_ERRORS in errors_of(record)

    def test_year_precision_end_and_start_in_the_same_year_do_not_overlap(
        self, operation
    ):
        mandate(
            operation,
            valid_from=D(2015, 1, 1),
            valid_to=D(2019, 8, 1),
            valid_to_precision=Precision.YEAR,
        ).save()
        record = mandate(
            operation, valid_from=D(2019, 3, 1), valid_from_precision=Precision.YEAR
        )
        assert errors_of(record) == {}

    def test_month_precision_end_and_start_in_the_same_month_do_not_overlap(
        self, operation
    ):
        mandate(
            operation,
            valid_from=D(2015, 1, 1),
            valid_to=D(2019, 3, 25),
            valid_to_precision=Precision.MONTH,
        ).save()
        record = mandate(
            operation, valid_from=D(2019, 3, 20), valid_from_precision=Precision.MONTH
        )
        assert errors_of(record) == {}

    def test_an_unknown_start_counts_from_the_day_it_was_known(self, operation):
        mandate(operation, valid_from=D(1998, 6, 11), valid_to=D(2024, 1, 1)).save()
        assert errors_of(mandate(operation, known_on=D(2024, 1, 1))) == {}
        assert NON_FIELD_ERRORS in errors_of(mandate(operation, known_on=D(2023, 1, 1)))

    def test_an_unknown_start_never_confirmed_overlaps_everything_before(
        self, operation
    ):
        mandate(operation, valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21)).save()
        record = mandate(operation, valid_to=D(2030, 1, 1))
        assert NON_FIELD_ERRORS in errors_of(record)

    def test_records_of_another_operation_are_not_siblings(self, operation):
        other = FieldOperation.objects.create(slug="elsewhere", host_country="KZ")
        mandate(other, valid_from=D(1998, 6, 11)).save()
        assert errors_of(mandate(operation, valid_from=D(1998, 6, 11))) == {}

    def test_a_form_that_checks_the_siblings_itself_skips_the_stored_ones(
        self, operation
    ):
        mandate(operation, valid_from=D(1998, 6, 11)).save()
        record = mandate(operation, valid_from=D(2015, 1, 1))
        record.siblings_checked_by_form = True
        assert errors_of(record) == {}


class TruncationTests:
    def test_year_precision_dates_are_stored_as_the_first_of_january(self, operation):
        record = mandate(
            operation,
            valid_from=D(2019, 3, 20),
            valid_from_precision=Precision.YEAR,
            valid_to=D(2022, 9, 23),
            valid_to_precision=Precision.YEAR,
        )
        record.save()
        record.refresh_from_db()
        assert (record.valid_from, record.valid_to) == (D(2019, 1, 1), D(2022, 1, 1))

    def test_month_precision_dates_are_stored_as_the_first_of_the_month(
        self, operation
    ):
        record = mandate(
            operation, valid_from=D(1998, 6, 11), valid_from_precision=Precision.MONTH
        )
        record.save()
        record.refresh_from_db()
        assert record.valid_from == D(1998, 6, 1)

    def test_day_precision_dates_are_stored_as_entered(self, operation):
        record = mandate(operation, valid_from=D(1998, 6, 11))
        record.save()
        record.refresh_from_db()
        assert record.valid_from == D(1998, 6, 11)

    def test_clean_truncates_before_comparing(self, operation):
        record = mandate(
            operation,
            valid_from=D(2019, 3, 20),
            valid_from_precision=Precision.YEAR,
            known_on=D(2019, 2, 1),
        )
        assert errors_of(record) == {}
        assert record.valid_from == D(2019, 1, 1)


class IncompleteInputTests:
    def test_a_period_whose_date_a_form_refused_is_not_compared(self, operation):
        mandate(operation, valid_from=D(1998, 6, 11)).save()
        record = mandate(operation, valid_to=D(2000, 1, 1))
        record.full_clean(exclude=["valid_from"])  # no overlap is reported

    def test_the_next_full_clean_compares_the_period_again(self, operation):
        mandate(operation, valid_from=D(1998, 6, 11)).save()
        record = mandate(operation, valid_to=D(2000, 1, 1))
        record.full_clean(exclude=["valid_from", "summary", "operation"])
        assert NON_FIELD_ERRORS in errors_of(record)


class ImpreciseAndObservedTests:
    def test_a_start_known_to_the_year_may_share_it_with_a_month_end(self, operation):
        mandate(
            operation,
            valid_from=D(2006, 1, 1),
            valid_to=D(2010, 9, 1),
            valid_to_precision=Precision.MONTH,
        ).save()
        record = mandate(
            operation, valid_from=D(2010, 1, 1), valid_from_precision=Precision.YEAR
        )
        assert errors_of(record) == {}

    def test_a_start_known_to_the_day_may_not(self, operation):
        mandate(
            operation,
            valid_from=D(2006, 1, 1),
            valid_to=D(2010, 9, 1),
            valid_to_precision=Precision.MONTH,
        ).save()
        record = mandate(operation, valid_from=D(2010, 3, 1))
        assert NON_FIELD_ERRORS in errors_of(record)

    def test_two_observations_do_not_clash(self, operation):
        mandate(operation, known_on=D(2007, 3, 27)).save()
        assert errors_of(mandate(operation, known_on=D(2024, 9, 19))) == {}

    def test_an_observation_inside_a_dated_period_clashes(self, operation):
        mandate(operation, valid_from=D(2006, 1, 1), valid_to=D(2010, 1, 1)).save()
        record = mandate(operation, known_on=D(2008, 1, 1))
        assert NON_FIELD_ERRORS in errors_of(record)
