"""The IATI 2.03 organisation file: one per reporting organisation, published only
with the identifier the organisation was given; valid against the standard's
schema and IATI's rules that the schema does not enforce; true to the figures
and documents it is built from."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pycountry
import pytest
import xmlschema
from django.utils import timezone

from fieldops.demo.testing import load_astana_demo
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.opendata.formats.iati import (
    IatiUnavailable,
    iati_organisation,
    identifier_problem,
    is_iati_country,
)
from fieldops.opendata.provenance import Provenance
from fieldops.operations.models import FieldOperation
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OperationNameFactory,
    StaffingSnapshotFactory,
)

D = datetime.date
SCHEMA_DIR = Path(__file__).parent / "schemas" / "iati"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# An identifier of IATI's form that no agency issued to anyone here.
IDENTIFIER = "XI-IATI-EXAMPLE"
ORGANISATION = "Organization for Security and Co-operation in Europe"


@pytest.fixture(scope="module")
def schema():
    # "local": every schema the file imports (xml.xsd too) is read from this
    # folder, never from the network.
    return xmlschema.XMLSchema(
        str(SCHEMA_DIR / "iati-organisations-schema.xsd"), allow="local"
    )


@pytest.fixture(autouse=True)
def identifier(settings):
    settings.FIELDOPS_IATI_ORGANISATION_ID = IDENTIFIER


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
        operations = list(FieldOperation.objects.order_by("slug"))
    return iati_organisation(operations, day, provenance(day))


def the_organisation(xml: bytes) -> ET.Element:
    (organisation,) = ET.fromstring(xml).findall("iati-organisation")  # noqa: S314
    return organisation


def valid(xml: bytes, schema) -> ET.Element:
    """The file's one organisation, after checking it against the 2.03 schema and
    against IATI's rules that the schema leaves out."""
    schema.validate(xml)
    organisation = the_organisation(xml)
    assert_iati_rules(organisation)
    return organisation


def assert_iati_rules(organisation: ET.Element) -> None:
    identifier = organisation.findtext("organisation-identifier")
    # An agency prefix (two capitals, the agency), then what it issued.
    assert re.fullmatch(r"[A-Z]{2}-[A-Za-z0-9]+-[A-Za-z0-9_.-]+", identifier)
    assert organisation.find("reporting-org").get("ref") == identifier
    assert organisation.find("reporting-org").get("type") == "40"
    currencies = (
        [organisation.get("default-currency")]
        if organisation.get("default-currency")
        else []
    )
    for total in organisation.iter():
        if total.tag not in (
            "total-budget",
            "recipient-country-budget",
            "total-expenditure",
        ):
            continue
        if total.tag != "total-expenditure":
            assert total.get("status") in {"1", "2"}  # BudgetStatus codelist
        start = D.fromisoformat(total.find("period-start").get("iso-date"))
        end = D.fromisoformat(total.find("period-end").get("iso-date"))
        assert start <= end
        assert end < start.replace(year=start.year + 1)  # at most a year
        lines = [*total.findall("budget-line"), *total.findall("expense-line")]
        values = [total.find("value"), *(line.find("value") for line in lines)]
        for value in values:
            assert start <= D.fromisoformat(value.get("value-date")) <= end
            currencies.append(value.get("currency"))
        assert values[0].get("currency") == values[1].get("currency")
        assert {v.get("currency") for v in values} == {values[0].get("currency")}
        assert Decimal(values[0].text) == sum(Decimal(v.text) for v in values[1:])
        for country in total.findall("recipient-country"):
            assert is_iati_country(country.get("code"))
    for link in organisation.findall("document-link"):
        for country in link.findall("recipient-country"):
            assert is_iati_country(country.get("code"))
    for code in currencies:
        assert pycountry.currencies.get(alpha_3=code) is not None, code


class CodelistTests:
    def test_iati_countries_are_iso_3166_alpha_2_and_kosovo(self):
        assert is_iati_country("KZ")
        assert is_iati_country("XK")
        assert not is_iati_country("SU")  # a former state
        assert not is_iati_country("KAZ")
        assert not is_iati_country("")


class SchemaFilesTests:
    def test_the_copied_schemas_say_where_they_come_from(self):
        notice = (SCHEMA_DIR / "NOTICE").read_text()
        assert "4c9ba1e8" in notice
        assert "version-2.03" in notice
        assert (SCHEMA_DIR / "LICENSE").is_file()
        assert (SCHEMA_DIR / "xml.xsd").is_file()


