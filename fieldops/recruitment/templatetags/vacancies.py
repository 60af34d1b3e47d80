"""Template tags for vacancies: deadlines in the duty station's time zone,
and JSON-LD that cannot end its script element early."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format

from fieldops.core.json_ld import json_ld_script
from fieldops.recruitment import vacancy_page

register = template.Library()


def utc_offset(moment) -> str:
    """“UTC+05:00”, “UTC−03:30” or “UTC” for the moment's own offset."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


@register.filter
def local_deadline(vacancy) -> str:
    """The deadline in the duty station's time zone, the zone named:
    “15 January 2027, 23:59 (Asia/Almaty, UTC+05:00)”."""
    moment = vacancy.local_deadline
    return "{when} ({zone}, {offset})".format(
        when=date_format(moment, "DATETIME_FORMAT"),
        zone=vacancy.time_zone.key,
        offset=utc_offset(moment),
    )


@register.filter
def local_deadline_iso(vacancy) -> str:
    return vacancy.local_deadline.isoformat()


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> element holding `data`."""
    return json_ld_script(data)


register.filter("operation_name", vacancy_page.operation_name)
register.filter("duty_station_name", vacancy_page.duty_station_name)
