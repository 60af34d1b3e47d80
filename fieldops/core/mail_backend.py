"""The mail backend of the site (EMAIL_BACKEND): every message goes into the outbox
(see fieldops.core.mail), and a task sends the outbox once the transaction that
queued it commits."""

from django.db import transaction
from mailer.backend import DbBackend
from mailer.engine import ensure_message_id

from fieldops.core.tasks import send_outbox


class OutboxBackend(DbBackend):
    """Queues messages in the outbox table and has them sent once committed.

    Each message gets its Message-ID here, stored with it, rather than at each
    attempt to send it: a message the server accepted just before the database
    failed (so the outbox still holds it) is sent again with the same
    Message-ID, by which mail systems and clients drop the repeat."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            ensure_message_id(message)
        count = super().send_messages(email_messages)
        if count:
            transaction.on_commit(send_outbox.enqueue, robust=True)
        return count
