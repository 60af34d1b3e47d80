"""The vacancy feeds pass the checks of the W3C Feed Validator, filtered or not.

A small checker of the rules the validator applies to RSS 2.0 and to Atom
(RFC 4287): required elements, absolute IRIs as ids, a self link equal to the
address asked, dates in RFC 822 (RSS) and RFC 3339 (Atom), no duplicate ids, a
guid that is a permalink only if it is a URL, and no relative link in content.
"""

import datetime
import email.utils
import re
import xml.etree.ElementTree as ET  # noqa: S405 (our own output)
from urllib.parse import urlsplit

import pytest

from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)
FILTERS = [
    "",
    "?grade=P3",
    "?grade=P3&grade=G5&q=officer",
    "?modality=contracted&q=border+officer",
]


def is_absolute_iri(value: str | None) -> bool:
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def relative_links(html: str) -> list[str]:
    return re.findall(r"""\s(?:href|src)=["'](?![a-z][a-z0-9+.-]*:|#)([^"']*)""", html)


def rss_problems(root: ET.Element, asked: str) -> list[str]:
    """What the validator would report about an RSS 2.0 document."""
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append("not RSS 2.0")
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no {name}")
    if not is_absolute_iri(channel.findtext("link")):
        problems.append("channel link is not absolute")
    if not channel.findtext("language"):
        problems.append("channel has no language")
    selves = [
        link.get("href")
        for link in channel.findall(f"{ATOM}link")
        if link.get("rel") == "self"
    ]
    if selves != [asked]:
        problems.append(f"self link {selves} is not the address asked, {asked}")
    guids = []
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append("item has neither title nor description")
        if not is_absolute_iri(item.findtext("link")):
            problems.append("item link is not absolute")
        guid = item.find("guid")
        if guid is None:
            problems.append("item has no guid")
            continue
        guids.append(guid.text)
        if guid.get("isPermaLink", "true") == "true" and not is_absolute_iri(guid.text):
            problems.append(f"guid {guid.text!r} is a permalink but not a URL")
        pub_date = item.findtext("pubDate")
        if pub_date is None or email.utils.parsedate_to_datetime(pub_date) is None:
            problems.append(f"pubDate {pub_date!r} is not RFC 822")
        if not item.findtext("author") and not item.findtext(
            "{http://purl.org/dc/elements/1.1/}creator"
        ):
            problems.append("item has no author")
        if bad := relative_links(item.findtext("description") or ""):
            problems.append(f"relative links in description: {bad}")
    if len(guids) != len(set(guids)):
        problems.append("duplicate guids")
    return problems


def atom_problems(root: ET.Element, asked: str) -> list[str]:
    """What the validator would report about an Atom (RFC 4287) document."""
    problems = []
    if root.tag != f"{ATOM}feed":
        problems.append("not an Atom feed")
    if not root.get(XML_LANG):
        problems.append("feed has no xml:lang")

    def links(element, rel):
        return [
            link.get("href")
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == rel
        ]

    for name in ("id", "title", "updated"):
        if not (root.findtext(f"{ATOM}{name}") or "").strip():
            problems.append(f"feed has no {name}")
    if not is_absolute_iri(root.findtext(f"{ATOM}id")):
        problems.append("feed id is not an absolute IRI")
    if not RFC3339.match(root.findtext(f"{ATOM}updated") or ""):
        problems.append("feed updated is not RFC 3339")
    if links(root, "self") != [asked]:
        problems.append(f"self link {links(root, 'self')} is not {asked}")
    alternates = links(root, "alternate")
    if len(alternates) != 1 or not is_absolute_iri(alternates[0]):
        problems.append(f"feed alternate links {alternates}")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id")
        ids.append(entry_id)
        if not is_absolute_iri(entry_id):
            problems.append(f"entry id {entry_id!r} is not an absolute IRI")
        for name in ("title", "updated"):
            if not (entry.findtext(f"{ATOM}{name}") or "").strip():
                problems.append(f"entry has no {name}")
        for name in ("updated", "published"):
            value = entry.findtext(f"{ATOM}{name}")
            if value is not None and not RFC3339.match(value):
                problems.append(f"entry {name} {value!r} is not RFC 3339")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append("entry has no author, nor has the feed")
        entry_alternates = links(entry, "alternate")
        if len(entry_alternates) != 1 or not is_absolute_iri(entry_alternates[0]):
            problems.append(f"entry alternate links {entry_alternates}")
        summary = entry.find(f"{ATOM}summary")
        if summary is not None and relative_links(summary.text or ""):
            problems.append("relative links in summary")
    if len(ids) != len(set(ids)):
        problems.append("duplicate entry ids")
    return problems


@pytest.fixture
def vacancies():
    VacancyFactory(
        number="A-1",
        title="Border Officer",
        grade="P3",
        modality="contracted",
        description='<p>See <a href="/en/documents/">the documents</a>.</p>',
    )
    VacancyFactory(number="A-2", title="Finance Officer", grade="G5")
    VacancyFactory(number="A-3", title="Driver", grade="G2", modality="seconded")


@pytest.mark.parametrize("query", FILTERS)
def test_rss_passes_the_validator_s_checks(client, vacancies, query):
    path = "/en/vacancies/feed/rss/" + query
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    assert rss_problems(root, "http://testserver" + path) == []


@pytest.mark.parametrize("query", FILTERS)
def test_atom_passes_the_validator_s_checks(client, vacancies, query):
    path = "/en/vacancies/feed/atom/" + query
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    assert atom_problems(root, "http://testserver" + path) == []


def test_the_alternate_is_the_vacancy_list_with_the_same_filters(client):
    root = ET.fromstring(  # noqa: S314
        client.get("/en/vacancies/feed/atom/?grade=P3&q=officer").content
    )
    (alternate,) = [
        link.get("href")
        for link in root.findall(f"{ATOM}link")
        if link.get("rel") == "alternate"
    ]
    assert alternate == "http://testserver/en/vacancies/?grade=P3&q=officer"


def test_entry_ids_stay_the_same_across_filters_and_title_changes(client):
    vacancy = VacancyFactory(number="KEEP-1", title="Officer", grade="P3")

    def atom_ids(query=""):
        root = ET.fromstring(  # noqa: S314
            client.get("/en/vacancies/feed/atom/" + query).content
        )
        return [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]

    before = atom_ids()
    assert atom_ids("?grade=P3") == before
    vacancy.title = "Senior Officer"
    vacancy.save_revision().publish()
    assert atom_ids() == before == ["http://testserver/en/vacancies/KEEP-1/"]


def test_rss_dates_are_the_publication_dates(client):
    published = datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    VacancyFactory(number="D-1", first_published_at=published)
    root = ET.fromstring(client.get("/en/vacancies/feed/rss/").content)  # noqa: S314
    pub_date = root.find("channel/item/pubDate").text
    assert email.utils.parsedate_to_datetime(pub_date) == published
