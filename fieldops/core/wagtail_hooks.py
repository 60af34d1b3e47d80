"""Admin views of Wagtail's own that reach the records, limited like the records'
own viewsets (see fieldops.core.viewsets) to each user's operations."""

from django.db import models
from wagtail import hooks
from wagtail.models import ModelLogEntry

from .models import RecordLogEntry
from .viewsets import RecordDeleteBulkAction


# After Wagtail's own registration (order 0), which this one replaces.
@hooks.register("register_log_actions", order=100)
def log_records_with_their_scope(actions):
    """The site history reads the log of every object but pages through
    RecordLogEntry, which leaves out other operations' records."""
    actions.register_model(models.Model, RecordLogEntry)
    actions.log_entry_models.discard(ModelLogEntry)


# After Wagtail's DeleteBulkAction, which this one replaces for the records.
hooks.register("register_bulk_action", RecordDeleteBulkAction, order=100)
