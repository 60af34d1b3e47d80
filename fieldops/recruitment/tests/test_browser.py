"""The vacancy and job alert pages in a real browser: accessibility and keyboard use."""

import pytest

from fieldops.demo.testing import load_astana_demo
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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# The first result's top must be well within the first screen. Measured on the
# demo: 450 px on the phone, 274 px on the desktop; the bounds leave room for
# other fonts, not for anything placed above the results.
FIRST_RESULT_BELOW = {"phone": 520, "desktop": 350}
# Far more than the page's controls: a loop that never finds its target stops.
MAX_TABS = 200


@pytest.fixture
def site(live_server) -> str:
    """The demo loaded and served; requested before `browser_page` (see conftest)."""
    load_astana_demo()
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


def first_result_top(page) -> float:
    return page.evaluate(
        "document.querySelector('.vacancy-card').getBoundingClientRect().top"
    )


def numbers(page) -> list[str]:
    links = page.locator(".vacancy-card__title a")
    return [
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in links.evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]


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
        errors = focused(page, "return e.innerText;")
        assert "Enter an email address that can receive mail" in errors
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


class VacancyListLayoutTests:
    @pytest.mark.parametrize(
        ("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)]
    )
    def test_the_first_result_is_on_the_first_screen_and_the_page_is_accessible(
        self, site, axe_script, browser_page, size, viewport
    ):
        page = browser_page
        page.set_viewport_size(viewport)
        assert page.goto(site + VACANCIES).status == 200

        assert first_result_top(page) < FIRST_RESULT_BELOW[size]
        assert axe_violations(page, axe_script) == [], describe(
            axe_violations(page, axe_script)
        )

    def test_on_a_phone_the_filters_are_folded_under_a_summary(
        self, site, axe_script, browser_page
    ):
        page = browser_page
        page.set_viewport_size(PHONE)
        assert page.goto(site + VACANCIES).status == 200
        search = page.locator("#id_q")
        assert not search.is_visible()

        tab_to(page, ".vacancy-search__panel > summary")
        page.keyboard.press("Enter")

        assert search.is_visible()
        assert page.locator("input[name=grade]").first.is_visible()
        violations = axe_violations(page, axe_script)
        assert violations == [], describe(violations)

    def test_on_a_wide_screen_the_filters_are_open_beside_the_results(
        self, site, browser_page
    ):
        page = browser_page
        page.set_viewport_size(DESKTOP)
        assert page.goto(site + VACANCIES).status == 200

        assert page.locator("#id_q").is_visible()
        assert not page.locator(".vacancy-search__panel > summary").is_visible()
        panel = page.locator(".vacancy-facets").bounding_box()
        results = page.locator(".vacancy-results").bounding_box()
        assert panel["x"] + panel["width"] <= results["x"]
        assert abs(panel["y"] - results["y"]) < 50
        # Focus goes through the filters, then the results, as they are read.
        tab_to(page, "#id_q")
        tab_to(page, "#id_sort")
        tab_to(page, ".vacancy-card__title a")


class NoScriptTests:
    @pytest.fixture
    def page(self, site, browser_page):
        context = browser_page.context.browser.new_context(
            java_script_enabled=False, viewport=PHONE
        )
        yield context.new_page()
        context.close()

    def test_filters_and_sort_work_without_javascript(self, site, page):
        assert page.goto(site + VACANCIES).status == 200
        assert len(numbers(page)) > 1

        page.click(".vacancy-search__panel > summary")
        option = page.locator(".vacancy-facets__option:has(input[name=grade])").first
        value = option.locator("input").get_attribute("value")
        count = int(option.locator(".vacancy-facets__count").inner_text())
        option.locator("input").check()
        with page.expect_navigation():
            page.click(".vacancy-facets button[type=submit]")

        assert f"grade={value}" in page.url
        assert len(numbers(page)) == count
        assert page.locator(f"input[name=grade][value='{value}']").is_checked()

        page.select_option("#id_sort", "posted")
        with page.expect_navigation():
            page.click(".vacancy-sort button")

        assert "sort=posted" in page.url and f"grade={value}" in page.url
        assert len(numbers(page)) == count
        issued = page.locator(".vacancy-card dd:has(> time) time").evaluate_all(
            "times => times.filter((t, i) => i % 2 === 0).map(t => t.dateTime)"
        )
        assert issued == sorted(issued, reverse=True)
