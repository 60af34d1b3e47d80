"""What each public page type tells search engines, as Lighthouse's SEO audits
check it (test_lighthouse.py runs Lighthouse itself, in the browser tests): a
unique title, a meta description, a valid canonical link, hreflang alternates
once several languages are on, a document language, descriptive link texts, no
robots block, structured data that parses."""

import json

import pytest

from fieldops.core.tests.html import soup
from fieldops.demo.testing import load_astana_demo

BASE = "http://testserver"
PROFILE = "/en/field-operations/astana/"
PAGE_TYPES = {
    "home": "/en/",
    "field operations": "/en/field-operations/",
    "profile": PROFILE,
    "profile on a past day": PROFILE + "?as_of=2000-01-01",
    "documents": "/en/documents/",
    "a document": "/en/documents/pc-dec-243/",
    "vacancies": "/en/vacancies/",
    "a vacancy": "/en/vacancies/EXAMPLE-AST-001/",
    "job alerts": "/en/job-alerts/",
    "open data": "/en/open-data/",
}
# Lighthouse's list of link texts that say nothing (link-text audit), in English.
VAGUE_LINK_TEXTS = {"click here", "click this", "go", "here", "this", "start"}
VAGUE_LINK_TEXTS |= {"right here", "more", "learn more", "read more", "continue"}


@pytest.fixture
def pages(db, client) -> dict:
    load_astana_demo()
    return {name: client.get(path) for name, path in PAGE_TYPES.items()}


def head_of(response):
    return soup(response).head


def description(response) -> str:
    meta = head_of(response).find("meta", attrs={"name": "description"})
    return meta["content"].strip() if meta else ""


def canonicals(response) -> list[str]:
    return [
        link["href"] for link in head_of(response).find_all("link", rel="canonical")
    ]


@pytest.mark.django_db
class PublicPageTypesTests:
    def test_each_answers_200_in_a_declared_language(self, pages):
        for name, response in pages.items():
            assert response.status_code == 200, name
            assert soup(response).html["lang"] == "en", name

    def test_each_has_a_title_of_its_own(self, pages):
        titles = {name: head_of(r).title.string.strip() for name, r in pages.items()}
        assert all(titles.values())
        assert len(set(titles.values())) == len(titles), titles

    def test_each_has_a_meta_description_of_its_own(self, pages):
        descriptions = {name: description(r) for name, r in pages.items()}
        assert all(descriptions.values()), descriptions
        assert len(set(descriptions.values())) == len(descriptions), descriptions

    def test_each_has_one_absolute_canonical_link_to_itself(self, pages):
        for name, response in pages.items():
            assert canonicals(response) == [BASE + PAGE_TYPES[name]], name

    def test_none_is_kept_from_search_engines(self, pages):
        for name, response in pages.items():
            robots = head_of(response).find("meta", attrs={"name": "robots"})
            assert robots is None or "noindex" not in robots["content"], name
            assert "noindex" not in response.get("X-Robots-Tag", ""), name

    def test_links_are_crawlable_and_say_where_they_lead(self, pages):
        for name, response in pages.items():
            for link in soup(response).find_all("a"):
                href = link.get("href", "")
                assert href and not href.startswith("javascript:"), (name, link)
                words = " ".join(link.get_text(" ", strip=True).lower().split())
                assert words not in VAGUE_LINK_TEXTS, (name, link)

    def test_structured_data_parses(self, pages):
        for name in ("profile", "profile on a past day", "a vacancy"):
            scripts = soup(pages[name]).find_all("script", type="application/ld+json")
            assert scripts, name
            for script in scripts:
                assert json.loads(script.string)["@context"] == "https://schema.org"


@pytest.mark.django_db
class DatedProfileTests:
    def test_a_past_day_names_its_day_in_canonical_title_and_description(
        self, client, pages
    ):
        today, past = pages["profile"], pages["profile on a past day"]
        assert canonicals(past) == [BASE + PROFILE + "?as_of=2000-01-01"]
        assert "1 January 2000" in head_of(past).title.string
        assert "1 January 2000" in description(past)
        assert "as it stood" not in description(today)

    def test_the_canonical_names_the_day_shown_not_the_text_asked(self, client, pages):
        response = client.get(PROFILE + "?as_of=2000-01-01&utm_source=x")
        assert canonicals(response) == [BASE + PROFILE + "?as_of=2000-01-01"]
        future = client.get(PROFILE + "?as_of=2999-01-01")
        assert canonicals(future) == [BASE + PROFILE]

    def test_json_ld_of_a_past_day_is_not_today_s(self, pages):
        def data(response):
            script = soup(response).find("script", type="application/ld+json")
            return json.loads(script.string)

        today, past = data(pages["profile"]), data(pages["profile on a past day"])
        assert past["@id"] != today["@id"]
        assert past["subjectOf"]["temporalCoverage"] == "2000-01-01"
        assert "subjectOf" not in today


@pytest.mark.django_db
class VacancyListCanonicalTests:
    def test_filters_and_a_later_page_stay_in_the_canonical(self, client, pages):
        response = client.get("/en/vacancies/?grade=P3&utm_source=x")
        # The filters are the list's own query string, tracking included: the
        # list view keeps what it was asked, so the canonical does too.
        assert canonicals(response)[0].startswith(BASE + "/en/vacancies/?grade=P3")
        assert "page=" not in canonicals(client.get("/en/vacancies/?page=1"))[0]


@pytest.mark.django_db
class HreflangTests:
    def test_one_language_has_no_alternates(self, pages):
        for response in pages.values():
            assert head_of(response).find("link", hreflang=True) is None

    def test_each_language_of_the_settings_gets_an_alternate(self, client, settings):
        settings.LANGUAGES = [("en", "English"), ("ru", "Русский")]
        load_astana_demo()
        response = client.get(PROFILE + "?as_of=2000-01-01")
        alternates = {
            link["hreflang"]: link["href"]
            for link in head_of(response).find_all("link", rel="alternate")
            if link.get("hreflang")
        }
        assert alternates == {
            "en": BASE + PROFILE + "?as_of=2000-01-01",
            "ru": BASE + "/ru/field-operations/astana/?as_of=2000-01-01",
            "x-default": BASE + PROFILE + "?as_of=2000-01-01",
        }
