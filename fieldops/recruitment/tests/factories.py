"""Factories for recruitment: fields of expertise and vacancies."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from fieldops.operations.tests.factories import FieldOperationFactory, PlaceNameFactory
from fieldops.recruitment.models import FieldOfExpertise, Vacancy


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
