"""Each editor reads the admin in the language they chose."""

import pytest
from django import forms
from wagtail.users.models import UserProfile

from fieldops.accounts.testing import login_verified


def account_form_data(client):
    """What the account settings page would post unchanged."""
    response = client.get("/admin/account/")
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            for field in panel.get_form():
                if isinstance(field.field, forms.FileField):
                    continue
                value = field.value()
                if value is not None and value is not False:
                    data[field.html_name] = value
    return data


@pytest.mark.django_db
class AdminLanguageTests:
    def test_russian_is_offered_in_the_account_settings(self, client, editor):
        client.force_login(editor)

        response = client.get("/admin/account/")

        assert 'value="ru"' in response.content.decode()

    @pytest.mark.parametrize(
        ("language", "dashboard"), [("ru", "Панель управления"), ("en", "Dashboard")]
    )
    def test_the_dashboard_is_in_the_editors_language(
        self, client, editor, language, dashboard
    ):
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = language
        profile.save()
        client.force_login(editor)

        response = client.get("/admin/")

        assert response.status_code == 200
        page = response.content.decode()
        assert dashboard in page
        assert f'lang="{language}"' in page

    def test_the_editor_chooses_the_language_in_the_account_settings(
        self, client, editor
    ):
        client.force_login(editor)
        data = account_form_data(client)
        data["locale-preferred_language"] = "ru"

        response = client.post("/admin/account/", data)

        assert response.status_code == 302
        assert UserProfile.get_for_user(editor).preferred_language == "ru"
        assert "Панель управления" in client.get("/admin/").content.decode()

    def test_the_two_factor_pages_follow_the_admin_language(self, client, superuser):
        profile = UserProfile.get_for_user(superuser)
        profile.preferred_language = "ru"
        profile.save()
        login_verified(client, superuser)

        response = client.get("/admin/2fa/")

        page = response.content.decode()
        assert 'lang="ru"' in page
        assert "Двухэтапная проверка включена" in page
