"""The read-only JSON API under /api/v1/: field operations, documents and
vacancies, built from the same selectors as the pages."""

from __future__ import annotations

import functools
from typing import Annotated

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger
from pydantic import WithJsonSchema

from fieldops.documents.models import Document
from fieldops.operations.models import FieldOperation
from fieldops.operations.selectors import (
    document_register,
    facts_resting_on,
    operation_list,
    operation_records,
    profile_as_of,
)
from fieldops.operations.time_travel import AsOf
from fieldops.recruitment import selectors as vacancies
from fieldops.recruitment.forms import MAX_ID, Sort, VacancyFilterForm
from fieldops.recruitment.models import (
    GRADE_PATTERN,
    VACANCY_NUMBER_PATTERN,
    Modality,
    RecruitmentType,
    Vacancy,
)

from . import schemas
from .http import conditional
from .pagination import paginate
from .provenance import BadDate, as_of_from, last_modified, provenance_for

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
  address a `404` and a method other than GET or HEAD a `405`, each with a JSON
  body: `detail` and, for parameters, `errors` per parameter. An address with a
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

PAGE_SIZE = settings.NINJA_PAGINATION_PER_PAGE
MAX_PAGE_SIZE = 100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# Besides the answer: not modified, unreadable parameters, no such record or page.
ANSWERS = {304: None, 400: schemas.Error, 404: schemas.Error}

# Parameters read by the code of the pages (as_of, the vacancy filters), which
# gives its own messages; the spec still says what each value should look like.
DayText = Annotated[
    str,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "maxLength": 0},
            ]
        }
    ),
]
IdText = Annotated[
    str, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID})
]
RecruitmentTypeText = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(RecruitmentType.values)})
]
GradeText = Annotated[str, WithJsonSchema({"type": "string", "pattern": GRADE_PATTERN})]
ModalityText = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(Modality.values)})
]
SortText = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Sort.values)})]
# Django's form fields refuse NUL characters.
SearchText = Annotated[
    str, WithJsonSchema({"type": "string", "maxLength": 200, "pattern": "^[^\\x00]*$"})
]
# How the filters treat values, said in each parameter's description.
NO_MATCH_IS_EMPTY = (
    " A well-formed value that matches no vacancy, such as the id of no record, "
    "gives an empty list; a malformed one is a 400."
)

AS_OF = Query(
    None,
    description=(
        "The day to answer about, written YYYY-MM-DD (today if empty or left "
        "out). A future day is replaced by today."
    ),
    example="2020-06-01",
)
PAGE = Query(1, ge=1, description="The page to answer with, from 1.")
PAGE_SIZE_PARAM = Query(
    PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="How many items a page holds."
)


class InvalidParameters(Exception):
    """Parameters the API cannot read, with the messages of each."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


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


def _as_of(raw: str | None) -> AsOf:
    try:
        return as_of_from(raw)
    except BadDate:
        message = _(
            "Write the day as YYYY-MM-DD, a real calendar day, for example 2020-06-01."
        )
        raise InvalidParameters({"as_of": [message]}) from None


def _meta(request, as_of: AsOf) -> dict:
    return {
        **provenance_for(request, as_of.day).as_dict(),
        "future_requested": as_of.future_requested,
    }


def _today() -> AsOf:
    today = timezone.localdate()
    return AsOf(today, today)


def conditional_get(*, dated: bool = True, also=None):
    """Apply conditional GET (ETag, Last-Modified, 304) to an API operation.

    `dated` answers depend on `as_of`; `also` is a callable giving another moment
    the answer depends on. An unreadable `as_of` is left to the handler's 400."""

    def decorator(run):
        @functools.wraps(run)
        def wrapped(request, *args, **kwargs):
            as_of = _today()
            if dated:
                try:
                    as_of = as_of_from(request.GET.get("as_of"))
                except BadDate:
                    return run(request, *args, **kwargs)
            moment = last_modified(as_of, also=also() if also else None)
            return conditional(
                request, lambda: run(request, *args, **kwargs), last_modified=moment
            )

        return wrapped

    return decorator


