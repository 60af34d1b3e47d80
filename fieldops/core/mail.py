"""The outbox every mail of the site goes through.

`EMAIL_BACKEND` is `mail_backend.OutboxBackend`: sending a message stores it in
django-mailer's queue table, in the same database transaction as the change that
owes the mail (a subscription, a submission for review), so that the mail exists
exactly when the change does. Once the transaction commits, a task sends the queue
at once; `manage.py reconcile`, run every minute, retries what failed and sends
anything a crashed or stopped worker left. The real transport is
`MAILER_EMAIL_BACKEND` (SMTP in production). A message leaves the queue only after
the transport accepted it, so a crash can repeat a mail but never lose one.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Count, Min, Q
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, Message, MessageLog

logger = logging.getLogger(__name__)


def transport_connection(**kwargs):
    """A connection of the real transport (SMTP in production), for senders that
    keep their own record of what was sent, such as the job-alert deliveries."""
    return get_connection(settings.MAILER_EMAIL_BACKEND, **kwargs)


def defer_on_error(connection, message: Message, error: Exception):
    """django-mailer's error handler: any failure defers the message for a later
    retry (its own handler re-raises unknown errors, which would stop the queue at
    the first message that fails that way). Returns (connection, outcome)."""
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=str(error)[:500])
    # The message's id, not its addresses: the log is read by more people than the
    # subscribers' data is meant for, and the outbox table holds the rest.
    logger.warning(
        "Mail %s to %d recipient(s) deferred: %s",
        message.pk,
        len(message.to_addresses),
        error,
    )
    return None, "deferred"


def outbox_send() -> int:
    """Send every queued message that is not waiting for a retry; returns how many
    are still queued afterwards (deferred ones included)."""
    from mailer.engine import send_all

    send_all()
    return Message.objects.count()


def outbox_retry() -> int:
    """Put the deferred messages back in line; returns how many."""
    return Message.objects.retry_deferred()


def outbox_waiting() -> dict:
    """What the outbox still holds: {"queued": int, "deferred": int,
    "oldest": datetime | None, "last_error": str}, in one query (two when some
    mail is deferred)."""
    counts = Message.objects.aggregate(
        deferred=Count("pk", filter=Q(priority=PRIORITY_DEFERRED)),
        queued=Count("pk", filter=~Q(priority=PRIORITY_DEFERRED)),
        oldest=Min("when_added"),
    )
    counts["last_error"] = ""
    if counts["deferred"]:
        counts["last_error"] = (
            MessageLog.objects.filter(result=RESULT_FAILURE)
            .order_by("-when_attempted")
            .values_list("log_message", flat=True)
            .first()
        ) or ""
    return counts
