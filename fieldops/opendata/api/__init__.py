"""The read-only JSON API under /api/v1/: field operations, documents and
vacancies, built from the same selectors as the pages. One router per domain
(django-ninja's "Routers" layout); this module joins them and answers errors."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger

from .common import InvalidParameters
from .documents import router as documents
from .operations import router as operations
from .organisation import router as organisation
from .vacancies import router as vacancies

DESCRIPTION = """
Every public fact about the organisation's field operations, as dated, sourced
records: names, seats, offices, mandates, heads of office, staff counts and
budget figures, the official documents they rest on, and open vacancies.

* **Time travel**: `as_of=YYYY-MM-DD` answers as the field operation stood on
  that day, exactly as the profile page `?as_of=` does. A future day is
  replaced by today, and `meta.future_requested` says so.
* **Provenance**: every answer carries `meta`: where it was served from, the
  publisher, when it was extracted, the day it describes and its licence.
* **Pages**: lists come in pages in a stable order: `page` (from 1) and
  `page_size` (at most 100); `next` and `previous` are full addresses.
* **Caching**: answers carry a weak `ETag` and `Last-Modified`; send
  `If-None-Match` or `If-Modified-Since` to get `304 Not Modified`.
* **Errors**: a parameter that cannot be read is a `400`, an unknown record or
  address a `404` and a method other than GET, HEAD or OPTIONS a `405`, each
  with a JSON body: `detail` and, for parameters, `errors` per parameter
  (`OPTIONS` answers `200` with the `Allow` header). An address with a
  trailing slash is redirected (`308`) to the one without.
* Any origin may read the API (CORS).
"""

api = NinjaAPI(
    urls_namespace="api",
    version="1",
    title="fieldops open data API",
    description=DESCRIPTION,
    docs=Swagger(settings={"validatorUrl": None}),
    # The spec and the docs page are read like the rest: other methods get a 405.
    docs_decorator=require_safe,
)
api.add_router("/field-operations", operations)
api.add_router("/organisation", organisation)
api.add_router("/documents", documents)
api.add_router("/vacancies", vacancies)


@api.exception_handler(InvalidParameters)
def invalid_parameters(request, exc: InvalidParameters):
    """A 400 with a JSON body: what is wrong, and the messages per parameter."""
    detail = _("Some parameters are not valid.")
    return api.create_response(
        request, {"detail": detail, "errors": exc.errors}, status=400
    )


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """The input checks of the schema answer 400 (not 422), by parameter."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        name = loc[1] if len(loc) > 1 else (loc[0] if loc else "")
        errors.setdefault(name, []).append(str(error.get("msg", "")))
    return invalid_parameters(request, InvalidParameters(errors))


@api.exception_handler(SuspiciousOperation)
def refused_request(request, exc: SuspiciousOperation):
    """A request Django refuses to read (over DATA_UPLOAD_MAX_NUMBER_FIELDS
    parameters, say) is a 400, as on the rest of the site, not a 500."""
    return api.create_response(
        request, {"detail": _("The request could not be read.")}, status=400
    )
