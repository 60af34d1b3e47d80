"""The public vacancy list, the vacancy page and the sitemap."""

import datetime
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    OperationNameFactory,
    PlaceNameFactory,
)
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import FieldOfExpertiseFactory, VacancyFactory

pytestmark = pytest.mark.django_db
LIST = "/en/vacancies/"
# The page, the filters' counts (one query each) and the names of their options.
QUERY_BUDGET = 25


def listed(response) -> list[str]:
    """The vacancy numbers on a list page, in order."""
    return [
        a["href"].rstrip("/").rsplit("/", 1)[-1]
        for a in soup(response).select(".vacancy-card__title a")
    ]


class VacancyListTests:
    def test_only_open_published_vacancies_are_listed_soonest_deadline_first(
        self, client
    ):
        now = timezone.now()
        VacancyFactory(number="LATER", deadline=now + datetime.timedelta(days=9))
        VacancyFactory(number="SOON", deadline=now + datetime.timedelta(days=1))
        VacancyFactory(number="CLOSED", deadline=now - datetime.timedelta(days=1))
        VacancyFactory(number="DRAFT", draft=True)
        response = client.get(LIST)
        assert response.status_code == 200
        assert listed(response) == ["SOON", "LATER"]
        assert_headings_in_order(response)

    def test_values_of_one_filter_are_alternatives(self, client):
        VacancyFactory(number="P3", grade="P3")
        VacancyFactory(number="G5", grade="G5")
        VacancyFactory(number="S2", grade="S2")
        response = client.get(LIST, {"grade": ["P3", "G5"]})
        assert sorted(listed(response)) == ["G5", "P3"]

    def test_different_filters_must_all_hold(self, client):
        VacancyFactory(number="BOTH", grade="P3", modality="contracted")
        VacancyFactory(number="GRADE-ONLY", grade="P3", modality="seconded")
        VacancyFactory(number="MODALITY-ONLY", grade="G5", modality="contracted")
        response = client.get(LIST, {"grade": "P3", "modality": "contracted"})
        assert listed(response) == ["BOTH"]

    def test_operation_field_and_duty_station_filter_by_id(self, client):
        vacancy = VacancyFactory(number="HERE")
        VacancyFactory(number="ELSEWHERE")
        params = {
            "operation": vacancy.operation_id,
            "field_of_expertise": vacancy.field_of_expertise_id,
            "duty_station": vacancy.duty_station_id,
            "recruitment_type": "international",
        }
        assert listed(client.get(LIST, params)) == ["HERE"]

    def test_filter_choices_are_offered_as_checkboxes_with_names(self, client):
        vacancy = VacancyFactory(field_of_expertise=FieldOfExpertiseFactory())
        form = soup(client.get(LIST)).find("form", class_="vacancy-facets")
        for name in (
            "operation",
            "recruitment_type",
            "modality",
            "grade",
            "field_of_expertise",
            "duty_station",
        ):
            assert form.find("input", type="checkbox", attrs={"name": name}), name
        station = form.find("input", attrs={"name": "duty_station"})
        assert station["value"] == str(vacancy.duty_station_id)
        assert "Astana" in station.parent.get_text()

    def test_search_finds_words_of_the_title_and_the_description(self, client):
        VacancyFactory(number="TITLE", title="Border Security Adviser")
        VacancyFactory(number="TEXT", description="<p>Advises on border crossings.</p>")
        VacancyFactory(number="OTHER", title="Finance Assistant")
        assert listed(client.get(LIST, {"q": "border"})) == ["TITLE", "TEXT"]
        assert listed(client.get(LIST, {"q": "finance"})) == ["OTHER"]

    def test_search_combines_with_the_filters(self, client):
        VacancyFactory(number="P3", title="Border Officer", grade="P3")
        VacancyFactory(number="G5", title="Border Assistant", grade="G5")
        assert listed(client.get(LIST, {"q": "border", "grade": "G5"})) == ["G5"]

    def test_published_changes_are_found_by_the_search(self, client):
        vacancy = VacancyFactory(number="LATE", title="Placeholder", draft=True)
        vacancy.title = "Election Observer"
        revision = vacancy.save_revision()  # a draft: the row keeps its title
        assert listed(client.get(LIST, {"q": "election"})) == []
        revision.publish()
        assert listed(client.get(LIST, {"q": "election"})) == ["LATE"]

    @pytest.mark.parametrize("q", ['"', "AND OR NOT", "*", "a:b (c", "'); --"])
    def test_odd_search_text_is_no_error(self, client, q):
        VacancyFactory()
        assert client.get(LIST, {"q": q}).status_code == 200

    def test_pages_hold_twenty_and_their_links_keep_the_filters(self, client):
        for index in range(25):
            VacancyFactory(
                number=f"N{index:02d}",
                deadline=timezone.now() + datetime.timedelta(days=index + 1),
            )
        first = client.get(LIST, {"grade": "P3"})
        assert len(listed(first)) == 20
        link = soup(first).select_one(".pagination a[rel=next]")["href"]
        assert parse_qs(urlparse(link).query) == {"grade": ["P3"], "page": ["2"]}
        second = client.get(LIST + link)
        assert listed(second) == ["N20", "N21", "N22", "N23", "N24"]

    @pytest.mark.parametrize(
        ("page", "first"), [("99", "N20"), ("0", "N00"), ("-3", "N00"), ("x", "N00")]
    )
    def test_a_page_out_of_range_or_unreadable_gives_the_nearest(
        self, client, page, first
    ):
        for index in range(25):
            VacancyFactory(
                number=f"N{index:02d}",
                deadline=timezone.now() + datetime.timedelta(days=index + 1),
            )
        response = client.get(LIST, {"page": page})
        assert response.status_code == 200
        assert listed(response)[0] == first

    @pytest.mark.parametrize(
        "params",
        [
            {"operation": "abc"},
            {"operation": "9" * 30},
            {"operation": str(2**63)},
            {"operation": "0"},
            {"operation": ""},
            {"duty_station": "1e3"},
            {"duty_station": " 7"},
            {"grade": "P-3"},
            {"grade": "p3"},
            {"modality": "volunteer"},
            {"recruitment_type": "regional"},
            {"field_of_expertise": "1.5"},
            {"duty_station": "-1"},
            {"q": "x" * 201},
            {"sort": "salary"},
        ],
    )
    def test_bad_filter_values_are_explained_with_status_400(self, client, params):
        VacancyFactory()
        response = client.get(LIST, params)
        assert response.status_code == 400
        alert = soup(response).find(role="alert")
        assert "could not be read" in text(alert)
        assert listed(response) == []

    def test_no_open_vacancy_says_so_and_invites_an_alert(self, client):
        response = client.get(LIST)
        assert "There are no open positions now" in text(response)

    def test_email_and_feed_links_carry_the_same_filters(self, client):
        operation = FieldOperationFactory()
        VacancyFactory(operation=operation)
        query = {"operation": str(operation.pk), "grade": "P3"}
        page = soup(client.get(LIST, query))
        alert = page.find("a", string="Get these vacancies by email")["href"]
        assert urlparse(alert).path == "/en/job-alerts/"
        assert parse_qs(urlparse(alert).query) == {k: [v] for k, v in query.items()}
        for kind, path in [
            ("application/rss+xml", "/en/vacancies/feed/rss/"),
            ("application/atom+xml", "/en/vacancies/feed/atom/"),
        ]:
            link = page.find("link", rel="alternate", type=kind)["href"]
            assert urlparse(link).path == path
            assert parse_qs(urlparse(link).query) == {k: [v] for k, v in query.items()}

    def test_header_links_the_vacancies(self, client):
        nav = soup(client.get(LIST)).find("nav", class_="site-nav")
        current = nav.find("a", attrs={"aria-current": "page"})
        assert current["href"] == LIST


