"""A page for the tests only: one chart of each kind in the site's frame, with
its data table, as a page that uses the charts would show them."""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from fieldops import urls as project_urls
from fieldops.core.charts import (
    BarItem,
    SeriesPoint,
    TimelineMark,
    TimelineRow,
    Unit,
    bar_chart,
    series_chart,
    timeline_chart,
)
from fieldops.core.dates import PartialDate, Precision

PAGE = """{% extends "base.html" %}{% block title %}Charts{% endblock %}
{% block content %}<h1>Charts</h1>
{% for chart in charts %}<h2>{{ chart.title }}</h2>
{% include "core/charts/_chart.html" %}{% endfor %}
<h2>Shown with its table</h2>{{ shown }}
{% include "core/charts/_table.html" with chart=shown %}
{% endblock %}"""

STAFF = Unit("staff (headcount)")
TODAY = datetime.date(2026, 11, 30)


def timeline():
    rows = [
        TimelineRow(
            "OSCE Centre in Astana <script>&",
            PartialDate(datetime.date(1998, 7, 1), Precision.MONTH),
            url="/en/field-operations/astana/",
            marks=(
                TimelineMark(datetime.date(2015, 1, 1), "Renamed Programme Office"),
            ),
        ),
        TimelineRow(
            "OSCE Mission to Croatia",
            datetime.date(1996, 4, 18),
            PartialDate(datetime.date(2007, 1, 1), Precision.YEAR),
        ),
        TimelineRow(
            "OSCE Spillover Monitor Mission to Skopje",
            datetime.date(1992, 9, 1),
            url="https://example.org/skopje",
        ),
    ]
    return timeline_chart(
        rows,
        title="Field operations",
        today=TODAY,
        first_year=1991,
        as_of=datetime.date(2005, 3, 1),
    )


def bars():
    items = [
        BarItem("Astana", 30, STAFF, "/en/field-operations/astana/"),
        BarItem("Baku", None, STAFF),
        BarItem("Kyiv", 1340, STAFF),
    ]
    return bar_chart(items, title="Staff by field operation")


def series():
    euro = Unit.money("EUR")
    points = [
        SeriesPoint(2015, Decimal("2232700"), euro, "/en/documents/pc-dec-243/"),
        SeriesPoint(2016, Decimal("2150000"), euro),
        SeriesPoint(2018, Decimal("2300000"), euro),
        SeriesPoint(2019, Decimal("2400000"), euro),
    ]
    return series_chart(points, title="Budget", years=range(2014, 2021))


def demo(request):
    template = engines["django"].from_string(PAGE)
    context = {"charts": [timeline(), bars(), series()], "shown": bars()}
    return HttpResponse(template.render(context, request))


urlpatterns = [path("chart-demo/", demo), *project_urls.urlpatterns]
