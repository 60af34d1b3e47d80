"""Addresses without a language prefix keep their "not found"."""

import pytest
from django.contrib.auth import get_user_model

from fieldops.accounts.testing import login_verified


@pytest.mark.django_db
class UnprefixedNotFoundTests:
    def test_unknown_api_and_export_addresses_are_404_not_redirects(self, client):
        for path in ("/api/v1/field-operations/nope", "/exports/all/nope.csv"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "Location" not in response

    def test_unknown_admin_record_is_404_not_a_redirect(self, client):
        admin = get_user_model().objects.create_superuser("root", "r@example.org")
        login_verified(client, admin)
        response = client.get("/admin/snippets/operations/mandate/edit/999999/")
        assert response.status_code == 404
        assert "Location" not in response

    def test_public_pages_still_get_their_language_prefix(self, client):
        response = client.get("/vacancies/")
        assert response.status_code == 302
        assert response["Location"] == "/en/vacancies/"