def options(response, name: str) -> dict[str, str]:
    """The options of one filter on a list page: value -> the label's text."""
    form = soup(response).find("form", class_="vacancy-facets")
    return {
        box["value"]: " ".join(box.parent.get_text().split())
        for box in form.find_all("input", attrs={"name": name})
    }


class UnknownFilterValueTests:
    @pytest.mark.parametrize(
        "name", ["operation", "field_of_expertise", "duty_station"]
    )
    @pytest.mark.parametrize("value", ["999999", str(2**63 - 1)])
    def test_an_id_of_no_record_lists_nothing_and_says_so(self, client, name, value):
        VacancyFactory()
        response = client.get(LIST, {name: value})
        assert response.status_code == 200
        assert listed(response) == []
        assert not soup(response).find(role="alert")
        notice = text(soup(response).find(class_="notice"))
        assert f"there is no record with the id {value}" in notice
        assert "matches no vacancy" in notice

    def test_a_known_id_beside_an_unknown_one_still_lists_its_vacancies(self, client):
        vacancy = VacancyFactory(number="HERE")
        response = client.get(LIST, {"operation": [vacancy.operation_id, 999999]})
        assert listed(response) == ["HERE"]
        assert "999999" in text(soup(response).find(class_="notice"))

    def test_a_well_formed_grade_no_vacancy_has_lists_nothing(self, client):
        VacancyFactory(grade="P3")
        response = client.get(LIST, {"grade": "ZZ9"})
        assert response.status_code == 200
        assert listed(response) == []
        assert "No open vacancy matches these filters" in text(response)


