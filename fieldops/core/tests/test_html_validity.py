"""Every public page type is valid HTML, as the Nu Html Checker (vnu) judges it.

The pages are rendered from the demo data with Django's test client, in English
and in Russian, written to a temporary folder, and checked by one run of vnu.jar
(npm's vnu-jar on Debian's Java; see the html_checker fixture): the checker
starts once for all of them. Without Java or vnu.jar the test is skipped, except
with CI=true.

To check a new page type, add it to PAGES. Left out: the sitemap and the feeds
(XML, checked by their own tests), the exports (data) and the admin (Wagtail's
own pages, behind its sign-in).
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from fieldops.core.views import bad_request, server_error
from fieldops.recruitment.alerts import links
from fieldops.recruitment.tests.factories import JobAlertFactory

LANGUAGES = ["en", "ru"]
PROFILE = "/{language}/field-operations/astana/"
ALERTS = "/{language}/job-alerts/"


@dataclass(frozen=True)
class Page:
    """One page to check: its address, the status it answers with, and the form
    data to POST instead of a GET.

    In the address, {language} stands for each language of LANGUAGES in turn (an
    address without it is checked once); {confirm}, {unsubscribe} and {manage}
    for the signed parts of the links of a job alert made for the page. The
    profile, the document and the vacancies are the demo's.
    """

    path: str
    status: int = 200
    post: dict = field(default_factory=dict)


PAGES = {
    "home": Page("/{language}/"),
    "field operations": Page("/{language}/field-operations/"),
    "field operations filtered and sorted": Page(
        "/{language}/field-operations/?region=central-asia&status=current&sort=-staff"
    ),
    "field operations on a past day": Page(
        "/{language}/field-operations/?as_of=2000-01-01"
    ),
    "field operations refusing a filter": Page(
        "/{language}/field-operations/?region=atlantis", 400
    ),
    "timeline": Page("/{language}/field-operations/timeline/"),
    "timeline on a past day": Page(
        "/{language}/field-operations/timeline/?as_of=2000-01-01"
    ),
    "comparison": Page("/{language}/field-operations/comparison/"),
    "comparison of a year": Page("/{language}/field-operations/comparison/?year=2024"),
    "profile": Page(PROFILE),
    "profile on a past day": Page(PROFILE + "?as_of=2000-01-01"),
    "profile with a chart over several years": Page(
        "/{language}/field-operations/gukovo-donetsk/"
    ),
    "profile before it was established": Page(PROFILE + "?as_of=1950-01-01", 404),
    "profile on a day that is no date": Page(PROFILE + "?as_of=someday", 400),
    "documents": Page("/{language}/documents/"),
    "a document": Page("/{language}/documents/pc-dec-243/"),
    "vacancies": Page("/{language}/vacancies/"),
    "vacancies, second page": Page("/{language}/vacancies/?page=2"),
    "vacancies filtered": Page("/{language}/vacancies/?grade=P3&modality=contracted"),
    "vacancies filtered by an unknown value": Page("/{language}/vacancies/?grade=X9"),
    "vacancies searched": Page("/{language}/vacancies/?q=officer&sort=deadline"),
    "vacancies searched, nothing found": Page("/{language}/vacancies/?q=zzzqqq"),
    "vacancies refusing a sort": Page("/{language}/vacancies/?sort=sideways", 400),
    "a vacancy": Page("/{language}/vacancies/EXAMPLE-AST-001/"),
    "job alerts": Page(ALERTS + "?grade=P3"),
    "job alerts with errors": Page(ALERTS, 400, {"email": "not-an-address"}),
    "job alerts, check your inbox": Page(ALERTS + "check-your-inbox/"),
    "job alerts, wrong method": Page(ALERTS + "check-your-inbox/", 405, {"go": 1}),
    "job alert, confirm": Page(ALERTS + "confirm/{confirm}/"),
    "job alert, confirmed": Page(ALERTS + "confirm/{confirm}/", post={"go": 1}),
    "job alert, broken link": Page(ALERTS + "confirm/cut-short/", 400),
    "job alert, manage": Page(ALERTS + "manage/{manage}/"),
    "job alert, manage with errors": Page(
        ALERTS + "manage/{manage}/", 400, {"frequency": "hourly"}
    ),
    "job alert, unsubscribe": Page(ALERTS + "unsubscribe/{unsubscribe}/"),
    "job alert, unsubscribed": Page(
        ALERTS + "unsubscribe/{unsubscribe}/", post={"go": 1}
    ),
    "job alert, delete": Page(ALERTS + "manage/{manage}/delete/"),
    "job alert, deleted": Page(ALERTS + "manage/{manage}/delete/", post={"go": 1}),
    "open data": Page("/{language}/open-data/"),
    "API documentation": Page("/api/v1/docs"),
    "not found": Page("/{language}/no-such-page/", 404),
    "document not found": Page("/{language}/documents/no-such-document/", 404),
}
# Pages that no address here leads to, from the handler that makes them.
HANDLED = {"bad request": bad_request, "server error": server_error}


def signed_parts() -> dict[str, str]:
    """The signed last part of each link of a new job alert."""
    alert = JobAlertFactory(criteria={"grade": {"P3"}, "keyword": {"elections"}})
    urls = {
        "confirm": links.confirm_url(alert),
        "unsubscribe": links.unsubscribe_url(alert),
        "manage": links.manage_url(alert),
    }
    return {
        name: urlsplit(url).path.rstrip("/").rsplit("/", 1)[1]
        for name, url in urls.items()
    }


def address(page: Page, language: str) -> str:
    if "{" not in page.path.replace("{language}", ""):
        return page.path.format(language=language)
    return page.path.format(language=language, **signed_parts())


def file_name(language: str, name: str) -> str:
    return f"{language}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.html"


def fetched(client, language: str) -> dict[str, bytes]:
    """{file name: HTML} of every page of PAGES in `language`. Fails on a page
    that answers with another status than its own, or with no HTML."""
    pages = {}
    for name, page in PAGES.items():
        if language != LANGUAGES[0] and "{language}" not in page.path:
            continue
        path = address(page, language)
        if page.post:
            response = client.post(path, page.post)
        else:
            response = client.get(path)
        assert response.status_code == page.status, (name, path)
        assert response["Content-Type"].startswith("text/html"), (name, path)
        pages[file_name(language, name)] = response.content
    for name, handler in HANDLED.items():
        with translation.override(language):
            response = handler(RequestFactory().get(f"/{language}/"))
        pages[file_name(language, name)] = response.content
    return pages


@pytest.fixture
def rendered(db, client, settings, monkeypatch, tmp_path) -> list[Path]:
    """Every page of PAGES in every language of LANGUAGES, each in a file."""
    settings.LANGUAGES = [("en", "English"), ("ru", "Русский")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    # Two vacancies a page, so that the demo's list has pages to move between.
    monkeypatch.setattr("fieldops.recruitment.views.VACANCIES_PER_PAGE", 2)
    call_command("load_demo", stdout=io.StringIO())
    files = []
    for language in LANGUAGES:
        for name, content in fetched(client, language).items():
            files.append(tmp_path / name)
            files[-1].write_bytes(content)
    return files


def described(message: dict) -> str:
    """'file:line: message' of one of vnu's messages."""
    where = Path(unquote(urlsplit(message.get("url", "")).path)).name
    return f"{where}:{message.get('lastLine', '?')}: {message['message']}"


def test_every_public_page_type_is_valid_html(html_checker, rendered):
    errors = [described(message) for message in html_checker(rendered)]
    assert not errors, "\n".join(["vnu found:", *errors])


def test_the_checker_names_the_file_line_and_error_it_finds(tmp_path, html_checker):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html>\n<html lang="en">\n<title>Broken</title>\n'
        "<ul><p>Not a list item.</p></ul>\n"
    )
    errors = [described(message) for message in html_checker([page])]
    assert len(errors) == 1, errors
    assert errors[0].startswith("broken.html:4: Element “p” not allowed"), errors