def _page(request, items, page: int, page_size: int, as_of: AsOf, item) -> dict:
    body = paginate(request, items, page=page, page_size=page_size)
    body["items"] = [item(each, request) for each in body["items"]]
    return {"meta": _meta(request, as_of), **body}


# --- field operations -------------------------------------------------------


@api.get(
    "/field-operations",
    response={200: schemas.OperationList, **ANSWERS},
    tags=["Field operations"],
    summary="List the field operations",
    description=(
        "Every published field operation as it stood on the day: its name, host "
        "country, establishment, seat and whether it is closed. Open operations "
        "first, then by name."
    ),
    url_name="operation_list",
)
@decorate_view(conditional_get())
def list_operations(
    request,
    as_of: DayText | None = AS_OF,
    page: int = PAGE,
    page_size: int = PAGE_SIZE_PARAM,
):
    """The field operations as they stood on the day, a page of them."""
    day = _as_of(as_of)
    summaries = operation_list(day.day, request=request)
    return _page(request, summaries, page, page_size, day, schemas.operation_item)


@api.get(
    "/field-operations/{slug}",
    response={200: schemas.OperationAnswer, **ANSWERS},
    tags=["Field operations"],
    summary="Show a field operation",
    description=(
        "The profile as it stood on the day (name, seat, offices, mandate, head, "
        "staffing and figures) and its history up to that day, each fact with "
        "its source. A day before the operation was established is a 404."
    ),
    url_name="operation_detail",
)
@decorate_view(conditional_get())
def get_operation(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=80, example="astana"),
    as_of: DayText | None = AS_OF,
):
    """One field operation's profile on the day and its history."""
    day = _as_of(as_of)
    try:
        operation = FieldOperation.objects.live().get(slug=slug)
    except FieldOperation.DoesNotExist:
        message = _("There is no published field operation with this slug.")
        raise HttpError(404, message) from None
    profile = profile_as_of(operation, day.day, today=day.today)
    if profile.established and day.day < profile.established.date:
        message = _("The field operation was established only on %(day)s.") % {
            "day": profile.established.iso()
        }
        raise HttpError(404, message)
    records = operation_records(operation.pk, day.day)
    path = records.page.get_url(request=request) if records.page else None
    data = schemas.operation(profile, records, path, request)
    return {"meta": _meta(request, day), "data": data}


# --- documents --------------------------------------------------------------


@api.get(
    "/documents",
    response={200: schemas.DocumentList, **ANSWERS},
    tags=["Documents"],
    summary="List the documents",
    description=(
        "The register of official documents that facts rest on, by adoption date "
        "(unknown dates last), then by symbol."
    ),
    url_name="document_list",
)
@decorate_view(conditional_get(dated=False))
def list_documents(request, page: int = PAGE, page_size: int = PAGE_SIZE_PARAM):
    """The register of documents, a page of it."""
    documents = document_register().select_related("file")
    return _page(request, documents, page, page_size, _today(), schemas.document_item)


@api.get(
    "/documents/{slug}",
    response={200: schemas.DocumentAnswer, **ANSWERS},
    tags=["Documents"],
    summary="Show a document",
    description="A document of the register and the dated facts that rest on it.",
    url_name="document_detail",
)
@decorate_view(conditional_get(dated=False))
def get_document(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=100, example="pc-dec-243"),
):
    """One document and the facts that rest on it."""
    try:
        document = document_register().select_related("file").get(slug=slug)
    except Document.DoesNotExist:
        message = _("There is no published document with this slug.")
        raise HttpError(404, message) from None
    data = schemas.document_detail(document, facts_resting_on(document), request)
    return {"meta": _meta(request, _today()), "data": data}


