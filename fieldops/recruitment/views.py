from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .forms import VacancyFilterForm
from .models import Vacancy

VACANCIES_PER_PAGE = 20


def nearest_page(paginator: Paginator, raw: str | None):
    """The asked page, or the nearest one that exists (the first if unreadable)."""
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))


def filter_query(request) -> str:
    """The filters and search of the request, without the page, as a query string."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def vacancy_list(request):
    form = VacancyFilterForm(request.GET)
    context = {"form": form, "filter_query": filter_query(request)}
    if not form.is_valid():
        return render(request, "recruitment/vacancy_list.html", context, status=400)
    vacancies = selectors.open_vacancies(form.filters, form.cleaned_data["q"])
    paginator = Paginator(vacancies, VACANCIES_PER_PAGE)
    page = nearest_page(paginator, request.GET.get("page"))
    context |= {
        "page_obj": page,
        "vacancies": page.object_list,
        "filtered": bool(form.filters or form.cleaned_data["q"]),
    }
    return render(request, "recruitment/vacancy_list.html", context)


def vacancy_detail(request, number):
    try:
        vacancy = selectors.vacancy_by_number(number)
    except Vacancy.DoesNotExist:
        raise Http404 from None
    context = selectors.vacancy_page(vacancy, request)
    return render(request, "recruitment/vacancy_detail.html", context)
