"""The vacancy page's JobPosting gives every property of Google's JobPosting
documentation, required or recommended, that fieldops has data for; the others
are listed, with the reason, in json_ld.JOB_POSTING_NOT_RECORDED."""

import datetime
import json

import pytest
from django.contrib.staticfiles import finders

from fieldops.core.tests.html import soup
from fieldops.operations.tests.factories import PlaceNameFactory
from fieldops.recruitment.json_ld import JOB_POSTING_NOT_RECORDED, LOGO
from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

# https://developers.google.com/search/docs/appearance/structured-data/job-posting
# jobLocation is required unless the job is remote, where applicantLocation-
# Requirements and jobLocationType take its place: no vacancy is remote here.
REQUIRED = [
    "title",
    "description",
    "datePosted",
    "hiringOrganization",
    "hiringOrganization.name",
    "jobLocation",
    "jobLocation.address",
    "jobLocation.address.addressCountry",
]
RECOMMENDED = [
    "validThrough",
    "employmentType",
    "identifier",
    "identifier.name",
    "identifier.value",
    "baseSalary",
    "directApply",
    "hiringOrganization.sameAs",
    "hiringOrganization.logo",
    "jobLocation.address.addressLocality",
    "jobLocation.address.addressRegion",
    "jobLocation.address.postalCode",
    "jobLocation.address.streetAddress",
]


def posting(client, number="JP-1") -> dict:
    response = client.get(f"/en/vacancies/{number}/")
    script = soup(response).find("script", type="application/ld+json")
    return json.loads(script.string)


def lookup(data: dict, dotted: str):
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


@pytest.fixture
def vacancy():
    return VacancyFactory(
        number="JP-1",
        title="Adviser",
        duty_station=PlaceNameFactory(name="Astana").place,
        issued_on=datetime.date(2099, 1, 2),
        deadline=datetime.datetime(2099, 1, 15, 18, 59, tzinfo=datetime.UTC),
    )


def test_every_required_property_is_given(client, vacancy):
    data = posting(client)
    assert [name for name in REQUIRED if lookup(data, name) in (None, "")] == []


def test_every_recommended_property_is_given_or_listed_as_not_recorded(client, vacancy):
    data = posting(client)
    missing = [name for name in RECOMMENDED if lookup(data, name) is None]
    assert missing == sorted(JOB_POSTING_NOT_RECORDED, key=RECOMMENDED.index)
    # Nothing listed as not recorded is made up after all.
    assert all(lookup(data, name) is None for name in JOB_POSTING_NOT_RECORDED)


def test_the_hiring_organisation_has_its_site_and_an_absolute_logo(
    client, vacancy, settings
):
    settings.FIELDOPS_ORGANISATION_URL = "https://www.example.org/"
    organisation = posting(client)["hiringOrganization"]
    assert organisation["sameAs"] == "https://www.example.org/"
    assert organisation["logo"].startswith("http://testserver/static/")
    assert organisation["logo"].endswith(".svg")
    assert organisation["logo"].endswith("/static/" + LOGO)
    assert finders.find(LOGO)


def test_without_an_official_site_same_as_is_left_out(client, vacancy, settings):
    settings.FIELDOPS_ORGANISATION_URL = ""
    assert "sameAs" not in posting(client)["hiringOrganization"]


def test_values(client, vacancy):
    data = posting(client)
    assert data["datePosted"] == "2099-01-02"
    assert data["validThrough"] == "2099-01-15T23:59:00+05:00"
    assert data["url"] == "http://testserver/en/vacancies/JP-1/"
    assert data["@id"] == data["url"] + "#job-posting"
    assert data["directApply"] is False
    assert data["jobLocation"]["address"]["addressLocality"] == "Astana"
    assert data["jobLocation"]["address"]["addressCountry"] == "KZ"
