"""Two-step verification: required of administrators, offered to editors."""

from base64 import b32encode
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fieldops.accounts.selectors import two_factor_state
from fieldops.accounts.testing import login_verified

HOME = "/admin/"
SETUP = "/admin/2fa/"
VERIFY = "/admin/2fa/verify/"


def code_of(device, offset=0):
    """The code the user's app shows now (or `offset` steps later)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, drift=offset):06d}"


def wrong_code_for(device):
    right = {code_of(device, offset) for offset in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in right)


def set_up(client, user):
    """Go through the set-up page as `user` would; return the confirmed app."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"code": code_of(device), "next": HOME})
    assert response.status_code == 200, response.content
    return device


@pytest.mark.django_db
class TwoFactorRequiredTests:
    @pytest.mark.parametrize("path", [HOME, "/admin/pages/", "/admin/users/"])
    def test_a_superuser_without_an_app_is_sent_to_set_up_from_any_page(
        self, client, superuser, path
    ):
        client.force_login(superuser)

        response = client.get(path)

        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next={quote(path, safe='')}"

    def test_an_organisation_administrator_is_sent_to_set_up(
        self, client, organisation_admin
    ):
        client.force_login(organisation_admin)

        response = client.get(HOME)

        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)

    def test_the_set_up_page_shows_the_qr_code_and_the_key(self, client, superuser):
        client.force_login(superuser)

        response = client.get(SETUP)

        assert response.status_code == 200
        device = TOTPDevice.objects.get(user=superuser, confirmed=False)
        page = response.content.decode()
        assert 'role="img"' in page
        assert "<svg" in page
        secret = b32encode(device.bin_key).decode()
        assert secret[:4] + " " + secret[4:8] in page
        # Reloading keeps the secret already scanned.
        client.get(SETUP)
        assert TOTPDevice.objects.get(user=superuser).pk == device.pk

    def test_a_right_code_confirms_the_app_and_opens_the_admin(self, client, superuser):
        client.force_login(superuser)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=superuser)

        response = client.post(SETUP, {"code": code_of(device), "next": HOME})

        assert response.status_code == 200
        device.refresh_from_db()
        assert device.confirmed
        codes = StaticToken.objects.filter(device__user=superuser)
        assert codes.count() == 10
        page = response.content.decode()
        assert all(token.token in page for token in codes)
        dashboard = client.get(HOME)
        assert dashboard.status_code == 200
        assert b"wagtail" in dashboard.content.lower()

    def test_a_wrong_code_is_refused_with_a_message(self, client, superuser):
        client.force_login(superuser)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=superuser)

        response = client.post(SETUP, {"code": wrong_code_for(device)})

        assert response.status_code == 400
        assert "That code is not right" in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        assert client.get(HOME).status_code == 302

    def test_an_administrator_with_an_app_is_asked_for_a_code_at_each_sign_in(
        self, client, superuser
    ):
        client.force_login(superuser)
        device = set_up(client, superuser)
        later = Client()
        later.force_login(superuser)

        response = later.get("/admin/pages/")

        assert response.status_code == 302
        assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
        # A verified session elsewhere does not carry over.
        assert client.get(HOME).status_code == 200
        page = later.get(response["Location"])
        assert page.status_code == 200
        assert 'autocomplete="one-time-code"' in page.content.decode()
        # The code used at set-up cannot be used again; the next one can.
        verified = later.post(
            VERIFY, {"code": code_of(device, 1), "next": "/admin/pages/"}
        )
        assert verified.status_code == 302
        assert verified["Location"] == "/admin/pages/"
        assert later.get("/admin/pages/").status_code == 200

    def test_the_verify_page_refuses_a_wrong_code(self, client, superuser):
        device = TOTPDevice.objects.create(user=superuser, confirmed=True)
        client.force_login(superuser)

        response = client.post(VERIFY, {"code": wrong_code_for(device)})

        assert response.status_code == 400
        assert "That code is not right" in response.content.decode()
        assert client.get(HOME).status_code == 302

    def test_after_a_wrong_code_further_tries_are_throttled(
        self, client, superuser, settings
    ):
        settings.OTP_TOTP_THROTTLE_FACTOR = 60
        device = TOTPDevice.objects.create(user=superuser, confirmed=True)
        client.force_login(superuser)
        client.post(VERIFY, {"code": wrong_code_for(device)})

        response = client.post(VERIFY, {"code": code_of(device)})

        assert response.status_code == 429
        assert "Too many wrong codes" in response.content.decode()
        assert client.get(HOME).status_code == 302

    def test_a_backup_code_works_once(self, client, superuser):
        client.force_login(superuser)
        set_up(client, superuser)
        code = StaticToken.objects.filter(device__user=superuser).first().token
        first, second = Client(), Client()
        first.force_login(superuser)
        second.force_login(superuser)

        assert first.post(VERIFY, {"code": code.upper()}).status_code == 302
        assert first.get(HOME).status_code == 200
        assert second.post(VERIFY, {"code": code}).status_code == 400
        assert second.get(HOME).status_code == 302

    def test_an_unverified_session_cannot_add_another_app(self, client, superuser):
        TOTPDevice.objects.create(user=superuser, confirmed=True)
        client.force_login(superuser)

        response = client.get(SETUP)

        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
        assert TOTPDevice.objects.filter(user=superuser).count() == 1

    def test_signing_out_works_before_verification(self, client, superuser):
        client.force_login(superuser)

        response = client.post(reverse("wagtailadmin_logout"))

        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_next_does_not_lead_off_the_site(self, client, superuser):
        device = TOTPDevice.objects.create(user=superuser, confirmed=True)
        client.force_login(superuser)

        response = client.post(
            VERIFY, {"code": code_of(device), "next": "https://evil.example/"}
        )

        assert response.status_code == 302
        assert response["Location"] == HOME

    def test_an_administrator_cannot_turn_it_off(self, client, superuser):
        login_verified(client, superuser)

        client.post(reverse("accounts_two_factor_disable"))

        assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()


