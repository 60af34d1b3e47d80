"""Tests: the database of DATABASE_URL (SQLite when unset), quick hashing."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Django's test set-up replaces EMAIL_BACKEND with its in-memory outbox; the
# senders that use the real transport write there too.
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A TestCase never commits, so the data version (bumped after each commit) does
# not move inside one and the page cache would answer with what an earlier
# request in the test saw; the page cache's own tests switch it on.
FIELDOPS_PAGE_CACHE = False
