"""Each API answer runs a fixed number of queries, whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.tests.factories import (
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
)
from fieldops.operations.tests.test_query_counts import operation_with_history
from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
# Audit log (2), the records of the answer and the page: a small, fixed number.
BUDGET = 25


def queries_for(client, url: str) -> int:
    client.get(url)  # fills Wagtail's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


class OperationQueryTests:
    def test_list_queries_do_not_grow_with_the_number_of_operations(self, client):
        operation_with_history("first", records=6)
        one = queries_for(client, f"{API}/field-operations")
        for index in range(20):
            operation_with_history(f"other-{index}", records=6, photo=False)
        many = queries_for(client, f"{API}/field-operations")
        assert one == many <= BUDGET

    def test_detail_queries_do_not_grow_with_the_history(self, client):
        operation_with_history("small", records=3)
        large = operation_with_history("large", records=120)
        for year in range(1990, 2020):
            DocumentFactory(symbol=f"DOC/{year}")
        for _index in range(30):
            line = VacancyFactory(operation=large)
            PlaceNameFactory(place=line.duty_station)
        small_count = queries_for(client, f"{API}/field-operations/small")
        large_count = queries_for(client, f"{API}/field-operations/large")
        assert small_count == large_count <= BUDGET

    def test_a_past_day_costs_no_more_than_today(self, client):
        operation_with_history("small", records=20)
        today = queries_for(client, f"{API}/field-operations/small")
        past = queries_for(client, f"{API}/field-operations/small?as_of=1850-06-01")
        assert past <= today


class DocumentQueryTests:
    def test_list_queries_do_not_grow_with_the_register(self, client):
        DocumentFactory()
        one = queries_for(client, f"{API}/documents")
        for _index in range(60):
            DocumentFactory()
        many = queries_for(client, f"{API}/documents")
        assert one == many <= BUDGET

    def test_detail_queries_do_not_grow_with_the_facts_on_it(self, client):
        few = DocumentFactory(symbol="FEW/1")
        many = DocumentFactory(symbol="MANY/1")
        name = OperationNameFactory(source=few)
        MandateFactory(operation=name.operation, source=few)
        office = OfficeFactory(operation=name.operation, source=few)
        PlaceNameFactory(place=office.place)
        for index in range(15):
            start = datetime.date(1900 + index, 1, 1)
            end = datetime.date(1901 + index, 1, 1)
            name = OperationNameFactory(source=many, valid_from=start, valid_to=end)
            MandateFactory(operation=name.operation, source=many)
            office = OfficeFactory(operation=name.operation, source=many)
            PlaceNameFactory(place=office.place)
        assert queries_for(client, f"{API}/documents/few-1") == queries_for(
            client, f"{API}/documents/many-1"
        )


class VacancyQueryTests:
    def test_list_queries_do_not_grow_with_the_vacancies(self, client):
        VacancyFactory()
        one = queries_for(client, f"{API}/vacancies")
        for index in range(40):
            VacancyFactory(deadline=timezone.now() + datetime.timedelta(days=index + 1))
        many = queries_for(client, f"{API}/vacancies")
        filtered = queries_for(
            client, f"{API}/vacancies?recruitment_type=international"
        )
        assert one == many <= BUDGET
        assert filtered <= BUDGET
