"""The /<lang>/open-data/ page: what is open, under which licence, and where."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone

from fieldops.operations.selectors import operation_list

from .exports import CSV_TABLES
from .iati import identifier_problem


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
