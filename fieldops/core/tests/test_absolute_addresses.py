"""Every absolute address the site writes is on BASE_URL, whatever host the request
came to; `manage.py sync_site` sets Wagtail's Site record from it and
`manage.py check --deploy` warns when the two differ."""

import datetime
import io
import json
import xml.etree.ElementTree as ET  # noqa: S405 (our own output)

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from fieldops.core.addresses import absolute_url, site_host_and_port
from fieldops.core.checks import site_record_matches_base_url
from fieldops.core.tests.html import soup
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
)
from fieldops.recruitment.tests.factories import VacancyFactory

BASE = "https://fieldops.example.org"
PROFILE = "/en/field-operations/astana/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def records(db):
    """One of each thing the site writes addresses for: a field operation (in
    place since 1998) with its profile, a decision and an open vacancy."""
    operation = FieldOperationFactory(slug="astana")
    OperationNameFactory(operation=operation, valid_from=datetime.date(1998, 6, 11))
    FieldOperationPageFactory(operation=operation)
    DocumentFactory()
    VacancyFactory(operation=operation, number="EXAMPLE-AST-001", grade="P3")


@pytest.fixture
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE + "/"
    return BASE


def json_ld(response) -> list[dict]:
    scripts = soup(response).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def canonical(response) -> str:
    return soup(response).find("link", rel="canonical")["href"]


class AbsoluteUrlTests:
    def test_a_path_is_put_on_base_url(self, base_url):
        assert (
            absolute_url("/en/vacancies/?grade=P3") == BASE + "/en/vacancies/?grade=P3"
        )
        assert absolute_url("https://example.org/x") == "https://example.org/x"

    @pytest.mark.parametrize("path", ["en/vacancies/", "//evil.example/", ""])
    def test_anything_but_a_path_is_refused(self, base_url, path):
        with pytest.raises(ValueError):
            absolute_url(path)

    @pytest.mark.parametrize(
        ("base", "expected"),
        [
            ("https://fieldops.example.org", ("fieldops.example.org", 443)),
            ("http://localhost", ("localhost", 80)),
            ("http://127.0.0.1:8000/", ("127.0.0.1", 8000)),
        ],
    )
    def test_host_and_port_as_wagtail_stores_them(self, settings, base, expected):
        settings.WAGTAILADMIN_BASE_URL = base
        assert site_host_and_port() == expected


@pytest.mark.django_db
class BaseUrlEverywhereTests:
    """The requests come to http://testserver; everything names BASE_URL."""

    def test_sitemap(self, client, records, base_url):
        body = client.get("/sitemap.xml").content.decode()
        locations = [
            loc.text
            for loc in ET.fromstring(body).iter(  # noqa: S314
                "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
            )
        ]
        assert BASE + PROFILE in locations
        assert BASE + "/en/vacancies/" in locations
        assert BASE + "/en/vacancies/EXAMPLE-AST-001/" in locations
        assert all(location.startswith(BASE + "/") for location in locations)

    def test_feeds(self, client, records, base_url):
        rss = ET.fromstring(client.get("/en/vacancies/feed/rss/").content)  # noqa: S314
        links = [rss.findtext("channel/link")]
        links += [item.findtext("link") for item in rss.iter("item")]
        links += [item.findtext("guid") for item in rss.iter("item")]
        atom = ET.fromstring(  # noqa: S314
            client.get("/en/vacancies/feed/atom/?grade=P3").content
        )
        links += [link.get("href") for link in atom.iter(f"{ATOM}link")]
        links += [element.text for element in atom.iter(f"{ATOM}id")]
        assert BASE + "/en/vacancies/feed/atom/?grade=P3" in links
        assert all(link.startswith(BASE + "/") for link in links), links

    def test_json_ld_and_canonical_links(self, client, records, base_url):
        for path in (PROFILE, PROFILE + "?as_of=2000-01-01"):
            response = client.get(path)
            (data,) = json_ld(response)
            assert data["url"] == canonical(response) == BASE + path
            assert data["@id"] == BASE + path + "#organization"
        response = client.get("/en/vacancies/EXAMPLE-AST-001/")
        (posting,) = json_ld(response)
        assert posting["url"] == canonical(response)
        assert posting["url"] == BASE + "/en/vacancies/EXAMPLE-AST-001/"
        assert posting["hiringOrganization"]["logo"].startswith(BASE + "/")
        for path in ("/en/", "/en/documents/", "/en/vacancies/", "/en/open-data/"):
            assert canonical(client.get(path)) == BASE + path

    def test_export_provenance(self, client, records, base_url):
        data = client.get("/exports/field-operations/astana.json?as_of=2020-01-01")
        assert data.json()["meta"]["source"] == (
            BASE + "/exports/field-operations/astana.json?as_of=2020-01-01"
        )


@pytest.mark.django_db
class SiteRecordTests:
    def test_sync_site_sets_the_default_site_from_base_url(self, base_url):
        out = io.StringIO()
        call_command("sync_site", stdout=out)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("fieldops.example.org", 443)
        assert site.root_url == BASE
        assert "now https://fieldops.example.org" in out.getvalue()
        call_command("sync_site", stdout=out)
        assert "already https://fieldops.example.org" in out.getvalue()

    def test_sync_site_without_a_default_site_says_what_to_do(self, base_url):
        Site.objects.all().delete()
        with pytest.raises(CommandError, match="no default site"):
            call_command("sync_site", stdout=io.StringIO())

    def test_check_warns_when_the_site_and_base_url_disagree(self, base_url):
        (warning,) = site_record_matches_base_url(None)
        assert warning.id == "fieldops.W002"
        assert "http://localhost" in warning.msg
        assert BASE in warning.msg
        assert "sync_site" in warning.hint

    def test_check_is_quiet_once_they_agree(self, base_url):
        call_command("sync_site", stdout=io.StringIO())
        assert site_record_matches_base_url(None) == []

    def test_check_deploy_runs_it(self, base_url):
        err = io.StringIO()
        call_command("check", deploy=True, stderr=err, stdout=io.StringIO())
        assert "fieldops.W002" in err.getvalue()
