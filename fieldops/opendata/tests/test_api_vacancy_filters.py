"""The vacancy filters of the API: a well-formed value that matches nothing gives
an empty list; only a malformed one is a 400; the spec says which is which."""

import pytest
from django.utils import timezone

from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/vacancies"
ID_FILTERS = ["operation", "field_of_expertise", "duty_station"]


@pytest.fixture(autouse=True)
def vacancy():
    return VacancyFactory(number="VN-ONE", grade="P3")


@pytest.mark.parametrize("name", ID_FILTERS)
@pytest.mark.parametrize("value", ["999999", str(2**63 - 1)])
def test_an_id_of_no_record_gives_an_empty_list(client, name, value):
    response = client.get(URL, {name: value})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 0
    assert body["items"] == []


@pytest.mark.parametrize("name", ID_FILTERS)
def test_a_known_id_among_unknown_ones_still_finds_its_vacancy(client, vacancy, name):
    known = getattr(vacancy, f"{name}_id")
    response = client.get(URL, {name: [known, 999999]})
    assert [item["number"] for item in response.json()["items"]] == ["VN-ONE"]


def test_a_grade_no_vacancy_has_gives_an_empty_list(client):
    response = client.get(URL, {"grade": "ZZ9"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        *((name, bad) for name in ID_FILTERS for bad in ["abc", "0", "-1", "1.5"]),
        *((name, bad) for name in ID_FILTERS for bad in [str(2**63), "9" * 30]),
        ("operation", ""),
        ("operation", "+1"),
        ("operation", " 1"),
        ("operation", "١"),
        ("grade", "p3"),
        ("grade", "P-3"),
        ("grade", "ABCD1"),
        ("grade", "P3\n"),
        ("recruitment_type", "regional"),
        ("modality", "volunteer"),
        ("sort", "salary"),
        ("q", "x" * 201),
    ],
)
def test_a_malformed_value_is_a_400_naming_the_parameter(client, name, value):
    response = client.get(URL, {name: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    assert body["errors"][name]


def test_sort_by_posting_puts_the_newest_issue_first(client):
    today = timezone.localdate()
    older = VacancyFactory(issued_on=today - timezone.timedelta(days=9))
    newer = VacancyFactory(issued_on=today)
    posted = client.get(URL, {"sort": "posted"}).json()["items"]
    numbers = [item["number"] for item in posted]
    assert numbers.index(newer.number) < numbers.index(older.number)
    dates = [item["issued_on"] for item in posted]
    assert dates == sorted(dates, reverse=True)
    deadline = client.get(URL).json()["items"]
    assert deadline == client.get(URL, {"sort": "deadline"}).json()["items"]


def test_the_spec_says_what_is_an_error_and_what_matches_nothing(client):
    spec = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"][URL]["get"]["parameters"]}
    for name in ID_FILTERS:
        items = parameters[name]["schema"]["items"]
        assert items == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
        assert "empty list" in parameters[name]["description"]
    assert parameters["grade"]["schema"]["items"]["pattern"] == (
        r"^[A-Z]{1,3}[0-9]{0,2}$"
    )
    assert "empty list" in parameters["grade"]["description"]
    for name in ("recruitment_type", "modality"):
        assert parameters[name]["schema"]["items"]["enum"]
        assert "400" in parameters[name]["description"]
    # Empty is the default order, as on the page.
    assert parameters["sort"]["schema"]["enum"] == ["", "deadline", "posted"]


def test_the_spec_refuses_in_q_exactly_the_characters_the_site_refuses(client):
    # The search text's pattern and ControlCharacterMiddleware must agree, or
    # a client following the spec gets an undocumented 400 (%C2%98 did).
    import jsonschema

    from fieldops.core.middleware import CONTROL_CHARACTERS

    spec = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"][URL]["get"]["parameters"]}
    schema = parameters["q"]["schema"]
    validator = jsonschema.Draft202012Validator(schema)
    for code in range(0x250):
        text = f"a{chr(code)}b"
        refused = CONTROL_CHARACTERS.search(text) is not None
        assert validator.is_valid(text) is not refused, hex(code)
    for code in (0x00, 0x09, 0x0A, 0x1F, 0x20, 0x7F, 0x98, 0x9F, 0xA0, 0xE9):
        text = f"a{chr(code)}b"
        answer = client.get(URL, {"q": text})
        assert answer.status_code == (200 if validator.is_valid(text) else 400)
