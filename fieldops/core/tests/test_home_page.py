"""The home page, the site's frame (header, navigation, footer) and error pages."""

from django.test import RequestFactory, TestCase, override_settings

from fieldops.core import views
from fieldops.core.models import HomePage
from fieldops.core.tests.html import assert_headings_in_order, soup, text


class HomePageTests(TestCase):
    def test_home_page_leads_to_the_operations_and_the_documents(self):
        response = self.client.get("/en/")
        assert response.status_code == 200
        links = [a["href"] for a in soup(response).find("main").find_all("a")]
        assert "/en/field-operations/" in links
        assert "/en/documents/" in links

    def test_home_page_has_one_h1_and_headings_in_order(self):
        assert_headings_in_order(self.client.get("/en/"))

    def test_editor_s_introduction_replaces_the_default_one(self):
        HomePage.objects.update(intro="Offices across the region.")
        assert "Offices across the region." in text(self.client.get("/en/"))

    @override_settings(
        FIELDOPS_ORGANISATION_NAME="Example Organisation",
        FIELDOPS_ORGANISATION_ACRONYM="EXO",
    )
    def test_organisation_name_comes_from_settings(self):
        page = soup(self.client.get("/en/"))
        assert "EXO" in page.title.string
        assert "Example Organisation" in text(page.find("header"))
        assert "Example Organisation" in text(page.find("footer"))

    def test_navigation_marks_the_current_section(self):
        page = soup(self.client.get("/en/documents/"))
        current = page.find("nav").find("a", attrs={"aria-current": True})
        assert current["href"] == "/en/documents/"

    def test_stylesheet_is_served_by_the_site_itself(self):
        stylesheets = [
            link["href"] for link in soup(self.client.get("/en/")).find_all("link")
        ]
        assert "/static/css/site.css" in stylesheets


class ErrorPageTests(TestCase):
    def test_unknown_address_gets_a_404_in_the_site_design(self):
        response = self.client.get("/en/no-such-page/")
        assert response.status_code == 404
        assert_headings_in_order(response)
        assert "Page not found" in text(response)
        assert soup(response).find("a", class_="skip-link")

    def test_bad_request_page_says_so_in_the_site_design(self):
        request = RequestFactory().get("/en/")
        response = views.bad_request(request)
        assert response.status_code == 400
        assert "Bad request" in text(response)

    def test_server_error_page_needs_neither_database_nor_context(self):
        request = RequestFactory().get("/en/")
        with self.assertNumQueries(0):
            response = views.server_error(request)
        assert response.status_code == 500
        page = soup(response)
        assert "Something went wrong" in text(page.find("h1"))
        assert "OSCE" in page.title.string
