"""Background work of job alert subscriptions, queued after commit."""

from django.utils import timezone
from django_tasks import task

from .emails import already_subscribed_message, confirmation_message
from .models import AlertState, JobAlert


@task()
def send_confirmation(alert_id: int) -> bool:
    """Mail the confirmation link to a pending alert; False if there is none."""
    alert = JobAlert.objects.filter(pk=alert_id, state=AlertState.PENDING).first()
    if alert is None:
        return False
    confirmation_message(alert).send()
    JobAlert.objects.filter(pk=alert.pk).update(confirmation_sent_at=timezone.now())
    return True


@task()
def send_already_subscribed(alert_id: int) -> bool:
    """Tell the owner of a confirmed alert that it exists, with its manage link."""
    alert = JobAlert.objects.filter(pk=alert_id, state=AlertState.CONFIRMED).first()
    if alert is None:
        return False
    already_subscribed_message(alert).send()
    return True
