"""The bar chart: bars proportional to values in one unit, "no figure" instead
of a zero, mixed units refused, numbers in the reader's language."""

from decimal import Decimal

import pytest
from django.utils import translation

from fieldops.core.charts import BarItem, Unit, bar_chart
from fieldops.core.tests.charts import find_all, links, parse, texts, titles

STAFF = Unit("staff (headcount)")


def draw(items, **options):
    return bar_chart(items, title="Staff by field operation", **options)


class BarChartTests:
    def test_bars_are_proportional_to_the_values(self):
        items = [
            BarItem("Astana", 30, STAFF),
            BarItem("Kyiv", 120, STAFF),
            BarItem("Skopje", 60, STAFF),
        ]
        bars = find_all(parse(draw(items)), "rect", "chart__bar")

        widths = [float(bar.get("width")) for bar in bars]
        assert len(bars) == 3
        assert widths[1] / widths[0] == pytest.approx(4, rel=0.01)
        assert widths[1] / widths[2] == pytest.approx(2, rel=0.01)
        assert len({bar.get("x") for bar in bars}) == 1

    def test_an_item_without_a_value_says_no_figure_and_draws_no_bar(self):
        items = [BarItem("Astana", 30, STAFF), BarItem("Baku", None, STAFF)]
        chart = draw(items)
        root = parse(chart)

        assert len(find_all(root, "rect", "chart__bar")) == 1
        no_figure = find_all(root, "text", "chart__no-figure")
        assert [element.text for element in no_figure] == ["no figure"]
        assert "Baku: no figure." in chart.description
        assert chart.table.rows[1][1].text == "no figure"

    def test_a_zero_is_a_value_not_a_missing_figure(self):
        items = [BarItem("Astana", 30, STAFF), BarItem("Baku", 0, STAFF)]
        root = parse(draw(items))

        assert len(find_all(root, "rect", "chart__bar")) == 2
        assert find_all(root, "text", "chart__no-figure") == []
        assert "0" in texts(root)

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (Unit.money("EUR"), Unit.money("USD")),
            (STAFF, Unit("staff (full-time equivalent)")),
            (STAFF, Unit.money("EUR")),
        ],
        ids=["two-currencies", "headcount-and-fte", "staff-and-money"],
    )
    def test_items_in_different_units_are_refused(self, first, second):
        items = [BarItem("Astana", 30, first), BarItem("Kyiv", 40, second)]

        with pytest.raises(ValueError, match="one unit"):
            draw(items)

    def test_a_negative_value_is_refused(self):
        with pytest.raises(ValueError, match="cannot be negative"):
            BarItem("Astana", -1, STAFF)

    def test_the_unit_is_written_on_the_chart_and_in_the_table(self):
        chart = draw([BarItem("Astana", 30, STAFF)])

        assert "staff (headcount)" in texts(parse(chart))
        assert chart.table.headers == ("Item", "staff (headcount)")
        assert "Values in staff (headcount)." in chart.description

    def test_money_is_written_as_money_in_the_readers_language(self):
        items = [BarItem("Astana", Decimal("2232700"), Unit.money("EUR"))]
        english = draw(items)
        with translation.override("ru"):
            russian = draw(items)

        assert "€2,232,700" in texts(parse(english))
        assert "2\xa0232\xa0700\xa0€" in texts(parse(russian))
        assert english.table.headers[1] == "Euro (EUR)"

    def test_counts_are_grouped_in_the_readers_language(self):
        items = [BarItem("Kyiv", 1340, STAFF)]
        with translation.override("ru"):
            chart = draw(items)

        assert "1\xa0340" in texts(parse(chart))

    def test_items_link_their_label_and_bar(self):
        items = [
            BarItem("Astana", 30, STAFF, url="https://example.org/astana"),
            BarItem("Kyiv", 40, STAFF),
        ]
        chart = draw(items)

        assert links(chart) == ["https://example.org/astana"]
        assert chart.table.rows[0][0].url == "https://example.org/astana"
        assert chart.links[0].label == "Astana"

    def test_a_link_may_be_named_apart_from_its_label(self):
        item = BarItem(
            "Astana", 30, STAFF, url="/en/documents/a/", link_label="Source: Astana"
        )
        chart = draw([item])

        assert chart.links[0].label == "Source: Astana"
        assert 'aria-label="Source: Astana"' in chart.html
        assert "Astana" in texts(parse(chart))

    def test_labels_are_escaped(self):
        label = "<script>alert('x')</script> & Co"
        chart = draw([BarItem(label, 30, STAFF)])
        root = parse(chart)

        assert "<script" not in chart.svg
        assert "&lt;script&gt;" in chart.svg
        assert "&amp; Co" in chart.svg
        assert label in texts(root)
        assert f"{label}: 30 staff (headcount)" in titles(root)

    def test_no_items_give_a_chart_that_says_so(self):
        chart = draw([])

        assert chart.empty
        assert texts(parse(chart)) == ["No data to show."]
        assert chart.table.rows == ()

    def test_two_charts_have_different_ids(self):
        items = [BarItem("Astana", 30, STAFF)]
        first, second = parse(draw(items)), parse(draw(items))

        def ids(root):
            return {element.get("id") for element in root.iter() if element.get("id")}

        assert len(ids(first)) == 3
        assert ids(first).isdisjoint(ids(second))

    def test_a_given_id_names_the_chart_and_a_bad_one_is_refused(self):
        chart = draw([BarItem("Astana", 30, STAFF)], chart_id="staff-2024")

        assert parse(chart).get("aria-labelledby") == "staff-2024-title staff-2024-desc"
        with pytest.raises(ValueError, match="chart id"):
            draw([BarItem("Astana", 30, STAFF)], chart_id='x" onload="alert(1)')
