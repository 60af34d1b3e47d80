"""Numbered pages of a list in a stable order, with links to their neighbours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _
from ninja import Query
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from fieldops.core.addresses import absolute_url

from ..provenance import as_of_from
from .common import answer_meta

MAX_PAGE_SIZE = 100


# The page parameters are declared on each listing route (with these), not in
# the paginator's Input schema: ninja adds a parameters schema to the spec's
# components as a schema of its own ("Input"), which the spec never had.
PAGE = Query(1, ge=1, description="The page to answer with, from 1.")
PAGE_SIZE = Query(
    settings.NINJA_PAGINATION_PER_PAGE,
    ge=1,
    le=MAX_PAGE_SIZE,
    description="How many items a page holds.",
)


class NumberedPages(PaginationBase):
    """A page of a list as the API answers it: `meta`, then count, page, pages,
    next and previous (full addresses), and the page's items, each made by
    `item(record, request)`. A page beyond the last is a 404; the first page of
    an empty list is an empty page.

    The route declares `page` and `page_size` (PAGE, PAGE_SIZE) and its whole
    answer (a `Page` subclass, with `meta`), so `Output` is None: ninja keeps
    that schema instead of making a `Paged<Item>` one.
    """

    Output = None

    def __init__(self, *, item: Callable[[Any, Any], dict], **kwargs):
        super().__init__(**kwargs)
        self.item = item

    def paginate_queryset(
        self,
        queryset: Sequence,
        pagination: PaginationBase.Input,
        request,
        *,
        page: int,
        page_size: int,
        as_of: str | None = None,
        **params,
    ) -> dict:
        """Page `page` of `queryset` (a list or an ordered QuerySet), described
        on the day of the route's `as_of` parameter (today without one).

        Raises HttpError 404 for a page beyond the last."""
        paginator = Paginator(queryset, page_size)
        try:
            current = paginator.page(page)
        except EmptyPage:
            raise HttpError(
                404,
                _("There is no page %(page)s: the list has %(pages)s page(s).")
                % {"page": page, "pages": paginator.num_pages},
            ) from None
        number = current.number
        return {
            # The route has already refused an unreadable as_of.
            "meta": answer_meta(request, as_of_from(as_of)),
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "next": _page_url(request, number + 1) if current.has_next() else None,
            "previous": _page_url(request, number - 1)
            if current.has_previous()
            else None,
            "items": [self.item(each, request) for each in current.object_list],
        }


def _page_url(request, number: int) -> str:
    """The request's own address with another page number, other parameters kept."""
    params = request.GET.copy()
    params["page"] = str(number)
    return absolute_url(f"{request.path}?{params.urlencode()}")
