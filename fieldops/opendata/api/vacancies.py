"""/vacancies: the open vacancies, filtered as on the vacancies page, and each
published vacancy."""

# No "from __future__ import annotations": ninja reads the parameters' types
# through the pagination wrapper, whose globals are not this module's.
import datetime
from typing import Annotated, Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import WithJsonSchema
from wagtail.rich_text import expand_db_html

from fieldops.core.addresses import absolute_url
from fieldops.core.middleware import CONTROL_CHARACTER_CLASS
from fieldops.recruitment import selectors as vacancies
from fieldops.recruitment.forms import MAX_ID, Sort, VacancyFilterForm
from fieldops.recruitment.models import (
    GRADE_PATTERN,
    VACANCY_NUMBER_PATTERN,
    Modality,
    RecruitmentType,
    Vacancy,
)

from .common import (
    ANSWERS,
    InvalidParameters,
    Meta,
    Page,
    answer_meta,
    operation_detail_url,
    refuse_as_of,
)
from .pagination import PAGE, PAGE_SIZE, NumberedPages

router = Router(tags=["Vacancies"])

# The filters are read by the vacancies page's form, which gives its own
# messages; the spec still says what each value should look like.
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
# Empty: the default order, as the page takes it.
SortText = Annotated[
    str, WithJsonSchema({"type": "string", "enum": ["", *Sort.values]})
]
# A control character in any query string is a 400 (ControlCharacterMiddleware).
SearchText = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 200,
            "pattern": f"^[^{CONTROL_CHARACTER_CLASS}]*$",
        }
    ),
]
# How the filters treat values, said in each parameter's description.
NO_MATCH_IS_EMPTY = (
    " A well-formed value that matches no vacancy, such as the id of no record, "
    "gives an empty list; a malformed one is a 400."
)


class VacancyOperation(Schema):
    id: int = Field(description="The value to filter vacancies by (`operation`).")
    slug: str
    name: str = Field(description="The operation's name today.")
    detail_url: str


class DutyStation(Schema):
    id: int = Field(description="The value to filter vacancies by (`duty_station`).")
    name: str = Field(description="The city's name today.")
    country: str = Field(examples=["KZ"])
    time_zone: str = Field(examples=["Asia/Almaty"])


class FieldOfExpertise(Schema):
    id: int = Field(description="The value to filter by (`field_of_expertise`).")
    slug: str
    name: str


class VacancyItem(Schema):
    number: str = Field(examples=["VNKAZS00123"])
    title: str
    grade: str = Field(examples=["P3"])
    recruitment_type: Literal["international", "local"]
    modality: Literal["seconded", "contracted"]
    field_of_expertise: FieldOfExpertise
    operation: VacancyOperation
    duty_station: DutyStation
    posts: int
    issued_on: datetime.date
    deadline: datetime.datetime = Field(
        description="The last moment to apply, in the duty station's time zone.",
        examples=["2030-01-31T23:59:00+05:00"],
    )
    time_zone: str = Field(
        description="The duty station's time zone, which the deadline is given in.",
        examples=["Asia/Almaty"],
    )
    closed: bool = Field(description="The deadline has passed.")
    funding: Literal["unified", "extrabudgetary"]
    funding_project: str
    apply_url: str
    page_url: str
    detail_url: str


class VacancyList(Page):
    items: list[VacancyItem]


class VacancyDetail(VacancyItem):
    description: str = Field(description="Tasks, requirements and offer, as HTML.")


class VacancyAnswer(Schema):
    meta: Meta
    data: VacancyDetail


def vacancy_item(vacancy: Vacancy, request) -> dict:
    """A vacancy as the list shows it, deadline in the duty station's zone (see
    `VacancyItem`)."""
    operation = vacancy.operation
    station = vacancy.duty_station
    return {
        "number": vacancy.number,
        "title": vacancy.title,
        "grade": vacancy.grade,
        "recruitment_type": vacancy.recruitment_type,
        "modality": vacancy.modality,
        "field_of_expertise": {
            "id": vacancy.field_of_expertise.pk,
            "slug": vacancy.field_of_expertise.slug,
            "name": vacancy.field_of_expertise.name,
        },
        "operation": {
            "id": operation.pk,
            "slug": operation.slug,
            "name": vacancies.operation_name(vacancy),
            "detail_url": operation_detail_url(operation.slug, request),
        },
        "duty_station": {
            "id": station.pk,
            "name": vacancies.duty_station_name(vacancy),
            "country": station.country.code,
            "time_zone": str(vacancy.time_zone),
        },
        "posts": vacancy.posts,
        "issued_on": vacancy.issued_on,
        "deadline": vacancy.local_deadline,
        "time_zone": str(vacancy.time_zone),
        "closed": not vacancy.is_open,
        "funding": vacancy.funding,
        "funding_project": vacancy.funding_project,
        "apply_url": vacancy.apply_url,
        "page_url": absolute_url(vacancy.get_absolute_url()),
        "detail_url": absolute_url(
            reverse("api:vacancy_detail", kwargs={"number": vacancy.number})
        ),
    }


def vacancy_detail(vacancy: Vacancy, request) -> dict:
    """The vacancy with its description (see `VacancyDetail`)."""
    return {
        **vacancy_item(vacancy, request),
        "description": expand_db_html(vacancy.description),
    }


@router.get(
    "",
    response={200: VacancyList, **ANSWERS},
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
    # Pinned: clients generated from the spec name their methods after it.
    operation_id="fieldops_opendata_api_list_vacancies",
)
@paginate(NumberedPages, item=vacancy_item)
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
    page_size: int = PAGE_SIZE,
):
    """The open vacancies passing the page's filters, a page of them."""
    refuse_as_of(request)
    form = VacancyFilterForm(request.GET)
    if not form.is_valid():
        raise InvalidParameters(
            {name: list(messages) for name, messages in form.errors.items()}
        )
    data = form.cleaned_data
    return vacancies.open_vacancies(form.filters, data["q"], data["sort"])


@router.get(
    "/{number}",
    response={200: VacancyAnswer, **ANSWERS},
    summary="Show a vacancy",
    description=(
        "A published vacancy by its number, with its description. A vacancy whose "
        "deadline has passed still answers, with `closed` true."
    ),
    url_name="vacancy_detail",
    operation_id="fieldops_opendata_api_get_vacancy",
)
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
    day = refuse_as_of(request)
    try:
        vacancy = vacancies.vacancy_by_number(number)
    except Vacancy.DoesNotExist:
        message = _("There is no published vacancy with this number.")
        raise HttpError(404, message) from None
    data = vacancy_detail(vacancy, request)
    return {"meta": answer_meta(request, day), "data": data}
