"""The suite's own rule for transactional tests (the root conftest.py): each one
restores the rows the migrations made, under their ids, whichever way it asked
to commit, so that the order tests run in (one process or several) decides
nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import GroupApprovalTask, Page


def _restored(request) -> None:
    marker = request.node.get_closest_marker("django_db")
    assert marker.kwargs.get("serialized_rollback") is True
    # pytest-django saved the rows when it made the test database, from the
    # markers alone: without this, serialized rollback restores nothing.
    assert hasattr(connection, "_test_serialized_contents")
    # The migrations' rows are back, under the ids the cache hands out.
    kind = ContentType.objects.get_for_model(GroupApprovalTask)
    assert ContentType.objects.filter(
        pk=kind.pk, app_label="wagtailcore", model="groupapprovaltask"
    ).exists()
    assert Page.objects.filter(depth=1).exists()


@pytest.mark.django_db(transaction=True)
def test_a_test_s_own_transactional_marker_restores_the_migrations_rows(request):
    _restored(request)


def test_a_test_asking_for_transactional_db_restores_them_too(
    request, transactional_db
):
    _restored(request)


@pytest.mark.django_db(transaction=True)
class TestsOfAClassMarkedTransactional:
    def test_restore_them(self, request):
        _restored(request)

    def test_restore_them_again_after_the_flush_of_the_first(self, request):
        _restored(request)
