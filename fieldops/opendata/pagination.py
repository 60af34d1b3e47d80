"""Numbered pages of a list in a stable order, with links to their neighbours."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from fieldops.core.addresses import absolute_url


def paginate(request, items, *, page: int, page_size: int) -> dict:
    """The fields of one page of `items` (a list or an ordered QuerySet): count,
    page, pages, next, previous and items. A page beyond the last is a 404; the
    first page of an empty list is an empty page."""
    paginator = Paginator(items, page_size)
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise HttpError(
            404,
            _("There is no page %(page)s: the list has %(pages)s page(s).")
            % {"page": page, "pages": paginator.num_pages},
        ) from None
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "next": _page_url(request, current.number + 1) if current.has_next() else None,
        "previous": _page_url(request, current.number - 1)
        if current.has_previous()
        else None,
        "items": list(current.object_list),
    }


def _page_url(request, number: int) -> str:
    """The request's own address with another page number, other parameters kept."""
    params = request.GET.copy()
    params["page"] = str(number)
    return absolute_url(f"{request.path}?{params.urlencode()}")
