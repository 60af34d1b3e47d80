"""RSS and Atom feeds of open vacancies, for all of them or for any filter."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 (our own output)

import pytest

from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db
RSS = "/en/vacancies/feed/rss/"
ATOM = "/en/vacancies/feed/atom/"
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}


def rss_titles(response) -> list[str]:
    root = ET.fromstring(response.content)  # noqa: S314
    return [item.findtext("title") for item in root.iter("item")]


def atom_ids(response) -> list[str]:
    root = ET.fromstring(response.content)  # noqa: S314
    return [
        e.findtext("atom:id", namespaces=ATOM_NS)
        for e in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]


class VacancyFeedTests:
    def test_rss_feed_lists_open_vacancies_only(self, client):
        VacancyFactory(number="OPEN-1", title="Officer", grade="P3")
        VacancyFactory(number="CLOSED-1", closed=True)
        VacancyFactory(number="DRAFT-1", draft=True)
        response = client.get(RSS)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        assert rss_titles(response) == ["Officer (P3), OPEN-1"]

    def test_rss_item_links_the_vacancy_page_and_gives_its_deadline(self, client):
        VacancyFactory(
            number="OPEN-1",
            deadline=datetime.datetime(2099, 1, 15, 18, 59, tzinfo=datetime.UTC),
        )
        root = ET.fromstring(client.get(RSS).content)  # noqa: S314
        item = next(root.iter("item"))
        assert item.findtext("link") == "http://testserver/en/vacancies/OPEN-1/"
        assert "15 January 2099, 23:59 (Asia/Almaty" in item.findtext("description")

    def test_atom_feed_parses_and_follows_the_filters(self, client):
        VacancyFactory(number="G5-1", grade="G5", modality="contracted")
        VacancyFactory(number="P3-1", grade="P3", modality="contracted")
        VacancyFactory(number="G5-2", grade="G5", modality="seconded")
        response = client.get(ATOM, {"grade": "G5", "modality": "contracted"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        assert atom_ids(response) == ["http://testserver/en/vacancies/G5-1/"]

    def test_rss_feed_follows_the_search_and_several_values(self, client):
        VacancyFactory(number="A", title="Border Officer", grade="P3")
        VacancyFactory(number="B", title="Border Assistant", grade="G5")
        VacancyFactory(number="C", title="Finance Officer", grade="P3")
        response = client.get(RSS, {"q": "border", "grade": ["P3", "G5"]})
        assert sorted(t.rsplit(", ", 1)[1] for t in rss_titles(response)) == [
            "A",
            "B",
        ]

    @pytest.mark.parametrize("url", [RSS, ATOM])
    @pytest.mark.parametrize(
        "params", [{"operation": "abc"}, {"grade": "p3"}, {"duty_station": "-1"}]
    )
    def test_bad_filters_are_a_400_with_a_message(self, client, url, params):
        response = client.get(url, params)
        assert response.status_code == 400
        assert "could not be read" in response.content.decode()

    @pytest.mark.parametrize(
        "params",
        [{"grade": "Z"}, {"duty_station": "999999"}, {"field_of_expertise": "999999"}],
    )
    def test_filters_that_match_nothing_give_an_empty_feed(self, client, params):
        VacancyFactory(grade="P3")
        response = client.get(RSS, params)
        assert response.status_code == 200
        assert rss_titles(response) == []
