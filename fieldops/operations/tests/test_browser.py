"""The demo profile in a real browser: keyboard use, accessibility, time travel."""

import pytest

from fieldops.demo.testing import load_astana_demo

# Flushing after each test would drop the pages the migrations create; the serialized
# rollback puts them back for the next test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROFILE = "/en/field-operations/astana/"
INDEX = "/en/field-operations/"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def site(live_server) -> str:
    """The demo loaded and served; requested before `browser_page` (see conftest)."""
    load_astana_demo()
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


class TimeTravelTests:
    def test_the_profile_as_of_2000_shows_the_name_it_had_then(
        self, site, browser_page
    ):
        response = browser_page.goto(site + PROFILE + "?as_of=2000-01-01")

        assert response.status == 200

        assert "OSCE Centre in Almaty" in browser_page.locator("h1").inner_text()
