"""Only a POST signs out, and signing out ends the session on the server; the
session id changes again once the second factor is in."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import PASSWORD
from .test_two_factor import SETUP, VERIFY, code_of

HOME = "/admin/"
LOGOUT = "/admin/logout/"
COOKIE = settings.SESSION_COOKIE_NAME


def sign_in(client, username):
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": HOME}
    )
    assert response.status_code == 302, response.content
    return client.cookies[COOKIE].value


def replay(session_key):
    """A new browser that presents `session_key` as its session cookie."""
    other = Client()
    other.cookies[COOKIE] = session_key
    return other


def is_sent_to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith(
        "/admin/login/"
    )


@pytest.mark.django_db
class SignOutTests:
    @pytest.mark.parametrize("method", ["get", "head", "put", "delete"])
    def test_other_methods_than_post_neither_sign_out_nor_touch_the_cookie(
        self, client, editor, method
    ):
        key = sign_in(client, "editor")

        response = getattr(client, method)(LOGOUT)

        assert response.status_code == 405
        if method != "head":  # a link opened by mistake says what to do
            assert b"account menu" in response.content
        assert COOKIE not in response.cookies
        assert client.cookies[COOKIE].value == key
        assert client.get(HOME).status_code == 200
        assert Session.objects.filter(session_key=key).exists()

    def test_a_post_without_the_csrf_token_does_not_sign_out(self, client, editor):
        key = sign_in(client, "editor")
        cross_site = Client(enforce_csrf_checks=True)
        cross_site.cookies[COOKIE] = key

        response = cross_site.post(LOGOUT)

        assert response.status_code == 403
        assert COOKIE not in response.cookies
        assert client.get(HOME).status_code == 200
        assert Session.objects.filter(session_key=key).exists()

    def test_a_post_ends_the_session_on_the_server(self, client, editor):
        key = sign_in(client, "editor")
        assert client.get(HOME).status_code == 200

        response = client.post(LOGOUT)

        assert response.status_code == 302
        assert not Session.objects.filter(session_key=key).exists()
        assert is_sent_to_sign_in(client.get(HOME))
        assert is_sent_to_sign_in(replay(key).get(HOME))


@pytest.mark.django_db
class SecondFactorSessionTests:
    def test_verifying_a_code_gives_the_session_a_new_id(self, client, superuser):
        device = TOTPDevice.objects.create(user=superuser, confirmed=True)
        before = sign_in(client, "root")
        assert client.get(VERIFY).status_code == 200

        response = client.post(VERIFY, {"code": code_of(device), "next": HOME})

        assert response.status_code == 302
        after = client.cookies[COOKIE].value
        assert after != before
        assert not Session.objects.filter(session_key=before).exists()
        assert client.get(HOME).status_code == 200
        assert is_sent_to_sign_in(replay(before).get(HOME))

    def test_setting_up_the_app_gives_the_session_a_new_id(self, client, superuser):
        before = sign_in(client, "root")
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=superuser)

        response = client.post(SETUP, {"code": code_of(device), "next": HOME})

        assert response.status_code == 200
        assert client.cookies[COOKIE].value != before
        assert not Session.objects.filter(session_key=before).exists()
        assert client.get(HOME).status_code == 200
        assert is_sent_to_sign_in(replay(before).get(HOME))
