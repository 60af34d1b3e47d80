"""Job alerts, and vacancies to match them against."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from fieldops.operations.tests.factories import PlaceNameFactory
from fieldops.recruitment.models import AlertState, JobAlert
from fieldops.recruitment.services import job_alert_set_criteria
from fieldops.recruitment.tests import factories


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


class VacancyFactory(factories.VacancyFactory):
    """A published, open vacancy whose words the keyword tests look for."""

    number = factory.Sequence(lambda n: f"VNALERT{n:04d}")
    title = "Human Rights Officer"
    duty_station = factory.LazyFunction(lambda: PlaceNameFactory().place)
    issued_on = datetime.date(2026, 1, 5)
    description = "<p>Observes trials and writes reports.</p>"
