"""The admin's site history, limited to the records of the user's own operations."""

from wagtail.models import ModelLogEntry
from wagtail.models.audit_log import ModelLogEntryManager

from .policy import without_hidden_records


class RecordLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        return without_hidden_records(super().viewable_by_user(user), user)


class RecordLogEntry(ModelLogEntry):
    """Wagtail's log of everything but pages (the same rows), whose site history
    shows a user the actions on the records of their own operations only."""

    objects = RecordLogEntryManager()

    class Meta:
        proxy = True
