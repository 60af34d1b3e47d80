"""Background work that every app relies on."""

from django_tasks import task

from fieldops.core import mail


@task()
def send_outbox() -> int:
    """Send the mail waiting in the outbox; returns how many messages remain."""
    return mail.outbox_send()
