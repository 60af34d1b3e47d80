"""The open-data views: the /<lang>/open-data/ page (what is open, under which
licence, and where), and the downloads under /exports/: the dataset as JSON, CSV
tables and a ZIP, and the Popolo and IATI files, for every public field
operation or for one."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from fieldops.core.as_of import AS_OF_REFUSED_DATA, as_of_asked, refuses_as_of
from fieldops.operations import views as page_views
from fieldops.operations.selectors import operation_list
from fieldops.operations.selectors.comparison import (
    COMPARISON_PARTS,
    comparison,
    figure_years,
)
from fieldops.operations.selectors.organisation import operation_rows
from fieldops.operations.time_travel import BadQuery

from .dataset import write
from .dataset.export import dataset_export, public_operations
from .dataset.format import CSV_TABLES
from .dataset.validation import schema_text
from .formats.iati import IatiUnavailable, iati_organisation, identifier_problem
from .formats.popolo import popolo
from .organisation import comparison_csv, comparison_data
from .provenance import BadDate, as_of_from, provenance_for

CONTENT_TYPES = {
    "json": "application/json",
    "zip": "application/zip",
    "popolo.json": "application/json",
    "iati.xml": "application/xml",
    "csv": write.CSV_MEDIA_TYPE,
    "csv-metadata.json": write.CSVW_MEDIA_TYPE,
    "schema.json": "application/schema+json",
}


@refuses_as_of
def open_data(request):
    """The API, the download formats, the licence, and every public field
    operation with its downloads, in a fixed number of queries."""
    today = timezone.localdate()
    operations = [s for s in operation_list(today, request=request) if s.page]
    context = {
        "operations": operations,
        "csv_tables": CSV_TABLES,
        # Why the IATI file is not offered, if it is not.
        "iati_problem": identifier_problem(),
        "licence_name": settings.FIELDOPS_DATA_LICENCE_NAME,
        "licence_url": settings.FIELDOPS_DATA_LICENCE_URL,
        "page_size": settings.NINJA_PAGINATION_PER_PAGE,
        "today": today,
    }
    return TemplateResponse(request, "opendata/open_data.html", context)


def _problem(status: int, message: str) -> HttpResponse:
    # JSON whatever the format asked for, as every error under /exports/ and /api/.
    return JsonResponse({"detail": message}, status=status)


def _echo(value: str) -> str:
    """A visitor's value quoted back in a message, cut short if long."""
    return Truncator(value).chars(40)


