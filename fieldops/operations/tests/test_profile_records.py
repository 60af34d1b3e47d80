"""The profile shows the changes, claims, lineage, host state, status, heads,
staff and money truthfully."""

import datetime
import re
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from fieldops.core.tests.html import soup, text
from fieldops.documents.models import Claim
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import (
    HostStateName,
    OperationChange,
    StaffingLine,
    Succession,
)
from fieldops.operations.selectors import profile_as_of, published_records

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingSnapshotFactory,
)

D = datetime.date


def profile_text(client, slug, day=None):
    url = f"/en/field-operations/{slug}/" + (f"?as_of={day}" if day else "")
    response = client.get(url)
    assert response.status_code == 200
    # The text joins elements with spaces: none before punctuation.
    return response, re.sub(r"\s+([,.:;)])", r"\1", text(response))


class ChangesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory(slug="skopje")
        OperationNameFactory(operation=cls.operation, valid_from=D(1992, 9, 1))
        cls.decision = DocumentFactory(symbol="PC.DEC/1130", title="Decision 1130")
        OperationChange.objects.create(
            operation=cls.operation,
            kind="mandate-extended",
            deciding_body="permanent-council",
            decision=cls.decision,
            adopted_on=D(2014, 12, 18),
            effective_on=D(2015, 1, 1),
            effective_on_precision="month",
            uncertain=True,
            source_url="https://example.org/a",
            further_source_urls=["https://example.org/b"],
        )
        OperationChange.objects.create(
            operation=cls.operation, kind="established", adopted_on=D(1992, 9, 18)
        )
        FieldOperationPageFactory(operation=cls.operation)

    def test_recorded_changes_replace_the_name_history_in_date_order(self):
        profile = profile_as_of(self.operation, D(2020, 1, 1))
        texts = [entry.text for entry in profile.timeline]
        assert texts[:2] == ["Established", "Mandate extended"]
        assert not any(t.startswith("Established as") for t in texts)

    def test_adoption_and_effect_are_shown_apart_with_the_decision_linked(self):
        response, page = profile_text(self.client, "skopje")
        assert "Decided by Permanent Council" in page
        assert "Adopted 18 December 2014, took effect January 2015" in page
        history = soup(response).find(id="history").find_parent("section")
        assert history.find("a", href=self.decision.get_absolute_url())
        assert "(uncertain)" in text(history)

    def test_all_source_links_of_a_change_are_listed(self):
        response, _page = profile_text(self.client, "skopje")
        history = soup(response).find(id="history").find_parent("section")
        hrefs = [a["href"] for a in history.find_all("a")]
        assert "https://example.org/a" in hrefs
        assert "https://example.org/b" in hrefs
        # Each link is named by its site, never called the organisation's own.
        names = {text(a) for a in history.find_all("a", href="https://example.org/a")}
        assert names == {"example.org"}
        assert "official" not in text(history)

    def test_a_change_that_took_effect_after_the_day_is_not_shown(self):
        profile = profile_as_of(self.operation, D(2014, 12, 20))
        assert [entry.text for entry in profile.timeline] == ["Established"]

    def test_without_recorded_changes_the_names_give_the_history(self):
        other = FieldOperationFactory()
        OperationNameFactory(operation=other, full_name="Centre in Osh")
        profile = profile_as_of(other, D(2020, 1, 1))
        assert profile.timeline[0].text == "Established as Centre in Osh"


class ClaimTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory(slug="tirana")
        cls.name = OperationNameFactory(
            operation=cls.operation, valid_from=D(1997, 4, 3)
        )
        cls.other_source = DocumentFactory(symbol="PC.DEC/160", title="Decision 160")
        kind = ContentType.objects.get_for_model(cls.name)
        common = {"content_type": kind, "object_id": cls.name.pk, "field": "valid_from"}
        Claim.objects.create(**common, value="1997-04-03", preferred=True)
        Claim.objects.create(**common, value="1998-07-23", source=cls.other_source)
        Claim.objects.create(**common, value="1997-04-03")  # agrees: not shown
        FieldOperationPageFactory(operation=cls.operation)

    def test_a_differing_claim_is_shown_beside_the_fact_linked_to_its_source(self):
        response, page = profile_text(self.client, "tirana")
        # Beside the name, the establishment and the history.
        assert page.count("Another source gives 23 July 1998") == 3
        # Nothing beside the facts that no other source disputes.
        assert len(soup(response).select(".other-claim")) == 3
        link = soup(response).find("a", string=lambda s: s and "23 July 1998" in s)
        assert link["href"] == self.other_source.get_absolute_url()

    def test_an_agreeing_claim_is_not_shown(self):
        profile = profile_as_of(self.operation, D(2020, 1, 1))
        assert [o.value for o in profile.other_claims(self.name)] == ["23 July 1998"]

    def test_time_travel_follows_the_record_s_own_preferred_value(self):
        assert profile_as_of(self.operation, D(1997, 5, 1)).name == self.name
        assert profile_as_of(self.operation, D(1997, 4, 1)).name is None

    def test_claims_of_every_operation_are_read_in_one_query(self):
        for _index in range(3):
            OperationNameFactory()
        with self.assertNumQueries(2):  # the operations, the names; claims: 1
            published_records([self.operation.pk], parts={"names"})
        with self.assertNumQueries(3):
            published_records([self.operation.pk], parts={"names", "claims"})


class StandingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.old = FieldOperationFactory(slug="belgrade", host_country="RS")
        OperationNameFactory(
            operation=cls.old,
            full_name="Mission to the FRY",
            valid_from=D(2001, 1, 11),
            valid_to=D(2003, 2, 4),
            valid_to_uncertain=True,
        )
        HostStateName.objects.create(
            operation=cls.old,
            name="Federal Republic of Yugoslavia",
            valid_from=D(1992, 4, 27),
            valid_to=D(2003, 2, 4),
        )
        cls.new = FieldOperationFactory(slug="serbia", host_country="RS")
        OperationNameFactory(operation=cls.new, full_name="Mission to Serbia")
        Succession.objects.create(predecessor=cls.old, successor=cls.new)
        FieldOperationPageFactory(operation=cls.old)
        FieldOperationPageFactory(operation=cls.new)

    def test_host_state_is_named_as_it_was_on_the_day(self):
        assert profile_as_of(self.old, D(2002, 1, 1)).host_name == (
            "Federal Republic of Yugoslavia"
        )
        assert profile_as_of(self.old, D(2010, 1, 1)).host_name == "Serbia"

    def test_no_single_host_and_kosovo_are_named(self):
        none = FieldOperationFactory(host_country="")
        kosovo = FieldOperationFactory(host_country="XK")
        assert profile_as_of(none, D(2020, 1, 1)).host_name == "No single host country"
        assert profile_as_of(kosovo, D(2020, 1, 1)).host_name == "Kosovo"

    def test_lineage_links_both_ways(self):
        response, page = profile_text(self.client, "belgrade", "2002-01-01")
        assert "Followed by" in page
        assert soup(response).find("a", href="/en/field-operations/serbia/")
        response, page = profile_text(self.client, "serbia")
        assert "Preceded by" in page
        # Said from this page's side: the later mission replaced the earlier.
        assert "(replaced it)" in page and "(replaced by)" not in page
        assert soup(response).find("a", href="/en/field-operations/belgrade/")

    def test_closed_operation_shows_its_closing_day(self):
        self.old.status = "closed"
        self.old.save()
        _response, page = profile_text(self.client, "belgrade")
        assert "closed on 4 February 2003" in page
        assert profile_as_of(self.old, D(2002, 1, 1)).status == "current"

    def test_a_closing_known_to_the_month_is_said_in_that_month(self):
        self.old.status = "closed"
        self.old.save()
        self.old.names.update(valid_to=D(2003, 2, 1), valid_to_precision="month")
        _response, page = profile_text(self.client, "belgrade")
        assert "closed in February 2003" in page
        assert "closed on" not in page

    def test_unknown_status_and_partial_coverage_are_said(self):
        self.new.status = "unknown"
        self.new.coverage_note = "Staff numbers before 2010 are missing."
        self.new.save()
        _response, page = profile_text(self.client, "serbia")
        assert "status unknown" in page
        assert "Staff numbers before 2010 are missing." in page

    def test_an_uncertain_end_marks_the_name_approximate(self):
        profile = profile_as_of(self.old, D(2003, 2, 3))
        assert profile.name_approximate is False  # the end is the next day
        profile = profile_as_of(self.old, D(2003, 2, 4))
        assert profile.name is None


class HeadStaffMoneyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operation = FieldOperationFactory(slug="dushanbe")
        OperationNameFactory(operation=cls.operation, valid_from=D(1994, 2, 1))
        AppointmentFactory(
            post__operation=cls.operation, valid_from=None, known_on=D(2007, 3, 27)
        )
        snapshot = StaffingSnapshotFactory(
            operation=cls.operation,
            as_of=D(2008, 1, 1),
            meaning="authorised",
            approximate=True,
        )
        StaffingLine.objects.create(snapshot=snapshot, category="not-split", count=350)
        FinancialFigureFactory(
            operation=cls.operation,
            year=2008,
            fund="not-stated",
            measure="budget",
            as_of=None,
            approximate=True,
            amount=Decimal("5000000.00"),
            note="Includes the field offices.",
        )
        office = OfficeFactory(
            operation=cls.operation,
            role="observation-post",
            valid_from=D(1995, 1, 1),
        )
        PlaceNameFactory(place=office.place, name="Garm")
        FieldOperationPageFactory(operation=cls.operation)

    def test_an_observed_head_reads_in_post_on_the_day(self):
        _response, page = profile_text(self.client, "dushanbe", "2009-01-01")
        assert "In post on 27 March 2007" in page
        assert "since" not in page.split("Leadership")[-1].split("History")[0]

    def test_a_head_whose_end_is_only_bounded_says_so(self):
        AppointmentFactory(
            post__operation=self.operation,
            valid_from=D(1995, 12, 18),
            valid_to=D(2007, 3, 27),
            valid_to_uncertain=True,
        )
        response, _page = profile_text(self.client, "dushanbe", "2000-01-01")
        leadership = soup(response).find(id="leadership").find_parent("section")
        assert "In office since 18 December 1995" in text(leadership)
        assert "When this appointment ended is not known" in text(leadership)
        assert "it had ended by 27 March 2007" in text(leadership)

    def test_no_head_on_the_day_is_said(self):
        _response, page = profile_text(self.client, "dushanbe", "2000-01-01")
        assert "No head known on this day." in page

    def test_staff_number_is_labelled_with_its_meaning_and_about(self):
        response, page = profile_text(self.client, "dushanbe", "2009-01-01")
        card = soup(response).find("h3", string="Staff").find_parent("div")
        assert "about authorised strength: 350" in text(card)
        assert "not split" not in text(card)

    def test_a_headcount_without_contract_type_reads_plainly(self):
        snapshot = StaffingSnapshotFactory(
            operation=self.operation, as_of=D(2010, 1, 1)
        )
        StaffingLine.objects.create(
            snapshot=snapshot, category="not-split", contract_type="", count=300
        )
        response, _page = profile_text(self.client, "dushanbe", "2011-01-01")
        card = text(soup(response).find("h3", string="Staff").find_parent("div"))
        assert "300 staff" in card
        assert "not stated" not in card

    def test_money_says_about_its_note_fund_and_unknown_report_date(self):
        response, _page = profile_text(self.client, "dushanbe", "2009-01-01")
        card = text(soup(response).find("h3", string="Budget").find_parent("div"))
        assert "about" in card
        assert "Includes the field offices." in card
        assert "fund not stated" in card
        assert "budget (kind not stated)" in card
        assert "The date of the report is not known." in card

    def test_offices_of_the_new_kinds_are_named(self):
        _response, page = profile_text(self.client, "dushanbe", "2009-01-01")
        assert "Observation post in Garm" in page
