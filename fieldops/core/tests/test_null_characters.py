"""A null character anywhere in a query string is refused with a 400 that says
so, on every page and endpoint, and is never quoted back into the answer."""

import pytest

PAGES = [
    "/en/field-operations/?region=%00",
    "/en/field-operations/comparison/?year=2005%00",
    "/en/field-operations/astana/?as_of=%00",
    "/en/vacancies/?grade=%00",
    "/en/job-alerts/?q=%00",
    "/en/?%00=1",
]
DATA = [
    "/api/v1/organisation/field-operations?status=%00",
    "/api/v1/vacancies?q=a%00b",
    "/exports/comparison.csv?year=%00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_page_answers_400_naming_the_null_character(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert "\x00" not in body
    assert "holds a null character" in body
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("url", DATA)
def test_the_api_and_downloads_answer_400_in_json(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "null character" in response.json()["detail"]


@pytest.mark.django_db
def test_a_query_without_one_is_left_to_the_view(client):
    response = client.get("/api/v1/vacancies?q=officer")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_admin_keeps_its_own_handling(client):
    response = client.get("/admin/login/?next=%00")
    assert response.status_code != 400
