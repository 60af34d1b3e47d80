"""The mail backend of the site (EMAIL_BACKEND): every message goes into the outbox
(see fieldops.core.mail), and a task sends the outbox once the transaction that
queued it commits."""

from django.db import transaction
from mailer.backend import DbBackend

from fieldops.core.tasks import send_outbox


class OutboxBackend(DbBackend):
    """Queues messages in the outbox table and has them sent once committed."""

    def send_messages(self, email_messages) -> int:
        count = super().send_messages(email_messages)
        if count:
            transaction.on_commit(send_outbox.enqueue, robust=True)
        return count
