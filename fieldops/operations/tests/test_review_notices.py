"""Review with four eyes: nobody approves their own submission (administrators
included, unless FIELDOPS_ALLOW_SELF_APPROVAL is set for a one-person office), and
the other approvers of the record's operation are mailed. The notice is kept like
every mail: it is in the outbox as soon as the submission is stored, and reaches
the approvers once the SMTP server answers again (a real server on localhost)."""

import pytest
from mailer.models import Message

from fieldops.core.reconcile import reconcile
from fieldops.operations.access.roles import Role

from .factories import MandateFactory
from .test_isolation import url
from .test_workflow import action_url, member, submit  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_approvers_notice_waits_out_an_smtp_outage(
    operations,
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


def both_roles(make_member, operation, name):
    """A client of a user who is both an editor and an approver of `operation`."""
    from fieldops.operations.models import OperationRole

    client = make_member(operation, Role.EDITOR, name)
    client.user.groups.add(
        OperationRole.objects.get(operation=operation, role=Role.APPROVER).group
    )
    return client


class FourEyesTests:
    def test_an_approver_cannot_approve_their_own_submission_the_others_are_told(
        self,
        operations,
        member,  # noqa: F811 - the fixture
        smtp_server,
        django_capture_on_commit_callbacks,
    ):
        alpha, _beta = operations
        record = MandateFactory(operation=alpha, summary="Old summary")
        author = both_roles(member, alpha, "author")
        colleague = member(alpha, Role.APPROVER, "colleague")
        with django_capture_on_commit_callbacks(execute=True):
            state = submit(author, record, summary="New summary")
        assert [m["To"] for m in smtp_server.messages] == ["colleague@example.org"]
        task_state = state.current_task_state

        own = author.get(url(type(record), "edit", record.pk))
        assert b'name="action-workflow-action"' not in own.content
        author.post(action_url(record, "approve", task_state))
        task_state.refresh_from_db()
        assert task_state.status == task_state.STATUS_IN_PROGRESS
        record.refresh_from_db()
        assert record.summary == "Old summary"

        colleague.post(action_url(record, "approve", task_state))
        record.refresh_from_db()
        assert record.summary == "New summary"

    def test_an_administrator_cannot_approve_their_own_submission_either(
        self,
        client,
        django_user_model,
        operations,
    ):
        from fieldops.accounts.testing import login_verified

        alpha, _beta = operations
        record = MandateFactory(operation=alpha, summary="Old summary")
        chief = django_user_model.objects.create_superuser(
            "chief", "chief@example.org", "a long enough password"
        )
        login_verified(client, chief)
        state = submit(client, record, summary="New summary")
        response = client.post(action_url(record, "approve", state.current_task_state))
        assert response.status_code in {302, 403}
        record.refresh_from_db()
        assert record.summary == "Old summary"
        task = state.current_task_state.task.specific
        assert not task.get_task_states_user_can_moderate(chief).exists()

    def test_a_one_person_office_may_allow_it_by_setting(
        self,
        operations,
        member,  # noqa: F811 - the fixture
        settings,
    ):
        settings.FIELDOPS_ALLOW_SELF_APPROVAL = True
        alpha, _beta = operations
        record = MandateFactory(operation=alpha, summary="Old summary")
        author = both_roles(member, alpha, "author")
        state = submit(author, record, summary="New summary")
        author.post(action_url(record, "approve", state.current_task_state))
        record.refresh_from_db()
        assert record.summary == "New summary"
