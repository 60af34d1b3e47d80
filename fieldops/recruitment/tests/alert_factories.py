"""Job alerts, and vacancies to match them against."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from fieldops.operations.tests.factories import FieldOperationFactory, PlaceNameFactory
from fieldops.recruitment.models import AlertState, FieldOfExpertise, JobAlert, Vacancy
from fieldops.recruitment.services import job_alert_set_criteria


class FieldOfExpertiseFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfExpertise
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Field {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class JobAlertFactory(DjangoModelFactory):
    """A confirmed alert for any vacancy; pass `criteria` (kind → values)."""

    class Meta:
        model = JobAlert
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    state = AlertState.CONFIRMED
    consent_text = "I agree."
    consent_version = "1"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == AlertState.CONFIRMED else None
    )

    @factory.post_generation
    def criteria(alert, create, extracted, **kwargs):
        if create:
            job_alert_set_criteria(alert=alert, criteria=extracted or {})


class VacancyFactory(DjangoModelFactory):
    """A published, open vacancy."""

    class Meta:
        model = Vacancy

    operation = factory.SubFactory(FieldOperationFactory)
    number = factory.Sequence(lambda n: f"VNALERT{n:04d}")
    title = "Human Rights Officer"
    grade = "P3"
    recruitment_type = "international"
    modality = "seconded"
    field_of_expertise = factory.SubFactory(FieldOfExpertiseFactory)
    duty_station = factory.LazyFunction(lambda: PlaceNameFactory().place)
    issued_on = datetime.date(2026, 1, 5)
    deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )
    description = "<p>Observes trials and writes reports.</p>"
    apply_url = "https://jobs.example.org/apply"
    live = True
