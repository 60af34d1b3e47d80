"""The admin in Russian: editors who choose it see the project's own strings
translated, and every string of the code has a Russian translation."""

from html import unescape
from pathlib import Path

import polib
import pytest
from wagtail.users.models import UserProfile

from fieldops.accounts.testing import login_verified
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    OperationNameFactory,
)

PO_FILE = (
    Path(__file__).resolve().parents[2] / "locale" / "ru" / "LC_MESSAGES" / "django.po"
)


@pytest.fixture
def russian_editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@x.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ru"
    profile.save()
    login_verified(client, user)
    return client


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.mark.django_db
class AdminInRussianTests:
    def test_data_health_speaks_russian(self, russian_editor):
        FieldOperationFactory(slug="nameless")
        text = page_text(russian_editor, "/admin/data-health/")
        assert "Качество данных" in text
        assert "Ошибки и предупреждения по полевым операциям" in text
        assert "Errors and warnings per field operation" not in text

    def test_data_health_findings_are_russian(self, russian_editor):
        operation = FieldOperationFactory(slug="nameless")
        text = page_text(russian_editor, f"/admin/data-health/{operation.slug}/")
        assert "Название не записано." in text
        assert "No name is recorded." not in text

    def test_operation_name_listing_uses_russian_verbose_names(self, russian_editor):
        OperationNameFactory(full_name="OSCE Centre in Astana")
        text = page_text(russian_editor, "/admin/snippets/operations/operationname/")
        assert "Названия операций" in text
        assert "Период" in text
        assert "Operation names" not in text

    def test_mandate_form_shows_russian_help_texts(self, russian_editor):
        text = page_text(russian_editor, "/admin/snippets/operations/mandate/add/")
        assert "Полевая операция, к которой относится этот мандат." in text
        assert "Документ-источник" in text
        assert "The field operation this mandate is for." not in text
        assert "The official document this fact rests on." not in text


class CatalogueTests:
    def test_every_string_of_the_code_is_translated(self):
        catalogue = polib.pofile(str(PO_FILE))
        missing = [
            entry.msgid
            for entry in catalogue
            if not entry.obsolete
            and any(path.endswith(".py") for path, _line in entry.occurrences)
            and not entry.translated()
        ]
        assert missing == []

    def test_catalogue_uses_the_russian_plural_forms(self):
        catalogue = polib.pofile(str(PO_FILE))
        assert catalogue.metadata["Language"] == "ru"
        assert catalogue.metadata["Plural-Forms"].startswith("nplurals=3;")
        assert not catalogue.metadata_is_fuzzy
