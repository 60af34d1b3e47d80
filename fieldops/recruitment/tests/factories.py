"""Factories for recruitment: fields of expertise, vacancies and job alerts."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from fieldops.operations.tests.factories import FieldOperationFactory, PlaceNameFactory
from fieldops.recruitment.alerts.services import job_alert_set_criteria
from fieldops.recruitment.models import AlertState, FieldOfExpertise, JobAlert, Vacancy


class FieldOfExpertiseFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfExpertise
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Field {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def _publish(vacancy, create, extracted, **kwargs):
    if create:
        vacancy.save_revision().publish()
        vacancy.refresh_from_db()


class VacancyFactory(DjangoModelFactory):
    """A live vacancy, open for 30 more days, at a place named Astana, saved as a
    row (no revision, no publishing signal).

    Traits: `published=True` saves it as a draft, then publishes it as an editor
    does, so that the `published` signal queues its matching after commit;
    `draft=True` leaves it unpublished; `closed=True` puts its deadline a day ago.
    """

    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

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

    class Params:
        draft = factory.Trait(live=False)
        published = factory.Trait(live=False)
        closed = factory.Trait(
            deadline=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=1)
            )
        )

    publish = factory.Maybe("published", factory.PostGeneration(_publish))


class JobAlertFactory(DjangoModelFactory):
    """An alert awaiting confirmation, for any vacancy; pass `criteria`
    (kind → set of values).

    Traits: `confirmed=True` (confirmed now), `unsubscribed=True`.
    """

    class Meta:
        model = JobAlert
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    state = AlertState.PENDING
    consent_text = "I agree."
    consent_version = "1"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == AlertState.CONFIRMED else None
    )

    class Params:
        confirmed = factory.Trait(state=AlertState.CONFIRMED)
        unsubscribed = factory.Trait(state=AlertState.UNSUBSCRIBED)

    @factory.post_generation
    def criteria(alert, create, extracted, **kwargs):
        if create:
            job_alert_set_criteria(alert=alert, criteria=extracted or {})
