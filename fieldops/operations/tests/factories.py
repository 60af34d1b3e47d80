"""Factories for field operations, their dated facts and pages."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory
from wagtail.test.utils.wagtail_factories import PageFactory

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


class FieldOperationPageFactory(PageFactory):
    """A published profile page, by default under the field operations index."""

    class Meta:
        model = FieldOperationPage

    parent = factory.LazyFunction(lambda: FieldOperationIndexPage.objects.get())
    operation = factory.SubFactory(FieldOperationFactory)
    title = factory.LazyAttribute(lambda o: o.operation.slug.title())
    slug = factory.LazyAttribute(lambda o: o.operation.slug)
