"""Sign-in through the admin's form is locked after repeated failures."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from .conftest import PASSWORD

LOGIN = "/admin/login/"


def sign_in(client, username, password, **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def fail_until_locked(client, username, settings, **extra):
    responses = [
        sign_in(client, username, "wrong-password", **extra)
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses


@pytest.mark.django_db
class LoginThrottlingTests:
    def test_failures_below_the_limit_only_show_the_form_again(self, client, editor):
        response = sign_in(client, "editor", "wrong-password")

        assert response.status_code == 200
        assert b"login-form" in response.content
        assert sign_in(client, "editor", PASSWORD).status_code == 302

    def test_the_limit_of_failures_locks_the_user_name_even_with_the_password(
        self, client, editor, settings
    ):
        responses = fail_until_locked(client, "editor", settings)

        assert [r.status_code for r in responses[:-1]] == [200] * (
            settings.AXES_FAILURE_LIMIT - 1
        )
        assert responses[-1].status_code == 429
        locked = sign_in(client, "editor", PASSWORD)
        assert locked.status_code == 429
        assert "_auth_user_id" not in client.session
        page = locked.content.decode()
        assert "Sign-in locked" in page
        assert f"failed to sign in {settings.AXES_FAILURE_LIMIT} times" in page
        assert "even with the right" in page
        assert "1\xa0hour" in page or "1 hour" in page
        assert client.get(reverse("wagtailadmin_home")).status_code == 302

    def test_the_lock_is_for_the_pair_of_user_name_and_address(
        self, client, editor, superuser, settings
    ):
        fail_until_locked(client, "editor", settings, REMOTE_ADDR="192.0.2.1")

        other_user = sign_in(client, "root", PASSWORD, REMOTE_ADDR="192.0.2.1")
        assert other_user.status_code == 302
        client.logout()
        other_address = sign_in(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.2")
        assert other_address.status_code == 302

    def test_behind_a_trusted_proxy_the_forwarded_address_is_locked(
        self, client, editor, settings
    ):
        settings.FIELDOPS_TRUSTED_PROXY_COUNT = 1
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        fail_until_locked(
            client, "editor", settings, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        )

        attempt = AccessAttempt.objects.get(username="editor")
        assert attempt.ip_address == "203.0.113.7"
        same = sign_in(
            client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        )
        assert same.status_code == 429
        colleague = sign_in(
            client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy
        )
        assert colleague.status_code == 302

    def test_axes_reset_unlocks(self, client, editor, settings):
        fail_until_locked(client, "editor", settings)
        assert sign_in(client, "editor", PASSWORD).status_code == 429

        call_command("axes_reset", verbosity=0)

        assert sign_in(client, "editor", PASSWORD).status_code == 302

    def test_a_successful_sign_in_forgets_earlier_failures(
        self, client, editor, settings
    ):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, "editor", "wrong-password")
        assert sign_in(client, "editor", PASSWORD).status_code == 302
        client.logout()

        assert sign_in(client, "editor", "wrong-password").status_code == 200