@pytest.mark.django_db
class IdentifierTests:
    @pytest.mark.parametrize("value", ["", "  "])
    def test_without_an_identifier_there_is_no_file(self, settings, value):
        settings.FIELDOPS_IATI_ORGANISATION_ID = value
        with pytest.raises(IatiUnavailable, match="FIELDOPS_IATI_ORGANISATION_ID"):
            export(D(2025, 1, 1))

    @pytest.mark.parametrize(
        "value", ["OSCE", "xm-dac-47066", "XM-DAC 47066", "XM-DAC-", "XM-DAC-4/7"]
    )
    def test_an_identifier_not_of_iatis_form_gives_no_file(self, settings, value):
        settings.FIELDOPS_IATI_ORGANISATION_ID = value
        assert "not of IATI's form" in identifier_problem()
        with pytest.raises(IatiUnavailable):
            export(D(2025, 1, 1))

    @pytest.mark.parametrize("value", ["XM-DAC-47066", "GB-COH-01234567", IDENTIFIER])
    def test_identifiers_of_iatis_form_are_accepted(self, settings, value):
        settings.FIELDOPS_IATI_ORGANISATION_ID = value
        assert identifier_problem() is None

    def test_the_given_identifier_is_the_only_one_published(self, schema):
        operation = FieldOperationFactory(slug="east")
        OperationNameFactory(operation=operation)
        xml = export(D(2025, 1, 1))
        org = valid(xml, schema)
        assert org.findtext("organisation-identifier") == IDENTIFIER
        assert org.find("reporting-org").get("ref") == IDENTIFIER
        assert b"east" not in xml.replace(b"<!--", b"").split(b"-->")[-1]


@pytest.mark.django_db
class DownloadTests:
    @pytest.fixture(autouse=True)
    def demo(self):
        load_astana_demo()

    def test_without_an_identifier_the_address_says_why(self, client, settings):
        settings.FIELDOPS_IATI_ORGANISATION_ID = ""
        response = client.get("/exports/all.iati.xml")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        detail = response.json()["detail"]
        assert "registration agency" in detail
        assert "FIELDOPS_IATI_ORGANISATION_ID" in detail
        archive = zipfile.ZipFile(io.BytesIO(client.get("/exports/all.zip").content))
        assert "iati.xml" not in archive.namelist()

    def test_there_is_no_file_per_field_operation(self, client):
        for slug in ("astana", "nowhere"):
            response = client.get(f"/exports/field-operations/{slug}.iati.xml")
            assert response.status_code == 410
            assert "/exports/all.iati.xml" in response.json()["detail"]
        archive = zipfile.ZipFile(
            io.BytesIO(client.get("/exports/field-operations/astana.zip").content)
        )
        assert "iati.xml" not in archive.namelist()

    def test_the_organisation_file_and_the_zip_of_all(self, client, schema):
        response = client.get("/exports/all.iati.xml?as_of=2025-01-01")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"
        assert response["Content-Disposition"].endswith('2025-01-01.iati.xml"')
        valid(response.content, schema)
        archive = zipfile.ZipFile(io.BytesIO(client.get("/exports/all.zip").content))
        valid(archive.read("iati.xml"), schema)
        assert "iati.xml" in archive.read("README.txt").decode()

    def test_popolo_names_the_organisations_identifier_and_no_other(self, client):
        data = json.loads(client.get("/exports/all.popolo.json").content)
        organisation, astana = data["organizations"]
        assert organisation["identifiers"] == [
            {"scheme": "iati", "identifier": IDENTIFIER}
        ]
        assert astana["identifiers"] == [{"scheme": "fieldops", "identifier": "astana"}]

    def test_popolo_without_an_identifier_names_none(self, client, settings):
        settings.FIELDOPS_IATI_ORGANISATION_ID = ""
        data = json.loads(client.get("/exports/all.popolo.json").content)
        assert "identifiers" not in data["organizations"][0]


