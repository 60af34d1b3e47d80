"""The data-health panel on the admin home and the full pages, through the admin's
real URLs, for an administrator and for a user of one operation."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fieldops.accounts.testing import login_verified
from fieldops.operations.models import (
    FieldOperation,
    FinancialFigure,
    StaffingSnapshot,
)
from fieldops.recruitment.models import JobAlert
from fieldops.recruitment.tests.factories import JobAlertFactory

from .test_findings import complete_operation, edit_url

pytestmark = pytest.mark.django_db
HOME = "/admin/"
INDEX = "/admin/data-health/"


def operation_url(slug):
    return f"/admin/data-health/{slug}/"


def current_operation(slug, doc=None):
    """A complete operation whose figures are as of today (the pages use the
    real clock)."""
    operation = complete_operation(slug, doc=doc)
    today = timezone.localdate()
    StaffingSnapshot.objects.filter(operation=operation).update(as_of=today)
    FinancialFigure.objects.filter(operation=operation).update(
        as_of=today, year=today.year
    )
    return operation


@pytest.fixture
def operations():
    """A complete operation and one with an error and a warning."""
    fine = current_operation("fine")
    broken = current_operation("broken", doc=fine.names.first().source)
    broken.offices.all().delete()
    StaffingSnapshot.objects.filter(operation=broken).update(source=None)
    return fine, broken


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="unused-password-1"
    )
    login_verified(client, user)
    return user


@pytest.fixture
def officer(client, django_user_model):
    """A user who may use the admin and administers nothing."""
    user = django_user_model.objects.create_user(
        username="officer", email="officer@example.org", password="unused-password-1"
    )
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user)
    return user


@pytest.fixture
def officer_of_broken(officer, operations, monkeypatch):
    """The officer, given the second operation as theirs."""
    _fine, broken = operations

    def operations_of(user):
        assert user == officer
        return FieldOperation.objects.filter(pk=broken.pk)

    monkeypatch.setattr("fieldops.health.views.operations_of", operations_of)
    return officer


def rows(html, caption_start):
    """The (header cell, other cells) of each body row of the table whose caption
    starts with `caption_start`."""
    table = next(
        t
        for t in re.findall(r"<table.*?</table>", html, re.S)
        if re.search(rf"<caption[^>]*>\s*{re.escape(caption_start)}", t)
    )
    body = re.search(r"<tbody>(.*)</tbody>", table, re.S).group(1)
    found = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1)
        cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        found.append((header.strip(), cells))
    return found


def main_content(html):
    """The part of an admin page below its header."""
    return html.split('<div class="nice-padding">', 1)[1]


def not_found(client, url) -> bool:
    return client.get(url).status_code == 404


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


class PanelTests:
    def test_the_home_shows_the_counts_of_every_operation_to_an_administrator(
        self, client, superuser, operations
    ):
        response = client.get(HOME)

        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="data-health' in html
        counts = rows(html, "Errors and warnings per field operation")
        by_link = {
            re.search(r'href="([^"]+)"', h).group(1): cells for h, cells in counts
        }
        assert by_link == {
            operation_url("broken"): ["1", "1"],
            operation_url("fine"): ["0", "0"],
        }
        assert f'href="{INDEX}"' in html

    def test_the_panel_shows_a_user_only_their_operations(
        self, client, officer_of_broken
    ):
        html = client.get(HOME).content.decode()

        counts = rows(html, "Errors and warnings per field operation")
        links = [re.search(r'href="([^"]+)"', h).group(1) for h, _cells in counts]
        assert links == [operation_url("broken")]

    def test_a_user_of_no_operation_sees_no_panel(self, client, officer, operations):
        response = client.get(HOME)

        assert response.status_code == 200
        assert 'id="data-health' not in response.content.decode()

    def test_the_menu_leads_to_the_page(self, client, superuser):
        html = client.get(HOME).content.decode()

        assert INDEX in html
        assert reverse("health:index") == INDEX


class IndexPageTests:
    def test_an_administrator_sees_every_operation_and_the_organisation(
        self, client, superuser, operations
    ):
        alert = JobAlertFactory()
        JobAlert.objects.filter(pk=alert.pk).update(
            created_at=alert.created_at - datetime.timedelta(days=8)
        )

        response = client.get(INDEX)

        assert response.status_code == 200
        html = response.content.decode()
        counts = rows(html, "Errors and warnings per field operation")
        assert len(counts) == 3
        assert text(counts[2][0]) == "Whole organisation"
        assert '<h2 id="organisation">Whole organisation</h2>' in html
        alerts = rows(html, "Job alerts waiting for confirmation")
        assert "1 job alert has waited more than a week" in text(str(alerts))

    def test_a_user_of_no_operation_is_told_so(self, client, officer, operations):
        response = client.get(INDEX)

        assert response.status_code == 200
        assert "You have no field operation to look after." in response.content.decode()


class OperationPageTests:
    def test_the_findings_are_grouped_by_kind_and_link_to_the_records(
        self, client, superuser, operations
    ):
        _fine, broken = operations
        snapshot = StaffingSnapshot.objects.get(operation=broken)

        response = client.get(operation_url("broken"))

        assert response.status_code == 200
        html = response.content.decode()
        main = main_content(html)
        headings = [text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", main, re.S)]
        assert headings == ["Gaps in the history", "Unsourced facts"]
        gaps = rows(html, "Gaps in the history")
        assert len(gaps) == 1
        assert reverse("wagtailsnippets_operations_office:add") in gaps[0][0]
        assert gaps[0][1][0] == "<strong>Error</strong>"
        unsourced = rows(html, "Unsourced facts")
        assert f'href="{edit_url(snapshot)}"' in unsourced[0][0]
        assert unsourced[0][1][0] == "Warning"
        assert '<th scope="col">Problem</th>' in html

    def test_a_complete_operation_says_there_is_nothing_to_fix(
        self, client, superuser, operations
    ):
        html = client.get(operation_url("fine")).content.decode()

        assert "Nothing to fix" in html
        assert "<table" not in main_content(html)

    def test_an_unknown_operation_is_not_found(self, client, superuser):
        assert not_found(client, operation_url("nowhere"))

    def test_a_user_sees_their_operation_and_not_another(
        self, client, officer_of_broken
    ):
        assert client.get(operation_url("broken")).status_code == 200
        assert not_found(client, operation_url("fine"))

    def test_a_user_of_no_operation_finds_none(self, client, officer, operations):
        assert not_found(client, operation_url("fine"))

    def test_the_page_needs_the_admin(self, client, operations):
        response = client.get(operation_url("fine"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


class QueryCountTests:
    def test_the_home_panel_does_not_grow_with_the_operations(
        self, client, superuser, operations, django_assert_max_num_queries
    ):
        client.get(HOME)  # warms Wagtail's caches
        with CaptureQueriesContext(connection) as few:
            client.get(INDEX)
        doc = operations[0].names.first().source
        for index in range(4):
            current_operation(f"more-{index}", doc=doc).offices.all().delete()
        with django_assert_max_num_queries(len(few)):
            response = client.get(INDEX)
        assert len(rows(response.content.decode(), "Errors and warnings")) == 6
