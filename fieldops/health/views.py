"""The data-health pages of the admin: every visible operation's counts, and one
operation's findings grouped by kind."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fieldops.core.mail import outbox_retry
from fieldops.core.tasks import send_outbox
from fieldops.operations.selectors import operations_of
from fieldops.recruitment.alerts.delivery import deliveries_resend
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tasks import deliveries_send

from .report import data_health


def overview(user) -> dict:
    """The context of the data-health panel and page for `user`: {"stale_after":
    months, "operations": [OperationHealth] of the user's operations,
    "organisation": the whole organisation's OperationHealth or None (only
    administrators see it)}."""
    report = data_health(operations_of(user))
    return {
        "stale_after": settings.FIELDOPS_STALE_AFTER_MONTHS,
        "operations": [h for h in report if h.operation is not None],
        "organisation": next((h for h in report if h.operation is None), None),
    }


class HealthIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The counts of findings per field operation the user may see."""

    template_name = "health/index.html"
    page_title = gettext_lazy("Data health")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **overview(self.request.user)}


class HealthOperationView(WagtailAdminTemplateMixin, TemplateView):
    """One field operation's findings, grouped by kind, each with its link."""

    template_name = "health/operation.html"
    header_icon = "warning"

    def get_page_title(self):
        return _("Data health: %(name)s") % {"name": self.health.name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("health:index"), "label": _("Data health")},
            {"url": "", "label": self.health.name},
        ]

    def get(self, request, *args, slug, **kwargs):
        report = data_health(operations_of(request.user), slug=slug)
        if not report:
            raise Http404(_("No field operation of yours has this address."))
        self.health = report[0]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["health"] = self.health
        return context


@require_POST
def resend_alerts(request, pk: int):
    """Send again the given-up job-alert mails of a vacancy that is open again.
    403 for a vacancy of an operation the user does not look after."""
    vacancy = get_object_or_404(Vacancy.objects.select_related("operation"), pk=pk)
    visible = operations_of(request.user)
    if visible is not None and not visible.filter(pk=vacancy.operation_id).exists():
        raise PermissionDenied
    count = deliveries_resend(vacancy_ids=[vacancy.pk])
    if count:
        transaction.on_commit(deliveries_send.enqueue)
    messages.success(
        request,
        ngettext(
            "%(count)s job-alert mail is on its way again.",
            "%(count)s job-alert mails are on their way again.",
            count,
        )
        % {"count": count},
    )
    return redirect("health:operation", slug=vacancy.operation.slug)


@require_POST
def retry_outbox(request):
    """Try the mail waiting in the outbox again now (administrators only: the
    outbox holds every operation's mail)."""
    if operations_of(request.user) is not None:
        raise PermissionDenied
    count = outbox_retry()
    send_outbox.enqueue()
    messages.success(
        request,
        ngettext(
            "%(count)s mail is being tried again.",
            "%(count)s mails are being tried again.",
            count,
        )
        % {"count": count},
    )
    return redirect("health:index")
