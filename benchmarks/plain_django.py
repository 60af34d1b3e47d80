"""The baseline site of benchmarks/serving.py: one plain Django view that renders
the profile's HTML, saved as a template, with the production defaults that
matter for speed (no debug, the cached template loader, Django's security and
common middleware). It is at once the settings module, the URLconf and the
view; benchmarks/serving.py runs it under gunicorn with
DJANGO_SETTINGS_MODULE=benchmarks.plain_django and PLAIN_TEMPLATE_DIR naming
the directory that holds profile.html.
"""

import os

from django.shortcuts import render
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "benchmark-only, serves one static page")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.environ.get("PLAIN_TEMPLATE_DIR", ".")],
    }
]
USE_TZ = True


def profile(request):
    """The saved profile, rendered as a template (200, text/html)."""
    return render(request, "profile.html")


urlpatterns = [path("en/field-operations/astana/", profile)]
