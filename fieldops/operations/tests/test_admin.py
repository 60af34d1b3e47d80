"""The field operations' records in the admin: listings, drafts, publishing,
revisions, and every validation rule shown as a form error."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Revision

from fieldops.accounts.testing import login_verified
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FieldOperationIndexPage,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    Person,
    Place,
    PlaceName,
    Post,
    StaffingSnapshot,
)

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PersonFactory,
    PlaceFactory,
    PlaceNameFactory,
    PostFactory,
    StaffingLineFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db

MODELS = [
    FieldOperation,
    OperationName,
    Mandate,
    Place,
    Office,
    Person,
    Post,
    Appointment,
    StaffingSnapshot,
    FinancialFigure,
]


def url(model, name, *args) -> str:
    return reverse(f"{model.snippet_viewset.url_namespace}:{name}", args=args)


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="unused-password-1"
    )
    login_verified(client, user)
    return client


@pytest.fixture
def records():
    """One record of each kind, all live, around one operation."""
    operation = FieldOperationFactory(slug="astana")
    place = PlaceNameFactory(name="Astana", valid_from=D(1998, 6, 11)).place
    post = PostFactory(operation=operation)
    return {
        FieldOperation: operation,
        OperationName: OperationNameFactory(operation=operation),
        Mandate: MandateFactory(operation=operation),
        Place: place,
        Office: OfficeFactory(operation=operation, place=place),
        Person: PersonFactory(name="Alexey Rogov"),
        Post: post,
        Appointment: AppointmentFactory(post=post),
        StaffingSnapshot: StaffingLineFactory(snapshot__operation=operation).snapshot,
        FinancialFigure: FinancialFigureFactory(operation=operation),
    }


def name_data(operation, **fields) -> dict:
    data = {
        "operation": str(operation.pk),
        "full_name": "OSCE Centre in Astana",
        "short_name": "",
        "presence_kind": "centre",
        "change": "renamed",
        "note": "",
        "valid_from": "2007-06-21",
        "valid_from_precision": "day",
        "valid_to": "",
        "valid_to_precision": "day",
        "known_on": "",
        "source": "",
        "source_url": "",
        "source_note": "",
    }
    data.update(fields)
    return data


def place_data(*names, **fields) -> dict:
    data = {
        "country": "KZ",
        "time_zone": "Asia/Almaty",
        "names-TOTAL_FORMS": str(len(names)),
        "names-INITIAL_FORMS": "0",
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
                f"{prefix}name": name["name"],
                f"{prefix}valid_from": name.get("valid_from", ""),
                f"{prefix}valid_from_precision": name.get("precision", "day"),
                f"{prefix}valid_to": name.get("valid_to", ""),
                f"{prefix}valid_to_precision": name.get("precision", "day"),
                f"{prefix}known_on": "",
            }
        )
    data.update(fields)
    return data


def figure_data(operation, **fields) -> dict:
    data = {
        "operation": str(operation.pk),
        "year": "2024",
        "fund": "unified",
        "measure": "available",
        "basis": "pea",
        "based_on": "2021 Unified Budget",
        "amount": "2232700.00",
        "currency": "EUR",
        "as_of": "2024-12-31",
        "source": "",
        "source_url": "",
        "source_note": "",
    }
    data.update(fields)
    return data


def snapshot_data(operation, *counts) -> dict:
    data = {
        "operation": str(operation.pk),
        "as_of": "2024-12-31",
        "meaning": "headcount",
        "note": "",
        "source": "",
        "source_url": "",
        "source_note": "",
        "lines-TOTAL_FORMS": str(len(counts)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, count in enumerate(counts):
        prefix = f"lines-{index}-"
        data.update(
            {
                f"{prefix}id": "",
                f"{prefix}ORDER": str(index + 1),
                f"{prefix}DELETE": "",
                f"{prefix}category": "local",
                f"{prefix}contract_type": "fixed-term",
                f"{prefix}funding": "",
                f"{prefix}count": str(count),
            }
        )
    return data


def appointment_data(post, person, **fields) -> dict:
    data = {
        "post": str(post.pk),
        "person": str(person.pk),
        "honorific": "Ambassador",
        "photo": "",
        "valid_from": "",
        "valid_from_precision": "day",
        "valid_to": "",
        "valid_to_precision": "day",
        "known_on": "2024-12-31",
        "source": "",
        "source_url": "",
        "source_note": "",
    }
    data.update(fields)
    return data


def assert_refused(response, message, model, count=0):
    """The form is shown again with `message`, and nothing more is stored."""
    assert response.status_code == 200
    assert message in response.content.decode()
    assert model.objects.count() == count


def portrait() -> Image:
    buffer = BytesIO()
    PillowImage.new("RGB", (40, 50), (200, 200, 200)).save(buffer, format="PNG")
    return Image.objects.create(
        title="Portrait",
        description="A grey placeholder in place of a portrait",
        file=ImageFile(buffer, name="portrait.png"),
    )


class AdminMenuTests:
    def test_the_admin_menu_groups_the_records(self, admin):
        response = admin.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        assert "Field operations" in response.text


class ListingTests:
    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    def test_the_listing_shows_each_record(self, admin, records, model):
        response = admin.get(url(model, "list"))
        assert response.status_code == 200
        assert str(records[model]) in response.text

    @pytest.mark.parametrize(
        "model",
        [OperationName, Mandate, Office, Post, StaffingSnapshot, FinancialFigure],
        ids=lambda m: m.__name__,
    )
    def test_the_listing_filters_by_operation(self, admin, records, model):
        other = FieldOperationFactory()
        response = admin.get(url(model, "list"), {"operation": other.pk})
        assert response.status_code == 200
        assert str(records[model]) not in response.text
        response = admin.get(
            url(model, "list"), {"operation": records[FieldOperation].pk}
        )
        assert str(records[model]) in response.text

    def test_the_names_listing_shows_the_period(self, admin):
        OperationNameFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        response = admin.get(url(OperationName, "list"))
        assert "11 June 1998 – 21 June 2007" in response.text

    def test_a_period_with_an_unknown_start_shows_when_it_was_known(self, admin):
        AppointmentFactory(valid_from=None, known_on=D(2024, 12, 31))
        response = admin.get(url(Appointment, "list"))
        assert "known on 31 December 2024 – open" in response.text

    def test_places_are_found_once_by_any_of_their_names(self, admin):
        place = PlaceFactory()
        PlaceNameFactory(place=place, name="Akmola", valid_to=D(1998, 5, 6))
        PlaceNameFactory(place=place, name="Astana", valid_from=D(1998, 5, 6))
        PlaceNameFactory(name="Almaty")
        response = admin.get(url(Place, "list"), {"q": "akmo"})
        assert list(response.context["object_list"]) == [place]
        response = admin.get(url(Place, "list"), {"q": "a"})
        assert len(response.context["object_list"]) == 2

    def test_appointments_are_found_by_the_persons_name(self, admin, records):
        response = admin.get(url(Appointment, "list"), {"q": "nobody"})
        assert str(records[Appointment]) not in response.text
        name = records[Appointment].person.name
        response = admin.get(url(Appointment, "list"), {"q": name})
        assert str(records[Appointment]) in response.text


class ViewsTests:
    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    def test_add_edit_history_and_delete_views_render(self, admin, records, model):
        pk = records[model].pk
        for response in (
            admin.get(url(model, "add")),
            admin.get(url(model, "edit", pk)),
            admin.get(url(model, "history", pk)),
            admin.get(url(model, "delete", pk)),
        ):
            assert response.status_code == 200

    def test_the_edit_form_shows_the_fields_help_text(self, admin, records):
        response = admin.get(url(OperationName, "edit", records[OperationName].pk))
        assert "The first day on which this no longer holds" in response.text
        assert "The official document this fact rests on." in response.text

    def test_delete_removes_the_record(self, admin, records):
        mandate = records[Mandate]
        response = admin.post(url(Mandate, "delete", mandate.pk))
        assert response.status_code == 302
        assert not Mandate.objects.filter(pk=mandate.pk).exists()


class DraftAndPublishTests:
    def test_saving_a_new_record_keeps_it_as_a_draft_with_a_revision(self, admin):
        operation = FieldOperationFactory()
        response = admin.post(url(OperationName, "add"), name_data(operation))
        assert response.status_code == 302
        name = OperationName.objects.get()
        assert not name.live
        assert name.latest_revision is not None
        assert not OperationName.objects.live().exists()

    def test_publishing_makes_the_record_live(self, admin):
        operation = FieldOperationFactory()
        data = name_data(operation) | {"action-publish": "publish"}
        response = admin.post(url(OperationName, "add"), data)
        assert response.status_code == 302
        name = OperationName.objects.get()
        assert name.live
        assert name.live_revision_id == name.latest_revision_id

    def test_a_draft_of_a_live_record_leaves_the_live_version_alone(self, admin):
        name = OperationNameFactory(full_name="OSCE Centre in Almaty")
        data = name_data(name.operation, full_name="OSCE Centre in Astana")
        response = admin.post(url(OperationName, "edit", name.pk), data)
        assert response.status_code == 302
        name.refresh_from_db()
        assert name.full_name == "OSCE Centre in Almaty"
        assert name.has_unpublished_changes
        draft = name.get_latest_revision_as_object()
        assert draft.full_name == "OSCE Centre in Astana"

    def test_publishing_a_draft_adds_a_revision_and_updates_the_record(self, admin):
        operation = FieldOperationFactory()
        admin.post(url(OperationName, "add"), name_data(operation))
        name = OperationName.objects.get()
        data = name_data(operation, note="Moved with the capital") | {
            "action-publish": "publish"
        }
        response = admin.post(url(OperationName, "edit", name.pk), data)
        assert response.status_code == 302
        name.refresh_from_db()
        assert name.live
        assert name.note == "Moved with the capital"
        assert Revision.objects.for_instance(name).count() == 2

    def test_the_revisions_can_be_compared(self, admin):
        operation = FieldOperationFactory()
        admin.post(url(OperationName, "add"), name_data(operation))
        name = OperationName.objects.get()
        admin.post(url(OperationName, "edit", name.pk), name_data(operation, note="x"))
        response = admin.get(
            url(OperationName, "revisions_compare", name.pk, "earliest", "latest")
        )
        assert response.status_code == 200

    def test_a_record_can_be_locked_against_other_editors(self, admin, records):
        person = records[Person]
        response = admin.post(url(Person, "lock", person.pk))
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.locked

    def test_a_place_is_published_with_its_names(self, admin):
        data = place_data(
            {"name": "Akmola", "valid_to": "1998-05-06"},
            {"name": "Astana", "valid_from": "1998-05-06"},
        ) | {"action-publish": "publish"}
        response = admin.post(url(Place, "add"), data)
        assert response.status_code == 302
        place = Place.objects.get()
        assert place.live
        assert [n.name for n in place.names.all()] == ["Akmola", "Astana"]

    def test_an_appointment_keeps_the_photo_chosen_from_the_image_library(self, admin):
        photo = portrait()
        data = appointment_data(PostFactory(), PersonFactory(), photo=str(photo.pk))
        response = admin.post(url(Appointment, "add"), data)
        assert response.status_code == 302
        assert Appointment.objects.get().photo == photo

    def test_a_staffing_snapshot_is_saved_with_its_lines(self, admin):
        operation = FieldOperationFactory()
        response = admin.post(
            url(StaffingSnapshot, "add"), snapshot_data(operation, 6, 29)
        )
        assert response.status_code == 302
        assert StaffingSnapshot.objects.get().total == 35


class ValidationInAdminTests:
    """Each refused input re-renders the form with its message and stores nothing."""

    def test_an_overlapping_name_is_refused(self, admin):
        first = OperationNameFactory(valid_from=D(1998, 6, 11))
        response = admin.post(url(OperationName, "add"), name_data(first.operation))
        assert_refused(response, "This period overlaps", OperationName, count=1)

    def test_a_name_that_follows_the_previous_one_is_accepted(self, admin):
        first = OperationNameFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        response = admin.post(url(OperationName, "add"), name_data(first.operation))
        assert response.status_code == 302
        assert OperationName.objects.count() == 2

    def test_an_overlap_is_refused_when_publishing_too(self, admin):
        first = OperationNameFactory(valid_from=D(1998, 6, 11))
        data = name_data(first.operation) | {"action-publish": "publish"}
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "This period overlaps", OperationName, count=1)

    def test_an_inverted_period_is_refused(self, admin):
        data = name_data(FieldOperationFactory(), valid_to="2007-06-20")
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "The end must come after the start.", OperationName)

    def test_known_on_before_the_start_is_refused(self, admin):
        data = name_data(FieldOperationFactory(), known_on="2007-01-01")
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(
            response,
            "A fact cannot be confirmed before it started to hold.",
            OperationName,
        )

    def test_a_missing_operation_is_reported_on_its_field(self, admin):
        OperationNameFactory(valid_from=D(1998, 6, 11))
        data = name_data(FieldOperationFactory())
        data.update({"operation": "", "action-publish": "publish"})
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "This field is required.", OperationName, 1)
        assert "This period overlaps" not in response.content.decode()

    def test_an_overlapping_edit_is_refused_and_the_record_kept(self, admin):
        first = OperationNameFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        second = OperationNameFactory(
            operation=first.operation, valid_from=D(2007, 6, 21)
        )
        data = name_data(first.operation, valid_from="2007-06-20")
        response = admin.post(url(OperationName, "edit", second.pk), data)
        assert_refused(response, "This period overlaps", OperationName, 2)
        second.refresh_from_db()
        assert second.valid_from == D(2007, 6, 21)
        assert second.latest_revision is None

    def test_overlapping_place_names_in_one_form_are_refused(self, admin):
        data = place_data(
            {"name": "Astana", "valid_from": "1998-05-06", "valid_to": "2019-06-01"},
            {"name": "Nur-Sultan", "valid_from": "2019-03-20"},
        )
        response = admin.post(url(Place, "add"), data)
        assert_refused(response, "This period overlaps “Astana”", Place)
        assert PlaceName.objects.count() == 0

    def test_place_names_in_the_same_year_at_year_precision_are_accepted(self, admin):
        data = place_data(
            {"name": "Astana", "valid_to": "2019-06-01", "precision": "year"},
            {"name": "Nur-Sultan", "valid_from": "2019-03-20", "precision": "year"},
        )
        response = admin.post(url(Place, "add"), data)
        assert response.status_code == 302
        assert PlaceName.objects.count() == 2

    def test_an_edit_overlapping_the_stored_names_of_the_place_is_refused(self, admin):
        place = PlaceFactory()
        stored = PlaceNameFactory(place=place, name="Akmola", valid_to=D(1998, 5, 6))
        data = place_data(
            {"name": "Akmola", "valid_to": "1998-05-06"},
            {"name": "Astana", "valid_from": "1998-05-01"},
        )
        data["names-INITIAL_FORMS"] = "1"
        data["names-0-id"] = str(stored.pk)
        response = admin.post(url(Place, "edit", place.pk), data)
        assert_refused(response, "This period overlaps “Akmola”", Place, 1)
        assert PlaceName.objects.count() == 1

    def test_a_bad_time_zone_is_refused(self, admin):
        data = place_data({"name": "Astana"}, time_zone="Asia/Nowhere")
        response = admin.post(url(Place, "add"), data)
        assert_refused(response, "Enter an IANA time zone such as Asia/Almaty.", Place)

    def test_an_appointment_overlapping_another_on_the_post_is_refused(self, admin):
        first = AppointmentFactory(valid_from=D(2020, 1, 1))
        data = appointment_data(first.post, PersonFactory())
        response = admin.post(url(Appointment, "add"), data)
        assert_refused(response, "This period overlaps", Appointment, 1)

    def test_an_appointment_to_another_post_is_accepted(self, admin):
        first = AppointmentFactory(valid_from=D(2020, 1, 1))
        other = PostFactory(operation=first.post.operation, role="deputy")
        response = admin.post(
            url(Appointment, "add"), appointment_data(other, PersonFactory())
        )
        assert response.status_code == 302
        assert Appointment.objects.count() == 2

    def test_a_negative_staff_count_is_refused(self, admin):
        data = snapshot_data(FieldOperationFactory(), 6, -1)
        response = admin.post(url(StaffingSnapshot, "add"), data)
        assert_refused(
            response,
            "Ensure this value is greater than or equal to 0.",
            StaffingSnapshot,
        )

    def test_a_staff_count_of_zero_is_accepted(self, admin):
        data = snapshot_data(FieldOperationFactory(), 0)
        response = admin.post(url(StaffingSnapshot, "add"), data)
        assert response.status_code == 302
        assert StaffingSnapshot.objects.get().total == 0

    def test_a_second_snapshot_of_the_same_day_is_refused(self, admin):
        line = StaffingLineFactory()
        data = snapshot_data(line.snapshot.operation, 1)
        response = admin.post(url(StaffingSnapshot, "add"), data)
        assert_refused(response, "already exists", StaffingSnapshot, 1)

    def test_a_negative_amount_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), amount="-1")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(
            response,
            "Ensure this value is greater than or equal to 0.",
            FinancialFigure,
        )

    def test_an_amount_of_zero_is_accepted(self, admin):
        data = figure_data(FieldOperationFactory(), amount="0")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert response.status_code == 302
        assert FinancialFigure.objects.get().amount == Decimal("0")

    @pytest.mark.parametrize("code", ["eur", "XYZ"])
    def test_a_code_that_is_not_iso_4217_is_refused(self, admin, code):
        data = figure_data(FieldOperationFactory(), currency=code)
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(
            response,
            f"“{code}” is not an ISO 4217 currency code",
            FinancialFigure,
        )

    def test_a_currency_code_longer_than_three_letters_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), currency="EURO")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "at most 3 characters", FinancialFigure)

    @pytest.mark.parametrize("code", ["EUR", "KZT", "USD"])
    def test_an_iso_4217_code_is_accepted(self, admin, code):
        data = figure_data(FieldOperationFactory(), currency=code)
        response = admin.post(url(FinancialFigure, "add"), data)
        assert response.status_code == 302
        assert FinancialFigure.objects.get().currency == code


class GarbageInputTests:
    """Input no browser would send still gets a form error, never a server error."""

    def test_a_non_numeric_amount_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), amount="two million")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "Enter a number.", FinancialFigure)

    def test_an_amount_with_too_many_digits_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), amount="1" * 20)
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "Ensure that there are no more than", FinancialFigure)

    def test_an_impossible_date_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), as_of="2024-02-30")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "Enter a valid date.", FinancialFigure)

    def test_an_impossible_start_date_is_refused_without_a_false_overlap(self, admin):
        first = OperationNameFactory(valid_from=D(1998, 6, 11), valid_to=D(2007, 6, 21))
        data = name_data(first.operation, valid_from="2024-02-30")
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "Enter a valid date.", OperationName, 1)
        assert "This period overlaps" not in response.content.decode()

    def test_an_unknown_choice_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), fund="petty-cash")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "Select a valid choice.", FinancialFigure)

    def test_an_unknown_precision_is_refused(self, admin):
        data = name_data(FieldOperationFactory(), valid_from_precision="decade")
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "Select a valid choice.", OperationName)

    def test_an_operation_that_does_not_exist_is_refused(self, admin):
        data = name_data(FieldOperationFactory())
        data["operation"] = "999999"
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "Select a valid choice.", OperationName)

    def test_an_operation_id_beyond_64_bits_is_refused(self, admin):
        data = name_data(FieldOperationFactory())
        data["operation"] = "9" * 30
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "Select a valid choice.", OperationName)

    def test_a_non_numeric_operation_is_refused(self, admin):
        data = figure_data(FieldOperationFactory())
        data["operation"] = "astana"
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "Select a valid choice.", FinancialFigure)

    def test_a_non_numeric_staff_count_is_refused(self, admin):
        data = snapshot_data(FieldOperationFactory(), "many")
        response = admin.post(url(StaffingSnapshot, "add"), data)
        assert_refused(response, "Enter a whole number.", StaffingSnapshot)

    def test_a_year_out_of_range_is_refused(self, admin):
        data = figure_data(FieldOperationFactory(), year="1800")
        response = admin.post(url(FinancialFigure, "add"), data)
        assert_refused(response, "greater than or equal to 1900", FinancialFigure)

    def test_an_unknown_host_country_is_refused(self, admin):
        data = {"slug": "nowhere", "host_country": "ZZ"}
        response = admin.post(url(FieldOperation, "add"), data)
        assert_refused(response, "Select a valid choice.", FieldOperation)

    def test_a_source_document_that_does_not_exist_is_refused(self, admin):
        DocumentFactory()
        data = name_data(FieldOperationFactory(), source="999999")
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "Select a valid choice.", OperationName)

    def test_a_photo_that_is_not_an_image_id_is_refused(self, admin):
        data = appointment_data(PostFactory(), PersonFactory(), photo="portrait.png")
        response = admin.post(url(Appointment, "add"), data)
        assert_refused(response, "Select a valid choice.", Appointment)

    def test_a_source_that_is_not_a_document_id_is_refused(self, admin):
        data = name_data(FieldOperationFactory(), source="PC.DEC/243")
        response = admin.post(url(OperationName, "add"), data)
        assert_refused(response, "Select a valid choice.", OperationName)


class ProfilePageAdminTests:
    def page_data(self, operation, slug) -> dict:
        return {
            "title": "OSCE Programme Office in Astana",
            "slug": slug,
            "operation": str(operation.pk),
            "overview-count": "0",
            "seo_title": "",
            "search_description": "",
        }

    def add_url(self) -> str:
        parent = FieldOperationIndexPage.objects.get()
        return reverse(
            "wagtailadmin_pages:add",
            args=("operations", "fieldoperationpage", parent.pk),
        )

    def test_a_slug_other_than_the_operations_is_refused(self, admin):
        operation = FieldOperationFactory(slug="astana")
        response = admin.post(self.add_url(), self.page_data(operation, "almaty"))
        assert response.status_code == 200
        assert "Use the operation&#x27;s slug “astana”" in response.content.decode()
        assert not FieldOperationPage.objects.exists()

    def test_the_operations_slug_is_accepted(self, admin):
        operation = FieldOperationFactory(slug="astana")
        response = admin.post(self.add_url(), self.page_data(operation, "astana"))
        assert response.status_code == 302
        assert FieldOperationPage.objects.get().slug == "astana"
