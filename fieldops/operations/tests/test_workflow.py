"""Review before publishing: a change is submitted, approved or rejected (with a
comment) by the approvers of its own field operation, who are mailed on
submission; the author is mailed the outcome. History and restoring a revision."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Document
from fieldops.operations.access.roles import Role
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FinancialFigure,
    Mandate,
    Office,
    OperationApprovalTask,
    OperationName,
    OperationRole,
    Person,
    Place,
    Post,
    StaffingSnapshot,
)
from fieldops.recruitment.models import Vacancy

from .factories import MandateFactory
from .test_isolation import form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    """A user in the group of `role` of `operation`, with a client signed in."""

    def member(operation, role, name):
        from django.test import Client

        user = django_user_model.objects.create_user(
            name, email=f"{name}@example.org", password="unused-pw-1"
        )
        user.groups.add(OperationRole.objects.get(operation=operation, role=role).group)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return member


def submit(client, record, **changes):
    data = form_data(record, **changes) | {"action-submit": "submit"}
    response = client.post(url(type(record), "edit", record.pk), data)
    assert response.status_code == 302
    return WorkflowState.objects.for_instance(record).get(
        status=WorkflowState.STATUS_IN_PROGRESS
    )


def action_url(record, action, task_state) -> str:
    return url(type(record), "workflow_action", record.pk, action, task_state.pk)


class RecordReviewTests:
    @pytest.mark.parametrize(
        "model",
        [
            FieldOperation,
            OperationName,
            Office,
            Mandate,
            Person,
            Place,
            Post,
            Appointment,
            StaffingSnapshot,
            FinancialFigure,
            Document,
            Vacancy,
        ],
    )
    def test_every_record_is_reviewed_by_the_operation(self, model):
        workflow = model().get_workflow()
        assert workflow is not None and workflow.active
        task = workflow.tasks.get().specific
        assert isinstance(task, OperationApprovalTask)

    def test_vacancies_are_also_approved_by_central_hr(self):
        task = Vacancy().get_workflow().tasks.get().specific
        names = set(task.groups.values_list("name", flat=True))
        assert names == {"HR approvers", "Organisation administrators"}

    def test_a_submitted_change_is_approved_by_its_operation_s_approver_only(
        self, operations, member
    ):
        alpha, beta = operations
        record = MandateFactory(operation=alpha, summary="Old summary")
        editor = member(alpha, Role.EDITOR, "editor")
        own_approver = member(alpha, Role.APPROVER, "approver-a")
        other_approver = member(beta, Role.APPROVER, "approver-b")
        mail.outbox.clear()

        state = submit(editor, record, summary="New summary")
        task_state = state.current_task_state
        record.refresh_from_db()
        assert record.summary == "Old summary"  # not live until approved
        notified = {address for message in mail.outbox for address in message.to}
        assert "approver-a@example.org" in notified
        assert "approver-b@example.org" not in notified

        # The other operation's approver is refused, by address and by the task.
        response = other_approver.post(action_url(record, "approve", task_state))
        assert response.status_code == 403
        theirs = MandateFactory(operation=beta)
        other_approver.post(action_url(theirs, "approve", task_state))
        task_state.refresh_from_db()
        assert task_state.status == task_state.STATUS_IN_PROGRESS
        # The editor may not approve their own change either.
        editor.post(action_url(record, "approve", task_state))
        task_state.refresh_from_db()
        assert task_state.status == task_state.STATUS_IN_PROGRESS

        response = own_approver.post(action_url(record, "approve", task_state))
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.summary == "New summary"
        assert record.live
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED
        assert any("editor@example.org" in m.to for m in mail.outbox)

    def test_a_rejected_change_mails_the_author_the_comment(self, operations, member):
        alpha, _beta = operations
        record = MandateFactory(operation=alpha, summary="Old summary")
        editor = member(alpha, Role.EDITOR, "editor")
        approver = member(alpha, Role.APPROVER, "approver")
        state = submit(editor, record, summary="Wrong summary")
        mail.outbox.clear()

        response = approver.post(
            action_url(record, "reject", state.current_task_state),
            {"comment": "Cite the decision, please."},
        )
        assert response.status_code == 302
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        record.refresh_from_db()
        assert record.summary == "Old summary"
        to_author = [m for m in mail.outbox if "editor@example.org" in m.to]
        assert len(to_author) == 1
        assert "Cite the decision, please." in to_author[0].body

    def test_an_organisation_administrator_approves_any_operation(
        self, client, django_user_model, operations, member
    ):
        alpha, _beta = operations
        record = MandateFactory(operation=alpha)
        state = submit(member(alpha, Role.EDITOR, "editor"), record, summary="Fixed")
        admin = django_user_model.objects.create_user("org", "org@example.org", "pw")
        admin.groups.add(Group.objects.get(name="Organisation administrators"))
        login_verified(client, admin)
        client.post(action_url(record, "approve", state.current_task_state))
        record.refresh_from_db()
        assert record.summary == "Fixed"

    def test_a_shared_record_is_approved_by_any_operation_s_approver(
        self, operations, member
    ):
        alpha, beta = operations
        person = Person.objects.create(name="Old Name")
        state = submit(member(alpha, Role.EDITOR, "editor"), person, name="New Name")
        approver = member(beta, Role.APPROVER, "approver-b")
        approver.post(action_url(person, "approve", state.current_task_state))
        person.refresh_from_db()
        assert person.name == "New Name"

    def test_an_hr_officer_s_vacancy_is_approved_by_the_operation_s_approver(
        self, operations, member
    ):
        from fieldops.recruitment.tests.factories import VacancyFactory

        alpha, _beta = operations
        vacancy = VacancyFactory(operation=alpha, draft=True)
        officer = member(alpha, Role.HR_OFFICER, "hr")
        state = submit(officer, vacancy, title="Senior Programme Officer")
        approver = member(alpha, Role.APPROVER, "approver")
        approver.post(action_url(vacancy, "approve", state.current_task_state))
        vacancy.refresh_from_db()
        assert vacancy.live
        assert vacancy.title == "Senior Programme Officer"


class HistoryTests:
    def test_the_history_lists_an_edit_by_its_author(self, operations, member):
        alpha, _beta = operations
        record = MandateFactory(operation=alpha)
        editor = member(alpha, Role.EDITOR, "carol")
        editor.post(url(Mandate, "edit", record.pk), form_data(record, summary="x"))
        response = editor.get(url(Mandate, "history", record.pk))
        assert response.status_code == 200
        assert "carol" in response.content.decode()

    def test_an_earlier_revision_is_restored_through_the_admin(
        self, operations, member
    ):
        alpha, _beta = operations
        record = MandateFactory(operation=alpha, summary="First wording")
        first = record.save_revision()
        first.publish()
        approver = member(alpha, Role.APPROVER, "approver")
        approver.post(
            url(Mandate, "edit", record.pk),
            form_data(record, summary="Second wording") | {"action-publish": "on"},
        )
        record.refresh_from_db()
        assert record.summary == "Second wording"

        revert = url(Mandate, "revisions_revert", record.pk, first.pk)
        response = approver.get(revert)
        assert response.status_code == 200
        assert "First wording" in response.content.decode()
        old = first.as_object()
        approver.post(revert, form_data(old) | {"action-publish": "on"})
        record.refresh_from_db()
        assert record.summary == "First wording"
        assert Revision.objects.for_instance(record).count() == 3

    def test_another_operation_s_history_and_revisions_are_refused(
        self, operations, member
    ):
        alpha, beta = operations
        record = MandateFactory(operation=alpha)
        revision = record.save_revision()
        outsider = member(beta, Role.APPROVER, "outsider")
        assert outsider.get(url(Mandate, "history", record.pk)).status_code == 403
        revert = url(Mandate, "revisions_revert", record.pk, revision.pk)
        assert outsider.get(revert).status_code == 403


def test_the_workflow_history_of_a_record_is_reachable(operations, member):
    alpha, _beta = operations
    record = MandateFactory(operation=alpha)
    editor = member(alpha, Role.EDITOR, "editor")
    submit(editor, record, summary="Reviewed")
    response = editor.get(url(Mandate, "workflow_history", record.pk))
    assert response.status_code == 200
    assert reverse("wagtailadmin_home") in response.content.decode()


def test_the_approver_s_dashboard_lists_what_awaits_review(operations, member):
    alpha, beta = operations
    record = MandateFactory(operation=alpha, summary="Awaiting a look")
    submit(member(alpha, Role.EDITOR, "editor"), record, summary="Awaiting review")
    own = member(alpha, Role.APPROVER, "approver-a").get(reverse("wagtailadmin_home"))
    other = member(beta, Role.APPROVER, "approver-b").get(reverse("wagtailadmin_home"))
    assert own.status_code == other.status_code == 200
    assert "Awaiting review" in own.content.decode()
    assert "Awaiting review" not in other.content.decode()


def test_profile_pages_are_reviewed_by_their_operation_s_approvers(operations, member):
    from .factories import FieldOperationPageFactory

    alpha, beta = operations
    page = FieldOperationPageFactory(operation=alpha)
    workflow = page.get_workflow()
    assert workflow.name == "Record review"
    task = workflow.tasks.get().specific
    own = member(alpha, Role.APPROVER, "approver-a").user
    other = member(beta, Role.APPROVER, "approver-b").user
    assert task.user_can_approve(page, own)
    assert not task.user_can_approve(page, other)
