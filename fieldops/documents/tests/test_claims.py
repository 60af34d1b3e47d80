"""Claims of sources that disagree: the service that prefers one, and the admin
listing of disputed claims with its button."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Claim
from fieldops.documents.services import claim_prefer
from fieldops.operations.tests.factories import (
    FinancialFigureFactory,
    OperationNameFactory,
)

pytestmark = pytest.mark.django_db


def claims_about(record, field, *values, preferred=0):
    kind = ContentType.objects.get_for_model(record)
    return [
        Claim.objects.create(
            content_type=kind,
            object_id=record.pk,
            field=field,
            value=value,
            preferred=index == preferred,
        )
        for index, value in enumerate(values)
    ]


def prefer_url(claim) -> str:
    return reverse(f"{Claim.snippet_viewset.url_namespace}:prefer", args=[claim.pk])


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="unused-password-1"
    )
    login_verified(client, user)
    return client


class ClaimPreferTests:
    def test_a_month_claim_writes_the_date_and_its_precision(self):
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        first, second = claims_about(name, "valid_from", "1998-06-11", "1998-07")
        claim_prefer(claim=second)
        name.refresh_from_db()
        assert name.valid_from == datetime.date(1998, 7, 1)
        assert name.valid_from_precision == "month"
        first.refresh_from_db()
        assert (first.preferred, Claim.objects.get(pk=second.pk).preferred) == (
            False,
            True,
        )

    def test_a_year_claim_and_a_number_claim_are_written(self):
        name = OperationNameFactory()
        _first, year = claims_about(name, "valid_from", "1998-06-11", "1997")
        claim_prefer(claim=year)
        name.refresh_from_db()
        assert (name.valid_from, name.valid_from_precision) == (
            datetime.date(1997, 1, 1),
            "year",
        )
        figure = FinancialFigureFactory()
        _first, other = claims_about(figure, "amount", "1000000.00", "1250000")
        claim_prefer(claim=other)
        figure.refresh_from_db()
        assert str(figure.amount) == "1250000.00"

    def test_a_value_that_does_not_fit_is_refused_and_nothing_changes(self):
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        _first, bad = claims_about(name, "valid_from", "1998-06-11", "June 1998")
        with pytest.raises(ValidationError, match="does not fit"):
            claim_prefer(claim=bad)
        name.refresh_from_db()
        assert name.valid_from == datetime.date(1998, 6, 11)
        assert not Claim.objects.get(pk=bad.pk).preferred

    def test_an_unknown_field_is_refused(self):
        name = OperationNameFactory()
        _first, bad = claims_about(name, "founded", "1998", "1999")
        with pytest.raises(ValidationError, match="not a field"):
            claim_prefer(claim=bad)


class DisputedClaimsAdminTests:
    def test_the_listing_shows_disputed_claims_only(self, admin):
        name = OperationNameFactory()
        claims_about(name, "valid_from", "1998-06-11", "1998-07-23")
        claims_about(name, "full_name", "Same", "Same")
        response = admin.get(reverse(f"{Claim.snippet_viewset.url_namespace}:list"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "1998-07-23" in page
        assert "Prefer this claim" in page
        assert "Same" not in page

    def test_preferring_a_claim_writes_it_onto_the_record(self, admin):
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        _first, other = claims_about(name, "valid_from", "1998-06-11", "1998-07-23")
        response = admin.post(prefer_url(other), follow=True)
        assert response.status_code == 200
        assert "is now the preferred claim" in response.content.decode()
        name.refresh_from_db()
        assert name.valid_from == datetime.date(1998, 7, 23)

    def test_a_bad_value_gives_a_clear_message_not_an_error(self, admin):
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        _first, bad = claims_about(name, "valid_from", "1998-06-11", "mid-1998")
        response = admin.post(prefer_url(bad), follow=True)
        assert response.status_code == 200
        assert "does not fit the field" in response.content.decode()
        name.refresh_from_db()
        assert name.valid_from == datetime.date(1998, 6, 11)

    def test_get_is_not_allowed_and_an_unknown_claim_is_404(self, admin):
        name = OperationNameFactory()
        _first, other = claims_about(name, "valid_from", "1998-06-11", "1999")
        assert admin.get(prefer_url(other)).status_code == 405
        missing = reverse(
            f"{Claim.snippet_viewset.url_namespace}:prefer", args=[other.pk + 99]
        )
        assert admin.post(missing).status_code == 404

    def test_someone_without_the_claim_permission_is_refused(
        self, client, django_user_model
    ):
        from django.contrib.auth.models import Permission

        user = django_user_model.objects.create_user(
            username="viewer", email="v@example.org", password="unused-password-1"
        )
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        login_verified(client, user)
        name = OperationNameFactory()
        _first, other = claims_about(name, "valid_from", "1998-06-11", "1999")
        response = client.post(prefer_url(other))
        assert response.status_code in (302, 403)
        assert not Claim.objects.get(pk=other.pk).preferred


class ClaimPreferHistoryTests:
    """Preferring a claim is kept like any other edit of the record: a
    revision by the editor, published, in the record's history."""

    def test_it_saves_a_published_revision_and_logs_who_did_it(self, django_user_model):
        from wagtail.log_actions import registry

        user = django_user_model.objects.create_superuser(
            username="approver", email="a@example.org", password="unused-password-1"
        )
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        _first, other = claims_about(name, "valid_from", "1998-06-11", "1998-07")
        claim_prefer(claim=other, user=user)
        name.refresh_from_db()
        revision = name.latest_revision
        assert revision is not None
        assert revision.user == user
        assert name.live_revision == revision
        assert revision.content["valid_from"] == "1998-07-01"
        assert revision.content["valid_from_precision"] == "month"
        assert not name.has_unpublished_changes
        actions = [
            (entry.action, entry.user_id)
            for entry in registry.get_logs_for_instance(name).order_by("pk")
        ]
        assert ("wagtail.edit", user.pk) in actions
        assert ("wagtail.publish", user.pk) in actions

    def test_a_record_with_a_draft_waiting_is_refused_and_nothing_changes(self):
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        first, other = claims_about(name, "valid_from", "1998-06-11", "1998-07-23")
        name.full_name = "A draft name"
        name.save_revision()
        with pytest.raises(ValidationError, match="draft waiting"):
            claim_prefer(claim=other)
        name.refresh_from_db()
        assert name.valid_from == datetime.date(1998, 6, 11)
        assert Claim.objects.get(pk=first.pk).preferred
        assert not Claim.objects.get(pk=other.pk).preferred

    def test_the_admin_button_records_the_signed_in_editor(self, admin):
        from wagtail.log_actions import registry

        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        _first, other = claims_about(name, "valid_from", "1998-06-11", "1999")
        admin.post(prefer_url(other))
        users = {
            entry.user.username
            for entry in registry.get_logs_for_instance(name)
            if entry.action == "wagtail.publish"
        }
        assert users == {"editor"}

    def test_someone_who_may_not_publish_the_record_is_refused(self, django_user_model):
        user = django_user_model.objects.create_user(
            username="clerk", email="c@example.org", password="unused-password-1"
        )
        name = OperationNameFactory(valid_from=datetime.date(1998, 6, 11))
        first, other = claims_about(name, "valid_from", "1998-06-11", "1999")
        with pytest.raises(ValidationError, match="may publish"):
            claim_prefer(claim=other, user=user)
        name.refresh_from_db()
        assert name.valid_from == datetime.date(1998, 6, 11)
        assert name.latest_revision is None
        assert Claim.objects.get(pk=first.pk).preferred