class VacancyFacetTests:
    def test_each_option_counts_the_vacancies_it_would_list(self, client):
        first, second = FieldOperationFactory(), FieldOperationFactory()
        VacancyFactory(operation=first, grade="P3")
        VacancyFactory(operation=first, grade="G5")
        VacancyFactory(operation=second, grade="P3")
        response = client.get(LIST, {"grade": "P3"})
        # A filter's own choice does not narrow its counts; the others' do.
        assert options(response, "grade") == {
            "G5": "G5 1 (1 vacancy)",
            "P3": "P3 2 (2 vacancies)",
        }
        assert options(response, "operation") == {
            str(first.pk): f"{first.slug} 1 (1 vacancy)",
            str(second.pk): f"{second.slug} 1 (1 vacancy)",
        }
        assert options(response, "modality") == {"seconded": "Seconded 2 (2 vacancies)"}

    def test_the_search_narrows_the_counts(self, client):
        VacancyFactory(title="Border Officer", grade="P3")
        VacancyFactory(title="Finance Assistant", grade="G5")
        response = client.get(LIST, {"q": "border"})
        assert options(response, "grade") == {"P3": "P3 1 (1 vacancy)"}

    def test_values_no_vacancy_has_are_left_out_unless_chosen(self, client):
        VacancyFactory(grade="P3", modality="seconded")
        response = client.get(LIST, {"modality": "contracted"})
        assert list(options(response, "grade")) == []
        assert options(response, "modality") == {
            "seconded": "Seconded 1 (1 vacancy)",
            "contracted": "Contracted 0 (0 vacancies)",
        }
        form = soup(response).find("form", class_="vacancy-facets")
        assert form.find("input", attrs={"value": "contracted"}).has_attr("checked")
        assert not form.find("input", attrs={"value": "seconded"}).has_attr("checked")

    def test_each_filter_is_a_fieldset_named_by_its_legend(self, client):
        VacancyFactory()
        form = soup(client.get(LIST)).find("form", class_="vacancy-facets")
        legends = [text(f.find("legend")) for f in form.find_all("fieldset")]
        assert legends == [
            "Field operation",
            "Recruitment type",
            "Contract modality",
            "Grade",
            "Field of expertise",
            "Duty station",
        ]
        search = form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": search["id"]})

    def test_the_filters_are_a_disclosure_closed_until_a_filter_is_wrong(self, client):
        VacancyFactory()
        panel = soup(client.get(LIST, {"grade": "P3"})).find("details")
        assert not panel.has_attr("open")
        assert "(1 chosen)" in text(panel.find("summary"))
        assert panel.find("form", class_="vacancy-facets")
        wrong = soup(client.get(LIST, {"grade": "p3"})).find("details")
        assert wrong.has_attr("open")

    def test_a_result_shows_its_issue_date(self, client):
        VacancyFactory(issued_on=datetime.date(2026, 3, 2))
        card = soup(client.get(LIST)).find(class_="vacancy-card")
        issued = card.find("dt", string="Issued on").find_next_sibling("dd")
        assert issued.find("time")["datetime"] == "2026-03-02"
        assert text(issued) == "2 March 2026"


