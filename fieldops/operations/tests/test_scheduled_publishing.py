"""Records and pages go live and expire at their scheduled times when
`publish_scheduled` runs (every minute under `make run`, or from cron)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from fieldops.operations.models import FieldOperationPage, Mandate

from .factories import FieldOperationPageFactory, MandateFactory

pytestmark = pytest.mark.django_db


def schedule(obj, go_live_at):
    """Publish a revision of `obj` scheduled for a moment to come, then let that
    moment pass (as the clock would) by moving it to `go_live_at`."""
    obj.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = obj.save_revision()
    revision.publish()
    revision.content["go_live_at"] = go_live_at.isoformat()
    revision.approved_go_live_at = go_live_at
    revision.save(update_fields=["content", "approved_go_live_at"])
    return revision


class ScheduledPublishingTests:
    def test_a_record_scheduled_in_the_past_goes_live(self):
        record = MandateFactory(live=False, summary="Scheduled")
        schedule(record, timezone.now() - datetime.timedelta(minutes=1))
        assert not Mandate.objects.get(pk=record.pk).live
        call_command("publish_scheduled")
        record.refresh_from_db()
        assert record.live

    def test_a_record_scheduled_in_the_future_waits(self):
        record = MandateFactory(live=False)
        schedule(record, timezone.now() + datetime.timedelta(days=1))
        call_command("publish_scheduled")
        record.refresh_from_db()
        assert not record.live

    def test_a_record_past_its_expiry_is_unpublished(self):
        record = MandateFactory(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        assert record.live
        call_command("publish_scheduled")
        record.refresh_from_db()
        assert not record.live
        assert record.expired

    def test_a_page_scheduled_in_the_past_goes_live(self):
        page = FieldOperationPageFactory(live=False)
        schedule(page, timezone.now() - datetime.timedelta(minutes=1))
        assert not FieldOperationPage.objects.get(pk=page.pk).live
        call_command("publish_scheduled")
        page.refresh_from_db()
        assert page.live

    def test_a_page_past_its_expiry_is_unpublished(self):
        page = FieldOperationPageFactory(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        call_command("publish_scheduled")
        page.refresh_from_db()
        assert not page.live
        assert page.expired
