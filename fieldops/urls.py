from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

from fieldops.accounts import views as accounts_views
from fieldops.core import routing
from fieldops.core import views as core_views
from fieldops.opendata import urls as open_data_urls
from fieldops.opendata.api import api
from fieldops.sitemaps import sitemap

urlpatterns = [
    # Before Wagtail's own, which it replaces: sign-out by POST only.
    path(
        "admin/logout/",
        accounts_views.LogoutView.as_view(),
        name="wagtailadmin_logout",
    ),
    path("admin/", include("fieldops.operations.access.admin_urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", core_views.robots_txt),
    path("api/v1/", api.urls),
    path("exports/", include(open_data_urls.exports)),
    path("healthz", core_views.health, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg")
    ),
]

urlpatterns += i18n_patterns(
    path("documents/", include("fieldops.documents.urls")),
    path("vacancies/", include("fieldops.recruitment.urls")),
    path("job-alerts/", include("fieldops.recruitment.alerts.urls")),
    path("open-data/", include(open_data_urls.open_data)),
    # Wagtail's own addresses, its page view wrapped to keep the routes of page
    # addresses (fieldops/core/routing.py): the same addresses, names and order.
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "fieldops.core.views.bad_request"
handler404 = "fieldops.core.views.page_not_found"
handler500 = "fieldops.core.views.server_error"
