"""The approvers' notice of a submitted change is kept like every mail: it is in
the outbox as soon as the submission is stored, and reaches the approvers once the
SMTP server answers again, however long it was down (a real server on localhost)."""

import pytest
from mailer.models import Message

from fieldops.core.reconcile import reconcile
from fieldops.core.roles import Role

from .factories import MandateFactory
from .test_workflow import member, operations, submit  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_the_approvers_notice_waits_out_an_smtp_outage(
    operations,  # noqa: F811 - the fixture
    member,  # noqa: F811 - the fixture
    smtp_server,
    django_capture_on_commit_callbacks,
):
    alpha, _beta = operations
    record = MandateFactory(operation=alpha, summary="Old summary")
    editor = member(alpha, Role.EDITOR, "editor")
    member(alpha, Role.APPROVER, "approver")
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        submit(editor, record, summary="New summary")
    (queued,) = Message.objects.all()
    assert queued.to_addresses == ["approver@example.org"]
    reconcile()
    assert Message.objects.deferred().count() == 1
    smtp_server.start()
    reconcile()
    reconcile()
    (notice,) = smtp_server.messages
    assert notice["To"] == "approver@example.org"
    assert "has been submitted for approval" in notice["Subject"]
    assert not Message.objects.exists()
