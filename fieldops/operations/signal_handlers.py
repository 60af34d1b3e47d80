"""Receivers of Wagtail's signals, connected by `OperationsConfig.ready()`."""

from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .models import OperationApprovalSubmissionNotifier

# Kept at module level: the signal holds its receivers by weak reference.
approval_submitted_notifier = OperationApprovalSubmissionNotifier()


def register_signal_handlers() -> None:
    """Mail the approvers of a record's operation when it is submitted to an
    OperationApprovalTask (the dispatch_uid makes a second call harmless)."""
    task_submitted.connect(
        approval_submitted_notifier,
        sender=TaskState,
        dispatch_uid="operation_approval_task_submitted_email_notification",
    )