# --- vacancies --------------------------------------------------------------


@api.get(
    "/vacancies",
    response={200: schemas.VacancyList, **ANSWERS},
    tags=["Vacancies"],
    summary="List the open vacancies",
    description=(
        "Open vacancies, deadline soonest first (or by `sort`), narrowed as on "
        "the vacancies page: several values of one filter are alternatives, "
        "different filters must all hold; `q` searches the title, number and "
        "description. A filter value that is well formed but matches nothing "
        "(an id of no record, a grade no vacancy has) gives an empty list, not "
        "an error; a malformed one (not a whole number from 1 to 2^63-1, an "
        "unknown recruitment type, modality or sort, a grade not written like "
        "P3) is a 400."
    ),
    url_name="vacancy_list",
)
@decorate_view(conditional_get(dated=False, also=vacancies.last_closing))
def list_vacancies(
    request,
    operation: list[IdText] = Query(  # noqa: B008
        [],
        description="Only of this field operation (an id; repeat for several)."
        + NO_MATCH_IS_EMPTY,
    ),
    recruitment_type: list[RecruitmentTypeText] = Query(  # noqa: B008
        [],
        description="Only this recruitment type (repeat for several). Another "
        "value is a 400.",
    ),
    modality: list[ModalityText] = Query(  # noqa: B008
        [],
        description="Only this contract modality (repeat for several). Another "
        "value is a 400.",
    ),
    grade: list[GradeText] = Query(  # noqa: B008
        [],
        description="Only this grade, such as P3: capital letters, then digits "
        "(repeat for several)." + NO_MATCH_IS_EMPTY,
    ),
    field_of_expertise: list[IdText] = Query(  # noqa: B008
        [],
        description="Only in this field of expertise (an id; repeat for several)."
        + NO_MATCH_IS_EMPTY,
    ),
    duty_station: list[IdText] = Query(  # noqa: B008
        [],
        description="Only at this duty station (an id; repeat for several)."
        + NO_MATCH_IS_EMPTY,
    ),
    q: SearchText = Query(  # noqa: B008
        "",
        max_length=200,
        description="Words from the title, the number or the description "
        "(at most 200 characters).",
    ),
    sort: SortText = Query(  # noqa: B008
        Sort.DEADLINE.value,
        description="`deadline`: deadline soonest first; `posted`: issue date "
        "newest first. Another value is a 400.",
    ),
    page: int = PAGE,
    page_size: int = PAGE_SIZE_PARAM,
):
    """The open vacancies passing the page's filters, a page of them."""
    form = VacancyFilterForm(request.GET)
    if not form.is_valid():
        raise InvalidParameters(
            {name: list(messages) for name, messages in form.errors.items()}
        )
    data = form.cleaned_data
    found = vacancies.open_vacancies(form.filters, data["q"], data["sort"])
    return _page(request, found, page, page_size, _today(), schemas.vacancy_item)


@api.get(
    "/vacancies/{number}",
    response={200: schemas.VacancyAnswer, **ANSWERS},
    tags=["Vacancies"],
    summary="Show a vacancy",
    description=(
        "A published vacancy by its number, with its description. A vacancy whose "
        "deadline has passed still answers, with `closed` true."
    ),
    url_name="vacancy_detail",
)
@decorate_view(conditional_get(dated=False, also=vacancies.last_closing))
def get_vacancy(
    request,
    number: str = Path(
        ...,
        pattern=VACANCY_NUMBER_PATTERN,
        max_length=40,
        example="VNKAZS00123",
    ),
):
    """One published vacancy, open or closed."""
    try:
        vacancy = vacancies.vacancy_by_number(number)
    except Vacancy.DoesNotExist:
        message = _("There is no published vacancy with this number.")
        raise HttpError(404, message) from None
    data = schemas.vacancy_detail(vacancy, request)
    return {"meta": _meta(request, _today()), "data": data}
