"""Weak passwords are refused, with a message saying why."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fieldops.accounts.testing import login_verified

from .conftest import PASSWORD

ADD_USER = reverse("wagtailusers_users:add")


def new_user(password):
    return {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "first_name": "New",
        "last_name": "Comer",
        "password1": password,
        "password2": password,
    }


@pytest.mark.django_db
class PasswordStrengthTests:
    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("Sh0rt-pass", "This password is too short"),
            ("password1234", "This password is too common"),
            ("839201748362", "This password is entirely numeric"),
            ("newcomer-newcomer", "too similar to the"),
        ],
    )
    def test_creating_a_user_with_a_weak_password_is_refused(
        self, client, superuser, password, message
    ):
        login_verified(client, superuser)

        response = client.post(ADD_USER, new_user(password))

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not get_user_model().objects.filter(username="newcomer").exists()

    def test_a_strong_password_is_accepted(self, client, superuser):
        login_verified(client, superuser)

        response = client.post(ADD_USER, new_user("violet-tundra-kettle-41"))

        assert response.status_code == 302
        assert (
            get_user_model()
            .objects.get(username="newcomer")
            .check_password("violet-tundra-kettle-41")
        )

    def test_changing_ones_own_password_to_a_weak_one_is_refused(self, client, editor):
        client.force_login(editor)

        response = client.post(
            "/admin/account/",
            {
                "name_email-first_name": editor.first_name,
                "name_email-last_name": editor.last_name,
                "name_email-email": editor.email,
                "password-old_password": PASSWORD,
                "password-new_password1": "short",
                "password-new_password2": "short",
            },
        )

        assert response.status_code == 200
        assert "This password is too short" in response.content.decode()
        editor.refresh_from_db()
        assert editor.check_password(PASSWORD)
