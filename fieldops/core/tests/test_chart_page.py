"""One chart of each kind on a page of the site (a page for the tests only):
ids unique on the page, each image named, its data as a table with the same
links."""

import pytest
from django.template.loader import render_to_string

from fieldops.core.charts import bar_chart
from fieldops.core.tests.html import soup
from fieldops.core.tests.test_html_validity import described

pytestmark = pytest.mark.django_db

DEMO = "/chart-demo/"


@pytest.fixture
def page(client, settings):
    settings.ROOT_URLCONF = "fieldops.core.tests.chart_demo"
    response = client.get(DEMO)
    assert response.status_code == 200
    return soup(response)


class ChartPageTests:
    def test_every_chart_is_an_image_named_by_its_own_title_and_description(self, page):
        charts = page.find_all("svg", class_="chart")

        assert len(charts) == 4
        for chart in charts:
            assert chart["role"] == "img"
            title_id, desc_id = chart["aria-labelledby"].split()
            assert page.find(id=title_id).name == "title"
            assert page.find(id=desc_id).name == "desc"
            assert page.find(id=title_id).parent is chart

    def test_ids_are_unique_on_the_page(self, page):
        ids = [element["id"] for element in page.find_all(id=True)]

        assert len(ids) == len(set(ids))

    def test_each_chart_has_its_data_as_a_table_with_a_caption(self, page):
        captions = [table.caption.get_text(strip=True) for table in page("table")]

        assert captions == [
            "Field operations",
            "Staff by field operation",
            "Budget",
            "Staff by field operation",
        ]
        assert page.find("details").find("table") is not None

    def test_the_tables_carry_the_charts_links(self, page):
        timeline_table = page("table")[0]
        frame = page.find(class_="chart-frame")

        assert frame.find("svg").find("a") is None
        chart_links = {a["href"]: a["aria-label"] for a in frame.find_all("a")}
        table_links = {a["href"]: a.get_text() for a in timeline_table.find_all("a")}
        assert (
            chart_links
            == table_links
            == {
                "/en/field-operations/astana/": "OSCE Centre in Astana <script>&",
                "https://example.org/skopje": (
                    "OSCE Spillover Monitor Mission to Skopje"
                ),
            }
        )

    def test_user_text_is_escaped_in_the_chart_and_the_table(self, page):
        assert page.find("script") is None
        assert "OSCE Centre in Astana <script>&" in page("table")[0].get_text()
        assert "OSCE Centre in Astana <script>&" in page.find("svg").get_text()


def test_the_page_is_valid_html_in_english_and_russian(
    html_checker, client, settings, tmp_path
):
    settings.ROOT_URLCONF = "fieldops.core.tests.chart_demo"
    settings.LANGUAGES = [("en", "English"), ("ru", "Русский")]
    files = []
    for language, words in [("en", "the data as a table"), ("ru", "данные в виде")]:
        response = client.get(DEMO, headers={"accept-language": language})
        assert words in response.content.decode()
        files.append(tmp_path / f"{language}-charts.html")
        files[-1].write_bytes(response.content)

    errors = [described(message) for message in html_checker(files)]

    assert not errors, "\n".join(["vnu found:", *errors])


class EmptyChartTemplateTests:
    def test_an_empty_chart_says_so_instead_of_an_empty_table(self):
        chart = bar_chart([], title="Staff")
        table = render_to_string("core/charts/_table.html", {"chart": chart})
        figure = render_to_string("core/charts/_chart.html", {"chart": chart})

        assert "<table" not in table
        assert "Staff: no data to show." in table
        assert "<details" not in figure
        assert "No data to show." in figure
