"""Every search box, in the admin and on the public site, answers any query with
results or a message, never a server error.

The admin's search boxes are found, not listed: every admin address without
parameters whose page renders a search input (`name="q"`), with the address its
search form sends the query to (a listing's results, a chooser's results, the
page chooser's search). Each is asked every query of QUERIES as a superuser,
with records in every searchable model and in the search index.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import Mandate, Person
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

from .factories import (
    AppointmentFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingSnapshotFactory,
)
from .test_admin_walk import NOT_REQUESTED, admin_addresses

pytestmark = pytest.mark.django_db

EVERY_OPERATOR = "\" * - : ( ) NEAR AND OR NOT ^ + ~ \\ ' % _ ;"

# Words, the operators and quotes of the search engines' own query languages
# (SQLite FTS5, PostgreSQL tsquery, Wagtail's parse_query_string), other
# scripts, control characters and the empty and absurdly long queries.
QUERIES = [
    "officer",
    "Human Rights Officer",
    "state-of-the-art",
    '"',
    'a"b',
    '"human rights"',
    '"officer',
    "'",
    "it's",
    "*",
    "offic*",
    "-",
    "-officer",
    ":",
    "title:officer",
    "(",
    ")",
    "(officer",
    "NEAR",
    "NEAR(human rights)",
    "AND",
    "OR",
    "NOT",
    "officer NOT",
    "NOT officer",
    "human AND NOT rights OR",
    "^officer",
    "+officer",
    "~officer",
    "\\",
    "officer\\",
    "%",
    "_",
    ";",
    "'; DROP TABLE x; --",
    EVERY_OPERATOR,
    "Сотрудник по правам человека",
    "مسؤول حقوق الإنسان",
    "人权干事",
    "👩\u200d💼 📄",
    "a\x00b",
    "\x00",
    "a\tb",
    "a\nb",
    "\x01\x1f\x7f",
    "",
    " ",
    "officer " * 125,
    "x" * 1000,
    "rights " * 1429,
    "y" * 10000,
]


@pytest.fixture
def records():
    """Records with text in every searchable model, published so that the
    search index has rows for them."""
    vacancy = VacancyFactory(title="Human Rights Officer")
    vacancy.save_revision().publish()
    operation = vacancy.operation
    operation.save_revision().publish()
    document = DocumentFactory(title="Decision on the human rights centre")
    document.save_revision().publish()
    appointment = AppointmentFactory(
        post__operation=operation, person__name="Ayesha Rightsworth"
    )
    mandate = MandateFactory(operation=operation, summary="Monitors human rights.")
    for record in (
        appointment,
        appointment.person,
        appointment.post,
        mandate,
        OperationNameFactory(operation=operation, full_name="Human Rights Centre"),
        OfficeFactory(operation=operation, place=PlaceNameFactory().place),
        StaffingSnapshotFactory(operation=operation),
        FinancialFigureFactory(operation=operation, based_on="Human rights budget"),
    ):
        record.save_revision().publish()
    FieldOperationPageFactory(operation=operation, title="Human Rights Centre")
    get_image_model().objects.create(
        title="Human rights officer portrait", file=get_test_image_file()
    )
    get_document_model().objects.create(
        title="Human rights report", file=ContentFile(b"report", name="report.txt")
    )
    Redirect.objects.create(old_path="/human-rights", redirect_link="/en/")
    Group.objects.create(name="Human rights editors")
    return {
        Vacancy: vacancy,
        Document: document,
        Person: appointment.person,
        Mandate: mandate,
    }


@pytest.fixture
def superuser_client(django_user_model) -> Client:
    # A server error is counted as a failure rather than raised, so that one run
    # lists them all.
    client = Client(raise_request_exception=False)
    user = django_user_model.objects.create_superuser(
        "root", "root@example.org", "unused-pw-1", first_name="Rights"
    )
    login_verified(client, user)
    return client


def html_of(response) -> str:
    """The page, or the HTML of a chooser's JSON answer."""
    text = response.content.decode(errors="replace")
    if response["Content-Type"].startswith("application/json"):
        answer = json.loads(text)
        return answer.get("html") or "" if isinstance(answer, dict) else ""
    return text


SEARCH_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL)
ACTION = re.compile(r'\baction="([^"]*)"')


