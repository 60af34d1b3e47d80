"""Factories for field operations, their dated facts, documents and pages."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from fieldops.documents.models import Document
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
    StaffingLine,
    StaffingSnapshot,
)
from fieldops.recruitment.models import FieldOfExpertise, Vacancy


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    issuing_body = "Permanent Council"
    kind = "decision"
    number = factory.Sequence(lambda n: str(100 + n))
    symbol = factory.LazyAttribute(lambda o: f"PC.DEC/{o.number}")
    title = factory.LazyAttribute(
        lambda o: f"Permanent Council Decision No. {o.number}"
    )
    adopted_on = datetime.date(1998, 6, 11)


class FieldOperationFactory(DjangoModelFactory):
    class Meta:
        model = FieldOperation

    slug = factory.Sequence(lambda n: f"operation-{n}")
    host_country = "KZ"


class OperationNameFactory(DjangoModelFactory):
    class Meta:
        model = OperationName

    operation = factory.SubFactory(FieldOperationFactory)
    full_name = factory.Sequence(lambda n: f"Centre number {n}")
    presence_kind = "centre"
    change = "established"
    valid_from = datetime.date(1998, 6, 11)


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    country = "KZ"
    time_zone = "Asia/Almaty"


class PlaceNameFactory(DjangoModelFactory):
    class Meta:
        model = PlaceName

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Town {n}")


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    operation = factory.SubFactory(FieldOperationFactory)
    place = factory.SubFactory(PlaceFactory)
    role = "headquarters"
    valid_from = datetime.date(1998, 6, 11)


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = Mandate

    operation = factory.SubFactory(FieldOperationFactory)
    summary = "Helps the host country carry out its commitments."
    valid_from = datetime.date(1998, 6, 11)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    operation = factory.SubFactory(FieldOperationFactory)
    title = "Head of Office"
    role = "head"


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = Appointment

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)
    honorific = "Ambassador"
    valid_from = datetime.date(2020, 1, 1)


class StaffingSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = StaffingSnapshot

    operation = factory.SubFactory(FieldOperationFactory)
    as_of = datetime.date(2024, 12, 31)


class StaffingLineFactory(DjangoModelFactory):
    class Meta:
        model = StaffingLine

    snapshot = factory.SubFactory(StaffingSnapshotFactory)
    category = "international"
    contract_type = "fixed-term"
    count = 1


class FinancialFigureFactory(DjangoModelFactory):
    class Meta:
        model = FinancialFigure

    operation = factory.SubFactory(FieldOperationFactory)
    year = 2024
    fund = "unified"
    measure = "available"
    basis = "approved"
    amount = Decimal("1000000.00")
    currency = "EUR"
    as_of = datetime.date(2024, 12, 31)


class FieldOperationPageFactory(DjangoModelFactory):
    """A published profile page under the field operations index."""

    class Meta:
        model = FieldOperationPage

    operation = factory.SubFactory(FieldOperationFactory)
    title = factory.LazyAttribute(lambda o: o.operation.slug.title())
    slug = factory.LazyAttribute(lambda o: o.operation.slug)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent", None) or FieldOperationIndexPage.objects.get()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class FieldOfExpertiseFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfExpertise
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Field {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class VacancyFactory(DjangoModelFactory):
    """A published vacancy, open for 30 more days, at a place named Astana."""

    class Meta:
        model = Vacancy

    operation = factory.SubFactory(FieldOperationFactory)
    number = factory.Sequence(lambda n: f"VN-TEST-{n:04d}")
    title = "Programme Officer"
    grade = "P3"
    recruitment_type = "international"
    modality = "seconded"
    field_of_expertise = factory.SubFactory(FieldOfExpertiseFactory)
    duty_station = factory.LazyFunction(lambda: PlaceNameFactory(name="Astana").place)
    issued_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=2)
    )
    deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )
    description = "<p>Supports the office's projects.</p>"
    apply_url = "https://jobs.example.org/apply"
    live = True
