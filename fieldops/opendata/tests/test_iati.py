"""The IATI 2.03 organisation file: valid against the standard's schema, and true
to the figures and documents it is built from."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from fieldops.opendata.iati import iati_organisations
from fieldops.opendata.provenance import Provenance
from fieldops.operations.models import FieldOperation
from fieldops.operations.tests.factories import (
    DocumentFactory,
    FieldOperationFactory,
    FinancialFigureFactory,
    MandateFactory,
    OperationNameFactory,
    StaffingSnapshotFactory,
)

D = datetime.date
SCHEMA_DIR = Path(__file__).parent / "schemas" / "iati"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def schema():
    # "local": every schema the file imports (xml.xsd too) is read from this
    # folder, never from the network.
    return xmlschema.XMLSchema(
        str(SCHEMA_DIR / "iati-organisations-schema.xsd"), allow="local"
    )


def provenance(day: datetime.date) -> Provenance:
    return Provenance(
        source="https://data.example.org/exports/all.iati.xml",
        publisher="The organisation",
        extracted_at=timezone.now().replace(microsecond=0),
        as_of=day,
        licence="CC BY 4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
    )


def export(day: datetime.date, operations=None) -> bytes:
    if operations is None:
        operations = list(FieldOperation.objects.all())
    return iati_organisations(operations, day, provenance(day))


def organisations(xml: bytes) -> list[ET.Element]:
    return ET.fromstring(xml).findall("iati-organisation")  # noqa: S314


def organisation(xml: bytes, name: str) -> ET.Element:
    return next(o for o in organisations(xml) if o.findtext("name/narrative") == name)


class SchemaFilesTests:
    def test_the_copied_schemas_say_where_they_come_from(self):
        notice = (SCHEMA_DIR / "NOTICE").read_text()
        assert "4c9ba1e8" in notice
        assert "version-2.03" in notice
        assert (SCHEMA_DIR / "LICENSE").is_file()
        assert (SCHEMA_DIR / "xml.xsd").is_file()


@pytest.mark.django_db
class DemoIatiTests:
    @pytest.fixture(autouse=True)
    def demo(self):
        call_command("load_demo", verbosity=0)

    def test_the_demo_file_is_valid(self, schema):
        schema.validate(export(D(2025, 1, 1)))

    def test_root_states_version_and_generation_time(self):
        root = ET.fromstring(export(D(2025, 1, 1)))  # noqa: S314
        assert root.tag == "iati-organisations"
        assert root.get("version") == "2.03"
        assert datetime.datetime.fromisoformat(root.get("generated-datetime"))

    def test_it_states_its_provenance_day_and_licence_in_a_comment(self, schema):
        xml = export(D(2010, 1, 1))
        schema.validate(xml)
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))  # noqa: S314
        root = ET.fromstring(xml, parser=parser)  # noqa: S314
        comment = root[0]
        assert comment.tag is ET.Comment
        assert "as_of: 2010-01-01" in comment.text
        assert "licence: CC BY 4.0" in comment.text
        assert "source: https://data.example.org/exports/all.iati.xml" in comment.text

    def test_organisation_attributes_and_name_on_the_day(self):
        (today,) = organisations(export(D(2025, 1, 1)))
        assert today.findtext("name/narrative") == "OSCE Programme Office in Astana"
        assert today.get(XML_LANG) == "en"
        assert today.get("default-currency") == "EUR"
        assert datetime.datetime.fromisoformat(today.get("last-updated-datetime"))
        (past,) = organisations(export(D(2000, 1, 1)))
        assert past.findtext("name/narrative") == "OSCE Centre in Almaty"

    def test_reporting_org_is_the_organisation_as_a_multilateral(self):
        (org,) = organisations(export(D(2025, 1, 1)))
        reporting = org.find("reporting-org")
        assert reporting.get("type") == "40"
        assert reporting.findtext("narrative") == (
            "Organization for Security and Co-operation in Europe"
        )

    def test_the_budget_available_under_a_pea_is_indicative(self):
        (org,) = organisations(export(D(2025, 1, 1)))
        (budget,) = org.findall("total-budget")
        assert budget.get("status") == "1"
        assert budget.find("period-start").get("iso-date") == "2024-01-01"
        assert budget.find("period-end").get("iso-date") == "2024-12-31"
        value = budget.find("value")
        assert Decimal(value.text) == Decimal("2232700.00")
        assert value.get("currency") == "EUR"
        assert value.get("value-date") == "2024-12-31"
        narrative = budget.findtext("budget-line/narrative")
        assert "provisional expenditure authorization" in narrative
        assert "following the 2021 Unified Budget" in narrative

    def test_extrabudgetary_spending_is_total_expenditure(self):
        (org,) = organisations(export(D(2025, 1, 1)))
        (spent,) = org.findall("total-expenditure")
        assert Decimal(spent.findtext("value")) == Decimal("646645.00")
        assert "actual expenditure" in spent.findtext("expense-line/narrative")

    def test_figures_reported_after_the_day_are_left_out(self):
        (org,) = organisations(export(D(2024, 6, 1)))
        assert org.findall("total-budget") == []
        assert org.findall("total-expenditure") == []

    def test_source_documents_are_linked_with_date_and_category(self):
        (org,) = organisations(export(D(2025, 1, 1)))
        links = org.findall("document-link")
        urls = [link.get("url") for link in links]
        assert urls == [
            "https://data.example.org/en/documents/pc-dec-243/",
            "https://data.example.org/en/documents/pc-dec-797/",
            "https://data.example.org/en/documents/pc-dec-1153/",
        ]
        first = links[0]
        assert first.get("format") == "text/html"
        assert first.findtext("title/narrative") == "Permanent Council Decision No. 243"
        assert first.find("category").get("code") == "B03"
        assert first.find("language").get("code") == "en"
        assert first.find("document-date").get("iso-date") == "1998-06-11"
        assert links[2].find("document-date") is None  # adoption day not known

    def test_documents_of_facts_not_yet_begun_are_left_out(self):
        (org,) = organisations(export(D(2000, 1, 1)))
        urls = [link.get("url") for link in org.findall("document-link")]
        assert urls == ["https://data.example.org/en/documents/pc-dec-243/"]

    def test_without_an_identifier_it_is_left_empty_rather_than_made_up(self, schema):
        xml = export(D(2025, 1, 1))
        schema.validate(xml)
        (org,) = organisations(xml)
        assert (org.findtext("organisation-identifier") or "") == ""
        assert org.find("reporting-org").get("ref") == ""

    @override_settings(FIELDOPS_IATI_ORGANISATION_ID="XM-DAC-47066")
    def test_with_an_identifier_each_operation_extends_it(self, schema):
        xml = export(D(2025, 1, 1))
        schema.validate(xml)
        (org,) = organisations(xml)
        assert org.findtext("organisation-identifier") == "XM-DAC-47066-astana"
        assert org.find("reporting-org").get("ref") == "XM-DAC-47066"


def operation_with_figures(slug: str, years: int) -> FieldOperation:
    operation = FieldOperationFactory(slug=slug)
    OperationNameFactory(
        operation=operation, full_name=f"Mission {slug}", valid_from=D(2000, 1, 1)
    )
    MandateFactory(
        operation=operation,
        source=DocumentFactory(kind="report", url="https://example.org/r.pdf"),
    )
    StaffingSnapshotFactory(operation=operation, source=DocumentFactory())
    for index in range(years):
        year = 2015 + index
        FinancialFigureFactory(
            operation=operation,
            year=year,
            measure="approved",
            basis="approved",
            amount=Decimal("1000.50") + index,
            as_of=D(year, 1, 15),
            source=DocumentFactory(kind="budget", adopted_on=None),
        )
        FinancialFigureFactory(
            operation=operation,
            year=year,
            fund="extrabudgetary",
            measure="approved",
            basis="approved",
            amount=Decimal("200"),
            as_of=D(year, 2, 1),
        )
        FinancialFigureFactory(
            operation=operation,
            year=year,
            measure="expenditure",
            basis="actual",
            amount=Decimal("900"),
            as_of=D(year + 1, 3, 1),
        )
    return operation


@pytest.mark.django_db
class FactoryIatiTests:
    def test_several_years_are_valid_and_committed(self, schema):
        operation_with_figures("east", years=3)
        xml = export(D(2030, 1, 1))
        schema.validate(xml)
        org = organisation(xml, "Mission east")
        budgets = org.findall("total-budget")
        assert [b.find("period-start").get("iso-date")[:4] for b in budgets] == [
            "2015",
            "2016",
            "2017",
        ]
        assert {b.get("status") for b in budgets} == {"2"}
        assert Decimal(budgets[1].findtext("value")) == Decimal("1201.50")
        assert budgets[1].find("value").get("value-date") == "2016-02-01"
        assert len(budgets[1].findall("budget-line")) == 2
        spent = org.findall("total-expenditure")
        assert [Decimal(s.findtext("value")) for s in spent] == [Decimal(900)] * 3

    def test_the_latest_report_of_a_figure_wins(self):
        operation = operation_with_figures("west", years=1)
        FinancialFigureFactory(
            operation=operation,
            year=2015,
            measure="approved",
            basis="approved",
            amount=Decimal("5000"),
            as_of=D(2015, 6, 1),
        )
        (budget,) = organisation(export(D(2030, 1, 1)), "Mission west").findall(
            "total-budget"
        )
        assert Decimal(budget.findtext("value")) == Decimal("5200")
        assert Decimal(export_value(D(2015, 3, 1), "Mission west")) == Decimal(
            "1200.50"
        )

    def test_report_documents_and_pdfs(self):
        operation_with_figures("south", years=1)
        org = organisation(export(D(2030, 1, 1)), "Mission south")
        report = next(
            link
            for link in org.findall("document-link")
            if link.get("url") == "https://example.org/r.pdf"
        )
        assert report.get("format") == "application/pdf"
        assert report.find("category").get("code") == "B01"

    def test_an_operation_without_figures_is_valid(self, schema):
        operation = FieldOperationFactory(slug="bare")
        OperationNameFactory(operation=operation, full_name="Bare office")
        xml = export(D(2025, 1, 1))
        schema.validate(xml)
        org = organisation(xml, "Bare office")
        assert org.get("default-currency") is None
        assert org.findall("total-budget") == []
        assert org.findall("document-link") == []

    def test_no_operation_still_gives_a_valid_file(self, schema):
        xml = export(D(2025, 1, 1), operations=[])
        schema.validate(xml)
        (org,) = organisations(xml)
        assert org.findtext("name/narrative") == (
            "Organization for Security and Co-operation in Europe"
        )

    def test_a_draft_figure_is_left_out(self):
        operation = operation_with_figures("draft", years=1)
        FinancialFigureFactory(
            operation=operation,
            year=2020,
            measure="approved",
            basis="approved",
            as_of=D(2020, 1, 1),
            live=False,
        )
        org = organisation(export(D(2030, 1, 1)), "Mission draft")
        assert len(org.findall("total-budget")) == 1

    def test_queries_do_not_grow_with_the_data(self, django_assert_max_num_queries):
        operation_with_figures("first", years=1)

        def count():
            operations = list(FieldOperation.objects.all())
            with django_assert_max_num_queries(6) as captured:
                export(D(2030, 1, 1), operations)
            return len(captured)

        few = count()
        for index in range(8):
            operation_with_figures(f"other-{index}", years=4)
        assert count() == few


def export_value(day: datetime.date, name: str) -> str:
    (budget,) = organisation(export(day), name).findall("total-budget")
    return budget.findtext("value")
