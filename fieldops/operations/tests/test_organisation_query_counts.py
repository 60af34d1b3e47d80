"""The organisation's views run the same number of queries with 1, 23 or 200
field operations (made in bulk, so that the 200 stay quick to create)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fieldops.operations.models import FieldOperation

from .factories import FieldOperationPageFactory
from .organisation_data import many_operations

pytestmark = pytest.mark.django_db

URLS = (
    "/en/field-operations/",
    "/en/field-operations/?region=central-asia&sort=-budget&as_of=2024-07-01",
    "/en/field-operations/timeline/",
    "/en/field-operations/comparison/?year=2024",
    "/en/field-operations/generated-0/",
    "/api/v1/organisation/field-operations",
    "/api/v1/organisation/timeline",
    "/api/v1/organisation/comparison?year=2024",
    "/api/v1/organisation/field-operations/generated-0/figures",
    "/exports/comparison.csv?year=2024",
)


def queries_for(client, url: str) -> int:
    client.get(url)  # fills Wagtail's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def counts(client) -> dict[str, int]:
    return {url: queries_for(client, url) for url in URLS}


def test_query_counts_do_not_grow_with_the_number_of_operations(client):
    many_operations(1)
    FieldOperationPageFactory(operation=FieldOperation.objects.get(slug="generated-0"))
    one = counts(client)
    many_operations(22, start=1)
    twenty_three = counts(client)
    many_operations(177, start=23)
    two_hundred = counts(client)
    listed = client.get("/en/field-operations/").content.decode()
    assert "200 of 200 field operations shown." in listed
    assert one == twenty_three == two_hundred
