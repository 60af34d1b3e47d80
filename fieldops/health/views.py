"""The data-health pages of the admin: every visible operation's counts, and one
operation's findings grouped by kind."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fieldops.core.roles import operations_of

from .selectors import data_health


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
        context = super().get_context_data(**kwargs)
        report = data_health(operations_of(self.request.user))
        context["stale_after"] = settings.FIELDOPS_STALE_AFTER_MONTHS
        context["operations"] = [h for h in report if h.operation is not None]
        context["organisation"] = next((h for h in report if h.operation is None), None)
        return context


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
