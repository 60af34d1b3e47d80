"""Who may edit and approve an operation's records, and the review step that
asks them: the operation's roles, the approval task and its notifier.

The notifier is connected to Wagtail's signal in `OperationsConfig.ready()`
(signal_handlers.py), never when this module is imported.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import Page, Revision, Task, TaskState

from fieldops.core.models import ChoiceLabels

from ..access.policy import SHARED, scope_of
from ..access.roles import Role
from .records import FieldOperation


class OperationRole(ChoiceLabels):
    """Links a group to the field operation whose records its members may edit
    (or approve), and says in which role."""

    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="operation_role",
        help_text=_("The group whose members hold the role."),
    )
    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="roles",
        help_text=_("The field operation the role is for."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        help_text=_("What the group's members do for the operation."),
    )

    class Meta:
        ordering = ["operation", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "role"], name="one_group_per_operation_role"
            )
        ]
        verbose_name = _("operation role")
        verbose_name_plural = _("operation roles")

    def __str__(self):
        return f"{self.operation}: {self.get_role_display()}"


def submitters_of(obj) -> set[int]:
    """The ids of the users who may not approve `obj`'s change under review: who
    submitted it and who wrote the revision under review (four eyes). Empty when
    FIELDOPS_ALLOW_SELF_APPROVAL is set (a one-person office) or nothing is under
    review."""
    if settings.FIELDOPS_ALLOW_SELF_APPROVAL:
        return set()
    state = getattr(obj, "current_workflow_state", None)
    if state is None:
        return set()
    ids = {state.requested_by_id}
    task_state = state.current_task_state
    if task_state is not None and task_state.revision_id:
        ids.add(
            Revision.objects.filter(pk=task_state.revision_id)
            .values_list("user_id", flat=True)
            .first()
        )
    return ids - {None}


class OperationApprovalTask(Task):
    """A review step approved by the approvers of the record's own field operation,
    or by a member of the organisation-wide groups chosen here."""

    groups = models.ManyToManyField(
        Group,
        verbose_name=_("organisation-wide groups"),
        blank=True,
        related_name="operation_approval_tasks",
        help_text=_(
            "Members of these groups may approve the records of every field "
            "operation, besides each operation's own approvers."
        ),
    )

    admin_form_fields = [*Task.admin_form_fields, "groups"]

    class Meta:
        verbose_name = _("approval by the field operation")
        verbose_name_plural = _("approvals by the field operation")

    @classmethod
    def get_description(cls):
        return _(
            "The approvers of the record's field operation (and the chosen "
            "organisation-wide groups) approve or reject the change"
        )

    def approvers(self, obj):
        """The active users who may approve `obj` at this step."""
        users = get_user_model().objects.filter(is_active=True)
        scope = scope_of(obj)
        approvers = models.Q(groups__in=self.groups.all())
        if scope == SHARED:
            approvers |= models.Q(groups__operation_role__role=Role.APPROVER)
        elif scope is not None:
            approvers |= models.Q(
                groups__operation_role__role=Role.APPROVER,
                groups__operation_role__operation_id=scope,
            )
        return users.filter(approvers).distinct()

    def user_can_approve(self, obj, user) -> bool:
        """Whether `user` may approve or reject `obj` at this step: an approver of
        its operation (or an administrator) who neither submitted it nor wrote
        the revision under review, unless FIELDOPS_ALLOW_SELF_APPROVAL is set."""
        if not (user.is_active and user.is_authenticated):
            return False
        if user.pk in submitters_of(obj):
            return False
        if user.is_superuser:
            return True
        return self.approvers(obj).filter(pk=user.pk).exists()

    def user_can_access_editor(self, obj, user):
        return self.user_can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_approve(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin's action view checks the object named in its address, not the
        # task state's own: check the object under review.
        if not self.user_can_approve(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not settings.FIELDOPS_ALLOW_SELF_APPROVAL:
            states = states.exclude(workflow_state__requested_by=user).exclude(
                revision__user=user
            )
        if user.is_superuser or self.groups.filter(user=user).exists():
            return states
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if self.user_can_approve(state.workflow_state.content_object, user)
        ]
        return states.filter(pk__in=allowed)


class OperationApprovalSubmissionNotifier(EmailNotificationMixin, Notifier):
    """Mails the approvers of the record's operation when it is submitted to an
    OperationApprovalTask (Wagtail's own notifier mails group approval tasks)."""

    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, OperationApprovalTask
        )

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        if isinstance(context["object"], Page):
            context["page"] = context["object"].specific
        return context

    def get_recipient_users(self, task_state, **kwargs):
        obj = task_state.workflow_state.content_object
        recipients = set(task_state.task.specific.approvers(obj))
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients |= set(get_user_model().objects.filter(is_superuser=True))
        recipients.discard(kwargs.get("user"))
        return recipients
