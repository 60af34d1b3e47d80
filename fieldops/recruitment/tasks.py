"""Background work of job alerts: thin wrappers around the delivery services.

These tasks are the fast path only: what they owe is re-derived from stored state
by the reconcile steps registered in apps.py if a task is lost."""

from django_tasks import task

from fieldops.recruitment import delivery


@task()
def match_vacancy(*, vacancy_id: int) -> int:
    """Create the deliveries of a just-published vacancy and queue their senders."""
    return delivery.vacancy_match(vacancy_id=vacancy_id)


@task()
def send_deliveries() -> dict:
    """Mail one batch of pending deliveries of immediate alerts."""
    result = delivery.deliveries_send()
    return {
        "sent": result.sent,
        "failed": result.failed,
        "skipped": result.skipped,
        "given_up": result.given_up,
    }