@pytest.mark.django_db
class DemoIatiTests:
    @pytest.fixture(autouse=True)
    def demo(self):
        load_astana_demo()

    def test_the_demo_file_is_valid(self, schema):
        valid(export(D(2025, 1, 1)), schema)

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

    def test_the_one_organisation_is_the_reporting_organisation(self):
        org = the_organisation(export(D(2025, 1, 1)))
        assert org.findtext("name/narrative") == ORGANISATION
        assert org.get(XML_LANG) == "en"
        assert org.get("default-currency") == "EUR"
        assert datetime.datetime.fromisoformat(org.get("last-updated-datetime"))
        reporting = org.find("reporting-org")
        assert reporting.get("type") == "40"
        assert reporting.findtext("narrative") == ORGANISATION

    def test_the_budget_available_under_a_pea_is_indicative(self):
        org = the_organisation(export(D(2025, 1, 1)))
        (budget,) = org.findall("total-budget")
        assert budget.get("status") == "1"
        assert budget.find("period-start").get("iso-date") == "2024-01-01"
        assert budget.find("period-end").get("iso-date") == "2024-12-31"
        value = budget.find("value")
        assert Decimal(value.text) == Decimal("2232700.00")
        assert value.get("currency") == "EUR"
        assert value.get("value-date") == "2024-12-31"
        (line,) = budget.findall("budget-line")
        assert line.get("ref") == "astana-unified"
        narrative = line.findtext("narrative")
        assert narrative.startswith("OSCE Programme Office in Astana: ")
        assert "provisional expenditure authorization" in narrative
        assert "following the 2021 Unified Budget" in narrative

    def test_the_operations_budget_is_under_its_host_country(self):
        org = the_organisation(export(D(2025, 1, 1)))
        (country,) = org.findall("recipient-country-budget")
        assert country.get("status") == "1"
        assert country.find("recipient-country").get("code") == "KZ"
        assert Decimal(country.findtext("value")) == Decimal("2232700.00")

    def test_extrabudgetary_spending_is_total_expenditure(self):
        org = the_organisation(export(D(2025, 1, 1)))
        (spent,) = org.findall("total-expenditure")
        assert Decimal(spent.findtext("value")) == Decimal("646645.00")
        assert "actual expenditure" in spent.findtext("expense-line/narrative")

    def test_figures_reported_after_the_day_are_left_out(self, schema):
        org = valid(export(D(2024, 6, 1)), schema)
        assert org.findall("total-budget") == []
        assert org.findall("recipient-country-budget") == []
        assert org.findall("total-expenditure") == []
        assert org.get("default-currency") is None

    def test_source_documents_are_linked_with_date_category_and_country(self):
        org = the_organisation(export(D(2025, 1, 1)))
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
        assert first.find("recipient-country").get("code") == "KZ"
        assert links[2].find("document-date") is None  # adoption day not known

    def test_documents_of_facts_not_yet_begun_are_left_out(self):
        org = the_organisation(export(D(2000, 1, 1)))
        urls = [link.get("url") for link in org.findall("document-link")]
        assert urls == ["https://data.example.org/en/documents/pc-dec-243/"]


def operation_with_figures(
    slug: str, years: int, country: str = "KZ", currency: str = "EUR"
) -> FieldOperation:
    operation = FieldOperationFactory(slug=slug, host_country=country)
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
            currency=currency,
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
            currency=currency,
            as_of=D(year, 2, 1),
        )
        FinancialFigureFactory(
            operation=operation,
            year=year,
            measure="expenditure",
            basis="actual",
            amount=Decimal("900"),
            currency=currency,
            as_of=D(year + 1, 3, 1),  # reported after the year
        )
    return operation


def totals(org: ET.Element, tag: str) -> list[tuple]:
    """(country, year, currency, status, value) of each total of `tag`."""
    return [
        (
            total.find("recipient-country").get("code")
            if total.find("recipient-country") is not None
            else None,
            total.find("period-start").get("iso-date")[:4],
            total.find("value").get("currency"),
            total.get("status"),
            Decimal(total.findtext("value")),
        )
        for total in org.findall(tag)
    ]


