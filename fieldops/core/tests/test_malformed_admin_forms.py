"""A page edit posted by hand with broken StreamField data answers 400 with a page
that says so, not Wagtail's 500, and saves nothing; the editor's own posts are
saved as before."""

import pytest
from django.contrib.auth import get_user_model

from fieldops.accounts.testing import login_verified
from fieldops.core.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    admin = get_user_model().objects.create_superuser("root", "r@example.org")
    login_verified(client, admin)
    # A 500 is an answer to check here, not an exception to raise.
    client.raise_request_exception = False
    return client


def edit_form(page, **changes) -> dict:
    """The fields the editor posts for the home page, with `changes`; a None
    removes a field."""
    form = {
        "title": page.title,
        "slug": page.slug,
        "intro": "Changed by the editor",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


@pytest.mark.parametrize(
    "changes",
    [
        {"body-count": None},
        {"body-count": "many"},
        # One block announced, none of its fields sent.
        {"body-count": "1"},
        {"body-count": "1", "body-0-deleted": "", "body-0-order": "first"},
    ],
    ids=["no count", "count not a number", "block missing", "order not a number"],
)
def test_broken_block_data_is_a_400_that_says_so(editor, changes):
    page = HomePage.objects.get()
    url = f"/admin/pages/{page.pk}/edit/"

    response = editor.post(url, edit_form(page, **changes))

    assert response.status_code == 400
    assert "The form sent is incomplete" in response.content.decode()
    page.refresh_from_db()
    assert page.intro != "Changed by the editor"
    assert not page.revisions.exists()


def test_a_complete_edit_is_still_saved(editor):
    page = HomePage.objects.get()
    url = f"/admin/pages/{page.pk}/edit/"

    response = editor.post(url, edit_form(page))

    assert response.status_code == 302
    revision = page.revisions.get()
    assert revision.as_object().intro == "Changed by the editor"


def test_other_errors_are_left_alone(editor, monkeypatch):
    # Only errors raised while a block reads the form are turned into a 400.
    def broken(*args, **kwargs):
        raise KeyError("elsewhere")

    monkeypatch.setattr(HomePage, "full_clean", broken)
    page = HomePage.objects.get()

    response = editor.post(f"/admin/pages/{page.pk}/edit/", edit_form(page))

    assert response.status_code == 500
