"""A document's page counts every kind of record that cites it, and the
register gives its adoption as the records say."""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import TestCase

from fieldops.core.tests.html import soup, text
from fieldops.documents.models import Claim, Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import OperationChange, Succession
from fieldops.operations.selectors import CITATIONS, document_adoptions
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    OperationNameFactory,
    StaffingSnapshotFactory,
)

D = datetime.date


def facts(client, document) -> str:
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    # The text joins elements with spaces: none before punctuation.
    return re.sub(r"\s+([,.:;)])", r"\1", text(soup(response).find(id="facts").parent))


def adopted_on(client, document) -> str:
    response = client.get(document.get_absolute_url())
    facts_list = soup(response).select("dl.key-facts > div")
    row = next(d for d in facts_list if text(d.find("dt")) == "Adopted on")
    return text(row.find("dd"))


class CitationCoverageTests(TestCase):
    def test_every_foreign_key_to_the_register_is_read_for_a_document_s_facts(self):
        keys = {
            (relation.related_model, relation.field.name)
            for relation in Document._meta.related_objects
            if isinstance(relation.field, models.ForeignKey)
        }
        read = {(citation.model, citation.field) for citation in CITATIONS}
        # Claims are read apart: a claim points at the record it is about.
        assert keys - read == {(Claim, "source")}


class DocumentCitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory(slug="georgia")
        OperationNameFactory(
            operation=cls.operation,
            full_name="OSCE Mission to Georgia",
            valid_from=D(1992, 11, 1),
        )
        FieldOperationPageFactory(operation=cls.operation)

    def document(self, **fields):
        return DocumentFactory(adopted_on=None, **fields)

    def test_a_decision_cited_only_by_a_change_lists_it_and_takes_its_adoption(self):
        decision = self.document(number="861")
        OperationChange.objects.create(
            operation=self.operation,
            kind="mandate-extended",
            decision=decision,
            adopted_on=D(2008, 8, 19),
        )
        page = facts(self.client, decision)
        assert "No published fact cites this document yet." not in page
        assert "19 August 2008: Mandate extended" in page
        assert adopted_on(self.client, decision) == "19 August 2008"
        listed = text(self.client.get("/en/documents/"))
        assert "not known" not in listed
        assert "19 August 2008" in listed

    def test_a_change_citing_it_as_its_source_is_listed(self):
        document = self.document(number="2")
        OperationChange.objects.create(
            operation=self.operation,
            kind="closed",
            effective_on=D(2009, 6, 30),
            source=document,
        )
        assert "30 June 2009: Closed" in facts(self.client, document)

    def test_heads_staff_money_lineage_and_claims_citing_it_are_listed(self):
        document = self.document(number="3")
        AppointmentFactory(
            post__operation=self.operation,
            post__title="Head of Mission",
            person__name="Terhi Hakala",
            valid_from=D(2007, 10, 1),
            source=document,
        )
        StaffingSnapshotFactory(
            operation=self.operation, as_of=D(2008, 1, 1), source=document
        )
        FinancialFigureFactory(operation=self.operation, year=2008, source=document)
        later = FieldOperationFactory(slug="later")
        Succession.objects.create(
            predecessor=self.operation, successor=later, source=document
        )
        name = OperationNameFactory(operation=later, full_name="Later mission")
        Claim.objects.create(
            content_type=ContentType.objects.get_for_model(name),
            object_id=name.pk,
            field="valid_from",
            value="2010-01-01",
            source=document,
        )
        page = facts(self.client, document)
        assert "Head of Mission: Terhi Hakala" in page
        assert "Staff count" in page
        assert "Budget available, 2008 (Unified Budget)" in page
        assert "Followed by another operation" in page
        assert "a source's claim: 2010-01-01" in page

    def test_each_record_is_listed_once_however_it_cites_the_document(self):
        document = self.document(number="4")
        OperationChange.objects.create(
            operation=self.operation,
            kind="established",
            adopted_on=D(1992, 11, 1),
            decision=document,
            source=document,
        )
        assert facts(self.client, document).count("Established") == 1

    def test_a_draft_record_does_not_count(self):
        document = self.document(number="5")
        OperationChange.objects.create(
            operation=self.operation,
            kind="renamed",
            adopted_on=D(1995, 1, 1),
            decision=document,
            live=False,
        )
        assert "No published fact cites this document yet." in facts(
            self.client, document
        )
        assert document_adoptions([document]) == {}


class RecordedAdoptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operations = [FieldOperationFactory() for _ in range(2)]

    def change(self, operation, decision, day, precision="day"):
        return OperationChange.objects.create(
            operation=operation,
            kind="renamed",
            decision=decision,
            adopted_on=day,
            adopted_on_precision=precision,
        )

    def test_changes_that_agree_give_the_adoption_at_their_precision(self):
        budapest = DocumentFactory(symbol="Budapest Document 1994", adopted_on=None)
        for operation in self.operations:
            self.change(operation, budapest, D(1994, 12, 1), "month")
        assert str(document_adoptions([budapest])[budapest.pk]) == "December 1994"
        assert adopted_on(self.client, budapest) == "December 1994"

    def test_changes_that_disagree_leave_it_unknown(self):
        decision = DocumentFactory(number="7", adopted_on=None)
        self.change(self.operations[0], decision, D(1994, 12, 1))
        self.change(self.operations[1], decision, D(1994, 12, 6))
        assert document_adoptions([decision]) == {}
        assert adopted_on(self.client, decision) == "not known"

    def test_the_document_s_own_date_comes_first(self):
        decision = DocumentFactory(number="8", adopted_on=D(2008, 8, 19))
        self.change(self.operations[0], decision, D(2009, 2, 12))
        assert adopted_on(self.client, decision) == "19 August 2008"

    def test_the_register_orders_by_the_adoption_the_records_give(self):
        DocumentFactory(number="1", adopted_on=D(2000, 1, 1))
        late = DocumentFactory(number="2", adopted_on=None)
        DocumentFactory(number="3", adopted_on=None)
        self.change(self.operations[0], late, D(1999, 1, 1))
        rows = soup(self.client.get("/en/documents/")).find("tbody").find_all("tr")
        symbols = [text(row.find("td")) for row in rows]
        assert symbols == ["PC.DEC/2", "PC.DEC/1", "PC.DEC/3"]


class DocumentLinkTests(TestCase):
    def test_a_link_is_named_as_a_web_page_on_its_site_not_as_the_official_text(self):
        document = DocumentFactory(
            number="9", url="https://reliefweb.int/report/osce-mission"
        )
        response = self.client.get(document.get_absolute_url())
        link = soup(response).find(
            "a", href="https://reliefweb.int/report/osce-mission"
        )
        assert text(link) == "Web page on reliefweb.int"
        assert "Official text" not in text(response)
