"""The charts of the timeline, the comparison and a profile, read from the pages
as a browser gets them: each SVG parsed as XML, its bars and points checked
against the recorded figures and days, its links against the sources."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from fieldops.core.tests.charts import (
    SVG,
    find_all,
    frame_links,
    page_charts,
    right_edge,
    texts,
    titles,
)
from fieldops.operations.models import OperationName

from .organisation_data import four_operations, staff
from .test_organisation_timeline import rows as table_rows

D = datetime.date
TIMELINE = "/en/field-operations/timeline/"
COMPARISON = "/en/field-operations/comparison/"
PROFILE = "/en/field-operations/astana/"


def label_texts(svg) -> list[str]:
    return ["".join(t.itertext()) for t in find_all(svg, "text", "chart__label")]


def row_groups(svg) -> list:
    """Each row's bar group, in the order of the rows."""
    return [g for g in svg.iter(f"{SVG}g") if not g.get("class")]


def x_of(day: datetime.date) -> float:
    """Where the timeline puts `day`: 1991 at 4, today at 384 (timeline.py)."""
    start, today = D(1991, 1, 1), timezone.localdate()
    return 4 + (day - start).days / (today - start).days * 380


class TimelineChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = four_operations()

    def chart(self, query=None):
        response = self.client.get(TIMELINE, query or {})
        assert response.status_code == 200
        frame = page_charts(response)["timeline-chart"]
        return frame, frame.find(f"{SVG}svg")

    def test_one_bar_per_operation_from_its_establishment_to_its_closure(self):
        _frame, svg = self.chart()
        assert label_texts(svg) == [
            "OSCE Office in Zagreb",
            "OSCE Programme Office in Astana",
            "OSCE Centre in Bishkek",
            "Special Monitoring Mission",
        ]
        zagreb, astana, bishkek, monitoring = row_groups(svg)
        (bar,) = find_all(zagreb, "rect", "chart__bar")
        assert float(bar.get("x")) == pytest.approx(x_of(D(1996, 7, 1)), abs=0.1)
        assert right_edge(bar) == pytest.approx(x_of(D(2007, 12, 31)), abs=0.1)
        assert find_all(zagreb, "path", "chart__open") == []
        for still_open, start in ((astana, D(1998, 6, 11)), (bishkek, D(2000, 7, 1))):
            (bar,) = find_all(still_open, "rect", "chart__bar")
            assert float(bar.get("x")) == pytest.approx(x_of(start), abs=0.1)
            assert right_edge(bar) == pytest.approx(384, abs=0.1)
            assert len(find_all(still_open, "path", "chart__open")) == 1
        # Its status is not known: no arrow says it still works.
        assert find_all(monitoring, "path", "chart__open") == []
        assert len(find_all(monitoring, "rect", "chart__unknown-end")) == 1

    def test_renames_are_marks_on_the_bar(self):
        _frame, svg = self.chart()
        astana = row_groups(svg)[1]
        (mark,) = find_all(astana, "path", "chart__mark")
        x = float(mark.get("d")[1:].split()[0])
        assert x == pytest.approx(x_of(D(2015, 1, 1)), abs=0.1)
        assert titles(mark) == [
            "Renamed OSCE Programme Office in Astana (1 January 2015)"
        ]
        for others in row_groups(svg)[2:]:
            assert find_all(others, "path", "chart__mark") == []

    def test_each_bar_links_to_its_profile(self):
        frame, _svg = self.chart()
        # Only Astana has a profile page among the four.
        assert frame_links(frame) == [
            ("/en/field-operations/astana/", "OSCE Programme Office in Astana")
        ]

    def test_uncertain_and_imprecise_days_are_drawn_as_such(self):
        closure = OperationName.objects.get(full_name="OSCE Office in Zagreb")
        closure.valid_from_uncertain = True
        closure.save()
        bishkek = OperationName.objects.get(full_name="OSCE Centre in Bishkek")
        bishkek.valid_from_precision = "year"
        bishkek.save()

        frame, svg = self.chart()
        zagreb, astana, bishkek_row, _monitoring = row_groups(svg)
        (end,) = find_all(zagreb, "rect", "chart__uncertain")
        assert float(end.get("x")) == pytest.approx(x_of(D(2007, 12, 31)), abs=0.1)
        (start,) = find_all(bishkek_row, "rect", "chart__uncertain")
        # Known only to the year: faint over the whole of 2000.
        assert float(start.get("x")) == pytest.approx(x_of(D(2000, 1, 1)), abs=0.1)
        assert right_edge(start) == pytest.approx(x_of(D(2001, 1, 1)), abs=0.1)
        assert find_all(astana, "rect", "chart__uncertain") == []
        description = frame.find(f"{SVG}svg/{SVG}desc").text
        assert "OSCE Office in Zagreb: from 1 July 1996 to about 31 December 2007" in (
            description
        )
        assert "OSCE Centre in Bishkek: from about 2000, still open" in (description)
        # The table below says it too.
        assert table_rows(self.client.get(TIMELINE))[0].startswith(
            "OSCE Office in Zagreb 1 July 1996 about 31 December 2007"
        )
        # And so does the API.
        bars = self.client.get("/api/v1/organisation/timeline").json()["data"]
        flags = {b["name"]: (b["start_uncertain"], b["end_uncertain"]) for b in bars}
        assert flags["OSCE Office in Zagreb"] == (False, True)
        assert flags["OSCE Programme Office in Astana"] == (False, False)

    def test_the_as_of_line_is_drawn_only_with_as_of(self):
        _frame, svg = self.chart()
        assert find_all(svg, "g", "chart__as-of") == []

        _frame, svg = self.chart({"as_of": "2010-06-01"})
        (group,) = find_all(svg, "g", "chart__as-of")
        (line,) = find_all(group, "line")
        assert float(line.get("x1")) == pytest.approx(x_of(D(2010, 6, 1)), abs=0.1)
        assert "as of 1 June 2010" in texts(group)
        # What came after the day is not drawn: open bars stop at the line.
        (astana,) = find_all(row_groups(svg)[1], "rect", "chart__bar")
        assert right_edge(astana) == pytest.approx(float(line.get("x1")), abs=0.1)
        # The monitoring mission, established in 2014, is not there yet.
        assert "Special Monitoring Mission" not in label_texts(svg)


