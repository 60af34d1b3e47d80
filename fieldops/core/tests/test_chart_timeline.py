"""The timeline chart: bars from start to end on a year axis, open rows reaching
today, approximate ends drawn and said, marks, links, the "as of" line."""

import datetime

import pytest
from django.utils import translation

from fieldops.core.charts import TimelineMark, TimelineRow, timeline_chart
from fieldops.core.dates import PartialDate, Precision
from fieldops.core.tests.charts import (
    SVG,
    find_all,
    links,
    parse,
    right_edge,
    texts,
    titles,
)

TODAY = datetime.date(2020, 1, 1)


def draw(rows, **options):
    options = {
        "title": "Field operations",
        "today": TODAY,
        "first_year": 2000,
    } | options
    return timeline_chart(rows, **options)


class TimelineChartTests:
    def test_is_an_image_named_by_its_title_and_description(self):
        chart = draw([TimelineRow("Mission", datetime.date(2005, 1, 1))])
        root = parse(chart)

        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert root.find(f"{SVG}title").get("id") == title_id
        assert root.find(f"{SVG}title").text == "Field operations"
        assert root.find(f"{SVG}desc").get("id") == desc_id
        assert root.get("width") == "100%"
        assert root.get("viewBox").startswith("0 0 ")

    def test_draws_one_bar_per_row_with_its_label(self):
        rows = [
            TimelineRow("Centre in Astana", datetime.date(2001, 1, 1)),
            TimelineRow("Mission to Croatia", datetime.date(2002, 1, 1), TODAY),
            TimelineRow("Mission to Georgia", datetime.date(2003, 1, 1), TODAY),
        ]
        root = parse(draw(rows))

        assert len(find_all(root, "rect", "chart__bar")) == 3
        labels = ["".join(t.itertext()) for t in find_all(root, "text", "chart__label")]
        assert labels == [
            "Centre in Astana",
            "Mission to Croatia",
            "Mission to Georgia",
        ]

    def test_bar_lengths_are_proportional_to_the_periods(self):
        rows = [
            TimelineRow(
                "Ten years", datetime.date(2000, 1, 1), datetime.date(2010, 1, 1)
            ),
            TimelineRow(
                "Five years", datetime.date(2000, 1, 1), datetime.date(2005, 1, 1)
            ),
            TimelineRow(
                "Later five", datetime.date(2010, 1, 1), datetime.date(2015, 1, 1)
            ),
        ]
        ten, five, later = find_all(parse(draw(rows)), "rect", "chart__bar")

        assert float(ten.get("x")) == float(five.get("x"))
        ratio = float(ten.get("width")) / float(five.get("width"))
        assert ratio == pytest.approx(3653 / 1827, rel=0.01)
        # The later bar starts where the ten-year bar ends.
        assert float(later.get("x")) == pytest.approx(right_edge(ten), abs=0.1)

    def test_an_open_row_reaches_today_and_ends_in_an_arrow(self):
        rows = [
            TimelineRow("Open", datetime.date(2000, 1, 1)),
            TimelineRow("Closed", datetime.date(2000, 1, 1), datetime.date(2010, 1, 1)),
        ]
        chart = draw(rows)
        root = parse(chart)
        open_bar, closed_bar = find_all(root, "rect", "chart__bar")

        assert len(find_all(root, "path", "chart__open")) == 1
        # 20 years against 10: today is the axis' end.
        assert float(open_bar.get("width")) == pytest.approx(
            2 * float(closed_bar.get("width")), rel=0.01
        )
        assert "Open: from 1 January 2000, still open." in chart.description
        assert [cell.text for cell in chart.table.rows[0]][2] == "still open"

    def test_an_end_not_known_is_faint_to_today_with_no_arrow(self):
        rows = [
            TimelineRow("Unknown", datetime.date(2010, 1, 1), end_unknown=True),
            TimelineRow("Open", datetime.date(2010, 1, 1)),
        ]
        chart = draw(rows)
        root = parse(chart)
        groups = [g for g in root.iter(f"{SVG}g") if find_all(g, "rect")]
        unknown, open_row = groups

        (faint,) = find_all(unknown, "rect", "chart__unknown-end")
        (solid,) = find_all(unknown, "rect", "chart__bar")
        (open_bar,) = find_all(open_row, "rect", "chart__bar")
        assert right_edge(faint) == pytest.approx(right_edge(open_bar))
        assert float(solid.get("width")) < 3
        assert faint.get("stroke-dasharray")
        assert find_all(unknown, "path", "chart__open") == []
        assert len(find_all(open_row, "path", "chart__open")) == 1
        assert (
            "Unknown: from 1 January 2010; when it ended, if it has, is not known."
            in chart.description
        )
        assert [cell.text for cell in chart.table.rows[0]][2] == "not known"

    def test_a_row_known_to_have_ended_on_an_unknown_day_says_so(self):
        row = TimelineRow(
            "Closed", datetime.date(2010, 1, 1), end_unknown=True, ended=True
        )
        chart = draw([row])
        assert "Closed: from 1 January 2010; it ended on a day not known." in (
            chart.description
        )
        assert find_all(parse(chart), "path", "chart__open") == []

    def test_only_an_unknown_end_can_be_known_to_have_ended(self):
        with pytest.raises(ValueError, match="unknown end"):
            TimelineRow("Mission", datetime.date(2010, 1, 1), ended=True)

    def test_a_row_with_an_end_cannot_have_an_unknown_end(self):
        with pytest.raises(ValueError, match="not unknown"):
            TimelineRow(
                "Mission",
                datetime.date(2010, 1, 1),
                datetime.date(2011, 1, 1),
                end_unknown=True,
            )

    def test_with_an_as_of_day_open_rows_stop_at_its_line(self):
        rows = [
            TimelineRow("Open", datetime.date(2000, 1, 1)),
            TimelineRow("Closed", datetime.date(2000, 1, 1), datetime.date(2005, 1, 1)),
        ]
        root = parse(draw(rows, as_of=datetime.date(2010, 1, 1)))
        open_bar, closed_bar = find_all(root, "rect", "chart__bar")
        (line,) = find_all(find_all(root, "g", "chart__as-of")[0], "line")

        # Nothing after the day is known: the open bar ends at the line, not at
        # today, and its arrow starts there.
        assert right_edge(open_bar) == pytest.approx(float(line.get("x1")))
        assert float(open_bar.get("width")) == pytest.approx(
            2 * float(closed_bar.get("width")), rel=0.01
        )
        arrow = find_all(root, "path", "chart__open")[0]
        assert arrow.get("d").startswith(f"M{line.get('x1')} ")

    def test_approximate_ends_are_drawn_faint_and_said(self):
        row = TimelineRow(
            "Mission",
            PartialDate(datetime.date(2003, 6, 1), Precision.MONTH),
            PartialDate(datetime.date(2007, 1, 1), Precision.YEAR),
        )
        chart = draw([row])
        root = parse(chart)

        uncertain = find_all(root, "rect", "chart__uncertain")
        assert len(uncertain) == 2
        assert all(part.get("stroke-dasharray") for part in uncertain)
        assert "from about June 2003 to about 2007" in chart.description
        assert "from about June 2003 to about 2007" in " ".join(titles(root))
        assert [cell.text for cell in chart.table.rows[0]][1:3] == [
            "about June 2003",
            "about 2007",
        ]

    def test_ends_marked_uncertain_are_approximate_too(self):
        row = TimelineRow(
            "Mission",
            datetime.date(2003, 6, 11),
            datetime.date(2007, 1, 1),
            end_uncertain=True,
        )
        chart = draw([row])
        root = parse(chart)

        (uncertain,) = find_all(root, "rect", "chart__uncertain")
        bar = find_all(root, "rect", "chart__bar")[0]
        assert float(uncertain.get("x")) == pytest.approx(right_edge(bar), abs=0.1)
        assert "from 11 June 2003 to about 1 January 2007" in chart.description
        assert chart.table.rows[0][2].text == "about 1 January 2007"

    def test_exact_ends_have_no_faint_part(self):
        row = TimelineRow(
            "Mission", datetime.date(2003, 6, 1), datetime.date(2007, 1, 1)
        )
        chart = draw([row])

        assert find_all(parse(chart), "rect", "chart__uncertain") == []
        assert "about" not in chart.description

    def test_marks_sit_on_the_bar_with_their_own_labels(self):
        row = TimelineRow(
            "Centre in Astana",
            datetime.date(2000, 1, 1),
            marks=(
                TimelineMark(datetime.date(2010, 1, 1), "Renamed Office in Astana"),
                TimelineMark(datetime.date(2015, 1, 1), "Renamed Programme Office"),
            ),
        )
        chart = draw([row])
        root = parse(chart)

        marks = find_all(root, "path", "chart__mark")
        assert len(marks) == 2
        assert marks[0].find(f"{SVG}title").text == (
            "Renamed Office in Astana (1 January 2010)"
        )
        # Halfway through the axis, as 2010 is between 2000 and 2020.
        bar = find_all(root, "rect", "chart__bar")[0]
        middle = float(bar.get("x")) + float(bar.get("width")) / 2
        assert float(marks[0].get("d")[1:].split()[0]) == pytest.approx(middle, abs=0.2)
        assert (
            "Renamed Programme Office (1 January 2015)" in chart.table.rows[0][3].text
        )

    def test_rows_link_their_label_and_bar(self):
        rows = [
            TimelineRow("Skopje", datetime.date(2000, 1, 1)),
            TimelineRow("Astana", datetime.date(2000, 1, 1), url="/en/astana/"),
        ]
        chart = draw(rows)
        root = parse(chart)

        assert links(chart) == ["/en/astana/"]
        (link,) = chart.links
        assert link.label == "Astana"
        assert "Astana: from 1 January 2000, still open" in link.tip
        label = find_all(root, "text", "chart__label")[1]
        bar = find_all(root, "rect", "chart__bar")[1]
        assert link.y < float(label.get("y")) < link.y + link.height
        assert (
            link.y
            < float(bar.get("y")) + float(bar.get("height"))
            < (link.y + link.height)
        )
        assert chart.table.rows[1][0].url == "/en/astana/"
        assert chart.table.rows[0][0].url == ""

    def test_a_link_must_be_a_path_or_a_web_address(self):
        with pytest.raises(ValueError, match="path or an http"):
            TimelineRow("Bad", datetime.date(2000, 1, 1), url="javascript:alert(1)")

    def test_an_end_before_the_start_is_refused(self):
        with pytest.raises(ValueError, match="ends before it starts"):
            TimelineRow("Bad", datetime.date(2001, 1, 1), datetime.date(2000, 1, 1))

    def test_years_are_ticked_every_five_years_from_the_first(self):
        root = parse(draw([TimelineRow("Mission", datetime.date(2003, 1, 1))]))

        years = [t for t in texts(root) if t.isdigit()]
        # Above and below the bars.
        assert years == [
            "2000",
            "2000",
            "2005",
            "2005",
            "2010",
            "2010",
            "2015",
            "2015",
            "2020",
            "2020",
        ]

    def test_the_as_of_line_is_drawn_only_when_asked(self):
        rows = [TimelineRow("Mission", datetime.date(2000, 1, 1))]
        with_line = draw(rows, as_of=datetime.date(2010, 1, 1))
        without = draw(rows)

        group = find_all(parse(with_line), "g", "chart__as-of")
        assert len(group) == 1
        assert "as of 1 January 2010" in texts(group[0])
        assert "The vertical line marks 1 January 2010." in with_line.description
        assert find_all(parse(without), "g", "chart__as-of") == []

    def test_no_rows_give_a_chart_that_says_so(self):
        chart = draw([])
        root = parse(chart)

        assert chart.empty
        assert texts(root) == ["No data to show."]
        assert root.get("role") == "img"
        assert chart.table.rows == ()

    def test_dates_are_written_in_the_readers_language(self):
        row = TimelineRow("Миссия", datetime.date(2003, 6, 11))
        with translation.override("ru"):
            chart = draw([row])

        assert "11 июня 2003" in chart.description

    def test_fixed_words_are_translated(self):
        row = TimelineRow("Миссия", PartialDate(datetime.date(2003, 1, 1)))
        with translation.override("ru"):
            chart = draw([row])
            empty = draw([])

        assert "Миссия: 1 января 2003 г. — действует до сих пор." in chart.description
        assert chart.table.headers == ("Название", "Начало", "Окончание", "Изменения")
        assert empty.description == "Нет данных для показа."
