"""Subscribing in the background: the subscribe page only queues the work, so
that its answer does the same work, in the same time, whether the address is
new, has a pending alert or a confirmed one; what differs (inserting the alert
and its criteria, or the mail that says it exists) happens in the task."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django_tasks import task

from .services import ConsentRecord, Criteria, job_alert_subscribe


@task()
def job_alert_subscribe_task(
    *,
    email: str,
    criteria: dict[str, list[str]],
    frequency: str,
    language: str,
    consent: dict,
) -> int:
    """job_alert_subscribe with the arguments job_alert_subscribe_later stored
    (JSON: lists for sets, the consent's time in ISO 8601). Returns the alert's
    id; raises what job_alert_subscribe raises."""
    alert = job_alert_subscribe(
        email=email,
        criteria={kind: set(values) for kind, values in criteria.items()},
        frequency=frequency,
        language=language,
        consent=ConsentRecord(
            **{**consent, "at": datetime.datetime.fromisoformat(consent["at"])}
        ),
    )
    return alert.pk


def job_alert_subscribe_later(
    *,
    email: str,
    criteria: Criteria,
    frequency: str,
    language: str,
    consent: ConsentRecord,
) -> None:
    """Queue a subscription (job_alert_subscribe's arguments): one row in the task
    queue, whatever the address."""
    job_alert_subscribe_task.enqueue(
        email=email,
        criteria={kind: sorted(values) for kind, values in criteria.items()},
        frequency=frequency,
        language=language,
        consent={**asdict(consent), "at": consent.at.isoformat()},
    )
