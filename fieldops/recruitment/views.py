from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from fieldops.core.as_of import refuses_as_of

from . import selectors
from .forms import FILTER_FIELDS, VacancyFilterForm
from .models import Vacancy
from .vacancy_page import vacancy_page

VACANCIES_PER_PAGE = 20


def nearest_page(paginator: Paginator, raw: str | None):
    """The asked page, or the nearest one that exists (the first if unreadable)."""
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))


def filter_query(request) -> str:
    """The filters and search of the request as a query string, without the page
    and the order, which the feeds and the job alert form do not take."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return params.urlencode()


@refuses_as_of
def vacancy_list(request):
    """The open vacancies, filtered, searched and sorted by the query string;
    unreadable parameters get the page with their messages and status 400."""
    form = VacancyFilterForm(request.GET)
    context = {"form": form, "filter_query": filter_query(request)}
    if not form.is_valid():
        # The panel still offers every filter, so that the visitor can start over.
        found = selectors.search_vacancies({})
        context["facets"] = [(form[name], found.facets[name]) for name in FILTER_FIELDS]
        return render(request, "recruitment/vacancy_list.html", context, status=400)
    filters, q = form.filters, form.cleaned_data["q"]
    found = selectors.search_vacancies(filters, q, form.cleaned_data["sort"])
    paginator = Paginator(found.vacancies, VACANCIES_PER_PAGE)
    page = nearest_page(paginator, request.GET.get("page"))
    context |= {
        "page_obj": page,
        "vacancies": page.object_list,
        "filtered": bool(filters or q),
        "chosen": sum(map(len, filters.values())) + bool(q),
        "facets": [(form[name], found.facets[name]) for name in FILTER_FIELDS],
        "unknown": [(form[name].label, found.unknown[name]) for name in found.unknown],
    }
    return render(request, "recruitment/vacancy_list.html", context)


@refuses_as_of
def vacancy_detail(request, number):
    try:
        vacancy = selectors.vacancy_by_number(number)
    except Vacancy.DoesNotExist:
        raise Http404 from None
    context = vacancy_page(vacancy, request)
    return render(request, "recruitment/vacancy_detail.html", context)
