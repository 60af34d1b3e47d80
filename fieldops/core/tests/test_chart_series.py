"""The series over years: a point per year with a value, the line broken where
a year has none, one unit, links to the sources."""

from decimal import Decimal

import pytest

from fieldops.core.charts import SeriesPoint, Unit, series_chart
from fieldops.core.tests.charts import find_all, links, parse, texts, titles

STAFF = Unit("staff (headcount)")


def draw(points, **options):
    return series_chart(points, title="Staff over the years", **options)


def point_at(year, value, unit=STAFF, url=""):
    return SeriesPoint(year, value, unit, url)


def polyline_xs(line) -> list[float]:
    return [float(pair.split(",")[0]) for pair in line.get("points").split()]


class SeriesChartTests:
    def test_one_point_per_year_with_a_value(self):
        points = [point_at(2015, 100), point_at(2016, 120), point_at(2017, 90)]
        root = parse(draw(points))

        circles = find_all(root, "circle", "chart__point")
        assert len(circles) == 3
        xs = [float(circle.get("cx")) for circle in circles]
        assert xs == sorted(xs)
        assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.2)

    def test_heights_are_proportional_to_the_values(self):
        points = [point_at(2015, 50), point_at(2016, 100), point_at(2017, 25)]
        root = parse(draw(points))

        baseline = float(find_all(root, "line", "chart__baseline")[0].get("y1"))
        heights = [
            baseline - float(circle.get("cy"))
            for circle in find_all(root, "circle", "chart__point")
        ]
        assert heights[1] / heights[0] == pytest.approx(2, rel=0.01)
        assert heights[0] / heights[2] == pytest.approx(2, rel=0.01)

    def test_a_missing_year_breaks_the_line_instead_of_dropping_to_zero(self):
        points = [
            point_at(2014, 100),
            point_at(2015, 110),
            point_at(2016, None),  # said to be unknown
            point_at(2018, 130),  # 2017 not given at all
            point_at(2019, 140),
            point_at(2020, 150),
        ]
        chart = draw(points)
        root = parse(chart)

        circles = find_all(root, "circle", "chart__point")
        lines = find_all(root, "polyline", "chart__line")
        assert len(circles) == 5
        assert [len(polyline_xs(line)) for line in lines] == [2, 3]
        baseline = float(find_all(root, "line", "chart__baseline")[0].get("y1"))
        assert all(float(circle.get("cy")) < baseline for circle in circles)
        assert "No figure for 2016, 2017." in chart.description
        assert [row[1].text for row in chart.table.rows] == [
            "100",
            "110",
            "no figure",
            "no figure",
            "130",
            "140",
            "150",
        ]

    def test_a_lone_year_is_a_point_without_a_line(self):
        points = [point_at(2014, 100), point_at(2016, 120)]
        root = parse(draw(points))

        assert len(find_all(root, "circle", "chart__point")) == 2
        assert find_all(root, "polyline", "chart__line") == []

    def test_the_years_asked_for_frame_the_chart_and_the_table(self):
        chart = draw([point_at(2016, 120)], years=range(2014, 2019))

        assert [row[0].text for row in chart.table.rows] == [
            "2014",
            "2015",
            "2016",
            "2017",
            "2018",
        ]
        assert "No figure for 2014, 2015, 2017, 2018." in chart.description

    def test_a_point_outside_the_years_is_refused(self):
        with pytest.raises(ValueError, match="outside"):
            draw([point_at(2013, 120)], years=range(2014, 2019))

    def test_a_year_given_twice_is_refused(self):
        with pytest.raises(ValueError, match="twice"):
            draw([point_at(2016, 120), point_at(2016, 130)])

    def test_points_in_different_units_are_refused(self):
        points = [
            point_at(2015, Decimal(100), Unit.money("EUR")),
            point_at(2016, Decimal(100), Unit.money("USD")),
        ]
        with pytest.raises(ValueError, match="one unit"):
            draw(points)

    def test_each_point_links_to_its_source(self):
        points = [
            point_at(2015, 100, url="/en/documents/pc-dec-243/"),
            point_at(2016, 120),
        ]
        chart = draw(points)
        root = parse(chart)

        assert links(chart) == ["/en/documents/pc-dec-243/"]
        (link,) = chart.links
        circle = find_all(root, "circle", "chart__point")[0]
        assert link.x + link.width / 2 == pytest.approx(
            float(circle.get("cx")), abs=0.1
        )
        assert link.y + link.height / 2 == pytest.approx(
            float(circle.get("cy")), abs=0.1
        )
        assert link.label == "Source of the figure for 2015: 100 staff (headcount)"
        assert chart.table.rows[0][1].url == "/en/documents/pc-dec-243/"

    def test_points_say_their_value_and_unit(self):
        points = [point_at(2015, Decimal("2232700"), Unit.money("EUR"))]
        root = parse(draw(points))

        assert "2015: €2,232,700" in titles(root)

    def test_the_value_axis_starts_at_zero_with_round_steps(self):
        root = parse(draw([point_at(2015, 120), point_at(2016, 90)]))

        values = [t for t in texts(root) if t not in {"2015", "2016"}][1:]
        assert values == ["0", "25", "50", "75", "100", "125"]

    def test_no_value_at_all_gives_a_chart_that_says_so(self):
        chart = draw([point_at(2015, None)])

        assert chart.empty
        assert texts(parse(chart)) == ["No data to show."]
        assert [cell.text for cell in chart.table.rows[0]] == ["2015", "no figure"]
        assert draw([]).empty
