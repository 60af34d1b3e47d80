"""A task worker that the PostgreSQL reliability tests start as a separate process:
the test settings, but with the database queue, against the test database that the
test names in DATABASE_URL, and mail over SMTP to the test's server (EMAIL_HOST,
EMAIL_PORT). The lease, batch size and retry delay of alert deliveries come from the
environment (see base.py) so that a test can make them short."""

from .test import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
EMAIL_BACKEND = "fieldops.core.mail_backend.OutboxBackend"
MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = 30
