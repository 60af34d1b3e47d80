"""A task worker that the PostgreSQL reliability tests start as a separate process:
the test settings, but with the database queue, against the test database that the
test names in DATABASE_URL, and mail over SMTP to the test's server (EMAIL_HOST,
EMAIL_PORT). The lease, batch size and retry delay of alert deliveries come from the
environment so that a test can make them short."""

import os

from .test import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = 30
FIELDOPS_ALERT_LEASE_SECONDS = int(
    os.environ.get("FIELDOPS_ALERT_LEASE_SECONDS", "300")
)
FIELDOPS_ALERT_BATCH_SIZE = int(os.environ.get("FIELDOPS_ALERT_BATCH_SIZE", "100"))
FIELDOPS_ALERT_RETRY_SECONDS = int(os.environ.get("FIELDOPS_ALERT_RETRY_SECONDS", "60"))
