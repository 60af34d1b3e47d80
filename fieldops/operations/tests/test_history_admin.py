"""The admin of the changes and the lineage: limited to the user's operations."""

import pytest
from django.urls import reverse

from fieldops.accounts.testing import login_verified
from fieldops.operations.access.roles import Role
from fieldops.operations.models import (
    FieldOperation,
    OperationChange,
    OperationRole,
    Succession,
)

pytestmark = pytest.mark.django_db


def url(model, name, *args) -> str:
    return reverse(f"{model.snippet_viewset.url_namespace}:{name}", args=args)


@pytest.fixture
def editor(client, django_user_model, operations):
    user = django_user_model.objects.create_user(
        username="a-editor", email="editor@example.org", password="unused-pw-1"
    )
    user.groups.add(
        OperationRole.objects.get(operation=operations[0], role=Role.EDITOR).group
    )
    client.force_login(user)
    return client


class SuccessionAdminTests:
    def test_the_listing_shows_the_own_operation_s_lineage_only(
        self, editor, operations
    ):
        third = FieldOperation.objects.create(slug="third")
        mine = Succession.objects.create(predecessor=operations[0], successor=third)
        theirs = Succession.objects.create(predecessor=operations[1], successor=third)
        response = editor.get(url(Succession, "list"))
        assert response.status_code == 200
        listed = {obj.pk for obj in response.context["object_list"]}
        assert listed == {mine.pk}
        assert editor.get(url(Succession, "edit", theirs.pk)).status_code == 403

    def test_an_editor_adds_lineage_from_the_own_operation_only(
        self, editor, operations
    ):
        data = {
            "predecessor": operations[1].pk,
            "successor": operations[0].pk,
            "kind": "replaced",
            "further_source_urls": "[]",
        }
        response = editor.post(url(Succession, "add"), data)
        assert response.status_code == 200
        assert "predecessor" in response.context["form"].errors
        assert not Succession.objects.exists()
        data |= {"predecessor": operations[0].pk, "successor": operations[1].pk}
        response = editor.post(url(Succession, "add"), data)
        assert response.status_code == 302
        assert Succession.objects.get().successor == operations[1]


class ChangeAdminTests:
    def test_a_superuser_lists_and_opens_changes(
        self, client, django_user_model, operations
    ):
        login_verified(
            client, django_user_model.objects.create_superuser("root", "r@x.org", "pw")
        )
        change = OperationChange.objects.create(
            operation=operations[0], kind="mandate-extended", note="Extended a year."
        )
        response = client.get(url(OperationChange, "list"))
        assert response.status_code == 200
        assert change.pk in {obj.pk for obj in response.context["object_list"]}
        assert client.get(url(OperationChange, "edit", change.pk)).status_code == 200
