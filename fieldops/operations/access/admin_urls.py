"""The admin's addresses: Wagtail's, with the few views that list every
operation's records and offer no hook to limit them replaced (see admin_views).

The replacements come first, at Wagtail's own paths, so that Wagtail's URL names
lead to them."""

from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import admin_views

snippets_api = "localize/api/snippets/<slug:app_label>/<slug:model_name>/"
replacements = [
    path("reports/workflow/", admin_views.WorkflowView.as_view()),
    path(
        "reports/workflow/results/",
        admin_views.WorkflowView.as_view(results_only=True),
    ),
    path("reports/workflow_tasks/", admin_views.WorkflowTasksView.as_view()),
    path(
        "reports/workflow_tasks/results/",
        admin_views.WorkflowTasksView.as_view(results_only=True),
    ),
    path(snippets_api, admin_views.SnippetsApiViewSet.as_view({"get": "list"})),
    path(
        snippets_api + "<str:pk>/",
        admin_views.SnippetsApiViewSet.as_view({"get": "retrieve"}),
    ),
]

urlpatterns = [
    *decorate_urlpatterns(
        decorate_urlpatterns(replacements, require_admin_access), never_cache
    ),
    path("", include(wagtailadmin_urls)),
]
