"""Settings for the page benchmarks: development settings as production runs them
(no debug), with static files served from the source tree so that no
collectstatic is needed."""

from fieldops.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