@pytest.mark.django_db
class TwoFactorOptionalTests:
    def test_an_editor_is_not_asked_to_set_it_up(self, client, editor):
        client.force_login(editor)

        assert client.get(HOME).status_code == 200
        assert client.get(SETUP).status_code == 200

    def test_the_account_page_links_to_the_set_up(self, client, editor):
        client.force_login(editor)

        response = client.get(reverse("wagtailadmin_account"))

        assert response.status_code == 200
        assert f'href="{SETUP}"' in response.content.decode()

    def test_an_editor_who_turned_it_on_is_asked_for_a_code(self, client, editor):
        client.force_login(editor)
        set_up(client, editor)
        later = Client()
        later.force_login(editor)

        response = later.get(HOME)

        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)

    def test_an_editor_can_turn_it_off(self, client, editor):
        client.force_login(editor)
        set_up(client, editor)

        response = client.post(reverse("accounts_two_factor_disable"))

        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=editor).exists()
        assert not StaticDevice.objects.filter(user=editor).exists()
        later = Client()
        later.force_login(editor)
        assert later.get(HOME).status_code == 200

    def test_new_backup_codes_replace_the_old(self, client, editor):
        client.force_login(editor)
        set_up(client, editor)
        old = set(StaticToken.objects.values_list("token", flat=True))

        response = client.post(reverse("accounts_two_factor_backup_codes"))

        new = set(StaticToken.objects.values_list("token", flat=True))
        assert response.status_code == 200
        assert len(new) == 10
        assert not old & new
        assert all(code in response.content.decode() for code in new)


@pytest.mark.django_db
class TwoFactorStateTests:
    def test_one_query_tells_whether_it_is_required_and_enabled(
        self, editor, organisation_admin, django_assert_num_queries
    ):
        TOTPDevice.objects.create(user=editor, confirmed=True)

        with django_assert_num_queries(1):
            assert two_factor_state(editor) == (False, True)
        with django_assert_num_queries(1):
            assert two_factor_state(organisation_admin) == (True, False)


@pytest.mark.django_db
class TwoFactorResetCommandTests:
    def test_it_removes_the_app_so_that_a_new_one_is_set_up(self, client, superuser):
        login_verified(client, superuser)
        out = StringIO()

        call_command("two_factor_reset", "root", stdout=out)

        assert "removed" in out.getvalue()
        assert not TOTPDevice.objects.filter(user=superuser).exists()
        fresh = Client()
        fresh.force_login(superuser)
        assert fresh.get(HOME)["Location"].startswith(SETUP)

    def test_an_unknown_user_is_an_error(self, db):
        with pytest.raises(CommandError, match="No user named"):
            call_command("two_factor_reset", "nobody")
