"""Data health in the admin: a panel on the home page, a page and its menu item."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from fieldops.core.roles import operations_of

from . import urls
from .selectors import data_health


class DataHealthPanel(Component):
    """Errors and warnings per field operation, linking to each one's findings."""

    name = "data_health"
    template_name = "health/panel.html"
    order = 120

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        report = data_health(operations_of(request.user))
        return {
            "stale_after": settings.FIELDOPS_STALE_AFTER_MONTHS,
            "operations": [h for h in report if h.operation is not None],
            "organisation": next((h for h in report if h.operation is None), None),
        }


@hooks.register("construct_homepage_panels")
def add_data_health_panel(request, panels):
    panels.append(DataHealthPanel())


@hooks.register("register_admin_urls")
def register_data_health_urls():
    return [path("data-health/", include(urls, namespace="health"))]


@hooks.register("register_admin_menu_item")
def register_data_health_menu_item():
    return MenuItem(
        _("Data health"),
        reverse("health:index"),
        name="data-health",
        icon_name="warning",
        order=900,
    )
