"""A malformed admin form answers 400, not 500.

Wagtail's block fields (StreamField, ListBlock) read their posted data by key
(`body-count`, `body-0-deleted`, `body-0-order`, ...) and convert it with int():
a post made by hand or cut short raises KeyError or ValueError inside Wagtail
(still so in Wagtail 7.4; wagtail/wagtail#11920 was closed unresolved), which
is a 500. The admin's own editor always sends them, so only such posts are
refused here; nothing of them is saved.
"""

from __future__ import annotations

import logging

from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Where Wagtail's blocks read a form's data.
BLOCK_MODULES = "wagtail.blocks."
READER = "value_from_datadict"


def raised_reading_blocks(exception: BaseException) -> bool:
    """Whether `exception` was raised while a Wagtail block read posted data
    (a frame of `value_from_datadict` in wagtail.blocks on its traceback)."""
    trace = exception.__traceback__
    while trace is not None:
        frame = trace.tb_frame
        if frame.f_code.co_name == READER and frame.f_globals.get(
            "__name__", ""
        ).startswith(BLOCK_MODULES):
            return True
        trace = trace.tb_next
    return False


class MalformedBlockFormMiddleware:
    """An admin POST whose block field data is incomplete or unreadable answers
    400 with a page that says so (fieldops' limit page), instead of Wagtail's
    500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method != "POST"
            or not request.path_info.startswith("/admin/")
            or not isinstance(exception, (KeyError, ValueError, IndexError))
            or not raised_reading_blocks(exception)
        ):
            return None
        logger.warning(
            "Malformed block data posted to %s: %r", request.path_info, exception
        )
        context = {
            "status": 400,
            "title": _("The form sent is incomplete"),
            "message": _(
                "Part of the data of a block field (such as the number of its "
                "blocks) is missing or cannot be read, so nothing was saved. "
                "Open the page in the editor again and make the change there."
            ),
        }
        return render(request, "limit.html", context, status=400)