class VacancySortTests:
    @pytest.fixture
    def three(self):
        today = timezone.localdate()
        now = timezone.now()
        for number, issued, days in [("A", 5, 9), ("B", 1, 20), ("C", 3, 2)]:
            VacancyFactory(
                number=number,
                issued_on=today - datetime.timedelta(days=issued),
                deadline=now + datetime.timedelta(days=days),
            )

    @pytest.mark.usefixtures("three")
    @pytest.mark.parametrize(
        ("sort", "order"),
        [
            (None, ["C", "A", "B"]),
            ("deadline", ["C", "A", "B"]),
            ("posted", ["B", "C", "A"]),
        ],
    )
    def test_deadline_soonest_first_by_default_or_newest_issue_first(
        self, client, sort, order
    ):
        response = client.get(LIST, {"sort": sort} if sort else {})
        assert listed(response) == order
        select = soup(response).find("select", attrs={"name": "sort"})
        assert select.find("option", selected=True)["value"] == (sort or "deadline")

    def test_of_two_issued_the_same_day_the_one_published_last_is_newer(self, client):
        issued = timezone.localdate()
        first = VacancyFactory(number="FIRST", issued_on=issued)
        second = VacancyFactory(number="SECOND", issued_on=issued)
        Vacancy.objects.filter(pk=first.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(hours=2)
        )
        Vacancy.objects.filter(pk=second.pk).update(first_published_at=timezone.now())
        assert listed(client.get(LIST, {"sort": "posted"})) == ["SECOND", "FIRST"]

    def test_the_sort_control_is_labelled_and_submits_the_filters(self, client):
        VacancyFactory()
        page = soup(client.get(LIST))
        select = page.find("select", attrs={"name": "sort"})
        assert text(page.find("label", attrs={"for": select["id"]})) == "Sort by"
        form = page.find("form", class_="vacancy-facets")
        assert select["form"] == form["id"]
        button = select.find_next_sibling("button")
        assert button["form"] == form["id"]

    def test_an_unknown_order_is_a_400_that_says_why(self, client):
        VacancyFactory()
        response = client.get(LIST, {"sort": "salary"})
        assert response.status_code == 400
        alert = text(soup(response).find(role="alert"))
        assert "Sort by" in alert and "salary" in alert

    @pytest.mark.usefixtures("three")
    def test_pages_keep_the_order_and_links_keep_the_filters_only(self, client):
        response = client.get(LIST, {"sort": "posted", "grade": "P3", "page": "1"})
        alert = soup(response).find("a", string="Get these vacancies by email")
        assert parse_qs(urlparse(alert["href"]).query) == {"grade": ["P3"]}


class VacancyListQueryCountTests:
    def queries(self, client, url=LIST) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    def test_queries_do_not_grow_with_the_number_of_vacancies(self, client):
        VacancyFactory()
        one = self.queries(client)
        for index in range(30):
            place = PlaceNameFactory().place
            VacancyFactory(duty_station=place, grade="G5" if index % 2 else "P2")
        assert self.queries(client) == one

    def test_counting_every_option_takes_a_fixed_number_of_queries(self, client):
        url = LIST + "?sort=posted&grade=P3&grade=G5&modality=seconded&operation=1"
        VacancyFactory()
        one = self.queries(client, url)
        for index in range(30):
            VacancyFactory(
                grade=f"P{index % 5 + 1}",
                duty_station=PlaceNameFactory().place,
                operation=OperationNameFactory().operation,
            )
        assert self.queries(client, url) == one <= QUERY_BUDGET

    def test_filtered_search_queries_do_not_grow_either(self, client):
        url = LIST + "?q=officer&grade=P3&grade=G5"
        VacancyFactory(title="Officer")
        one = self.queries(client, url)
        for _index in range(30):
            VacancyFactory(title="Officer", duty_station=PlaceNameFactory().place)
        assert self.queries(client, url) == one


