"""The register and a document's page run the same number of queries however
many documents there are and however many records of each kind cite one."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fieldops.documents.models import Claim
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import OperationChange, Succession
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingSnapshotFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def queries_for(client, url: str) -> int:
    client.get(url)  # fills Wagtail's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def cite(document, count: int) -> None:
    """`count` operations, each with one record of every kind citing it."""
    for _ in range(count):
        operation = FieldOperationFactory()
        name = OperationNameFactory(operation=operation, source=document)
        MandateFactory(operation=operation, source=document)
        OfficeFactory(
            operation=operation, place=PlaceNameFactory().place, source=document
        )
        OperationChange.objects.create(
            operation=operation,
            kind="established",
            adopted_on=D(1998, 6, 11),
            decision=document,
            source=document,
        )
        AppointmentFactory(post__operation=operation, source=document)
        StaffingSnapshotFactory(operation=operation, source=document)
        FinancialFigureFactory(operation=operation, source=document)
        Succession.objects.create(
            predecessor=operation, successor=FieldOperationFactory(), source=document
        )
        Claim.objects.create(
            content_type=ContentType.objects.get_for_model(name),
            object_id=name.pk,
            field="valid_from",
            value="1999",
            source=document,
        )
        FieldOperationPageFactory(operation=operation)


def test_a_document_s_page_does_not_grow_with_the_records_citing_it(client):
    document = DocumentFactory(symbol="PC.DEC/1", adopted_on=None)
    cite(document, 1)
    one = queries_for(client, "/en/documents/pc-dec-1/")
    cite(document, 4)
    five = queries_for(client, "/en/documents/pc-dec-1/")
    assert one == five


def test_the_register_does_not_grow_with_the_documents(client):
    operation = FieldOperationFactory()
    for number in range(2):
        document = DocumentFactory(number=str(number), adopted_on=None)
        OperationChange.objects.create(
            operation=operation,
            kind="renamed",
            adopted_on=D(2000, 1, 1),
            decision=document,
        )
    two = queries_for(client, "/en/documents/")
    for number in range(2, 12):
        document = DocumentFactory(number=str(number), adopted_on=None)
        OperationChange.objects.create(
            operation=operation,
            kind="renamed",
            adopted_on=D(2000, 1, 1),
            decision=document,
        )
    twelve = queries_for(client, "/en/documents/")
    assert two == twelve
