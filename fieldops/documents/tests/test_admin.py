"""The register of documents in the admin: listing, search, drafts, publishing,
revisions and validation."""

import pytest
from django.urls import reverse
from wagtail.models import Revision

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def url(name, *args) -> str:
    return reverse(f"{Document.snippet_viewset.url_namespace}:{name}", args=args)


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="unused-password-1"
    )
    login_verified(client, user)
    return client


def document_data(**fields) -> dict:
    data = {
        "title": "Permanent Council Decision No. 797",
        "issuing_body": "Permanent Council",
        "kind": "decision",
        "symbol": "PC.DEC/797",
        "number": "797",
        "adopted_on": "2007-06-21",
        "url": "",
        "file": "",
        "summary": "",
    }
    data.update(fields)
    return data


def assert_refused(response, message, count=0):
    """The form is shown again with `message`, and nothing more is stored."""
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.count() == count


class DocumentListingTests:
    def test_the_documents_register_is_in_the_admin_menu(self, admin):
        response = admin.get(reverse("wagtailadmin_home"))
        assert "Documents register" in response.text

    def test_the_listing_shows_the_documents(self, admin):
        DocumentFactory(title="Permanent Council Decision No. 243")
        response = admin.get(url("list"))
        assert response.status_code == 200
        assert "Permanent Council Decision No. 243" in response.text

    def test_a_document_is_found_by_part_of_its_symbol(self, admin):
        wanted = DocumentFactory(symbol="PC.DEC/243")
        DocumentFactory(symbol="PC.JOUR/169", kind="journal")
        response = admin.get(url("list"), {"q": "PC.DEC"})
        assert list(response.context["object_list"]) == [wanted]

    def test_the_listing_filters_by_kind(self, admin):
        DocumentFactory(kind="decision")
        journal = DocumentFactory(kind="journal")
        response = admin.get(url("list"), {"kind": "journal"})
        assert list(response.context["object_list"]) == [journal]

    def test_add_edit_history_and_delete_views_render(self, admin):
        document = DocumentFactory()
        for view in ("edit", "history", "delete"):
            assert admin.get(url(view, document.pk)).status_code == 200
        assert admin.get(url("add")).status_code == 200


class DocumentDraftTests:
    def test_a_new_document_is_saved_as_a_draft_with_a_revision(self, admin):
        response = admin.post(url("add"), document_data())
        assert response.status_code == 302
        document = Document.objects.get()
        assert not document.live
        assert document.slug == "pc-dec-797"
        assert Revision.objects.for_instance(document).count() == 1

    def test_publishing_a_draft_makes_it_live_with_a_second_revision(self, admin):
        admin.post(url("add"), document_data())
        document = Document.objects.get()
        data = document_data(summary="Moves the office to the new capital.")
        data["action-publish"] = "publish"
        response = admin.post(url("edit", document.pk), data)
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.live
        assert document.summary == "Moves the office to the new capital."
        assert Revision.objects.for_instance(document).count() == 2


class DocumentValidationTests:
    def test_a_symbol_already_in_the_register_is_refused(self, admin):
        DocumentFactory(symbol="PC.DEC/797")
        response = admin.post(url("add"), document_data())
        assert_refused(
            response, "Another document already has a symbol like this one.", 1
        )

    def test_a_symbol_giving_the_same_address_as_another_is_refused(self, admin):
        DocumentFactory(symbol="PC.DEC/797")
        response = admin.post(url("add"), document_data(symbol="PC DEC 797"))
        assert_refused(
            response, "Another document already has a symbol like this one.", 1
        )

    def test_a_symbol_without_letters_or_digits_is_refused(self, admin):
        response = admin.post(url("add"), document_data(symbol="./"))
        assert_refused(response, "The symbol needs letters or digits.")

    def test_an_impossible_adoption_date_is_refused(self, admin):
        response = admin.post(url("add"), document_data(adopted_on="2024-02-30"))
        assert_refused(response, "Enter a valid date.")

    def test_an_unknown_kind_is_refused(self, admin):
        response = admin.post(url("add"), document_data(kind="memo"))
        assert_refused(response, "Select a valid choice.")

    def test_a_file_that_is_not_a_file_id_is_refused(self, admin):
        response = admin.post(url("add"), document_data(file="decision.pdf"))
        assert_refused(response, "Select a valid choice.")

    def test_a_link_that_is_not_a_web_address_is_refused(self, admin):
        response = admin.post(url("add"), document_data(url="not a link"))
        assert_refused(response, "Enter a valid URL.")
