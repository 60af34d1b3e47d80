"""Admin sessions end: at the latest some hours after sign-in, and when the browser
closes unless the editor asked to be remembered."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def sign_in(client, **extra):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD, "next": "/admin/", **extra},
    )


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
class SessionExpiryTests:
    def test_a_session_lasts_the_configured_hours_from_sign_in(self, client, editor):
        before = timezone.now()

        sign_in(client)

        expires = stored_session(client).expire_date
        age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        assert before + age <= expires <= timezone.now() + age

    def test_using_the_admin_does_not_extend_the_session(self, client, editor):
        sign_in(client)
        session = stored_session(client)
        earlier = session.expire_date - timedelta(hours=1)
        Session.objects.filter(pk=session.pk).update(expire_date=earlier)

        assert client.get("/admin/").status_code == 200

        assert stored_session(client).expire_date == earlier

    def test_an_expired_session_is_sent_to_sign_in(self, client, editor):
        sign_in(client)
        assert client.get("/admin/").status_code == 200
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )

        response = client.get("/admin/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_without_remember_me_the_cookie_ends_with_the_browser(self, client, editor):
        response = sign_in(client)

        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert not cookie["max-age"]
        assert not cookie["expires"]

    def test_remember_me_keeps_the_cookie_for_the_session_hours_only(
        self, client, editor
    ):
        response = sign_in(client, remember="on")

        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


class SessionSettingsTests:
    def test_the_session_hours_come_from_the_environment(self):
        probe = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {probe}"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "fieldops.settings.test",
                "FIELDOPS_SESSION_HOURS": "2.5",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-1] == str(int(2.5 * 3600))
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
