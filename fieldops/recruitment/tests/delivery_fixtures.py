"""Published vacancies and confirmed alerts for the delivery tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    PlaceNameFactory,
)
from fieldops.recruitment.models import (
    AlertState,
    FieldOfExpertise,
    Frequency,
    JobAlert,
    Vacancy,
)
from fieldops.recruitment.services import job_alert_set_criteria


def field_of_expertise(name="Human rights"):
    slug = name.lower().replace(" ", "-")
    return FieldOfExpertise.objects.get_or_create(name=name, slug=slug)[0]


def publish_vacancy(number="VNKAZ001", **fields) -> Vacancy:
    """A vacancy saved as a draft, then published as an editor does."""
    if "operation" not in fields:
        fields["operation"] = FieldOperationFactory()
    if "duty_station" not in fields:
        fields["duty_station"] = PlaceNameFactory(name="Astana").place
    if "field_of_expertise" not in fields:
        fields["field_of_expertise"] = field_of_expertise()
    values = {
        "title": "Human Rights Officer",
        "grade": "P3",
        "recruitment_type": "international",
        "modality": "seconded",
        "issued_on": datetime.date(2026, 1, 5),
        "deadline": timezone.now() + datetime.timedelta(days=30),
        "description": "<p>Monitors trial observation and reports.</p>",
        "apply_url": "https://jobs.example.org/VNKAZ001",
        "live": False,
        **fields,
    }
    vacancy = Vacancy.objects.create(number=number, **values)
    vacancy.save_revision().publish()
    vacancy.refresh_from_db()
    return vacancy


def republish(vacancy: Vacancy, **changes) -> None:
    for name, value in changes.items():
        setattr(vacancy, name, value)
    vacancy.save_revision().publish()


def confirmed_alert(
    email_address="reader@example.org",
    *,
    frequency=Frequency.IMMEDIATE,
    state=AlertState.CONFIRMED,
    **criteria,
) -> JobAlert:
    """An alert with `criteria` (kind=[values]); none means any vacancy."""
    alert = JobAlert.objects.create(
        email=email_address,
        frequency=frequency,
        state=state,
        consent_text="I agree to receive job alerts.",
        consent_version="1",
        consent_at=timezone.now(),
        confirmed_at=timezone.now() if state == AlertState.CONFIRMED else None,
    )
    job_alert_set_criteria(
        alert=alert, criteria={kind: set(values) for kind, values in criteria.items()}
    )
    return alert
