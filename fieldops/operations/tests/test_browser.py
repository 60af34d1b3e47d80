"""The demo profile in a real browser: keyboard use, accessibility, time travel."""

import io

import pytest
from django.core.management import call_command

from fieldops.demo.testing import load_astana_demo

# Flushing after each test would drop the pages the migrations create; the serialized
# rollback puts them back for the next test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROFILE = "/en/field-operations/astana/"
INDEX = "/en/field-operations/"
# The organisation's views and a profile whose chart has several years, each
# with the number of charts it draws from the whole demo.
CHARTED = {
    INDEX: 0,
    INDEX + "timeline/": 1,
    INDEX + "timeline/?as_of=2005-06-01": 1,
    INDEX + "comparison/?year=2024": 3,
    INDEX + "gukovo-donetsk/": 1,
    PROFILE: 3,
}
PHONE = {"width": 360, "height": 740}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def site(live_server) -> str:
    """The demo loaded and served; requested before `browser_page` (see conftest)."""
    load_astana_demo()
    return live_server.url


@pytest.fixture
def whole_demo(live_server) -> str:
    """Every operation of the demo, served; requested before `browser_page`."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def axe_violations(page, axe_script) -> list[dict]:
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility rule(s) violated:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.extend(
                f"      {line}" for line in node["failureSummary"].splitlines()
            )
    return "\n".join(lines)


class KeyboardNavigationTests:
    def test_the_first_tab_focuses_the_skip_link_and_enter_moves_focus_to_main(
        self, site, browser_page
    ):
        assert browser_page.goto(site + PROFILE).status == 200

        browser_page.keyboard.press("Tab")
        focused = browser_page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#main-content"

        browser_page.keyboard.press("Enter")
        focus_in_main = browser_page.evaluate(
            "(() => { const main = document.getElementById('main-content');"
            " return main !== null && main.contains(document.activeElement); })()"
        )
        assert focus_in_main


class AccessibilityTests:
    @pytest.mark.parametrize("path", [PROFILE, INDEX], ids=["profile", "index"])
    def test_page_has_no_wcag_violations(self, site, axe_script, browser_page, path):
        assert browser_page.goto(site + path).status == 200

        violations = axe_violations(browser_page, axe_script)

        assert violations == [], describe(violations)


# The right end of every caption of a table that scrolls within its frame.
CAPTION_ENDS = """[...document.querySelectorAll('.table-wrap caption')]
    .map((caption) => caption.getBoundingClientRect().right)"""


class ChartPagesTests:
    """The pages that draw charts, as the whole demo fills them. One test, since
    loading the demo is the slow part."""

    def test_no_wcag_violations_one_h1_and_on_a_phone_readable_charts(
        self, whole_demo, axe_script, browser_page
    ):
        from fieldops.core.tests.test_chart_browser import MEASURE

        found = {}
        for path in CHARTED:
            assert browser_page.goto(whole_demo + path).status == 200, path
            found[path] = (
                browser_page.locator("h1").count(),
                browser_page.locator("svg.chart").count(),
                describe(axe_violations(browser_page, axe_script)),
            )
        clean = describe([])
        assert found == {path: (1, n, clean) for path, n in CHARTED.items()}

        browser_page.set_viewport_size(PHONE)
        for path in (path for path, charts in CHARTED.items() if charts):
            assert browser_page.goto(whole_demo + path).status == 200, path
            texts = browser_page.evaluate(MEASURE)
            labels = [t["size"] for t in texts if t["label"]]
            assert min(labels, default=12) >= 12, path
            assert min(t["size"] for t in texts) >= 11, path
            assert max(t["overflow"] for t in texts) <= 0.5, (path, texts)
            width = browser_page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], path
            # A table's caption stays on the screen while its table scrolls.
            captions = browser_page.evaluate(CAPTION_ENDS)
            assert max(captions, default=0) <= PHONE["width"], (path, captions)


class TimeTravelTests:
    def test_the_profile_as_of_2000_shows_the_name_it_had_then(
        self, site, browser_page
    ):
        response = browser_page.goto(site + PROFILE + "?as_of=2000-01-01")

        assert response.status == 200

        assert "OSCE Centre in Almaty" in browser_page.locator("h1").inner_text()
