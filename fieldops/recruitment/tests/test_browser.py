"""The vacancy and job alert pages in a real browser: accessibility and keyboard use."""

import io

import pytest
from django.core.management import call_command

from fieldops.operations.tests.test_browser import axe_violations, describe
from fieldops.recruitment.models import Vacancy

# Flushing after each test would drop the pages the migrations create; the serialized
# rollback puts them back for the next test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VACANCIES = "/en/vacancies/"
JOB_ALERTS = "/en/job-alerts/"
# Far more than the page's controls: a loop that never finds its target stops.
MAX_TABS = 200


@pytest.fixture
def site(live_server) -> str:
    """The demo loaded and served; requested before `browser_page` (see conftest)."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def vacancy_path(site) -> str:
    return Vacancy.objects.live().order_by("number").first().get_absolute_url()


def focused(page, expression: str):
    return page.evaluate(
        f"(() => {{ const e = document.activeElement; {expression} }})()"
    )


def tab_to(page, selector: str) -> None:
    """Press Tab until the element `selector` names has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def submit_invalid_email(page, site: str) -> None:
    assert page.goto(site + JOB_ALERTS).status == 200
    page.fill("#id_email", "not-an-email")
    with page.expect_navigation():
        page.click("form.job-alert-form button[type=submit]")


class AccessibilityTests:
    @pytest.mark.parametrize(
        "path", [VACANCIES, JOB_ALERTS], ids=["vacancies", "job-alerts"]
    )
    def test_page_has_no_wcag_violations(self, site, axe_script, browser_page, path):
        assert browser_page.goto(site + path).status == 200

        violations = axe_violations(browser_page, axe_script)

        assert violations == [], describe(violations)

    def test_a_vacancy_page_has_no_wcag_violations(
        self, site, vacancy_path, axe_script, browser_page
    ):
        assert browser_page.goto(site + vacancy_path).status == 200

        violations = axe_violations(browser_page, axe_script)

        assert violations == [], describe(violations)

    def test_the_job_alert_form_showing_errors_has_no_wcag_violations(
        self, site, axe_script, browser_page
    ):
        submit_invalid_email(browser_page, site)
        assert browser_page.locator("#form-errors").is_visible()
        assert browser_page.locator("#id_email_error").is_visible()

        violations = axe_violations(browser_page, axe_script)

        assert violations == [], describe(violations)


class JobAlertFormTests:
    def test_the_email_field_is_described_by_its_hint_and_its_error(
        self, site, browser_page
    ):
        submit_invalid_email(browser_page, site)

        email = browser_page.locator("#id_email")
        assert email.get_attribute("aria-describedby") == (
            "id_email_helptext id_email_error"
        )
        assert email.get_attribute("aria-invalid") == "true"
        assert email.get_attribute("autocomplete") == "email"


class KeyboardTests:
    def test_the_job_alert_form_can_be_corrected_and_sent_with_the_keyboard_alone(
        self, site, browser_page
    ):
        page = browser_page
        assert page.goto(site + JOB_ALERTS).status == 200

        tab_to(page, "#id_email")
        page.keyboard.type("not-an-email")
        tab_to(page, "input[name=grade][value=P3]")
        page.keyboard.press("Space")
        tab_to(page, "form.job-alert-form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        assert focused(page, "return e.id;") == "form-errors"
        assert "Enter a valid email address." in focused(page, "return e.innerText;")
        page.keyboard.press("Tab")
        assert focused(page, "return e.getAttribute('href');") == "#id_email"
        page.keyboard.press("Enter")
        assert focused(page, "return e.id;") == "id_email"
        assert page.locator("input[name=grade][value=P3]").is_checked()

        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("someone@example.org")
        tab_to(page, "form.job-alert-form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        assert page.locator("h1").inner_text() == "Check your inbox"