def _download(body, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sibling(url: str, name: str) -> str:
    """`name` in the folder of the absolute `url`, without its query."""
    return url.split("?", 1)[0].rsplit("/", 1)[0] + "/" + name


def _scope(request, slug):
    """The as_of day and the operations asked for, or the answer to a bad request."""
    try:
        as_of = as_of_from(request.GET.get("as_of"))
    except BadDate:
        message = _(
            "“%(value)s” is not a date: give as_of as YYYY-MM-DD, for example "
            "2020-06-01."
        ) % {"value": _echo(request.GET.get("as_of"))}
        return None, None, _problem(400, message)
    # All of them are read by the export itself; one asked for by name is read
    # here, for the 404, and handed to the export as it was read.
    operations = public_operations(slug)
    if slug is None:
        return as_of, operations, None
    operations = list(operations)
    if not operations:
        message = _("No published field operation has the address “%(slug)s”.") % {
            "slug": _echo(slug)
        }
        return None, None, _problem(404, message)
    return as_of, operations, None


@csrf_exempt
@require_safe
def export(request, fmt, slug=None):
    """The dataset (JSON or ZIP) or Popolo JSON of one or all operations, or the
    organisation's IATI XML (of all of them: IATI has no file per operation)."""
    if fmt == "iati.xml":
        problem = _iati_problem(slug)
        if problem:
            return problem
    as_of, operations, problem = _scope(request, slug)
    if problem:
        return problem
    day = as_of.day
    stem = f"fieldops-{slug or 'all'}-{day.isoformat()}"

    def build():
        provenance = provenance_for(request, day)
        if fmt == "popolo.json":
            body = json.dumps(
                popolo(operations, day, provenance),
                ensure_ascii=False,
                indent=2,
                cls=DjangoJSONEncoder,
            )
            return _download(body, fmt, f"{stem}.popolo.json")
        if fmt == "iati.xml":
            try:
                body = iati_organisation(operations, day, provenance)
            except IatiUnavailable as error:
                return _problem(404, str(error))
            return _download(body, fmt, f"{stem}.iati.xml")
        export = dataset_export(operations, day, provenance, request=request)
        if fmt == "zip":
            body = write.dataset_zip(
                export, operations, day, provenance, whole_organisation=slug is None
            )
            return _download(body, fmt, f"{stem}.zip")
        return _download(write.dataset_json(export), fmt, f"{stem}.json")

    return build()


def _iati_problem(slug):
    """The answer when there is no IATI file at the address, else None."""
    if slug is not None:
        # IATI's model is one file per reporting organisation.
        return _problem(
            410,
            _(
                "There is no IATI file per field operation: IATI publishes one "
                "organisation file per reporting organisation, at %(url)s, with "
                "each operation's budget under its host country."
            )
            % {"url": reverse("exports:all", kwargs={"fmt": "iati.xml"})},
        )
    problem = identifier_problem()
    return _problem(404, problem) if problem else None


@csrf_exempt
@require_safe
def dataset_schema(request):
    """The JSON Schema (draft 2020-12) of the JSON dataset, as committed; it
    changes only with the software."""
    if as_of_asked(request):
        return _problem(400, str(AS_OF_REFUSED_DATA))

    def build():
        body = schema_text()
        response = HttpResponse(body, content_type=CONTENT_TYPES["schema.json"])
        response["Content-Disposition"] = 'inline; filename="dataset-2.schema.json"'
        return response

    return build()


@csrf_exempt
@require_safe
def export_csv(request, table, slug=None, metadata=False):
    """One table of the dataset of one or all operations, as CSV (RFC 4180, its
    provenance in the HTTP headers), or with `metadata` its CSVW metadata."""
    if table not in CSV_TABLES:
        message = _("There is no table “%(table)s”; the tables are: %(tables)s.") % {
            "table": _echo(table),
            "tables": ", ".join(CSV_TABLES),
        }
        return _problem(404, message)
    as_of, operations, problem = _scope(request, slug)
    if problem:
        return problem
    day = as_of.day

    def build():
        provenance = provenance_for(request, day)
        filename = f"fieldops-{slug or 'all'}-{table}-{day.isoformat()}.csv"
        # The day as read, not the visitor's query string, names the table.
        query = f"?as_of={day.isoformat()}" if request.GET.get("as_of") else ""
        table_url = _sibling(provenance.source, f"{table}.csv") + query
        metadata_url = _sibling(provenance.source, f"{table}.csv-metadata.json")
        if metadata:
            body = json.dumps(
                write.csv_metadata(table, table_url, provenance),
                ensure_ascii=False,
                indent=2,
            )
            return _download(body, "csv-metadata.json", f"{filename}-metadata.json")
        export = dataset_export(operations, day, provenance, request=request)
        response = _download(write.dataset_csv(export, table), "csv", filename)
        headers = write.csv_headers(provenance, metadata_url + query)
        for header, value in headers.items():
            response[header] = value
        return response

    return build()


@csrf_exempt
@require_safe
def export_comparison(request, fmt):
    """The comparison of a year (`year`, `as_of` as the page reads them) as CSV
    (one row per operation and set of figures, an empty value where there is
    no figure) or as JSON (the API's answer)."""
    try:
        as_of = page_views.read_as_of(request.GET.get("as_of"))
        rows = operation_rows(as_of.day, request=request, parts=COMPARISON_PARTS)
        year = page_views.read_year(
            request.GET.get("year", ""), figure_years(rows, as_of.day), as_of.today
        )
    except BadQuery as problem:
        return _problem(400, " ".join(problem.messages))

    def build():
        found = comparison(rows, year, as_of.day)
        filename = f"fieldops-comparison-{year}-{as_of.day.isoformat()}.{fmt}"
        if fmt == "csv":
            return _download(comparison_csv(found), "csv", filename)
        body = {
            "meta": provenance_for(request, as_of.day).as_dict(),
            "data": comparison_data(found),
        }
        text = json.dumps(body, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        return _download(text + "\n", "json", filename)

    return build()