def search_boxes(client: Client) -> dict[str, set[str]]:
    """Every admin address without parameters that renders a search input, with
    the addresses its search forms send the query to (itself when none)."""
    boxes = {}
    for address in admin_addresses():
        if address.params or address.route in NOT_REQUESTED:
            continue
        path = "/" + address.format
        response = client.get(path)
        if response.status_code != 200 or response.streaming:
            continue
        html = html_of(response)
        if 'name="q"' not in html:
            continue
        boxes[path] = {
            urlsplit(action.group(1)).path or path
            for attributes, inner in SEARCH_FORM.findall(html)
            if 'name="q"' in inner and (action := ACTION.search(attributes))
        } or {path}
    return boxes


def failures(client: Client, paths, queries) -> list[str]:
    found = []
    for path in sorted(paths):
        for q in queries:
            response = client.get(path, {"q": q})
            if response.status_code >= 500:
                found.append(f"{path} q={q[:40]!r}: {response.status_code}")
    return found


# A few queries of each kind, for the full pages whose search form sends the
# query to another address (their results), which gets every query: both run
# the same search.
SAMPLE = [
    "officer",
    'a"b',
    EVERY_OPERATOR,
    "Сотрудник по правам человека",
    "a\x00b",
    "rights " * 1429,
]


def test_every_admin_search_box_answers_every_query(records, superuser_client):
    boxes = search_boxes(superuser_client)
    targets = set().union(*boxes.values())
    expected = {
        reverse("wagtailadmin_pages:search_results"),
        reverse("wagtailadmin_choose_page_search"),
        reverse("wagtailusers_users:index_results"),
        reverse("wagtailusers_groups:index_results"),
        reverse("wagtailredirects:index_results"),
        reverse("wagtailimages_chooser:choose_results"),
        reverse("wagtaildocs_chooser:choose_results"),
        reverse(Vacancy.snippet_viewset.get_url_name("list_results")),
        reverse(Vacancy.snippet_viewset.chooser_viewset.get_url_name("choose_results")),
    }
    assert expected <= targets, sorted(expected - targets)
    found = failures(superuser_client, targets, QUERIES)
    found += failures(superuser_client, set(boxes) - targets, SAMPLE)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("model", "word"),
    [
        (Vacancy, "Officer"),
        (Vacancy, "rights"),
        (Document, "Decision"),
        (Person, "Rightsworth"),
        (Mandate, "Monitors"),
    ],
)
def test_a_word_finds_its_record_in_the_listing(records, superuser_client, model, word):
    listing = reverse(model.snippet_viewset.get_url_name("list_results"))
    response = superuser_client.get(listing, {"q": word})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [records[model]]


@pytest.mark.parametrize("form", ["{}", '"{}', "({})*", "-{}:", "{} \x00"])
def test_the_search_index_finds_the_words_of_a_query(records, superuser_client, form):
    """The choosers and the page search ask the search index, which is given
    the words of the query, whatever surrounds them."""
    chooser = Vacancy.snippet_viewset.chooser_viewset.get_url_name("choose_results")
    for path, word, title in (
        (reverse(chooser), "officer", records[Vacancy].number),
        (reverse("wagtailimages_chooser:choose_results"), "portrait", "portrait"),
        (reverse("wagtailadmin_pages:search_results"), "centre", "Rights Centre"),
    ):
        response = superuser_client.get(path, {"q": form.format(word)})
        assert title in html_of(response), path


PUBLIC_SEARCHES = [
    "recruitment:list",
    "recruitment:feed_rss",
    "recruitment:feed_atom",
    "job_alerts:subscribe",
    "documents:list",
]


def test_every_public_search_box_answers_every_query(records):
    client = Client(raise_request_exception=False)
    paths = [reverse(name) for name in PUBLIC_SEARCHES] + ["/api/v1/vacancies"]
    found = []
    for path in paths:
        for q in QUERIES:
            response = client.get(path, {"q": q})
            status = response.status_code
            # 414: an address over FIELDOPS_MAX_URL_LENGTH, with the site's page.
            if status not in (200, 400, 414):
                found.append(f"{path} q={q[:40]!r}: {status}")
            elif status != 200 and not response.content.strip():
                found.append(f"{path} q={q[:40]!r}: a 400 without a message")
    assert found == [], "\n".join(found)


def test_the_public_search_finds_the_words_of_a_query(records, client):
    for q in ("rights", '"rights', "rights-officer"):
        response = client.get(reverse("recruitment:list"), {"q": q})
        assert records[Vacancy].title in response.content.decode(), q
