"""The Content-Security-Policy in a real browser: the public pages, the API docs,
the admin's sign-in and dashboard run with no violation reported."""

import pytest
from django.contrib.auth.models import Permission

from conftest import CHROMIUM_ARGS
from fieldops.core.tests.test_security_headers import PASSWORD, PUBLIC_PAGES
from fieldops.demo.testing import load_astana_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [*PUBLIC_PAGES, "/api/v1/docs", "/admin/login/"]
# Every violation the page reports, kept on the window from the first script on.
RECORD = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
    window.cspViolations.push([
        event.violatedDirective, event.blockedURI, event.sourceFile, event.lineNumber,
    ].join(' '));
});
"""


@pytest.fixture
def site(live_server, django_user_model) -> str:
    """The demo and an editor; requested before `enforcing_page`."""
    load_astana_demo()
    user = django_user_model.objects.create_user("editor", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return live_server.url


@pytest.fixture
def enforcing_page(chromium_path):
    """A page in a headless Chromium that enforces the site's policy (the shared
    `browser_page` bypasses it to inject axe-core), with its violations and
    console errors collected in `page.problems`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_context().new_page()
            page.add_init_script(RECORD)
            page.problems = []
            page.on(
                "console",
                lambda message: (
                    message.type in ("error", "warning")
                    and "Failed to load resource" not in message.text
                    and page.problems.append(message.text)
                ),
            )
            yield page
        finally:
            browser.close()


def violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations")


class PolicyInBrowserTests:
    def test_no_page_reports_a_violation(self, site, enforcing_page):
        found = {}
        for path in PAGES:
            response = enforcing_page.goto(site + path)
            assert response.status in (200, 404), path
            found[path] = violations(enforcing_page)

        assert found == {path: [] for path in PAGES}
        assert enforcing_page.problems == []

    def test_the_api_docs_draw_the_operations(self, site, enforcing_page):
        enforcing_page.goto(site + "/api/v1/docs")

        enforcing_page.wait_for_selector(".opblock-summary")
        enforcing_page.locator(".opblock-summary").first.click()

        assert violations(enforcing_page) == []

    def test_signing_in_and_the_dashboard_report_no_violation(
        self, site, enforcing_page
    ):
        enforcing_page.goto(site + "/admin/login/")
        enforcing_page.fill("input[name=username]", "editor")
        enforcing_page.fill("input[name=password]", PASSWORD)
        enforcing_page.click("button[type=submit]")
        enforcing_page.wait_for_url(site + "/admin/")

        assert enforcing_page.locator("#wagtail").count() == 1
        assert violations(enforcing_page) == []
        assert enforcing_page.problems == []

    def test_a_charts_links_lie_over_their_bars_and_take_the_click(
        self, site, enforcing_page
    ):
        enforcing_page.goto(site + "/en/field-operations/timeline/")
        link = enforcing_page.locator(".chart-frame__link").first
        href = link.get_attribute("href")
        box = link.locator("rect").bounding_box()
        middle = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]

        under = enforcing_page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a')"
            "?.getAttribute('href')",
            middle,
        )
        enforcing_page.mouse.click(*middle)

        assert under == href
        enforcing_page.wait_for_url("**" + href)
