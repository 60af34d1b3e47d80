"""/healthz: liveness and database reachability for load balancers and monitoring.
Its URL name is "healthz", apart from the data-health admin's "health:" namespace."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_ok_while_the_database_answers(client):
    assert reverse("healthz") == "/healthz"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_only_get(client):
    assert client.post("/healthz").status_code == 405
