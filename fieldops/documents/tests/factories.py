"""Factories for documents."""

import datetime

import factory
from factory.django import DjangoModelFactory

from fieldops.documents.models import Document


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    issuing_body = "Permanent Council"
    kind = "decision"
    number = factory.Sequence(lambda n: str(100 + n))
    symbol = factory.LazyAttribute(lambda o: f"PC.DEC/{o.number}")
    title = factory.LazyAttribute(
        lambda o: f"Permanent Council Decision No. {o.number}"
    )
    adopted_on = datetime.date(1998, 6, 11)