@pytest.mark.django_db
class FactoryIatiTests:
    def test_several_years_are_valid_and_committed(self, schema):
        operation_with_figures("east", years=3)
        org = valid(export(D(2030, 1, 1)), schema)
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
        # Reported in March of the next year: the value date stays in the period.
        assert spent[0].find("value").get("value-date") == "2015-12-31"

    def test_operations_in_one_country_and_year_are_summed_line_by_line(self, schema):
        operation_with_figures("east", years=1)
        operation_with_figures("west", years=1)
        org = valid(export(D(2030, 1, 1)), schema)
        assert totals(org, "total-budget") == [
            (None, "2015", "EUR", "2", Decimal("2401.00"))
        ]
        (country,) = org.findall("recipient-country-budget")
        assert totals(org, "recipient-country-budget") == [
            ("KZ", "2015", "EUR", "2", Decimal("2401.00"))
        ]
        assert [line.get("ref") for line in country.findall("budget-line")] == [
            "east-unified",
            "east-extrabudgetary",
            "west-unified",
            "west-extrabudgetary",
        ]
        assert country.find("budget-line/narrative").text.startswith("Mission east: ")
        assert totals(org, "total-expenditure") == [
            (None, "2015", "EUR", None, Decimal("1800"))
        ]

    def test_countries_and_currencies_are_kept_apart_never_converted(self, schema):
        operation_with_figures("east", years=1)
        operation_with_figures("kosovo", years=1, country="XK")
        operation_with_figures("franc", years=1, country="XK", currency="CHF")
        org = valid(export(D(2030, 1, 1)), schema)
        assert totals(org, "total-budget") == [
            (None, "2015", "CHF", "2", Decimal("1200.50")),
            (None, "2015", "EUR", "2", Decimal("2401.00")),
        ]
        assert totals(org, "recipient-country-budget") == [
            ("KZ", "2015", "EUR", "2", Decimal("1200.50")),
            ("XK", "2015", "CHF", "2", Decimal("1200.50")),
            ("XK", "2015", "EUR", "2", Decimal("1200.50")),
        ]
        assert org.get("default-currency") == "EUR"

    def test_a_country_without_an_iati_code_counts_in_the_totals_only(self, schema):
        operation_with_figures("east", years=1)
        operation_with_figures("soviet", years=1, country="SU")
        org = valid(export(D(2030, 1, 1)), schema)
        assert totals(org, "total-budget") == [
            (None, "2015", "EUR", "2", Decimal("2401.00"))
        ]
        assert [t[0] for t in totals(org, "recipient-country-budget")] == ["KZ"]
        links = org.findall("document-link")
        assert {
            c.get("code") for li in links for c in li.findall("recipient-country")
        } == {"KZ"}

    def test_committed_and_indicative_budgets_are_not_added_up(self, schema):
        operation_with_figures("east", years=1)
        west = FieldOperationFactory(slug="west")
        OperationNameFactory(operation=west, valid_from=D(2000, 1, 1))
        FinancialFigureFactory(
            operation=west,
            year=2015,
            measure="available",
            basis="pea",
            amount=Decimal("50"),
            as_of=D(2014, 12, 20),  # before the year: the value date moves in
        )
        org = valid(export(D(2030, 1, 1)), schema)
        assert totals(org, "total-budget") == [
            (None, "2015", "EUR", "1", Decimal("50")),
            (None, "2015", "EUR", "2", Decimal("1200.50")),
        ]
        indicative = org.find("total-budget")
        assert indicative.find("value").get("value-date") == "2015-01-01"

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
        (budget,) = the_organisation(export(D(2030, 1, 1))).findall("total-budget")
        assert Decimal(budget.findtext("value")) == Decimal("5200")
        (earlier,) = the_organisation(export(D(2015, 3, 1))).findall("total-budget")
        assert Decimal(earlier.findtext("value")) == Decimal("1200.50")

    def test_report_documents_and_pdfs(self):
        operation_with_figures("south", years=1)
        org = the_organisation(export(D(2030, 1, 1)))
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
        org = valid(export(D(2025, 1, 1)), schema)
        assert org.get("default-currency") is None
        assert org.findall("total-budget") == []
        assert org.findall("document-link") == []

    def test_an_operation_not_yet_established_is_left_out(self, schema):
        operation_with_figures("late", years=1)
        org = valid(export(D(1999, 1, 1)), schema)
        assert org.findall("document-link") == []

    def test_no_operation_still_gives_a_valid_file(self, schema):
        org = valid(export(D(2025, 1, 1), operations=[]), schema)
        assert org.findtext("name/narrative") == ORGANISATION
        assert org.findtext("organisation-identifier") == IDENTIFIER

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
        org = the_organisation(export(D(2030, 1, 1)))
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

    def test_the_download_covers_published_operations_only(self, client, schema):
        operation_with_figures("hidden", years=1)
        shown = operation_with_figures("shown", years=1)
        FieldOperationPageFactory(operation=shown)
        response = client.get("/exports/all.iati.xml")
        org = valid(response.content, schema)
        refs = [line.get("ref") for line in org.iter("budget-line")]
        assert refs and all(ref.startswith("shown-") for ref in refs)
