import sys

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from fieldops.core.addresses import absolute_url
from fieldops.core.outages import (
    PROBE_SQL,
    Outage,
    database_outage,
    outage_response,
)
from fieldops.core.request_limits import body_limit_response

# /healthz gives up on a slow database after this long (PostgreSQL), well before a
# load balancer's probe does.
HEALTH_STATEMENT_TIMEOUT_MS = 2000


@never_cache
@require_safe
def health(request):
    """Liveness and database reachability, for load balancers and monitoring:
    200 `{"status": "ok"}`, or 503 `{"detail": message}` with Retry-After when
    the database cannot answer PROBE_SQL (on PostgreSQL within
    HEALTH_STATEMENT_TIMEOUT_MS, after a connection made within
    DATABASE_CONNECT_TIMEOUT)."""
    try:
        if connection.vendor == "postgresql":
            # The short timeout lasts for this transaction only.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(HEALTH_STATEMENT_TIMEOUT_MS)],
                )
                cursor.execute(PROBE_SQL)
        else:
            # Outside a transaction: SQLite's immediate ones take the write lock.
            with connection.cursor() as cursor:
                cursor.execute(PROBE_SQL)
    except DatabaseError as error:
        return outage_response(request, database_outage(error) or Outage.UNAVAILABLE)
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    """The 400 page; 413 or 400 with the limit named for a form body over one
    of Django's limits (fieldops.core.request_limits)."""
    return body_limit_response(request, exception) or render(
        request, "400.html", status=400
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, or the 503 of an outage when the database is what failed
    (in a middleware, before DatabaseOutageMiddleware could see it)."""
    kind = database_outage(sys.exc_info()[1])
    if kind is not None:
        return outage_response(request, kind)
    # No request context: context processors (or the database) may be what failed.
    context = {
        "ORGANISATION_NAME": settings.FIELDOPS_ORGANISATION_NAME,
        "ORGANISATION_ACRONYM": settings.FIELDOPS_ORGANISATION_ACRONYM,
    }
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


@require_safe
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
