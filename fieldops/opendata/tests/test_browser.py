"""The open-data page in a real browser: no accessibility rule broken."""

import pytest

from fieldops.demo.testing import load_astana_demo
from fieldops.operations.tests.test_browser import axe_violations, describe

# Flushing after each test would drop the pages the migrations create; the serialized
# rollback puts them back for the next test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPEN_DATA = "/en/open-data/"
PROFILE_PAST = "/en/field-operations/astana/?as_of=2010-05-01"


@pytest.fixture
def site(live_server) -> str:
    """The demo loaded and served; requested before `browser_page` (see conftest)."""
    load_astana_demo()
    return live_server.url


class OpenDataAccessibilityTests:
    @pytest.mark.parametrize(
        "path", [OPEN_DATA, PROFILE_PAST], ids=["open-data", "profile-past-day"]
    )
    def test_page_has_no_wcag_violations(self, site, axe_script, browser_page, path):
        assert browser_page.goto(site + path).status == 200

        violations = axe_violations(browser_page, axe_script)

        assert violations == [], describe(violations)

    def test_the_footer_link_leads_to_the_open_data_page(self, site, browser_page):
        assert browser_page.goto(site + "/en/field-operations/").status == 200

        browser_page.locator("footer a", has_text="Open data").click()

        browser_page.wait_for_url(site + OPEN_DATA)
        assert browser_page.locator("h1").inner_text() == "Open data"
