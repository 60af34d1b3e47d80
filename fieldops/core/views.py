from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fieldops.core.addresses import absolute_url


@never_cache
@require_GET
def health(request):
    """Liveness and database reachability, for load balancers and monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: context processors (or the database) may be what failed.
    context = {
        "ORGANISATION_NAME": settings.FIELDOPS_ORGANISATION_NAME,
        "ORGANISATION_ACRONYM": settings.FIELDOPS_ORGANISATION_ACRONYM,
    }
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


@require_GET
def robots_txt(request):
    """robots.txt: the public site may be crawled, the admin and the job-alert
    links (private to each subscriber) not; it names the sitemap on BASE_URL."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/job-alerts/confirm/",
        "Disallow: /*/job-alerts/manage/",
        "Disallow: /*/job-alerts/unsubscribe/",
        "Disallow: /*/job-alerts/delete/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
