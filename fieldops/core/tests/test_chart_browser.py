"""The charts' test page in a real browser: no accessibility rule broken, and on
a 360px phone the text stays readable and inside the chart."""

import pytest

from fieldops.operations.tests.test_browser import axe_violations, describe

# Flushing after each test would drop the pages the migrations create; the serialized
# rollback puts them back for the next test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}

# Each text's drawn size in CSS pixels, and how far it reaches past its chart.
MEASURE = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
    const box = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / box.width;
    return [...svg.querySelectorAll('text')].map(text => {
        const bounds = text.getBBox();
        return {
            text: text.textContent,
            label: text.classList.contains('chart__label'),
            size: parseFloat(getComputedStyle(text).fontSize) * scale,
            overflow: Math.max(bounds.x + bounds.width - box.width, -bounds.x),
        };
    });
})"""


@pytest.fixture
def demo(live_server, settings) -> str:
    """The charts' page served; requested before `browser_page` (see conftest)."""
    settings.ROOT_URLCONF = "fieldops.core.tests.chart_demo"
    return live_server.url + "/chart-demo/"


class ChartBrowserTests:
    def test_page_has_no_wcag_violations(self, demo, axe_script, browser_page):
        assert browser_page.goto(demo).status == 200

        violations = axe_violations(browser_page, axe_script)

        assert violations == [], describe(violations)

    def test_text_is_readable_and_inside_the_charts_on_a_phone(
        self, demo, browser_page
    ):
        browser_page.set_viewport_size(PHONE)
        assert browser_page.goto(demo).status == 200

        texts = browser_page.evaluate(MEASURE)

        assert len(texts) > 20
        assert min(t["size"] for t in texts if t["label"]) >= 12, texts
        assert min(t["size"] for t in texts) >= 11, texts
        assert max(t["overflow"] for t in texts) <= 0.5, texts
        page_width = browser_page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= PHONE["width"]
