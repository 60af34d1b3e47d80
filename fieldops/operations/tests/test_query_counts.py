"""Public pages run a fixed, small number of queries whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import AbstractImage, Image
from wagtail.images.tests.utils import get_test_image_file

from fieldops.documents.tests.factories import DocumentFactory
from fieldops.recruitment.tests.factories import VacancyFactory

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingLineFactory,
)

pytestmark = pytest.mark.django_db
# Read with nothing kept (FIELDOPS_KEEP off), as the first request after a change
# reads: every record part once (the changes, host names, successions and claims
# included), the site and its root page (two) and whether any page is private
# (fieldops/core/sites.py), routing reads the locale, the index and the page, and
# the HTTP cache the data version (fieldops/core/data_version.py).
PROFILE_QUERY_BUDGET = 22


def operation_with_history(slug: str, records: int, photo: bool = True):
    """An operation with a page, a head with a photo, figures, an open vacancy,
    and `records` names, offices and mandates, one after the other, each with a
    source."""
    operation = FieldOperationFactory(slug=slug)
    document = DocumentFactory(symbol=f"DOC/{slug}")
    for index in range(records):
        kind = index % 3
        period = {
            "valid_from": datetime.date(1800 + index, 1, 1),
            "valid_to": datetime.date(1801 + index, 1, 1),
            "source": document,
        }
        if kind == 0:
            OperationNameFactory(
                operation=operation,
                change="established" if index == 0 else "renamed",
                **period,
            )
        elif kind == 1:
            office = OfficeFactory(operation=operation, **period)
            PlaceNameFactory(place=office.place)
        else:
            MandateFactory(operation=operation, **period)
    OperationNameFactory(
        operation=operation,
        change="renamed",
        valid_from=datetime.date(1800 + records, 1, 1),
    )
    image = None
    if photo:
        image = Image.objects.create(title="Portrait", file=get_test_image_file())
    AppointmentFactory(post__operation=operation, photo=image)
    line = StaffingLineFactory(snapshot__operation=operation, count=3)
    StaffingLineFactory(snapshot=line.snapshot, category="local", count=4)
    FinancialFigureFactory(operation=operation, source=document)
    FinancialFigureFactory(operation=operation, fund="extrabudgetary")
    VacancyFactory(operation=operation)
    FieldOperationPageFactory(operation=operation)
    return operation


def queries_for(client, url: str) -> int:
    client.get(url)  # creates renditions and fills Wagtail's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def nothing_kept(settings):
    """The profile reads its records anew on every request, as it does the first
    time after a change: the count measured is the one that must stay fixed."""
    settings.FIELDOPS_KEEP = False


@pytest.mark.usefixtures("nothing_kept")
class ProfileQueryCountTests:
    def test_profile_stays_within_its_query_budget(self, client):
        operation_with_history("small", records=20)
        assert queries_for(client, "/en/field-operations/small/") <= (
            PROFILE_QUERY_BUDGET
        )

    def test_profile_queries_do_not_grow_with_its_history(self, client):
        operation_with_history("small", records=20)
        operation_with_history("large", records=200)
        small = queries_for(client, "/en/field-operations/small/")
        large = queries_for(client, "/en/field-operations/large/")
        assert small == large

    def test_profile_queries_do_not_grow_with_other_operations(self, client):
        operation_with_history("first", records=6)
        alone = queries_for(client, "/en/field-operations/first/")
        for index in range(49):
            operation_with_history(f"other-{index}", records=3, photo=False)
        crowded = queries_for(client, "/en/field-operations/first/")
        assert alone == crowded

    def test_profile_queries_do_not_grow_with_its_open_vacancies(self, client):
        operation = operation_with_history("small", records=6)
        one = queries_for(client, "/en/field-operations/small/")
        for _index in range(20):
            place = PlaceNameFactory().place
            VacancyFactory(operation=operation, duty_station=place)
        many = queries_for(client, "/en/field-operations/small/")
        assert one == many

    def test_past_days_cost_no_more_than_today(self, client):
        operation_with_history("small", records=20)
        today = queries_for(client, "/en/field-operations/small/")
        past = queries_for(client, "/en/field-operations/small/?as_of=1850-06-01")
        # Fewer, when nothing had been counted yet on the past day.
        assert past <= today


class KeptProfileRecordsQueryCountTests:
    """With the records kept (the default), a profile of another day reads no
    record: what is left is the data version, the routing and the open
    vacancies."""

    def test_another_day_reads_no_record_again(self, client, settings):
        operation_with_history("small", records=20)
        settings.FIELDOPS_KEEP = False
        unkept = queries_for(client, "/en/field-operations/small/")
        settings.FIELDOPS_KEEP = True
        client.get("/en/field-operations/small/")  # keeps the records
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/field-operations/small/?as_of=1850-06-01")
        assert response.status_code == 200
        tables = " ".join(query["sql"] for query in captured)
        for table in (
            "operations_operationname",
            "operations_office",
            "documents_claim",
        ):
            assert table not in tables
        assert len(captured) < unkept

    def test_a_kept_profile_resizes_no_photo_again(self, client, monkeypatch):
        operation_with_history("small", records=3)
        url = "/en/field-operations/small/"
        client.get(url)  # keeps the records, the portrait's rendition with them
        made = []
        generate = AbstractImage.generate_rendition_file

        def counted(image, *args, **kwargs):
            made.append(image.pk)
            return generate(image, *args, **kwargs)

        monkeypatch.setattr(AbstractImage, "generate_rendition_file", counted)
        for day in ("", "?as_of=2021-06-01"):
            response = client.get(url + day)
            assert response.status_code == 200
            assert b'class="head__photo"' in response.content
        assert made == []

    def test_a_photo_whose_file_is_lost_still_gives_the_profile(self, client):
        operation = operation_with_history("small", records=3)
        photo = operation.posts.get().appointments.get().photo
        photo.file.storage.delete(photo.file.name)
        response = client.get("/en/field-operations/small/")
        assert response.status_code == 200
        assert operation.posts.get().appointments.get().person.name in (
            response.content.decode()
        )

    def test_the_portrait_made_in_advance_is_the_one_the_page_shows(self):
        from django.template import engines

        env = engines["jinja2"].env
        name = "operations/includes/profile_leadership.html"
        source = env.loader.get_source(env, name)[0]
        assert "image(head.photo, PORTRAIT)" in source
        assert env.globals["PORTRAIT"] == "fill-240x300"

    def test_kept_profiles_do_not_grow_with_their_history(self, client):
        operation_with_history("small", records=20)
        operation_with_history("large", records=200)
        small = queries_for(client, "/en/field-operations/small/")
        large = queries_for(client, "/en/field-operations/large/")
        assert small == large


@pytest.mark.usefixtures("nothing_kept")
class OperationListQueryCountTests:
    def test_list_queries_do_not_grow_with_the_number_of_operations(self, client):
        operation_with_history("first", records=6)
        one = queries_for(client, "/en/field-operations/")
        for index in range(29):
            operation_with_history(f"other-{index}", records=6, photo=False)
        many = queries_for(client, "/en/field-operations/")
        assert one == many