def section_chart(response, key: str):
    frame = page_charts(response)[f"chart-{key}"]
    return frame, frame.find(f"{SVG}svg")


def bar_rows(svg) -> list[tuple[str, str]]:
    """(label, what stands after it: the value or "no figure") of each item."""
    shown = []
    for group in svg.iter(f"{SVG}g"):
        label, *rest = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
        shown.append((label, rest[0]))
    return shown


class ComparisonChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = four_operations()
        staff(cls.data["bishkek"], D(2024, 6, 30), 14)

    def setUp(self):
        self.response = self.client.get(COMPARISON, {"year": "2024"})
        assert self.response.status_code == 200

    def test_bars_are_the_recorded_figures_and_a_missing_one_is_no_figure(self):
        _frame, svg = section_chart(self.response, "staff-headcount")
        assert bar_rows(svg) == [
            ("OSCE Centre in Bishkek", "14"),
            ("OSCE Programme Office in Astana", "7"),
        ]
        bishkek, astana = find_all(svg, "rect", "chart__bar")
        assert float(bishkek.get("width")) == pytest.approx(
            2 * float(astana.get("width"))
        )
        # No bar, not even a zero one, for an operation without a figure.
        _frame, authorised = section_chart(self.response, "staff-authorised")
        assert ("OSCE Centre in Bishkek", "no figure") in bar_rows(authorised)
        assert len(find_all(authorised, "rect", "chart__bar")) == 1
        assert len(find_all(authorised, "text", "chart__no-figure")) == 1

    def test_each_meaning_and_currency_has_its_own_chart(self):
        charts = page_charts(self.response)
        assert sorted(charts) == [
            "chart-money-EUR-unified-available",
            "chart-money-USD-unified-available",
            "chart-staff-authorised",
            "chart-staff-headcount",
        ]
        _frame, euros = section_chart(self.response, "money-EUR-unified-available")
        _frame, dollars = section_chart(self.response, "money-USD-unified-available")
        assert "Unified Budget, budget available (EUR)" in texts(euros)
        assert ("OSCE Programme Office in Astana", "€2,000,000") in bar_rows(euros)
        assert ("OSCE Centre in Bishkek", "$500,000") in bar_rows(dollars)
        assert not any("$" in text for text in texts(euros))
        assert not any("€" in text for text in texts(dollars))

    def test_each_bar_links_to_the_source_of_its_figure(self):
        euros, _svg = section_chart(self.response, "money-EUR-unified-available")
        dollars, _svg = section_chart(self.response, "money-USD-unified-available")
        staff_frame, _svg = section_chart(self.response, "staff-headcount")
        assert frame_links(euros) == [
            (
                "/en/documents/pc-dec-1/",
                "Source of the figure of OSCE Programme Office in Astana",
            )
        ]
        assert frame_links(dollars) == [
            (
                "https://example.org/bishkek-2024",
                "Source of the figure of OSCE Centre in Bishkek",
            )
        ]
        # Counts recorded without a source link nowhere.
        assert frame_links(staff_frame) == []

    def test_each_chart_sits_in_its_own_section(self):
        from fieldops.core.tests.html import soup

        page = soup(self.response)
        for key in ("staff-headcount", "money-USD-unified-available"):
            section = page.find("section", attrs={"aria-labelledby": key})
            assert section.find("svg")["id"] == f"chart-{key}"


class ProfileChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from .factories import FinancialFigureFactory

        cls.data = four_operations()
        FinancialFigureFactory(
            operation=cls.data["astana"],
            year=2021,
            amount=500_000,
            as_of=D(2021, 12, 31),
            source_url="https://example.org/astana-2021",
        )

    def setUp(self):
        self.response = self.client.get(PROFILE)
        assert self.response.status_code == 200

    def test_one_series_chart_per_kind_of_figure(self):
        assert sorted(page_charts(self.response)) == [
            "chart-series-money-EUR-unified-available",
            "chart-series-staff-authorised",
            "chart-series-staff-headcount",
        ]

    def test_points_are_the_recorded_figures_and_a_year_without_one_is_a_gap(self):
        frame = page_charts(self.response)["chart-series-money-EUR-unified-available"]
        svg = frame.find(f"{SVG}svg")
        points = find_all(svg, "circle", "chart__point")
        assert [titles(point) for point in points] == [
            ["2021: €500,000"],
            ["2023: €1,000,000"],
            ["2024: €2,000,000"],
        ]
        # Heights in proportion from the baseline: 1,000,000 is twice 500,000.
        (baseline,) = find_all(svg, "line", "chart__baseline")
        zero = float(baseline.get("y1"))
        heights = [zero - float(point.get("cy")) for point in points]
        assert heights[1] == pytest.approx(2 * heights[0])
        assert heights[2] == pytest.approx(4 * heights[0])
        # 2022 has no figure: one line joins 2023 to 2024, none reaches 2021.
        (line,) = find_all(svg, "polyline", "chart__line")
        assert len(line.get("points").split()) == 2
        assert "No figure for 2022." in svg.find(f"{SVG}desc").text

    def test_each_point_links_to_the_source_of_its_figure(self):
        frame = page_charts(self.response)["chart-series-money-EUR-unified-available"]
        assert [href for href, _name in frame_links(frame)] == [
            "https://example.org/astana-2021",
            "/en/documents/pc-dec-1/",
        ]
        assert "2024: €2,000,000" in frame_links(frame)[1][1]

    def test_staff_counts_of_different_meanings_are_apart(self):
        charts = page_charts(self.response)
        headcount = charts["chart-series-staff-headcount"].find(f"{SVG}svg")
        authorised = charts["chart-series-staff-authorised"].find(f"{SVG}svg")
        assert [titles(p) for p in find_all(headcount, "circle")] == [
            ["2024: 7 staff in post"]
        ]
        assert [titles(p) for p in find_all(authorised, "circle")] == [
            ["2024: 20 authorised strength"]
        ]
