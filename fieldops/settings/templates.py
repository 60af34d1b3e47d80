"""The template engines: Django's for every page, and Jinja2 for the field
operation's profile (fieldops/jinja2/; core/jinja2tags.py says why). Read by
base.py."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "fieldops.core.context_processors.organisation",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PROJECT_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "fieldops.core.jinja2tags.environment",
            "extensions": [
                "wagtail.jinja2tags.core",
                "wagtail.images.jinja2tags.images",
                "fieldops.core.jinja2tags.CoreExtension",
                "fieldops.operations.jinja2tags.ProfileExtension",
                "fieldops.recruitment.jinja2tags.VacanciesExtension",
                "fieldops.opendata.jinja2tags.OpenDataExtension",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "fieldops.core.context_processors.organisation",
            ],
        },
    },
]
