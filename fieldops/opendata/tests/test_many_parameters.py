"""A request with more parameters than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS)
is a 400 with a JSON message under /api/, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/vacancies", "/api/v1/field-operations", "/api/v1/documents"]
)
def test_too_many_parameters_are_a_400(client, path):
    query = "&".join(f"operation={n}" for n in range(1, 1202))
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
