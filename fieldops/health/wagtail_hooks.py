"""Data health in the admin: a panel on the home page, a page and its menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import urls
from .views import overview


class DataHealthPanel(Component):
    """Errors and warnings per field operation, linking to each one's findings."""

    name = "data_health"
    template_name = "health/panel.html"
    order = 120

    def get_context_data(self, parent_context):
        return overview(parent_context["request"].user)


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
