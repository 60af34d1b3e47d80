"""Admin addresses of the records a finding is about, from Wagtail's own admin URL
finder and snippet viewsets.

No user is given to the URL finder: a report already holds only the user's own
operations (views.py), every view of a record checks the user's rights itself
(operations' RecordViewSet), and `manage.py data_health` has no user. With one,
each link would cost a permission query.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.db import models
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder


def admin_edit_url(record: models.Model) -> str | None:
    """The admin address where `record` is edited (None for a model without an
    edit view in the admin)."""
    return AdminURLFinder().get_edit_url(record)


def admin_edit_url_of(model: type[models.Model], pk: int) -> str:
    """The admin address where the snippet of `model` with primary key `pk` is
    edited, for a record not loaded (only its id)."""
    return reverse(model.snippet_viewset.get_url_name("edit"), args=[quote(pk)])


def admin_add_url(model: type[models.Model]) -> str:
    """The admin address where a snippet of `model` is created."""
    return reverse(model.snippet_viewset.get_url_name("add"))


def admin_list_url(model: type[models.Model], **filters: object) -> str:
    """The admin listing of the snippets of `model`, filtered by `filters`
    (listing filter name -> value)."""
    url = reverse(model.snippet_viewset.get_url_name("list"))
    return f"{url}?{urlencode(filters)}" if filters else url
