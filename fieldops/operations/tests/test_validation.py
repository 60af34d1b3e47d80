"""Every validation rule of the field operations' records, and its edges."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from fieldops.core.dates import Precision
from fieldops.operations.forms import PlaceForm
from fieldops.operations.models import (
    Appointment,
    FinancialFigure,
    Office,
    OperationName,
    Place,
    PlaceName,
    StaffingLine,
)

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    OfficeFactory,
    OperationNameFactory,
    PersonFactory,
    PlaceFactory,
    PlaceNameFactory,
    PostFactory,
    StaffingSnapshotFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def errors_of(record, **kwargs) -> dict:
    """The messages full_clean() gives, by field; empty when the record is valid."""
    try:
        record.full_clean(**kwargs)
    except ValidationError as error:
        return error.message_dict
    return {}


def operation_name(operation, **dates) -> OperationName:
    return OperationName(
        operation=operation,
        full_name="OSCE Centre in Astana",
        presence_kind="centre",
        change="renamed",
        **dates,
    )


class PeriodTests:
    def test_an_end_before_the_start_is_refused_on_the_end(self):
        name = operation_name(
            FieldOperationFactory(), valid_from=D(2007, 6, 21), valid_to=D(2007, 6, 20)
        )
        assert errors_of(name)["valid_to"] == ["The end must come after the start."]

    def test_an_end_on_the_start_day_is_refused(self):
        name = operation_name(
            FieldOperationFactory(), valid_from=D(2007, 6, 21), valid_to=D(2007, 6, 21)
        )
        assert "valid_to" in errors_of(name)

    def test_an_end_one_day_after_the_start_is_accepted(self):
        name = operation_name(
            FieldOperationFactory(), valid_from=D(2007, 6, 21), valid_to=D(2007, 6, 22)
        )
        assert errors_of(name) == {}

    def test_an_end_in_the_same_year_as_a_day_start_is_refused_at_year_precision(
        self,
    ):
        # "until 2019" at year precision is stored as 1 January 2019.
        name = operation_name(
            FieldOperationFactory(),
            valid_from=D(2019, 3, 20),
            valid_to=D(2019, 12, 31),
            valid_to_precision=Precision.YEAR,
        )
        assert "valid_to" in errors_of(name)

    def test_known_on_before_the_start_is_refused_on_known_on(self):
        name = operation_name(
            FieldOperationFactory(), valid_from=D(2015, 1, 1), known_on=D(2014, 12, 31)
        )
        assert errors_of(name)["known_on"] == [
            "A fact cannot be confirmed before it started to hold."
        ]

    def test_known_on_the_first_day_is_accepted(self):
        name = operation_name(
            FieldOperationFactory(), valid_from=D(2015, 1, 1), known_on=D(2015, 1, 1)
        )
        assert errors_of(name) == {}

    def test_known_on_inside_a_year_precision_start_is_accepted(self):
        name = operation_name(
            FieldOperationFactory(),
            valid_from=D(2019, 6, 1),
            valid_from_precision=Precision.YEAR,
            known_on=D(2019, 2, 1),
        )
        assert errors_of(name) == {}


class OverlapTests:
    def test_two_names_of_one_operation_may_not_overlap(self):
        first = OperationNameFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        second = operation_name(first.operation, valid_from=D(2007, 6, 20))
        message = errors_of(second)[NON_FIELD_ERRORS][0]
        assert message.startswith(f"This period overlaps “{first.full_name}”")
        assert "11 June 1998 – 21 June 2007" in message

    def test_a_name_starting_on_the_end_of_the_previous_one_is_accepted(self):
        first = OperationNameFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        second = operation_name(first.operation, valid_from=D(2007, 6, 21))
        assert errors_of(second) == {}

    def test_a_year_precision_end_and_start_in_the_same_year_do_not_overlap(self):
        first = OperationNameFactory(
            valid_from=D(2015, 1, 1),
            valid_to=D(2019, 1, 1),
            valid_to_precision=Precision.YEAR,
        )
        second = operation_name(
            first.operation,
            valid_from=D(2019, 3, 20),
            valid_from_precision=Precision.YEAR,
            valid_to=D(2022, 9, 23),
        )
        assert errors_of(second) == {}

    def test_names_of_different_operations_may_overlap(self):
        OperationNameFactory(valid_from=D(1998, 6, 11))
        other = operation_name(FieldOperationFactory(), valid_from=D(1998, 6, 11))
        assert errors_of(other) == {}

    def test_a_saved_name_does_not_overlap_itself(self):
        name = OperationNameFactory(valid_from=D(1998, 6, 11))
        name.full_name = "OSCE Centre in Almaty"
        assert errors_of(name) == {}

    def test_a_name_without_its_operation_reports_the_missing_operation(self):
        name = operation_name(None, valid_from=D(1998, 6, 11))
        errors = errors_of(name)
        assert "operation" in errors
        assert NON_FIELD_ERRORS not in errors

    def test_two_headquarters_at_once_are_refused(self):
        first = OfficeFactory(valid_from=D(1998, 6, 11))
        second = Office(
            operation=first.operation,
            place=PlaceFactory(),
            role="headquarters",
            valid_from=D(2007, 6, 20),
        )
        assert NON_FIELD_ERRORS in errors_of(second)

    def test_a_new_headquarters_from_the_day_the_old_one_closes_is_accepted(self):
        first = OfficeFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        second = Office(
            operation=first.operation,
            place=PlaceFactory(),
            role="headquarters",
            valid_from=D(2007, 6, 21),
        )
        assert errors_of(second) == {}

    def test_field_offices_in_different_places_may_overlap(self):
        first = OfficeFactory(role="field-office", valid_from=D(1998, 6, 11))
        second = Office(
            operation=first.operation,
            place=PlaceFactory(),
            role="field-office",
            valid_from=D(1998, 6, 11),
        )
        assert errors_of(second) == {}


class AppointmentTests:
    def test_two_appointments_to_one_post_may_not_overlap(self):
        first = AppointmentFactory(valid_from=D(2020, 1, 1))
        second = Appointment(
            post=first.post, person=PersonFactory(), valid_from=D(2024, 1, 1)
        )
        message = errors_of(second)[NON_FIELD_ERRORS][0]
        assert message.startswith(f"This period overlaps “{first}”")

    def test_a_successor_from_the_day_the_predecessor_leaves_is_accepted(self):
        first = AppointmentFactory(valid_from=D(2020, 1, 1), valid_to=D(2024, 1, 1))
        second = Appointment(
            post=first.post, person=PersonFactory(), valid_from=D(2024, 1, 1)
        )
        assert errors_of(second) == {}

    def test_appointments_to_different_posts_may_overlap(self):
        first = AppointmentFactory(valid_from=D(2020, 1, 1))
        other_post = PostFactory(operation=first.post.operation, role="deputy")
        second = Appointment(
            post=other_post, person=PersonFactory(), valid_from=D(2020, 1, 1)
        )
        assert errors_of(second) == {}

    def test_an_unknown_start_known_on_a_day_overlaps_an_earlier_open_appointment(
        self,
    ):
        first = AppointmentFactory(valid_from=D(2020, 1, 1))
        second = Appointment(
            post=first.post, person=PersonFactory(), known_on=D(2024, 12, 31)
        )
        assert NON_FIELD_ERRORS in errors_of(second)


class PlaceNameTests:
    def test_a_name_overlapping_a_stored_name_of_the_place_is_refused(self):
        stored = PlaceNameFactory(valid_from=D(1998, 1, 1), valid_to=D(2019, 3, 20))
        name = PlaceName(
            place=stored.place, name="Nur-Sultan", valid_from=D(2019, 3, 1)
        )
        assert NON_FIELD_ERRORS in errors_of(name)

    def test_a_name_from_the_day_the_previous_one_ends_is_accepted(self):
        stored = PlaceNameFactory(valid_from=D(1998, 1, 1), valid_to=D(2019, 3, 20))
        name = PlaceName(
            place=stored.place, name="Nur-Sultan", valid_from=D(2019, 3, 20)
        )
        assert errors_of(name) == {}

    def test_a_bad_time_zone_is_refused_on_the_time_zone(self):
        place = Place(country="KZ", time_zone="Asia/Nowhere")
        assert errors_of(place)["time_zone"] == [
            "Enter an IANA time zone such as Asia/Almaty."
        ]


def place_form_data(*names, initial=0) -> dict:
    """The fields the place form posts, with one inline form for each name."""
    data = {
        "country": "KZ",
        "time_zone": "Asia/Almaty",
        "names-TOTAL_FORMS": str(len(names)),
        "names-INITIAL_FORMS": str(initial),
        "names-MIN_NUM_FORMS": "1",
        "names-MAX_NUM_FORMS": "1000",
    }
    for index, name in enumerate(names):
        prefix = f"names-{index}-"
        data.update(
            {
                f"{prefix}id": "",
                f"{prefix}ORDER": str(index + 1),
                f"{prefix}DELETE": "",
                f"{prefix}valid_from_precision": "day",
                f"{prefix}valid_to_precision": "day",
                f"{prefix}valid_to": "",
                f"{prefix}known_on": "",
            }
        )
        data.update({f"{prefix}{key}": value for key, value in name.items()})
    return data


class PlaceFormTests:
    @property
    def form_class(self):
        return Place.snippet_viewset.get_form_class()

    def test_the_place_form_is_built_on_the_form_that_checks_the_names(self):
        assert issubclass(self.form_class, PlaceForm)

    def test_names_overlapping_each_other_in_one_form_are_refused(self):
        form = self.form_class(
            place_form_data(
                {
                    "name": "Astana",
                    "valid_from": "1998-01-01",
                    "valid_to": "2019-06-01",
                },
                {"name": "Nur-Sultan", "valid_from": "2019-03-20"},
            )
        )
        assert not form.is_valid()
        second = form.formsets["names"].forms[1]
        assert second.non_field_errors()[0].startswith("This period overlaps “Astana”")

    def test_names_that_follow_each_other_in_one_form_are_accepted(self):
        form = self.form_class(
            place_form_data(
                {
                    "name": "Astana",
                    "valid_from": "1998-01-01",
                    "valid_to": "2019-03-20",
                },
                {"name": "Nur-Sultan", "valid_from": "2019-03-20"},
            )
        )
        assert form.is_valid(), form.errors

    def test_a_deleted_name_does_not_count_as_an_overlap(self):
        form = self.form_class(
            place_form_data(
                {"name": "Astana", "valid_from": "1998-01-01"},
                {"name": "Akmola", "valid_from": "1998-01-01", "DELETE": "on"},
            )
        )
        assert form.is_valid(), form.errors

    def test_moving_the_boundary_between_stored_names_is_accepted(self):
        place = PlaceFactory()
        first = PlaceNameFactory(
            place=place, name="Astana", valid_from=D(1998, 1, 1), valid_to=D(2019, 1, 1)
        )
        second = PlaceNameFactory(
            place=place, name="Nur-Sultan", valid_from=D(2019, 1, 1)
        )
        data = place_form_data(
            {
                "id": str(first.pk),
                "name": "Astana",
                "valid_from": "1998-01-01",
                "valid_to": "2019-03-20",
            },
            {"id": str(second.pk), "name": "Nur-Sultan", "valid_from": "2019-03-20"},
            initial=2,
        )
        form = self.form_class(data, instance=place)
        assert form.is_valid(), form.errors


class StaffingLineTests:
    def line(self, count) -> StaffingLine:
        return StaffingLine(
            snapshot=StaffingSnapshotFactory(), category="local", count=count
        )

    def test_a_negative_count_is_refused_on_the_count(self):
        assert "count" in errors_of(self.line(-1))

    def test_a_count_of_zero_is_accepted(self):
        assert errors_of(self.line(0)) == {}


class FinancialFigureTests:
    def figure(self, **fields) -> FinancialFigure:
        return FinancialFigureFactory.build(operation=FieldOperationFactory(), **fields)

    def test_a_negative_amount_is_refused_on_the_amount(self):
        errors = errors_of(self.figure(amount=Decimal("-0.01")))
        assert errors["amount"] == ["Ensure this value is greater than or equal to 0."]

    def test_an_amount_of_zero_is_accepted(self):
        assert errors_of(self.figure(amount=Decimal("0"))) == {}

    @pytest.mark.parametrize("code", ["eur", "XYZ", "EURO", "E1R"])
    def test_a_code_that_is_not_iso_4217_is_refused_on_the_currency(self, code):
        errors = errors_of(self.figure(currency=code))
        assert (
            f"“{code}” is not an ISO 4217 currency code, such as EUR."
            in errors["currency"]
        )

    @pytest.mark.parametrize("code", ["EUR", "KZT", "USD"])
    def test_an_iso_4217_code_is_accepted(self, code):
        assert errors_of(self.figure(currency=code)) == {}


class FieldOperationPageTests:
    def test_a_slug_other_than_the_operations_is_refused_on_the_slug(self):
        page = FieldOperationPageFactory(operation=FieldOperationFactory(slug="astana"))
        page.slug = "almaty"
        assert errors_of(page)["slug"] == [
            "Use the operation's slug “astana” so its address is stable."
        ]

    def test_the_operations_own_slug_is_accepted(self):
        page = FieldOperationPageFactory(operation=FieldOperationFactory(slug="astana"))
        page.title = "Astana"
        assert errors_of(page) == {}
