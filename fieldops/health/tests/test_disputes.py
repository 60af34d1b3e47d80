"""Data health of what is known only in part: facts on which sources disagree,
more than a year with no head known, figures of unknown report date."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Claim
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.health.report import data_health
from fieldops.operations.models import FieldOperation
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FinancialFigureFactory,
    OperationNameFactory,
    PostFactory,
)

D = datetime.date
NOW = datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


def findings(operation, code):
    (health,) = data_health(FieldOperation.objects.filter(pk=operation.pk), now=NOW)
    return [f for f in health.findings if f.code == code]


def disputed_operation(slug="disputed"):
    name = OperationNameFactory(operation__slug=slug, valid_from=D(1998, 6, 11))
    doc = DocumentFactory(symbol=f"DOC/{slug}", title=f"Report on {slug}")
    kind = ContentType.objects.get_for_model(name)
    common = {"content_type": kind, "object_id": name.pk, "field": "valid_from"}
    Claim.objects.create(**common, value="1998-06-11", preferred=True)
    Claim.objects.create(**common, value="1998-07", source=doc)
    return name.operation, doc


class DisputedFactTests:
    def test_a_disputed_fact_lists_every_claim_and_links_its_sources(self):
        operation, doc = disputed_operation()
        [finding] = findings(operation, "disputed")
        assert finding.subject.startswith("Operation name:")
        assert "11 June 1998" in finding.message
        assert "July 1998 (Report on disputed)" in finding.message
        assert finding.links == ((doc.get_absolute_url(), doc.title),)

    def test_claims_that_agree_are_not_reported(self):
        name = OperationNameFactory()
        kind = ContentType.objects.get_for_model(name)
        for preferred in (True, False):
            Claim.objects.create(
                content_type=kind,
                object_id=name.pk,
                field="valid_from",
                value="1998-06-11",
                preferred=preferred,
            )
        assert findings(name.operation, "disputed") == []

    def test_the_dashboard_links_the_sources(self, client, django_user_model):
        user = django_user_model.objects.create_superuser(
            username="root", email="root@example.org", password="unused-password-1"
        )
        login_verified(client, user)
        operation, doc = disputed_operation()
        url = reverse("health:operation", kwargs={"slug": operation.slug})
        response = client.get(url)
        assert response.status_code == 200
        assert f'href="{doc.get_absolute_url()}"' in response.content.decode()


class HeadUnknownTests:
    def test_more_than_a_year_between_observed_heads_is_reported(self):
        name = OperationNameFactory(valid_from=D(2000, 1, 1))
        post = PostFactory(operation=name.operation)
        AppointmentFactory(post=post, valid_from=None, known_on=D(2007, 3, 27))
        AppointmentFactory(post=post, valid_from=None, known_on=D(2007, 9, 1))
        found = findings(name.operation, "head-unknown")
        messages = [f.message for f in found]
        assert messages == [
            "No head is known from 1 January 2000 until 27 March 2007, more than "
            "a year.",
            "No head is known from 2 September 2007 until 30 June 2025, more than "
            "a year.",
        ]

    def test_heads_known_throughout_are_not_reported(self):
        name = OperationNameFactory(valid_from=D(2000, 1, 1))
        post = PostFactory(operation=name.operation)
        AppointmentFactory(post=post, valid_from=D(2000, 6, 1), valid_to=D(2010, 1, 1))
        AppointmentFactory(post=post, valid_from=D(2010, 6, 1))
        assert findings(name.operation, "head-unknown") == []


class UndatedFigureTests:
    def test_a_figure_without_report_date_is_reported(self):
        figure = FinancialFigureFactory(as_of=None, year=2019)
        FinancialFigureFactory(operation=figure.operation, fund="extrabudgetary")
        [finding] = findings(figure.operation, "figure-undated")
        assert "2019" in finding.subject
        assert "counts from 1 January 2019" in finding.message


class QueryCountTests:
    def count(self):
        with CaptureQueriesContext(connection) as queries:
            data_health(now=NOW)
        return len(queries)

    def test_queries_do_not_grow_with_disputes(self):
        disputed_operation("first")
        few = self.count()
        for index in range(5):
            operation, _doc = disputed_operation(f"more-{index}")
            FinancialFigureFactory(operation=operation, as_of=None)
        assert self.count() == few