class VacancyPageTests:
    def test_open_vacancy_shows_its_facts_and_the_way_to_apply(self, client):
        vacancy = VacancyFactory(
            number="VNKAZ-001",
            deadline=datetime.datetime(2099, 1, 15, 18, 59, tzinfo=datetime.UTC),
        )
        response = client.get("/en/vacancies/VNKAZ-001/")
        assert response.status_code == 200
        body = text(response)
        assert "15 January 2099, 23:59 (Asia/Almaty, UTC+05:00)" in body
        assert "closed" not in body.lower()
        apply = soup(response).find("a", href=vacancy.apply_url)
        assert apply is not None
        assert_headings_in_order(response)

    def test_closed_vacancy_stays_reachable_marked_closed_without_apply_link(
        self, client
    ):
        vacancy = VacancyFactory(
            number="OLD-1", deadline=timezone.now() - datetime.timedelta(minutes=1)
        )
        response = client.get("/en/vacancies/OLD-1/")
        assert response.status_code == 200
        page = soup(response)
        assert text(page.find(class_="badge--closed")) == "closed"
        assert "This vacancy is closed." in text(response)
        assert page.find("a", href=vacancy.apply_url) is None

    def test_draft_and_unknown_numbers_are_not_found(self, client):
        VacancyFactory(number="DRAFT-1", draft=True)
        assert client.get("/en/vacancies/DRAFT-1/").status_code == 404
        assert client.get("/en/vacancies/NOPE-1/").status_code == 404
        assert client.get("/en/vacancies/bad%20number/").status_code == 404

    def test_job_posting_json_ld_describes_the_vacancy(self, client):
        PlaceNameFactory(
            name="Aqmola",
            valid_to=datetime.date(1998, 5, 6),
            place=(place := PlaceNameFactory(name="Astana").place),
        )
        VacancyFactory(
            number="JSON-1",
            title="Adviser",
            duty_station=place,
            issued_on=datetime.date(2099, 1, 2),
            deadline=datetime.datetime(2099, 1, 15, 18, 59, tzinfo=datetime.UTC),
        )
        response = client.get("/en/vacancies/JSON-1/")
        script = soup(response).find("script", type="application/ld+json")
        posting = json.loads(script.string)
        assert posting["@type"] == "JobPosting"
        assert posting["title"] == "Adviser"
        assert posting["datePosted"] == "2099-01-02"
        assert posting["validThrough"] == "2099-01-15T23:59:00+05:00"
        assert posting["identifier"]["value"] == "JSON-1"
        assert posting["hiringOrganization"]["name"].startswith("Organization for")
        address = posting["jobLocation"]["address"]
        assert address == {
            "@type": "PostalAddress",
            "addressLocality": "Astana",
            "addressCountry": "KZ",
        }
        assert posting["employmentType"] == "FULL_TIME"
        assert posting["directApply"] is False
        assert "Supports the office" in posting["description"]

    def test_json_ld_cannot_close_its_script_element(self, client):
        VacancyFactory(number="XSS-1", title="</script><script>alert(1)</script>")
        response = client.get("/en/vacancies/XSS-1/")
        script = soup(response).find("script", type="application/ld+json")
        assert "</script>" not in script.string
        assert json.loads(script.string)["title"].startswith("</script>")


class SitemapTests:
    def test_sitemap_lists_open_and_closed_vacancies_but_not_drafts(self, client):
        VacancyFactory(number="OPEN-1")
        VacancyFactory(number="CLOSED-1", closed=True)
        VacancyFactory(number="DRAFT-1", draft=True)
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        body = response.content.decode()
        assert "/en/vacancies/OPEN-1/</loc>" in body
        assert "/en/vacancies/CLOSED-1/</loc>" in body
        assert "DRAFT-1" not in body
        # Wagtail's pages are still there.
        assert "/en/field-operations/</loc>" in body

    def test_sitemap_lists_the_listings_that_are_not_wagtail_pages(self, client):
        body = client.get("/sitemap.xml").content.decode()
        for path in ("/en/documents/", "/en/vacancies/", "/en/open-data/"):
            assert f"http://testserver{path}</loc>" in body
