"""The organisation's public record (osce.json) as the site shows it: every
recorded change of every field operation, the day before and the day of."""

import datetime
import json

from django.core.management import call_command
from django.test import TestCase

from fieldops.core.tests.html import soup, text
from fieldops.demo.services import DEMO_FILE
from fieldops.health.report import data_health
from fieldops.operations.models import FieldOperation, OperationChange

ONE_DAY = datetime.timedelta(days=1)
DATA = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def names_by_operation() -> dict[str, list[dict]]:
    """The dataset's names of each operation, earliest first."""
    names: dict[str, list[dict]] = {}
    for row in DATA["names"]:
        names.setdefault(row["operation"], []).append(row)
    for rows in names.values():
        rows.sort(key=lambda row: row.get("valid_from") or "")
    return names


class PublicRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

    def profile(self, slug: str, day: datetime.date):
        return self.client.get(
            f"/en/field-operations/{slug}/", {"as_of": day.isoformat()}
        )

    def h1(self, response) -> str:
        return text(soup(response).find("h1"))

    def test_every_operation_of_the_record_is_published(self):
        slugs = {row["slug"] for row in DATA["operations"]}
        assert len(slugs) == 23
        published = set(FieldOperation.objects.live().values_list("slug", flat=True))
        assert published == slugs
        for slug in sorted(slugs):
            response = self.client.get(f"/en/field-operations/{slug}/")
            assert response.status_code == 200, slug

    def test_each_name_holds_from_its_first_day_and_not_the_day_before(self):
        checked = 0
        for slug, names in names_by_operation().items():
            for index, name in enumerate(names):
                if not name.get("valid_from"):
                    continue
                first = datetime.date.fromisoformat(name["valid_from"])
                day_of = self.profile(slug, first)
                assert day_of.status_code == 200, (slug, first)
                assert self.h1(day_of).startswith(name["full_name"]), (slug, first)
                before = self.profile(slug, first - ONE_DAY)
                if index == 0:
                    # Not established yet the day before.
                    assert before.status_code == 404, (slug, first)
                else:
                    assert before.status_code == 200, (slug, first)
                    earlier = names[index - 1]
                    if holds_on(earlier, first - ONE_DAY):
                        h1 = self.h1(before)
                        assert h1.startswith(earlier["full_name"]), (slug, first)
                checked += 1
        assert checked >= 40

    def test_each_change_enters_the_history_on_its_day_and_not_before(self):
        changes = OperationChange.objects.live().select_related("operation")
        checked = 0
        for change in changes:
            dates = [d for d in (change.adopted, change.effective) if d is not None]
            if not dates:
                continue
            first = min(d.date for d in dates)
            last = max(d.date for d in dates)
            slug = change.operation.slug
            isos = {d.iso() for d in dates}
            day_of = self.profile(slug, last)
            if day_of.status_code == 404:
                continue  # a change before the operation's first name began
            assert isos & history_dates(day_of), (slug, change.kind, isos)
            before = self.profile(slug, first - ONE_DAY)
            if before.status_code == 200:
                assert not isos & history_dates(before), (slug, change.kind, isos)
            checked += 1
        assert checked >= 40

    def test_about_and_history_give_one_establishment_date(self):
        checked = 0
        for slug in sorted({row["slug"] for row in DATA["operations"]}):
            page = soup(self.client.get(f"/en/field-operations/{slug}/"))
            about = page.find(id="about").find_parent("section")
            established = next(
                div
                for div in about.select("dl.key-facts > div")
                if text(div.find("dt")) == "Established"
            )
            stated = established.find("time")["datetime"]
            history = page.find(id="history").find_parent("section")
            days = [
                item.find("time", class_="timeline__date")["datetime"]
                for item in history.select("li.timeline__item")
                if any(
                    text(event).startswith("Established")
                    for event in item.select(".timeline__events > li")
                )
            ]
            assert days == [stated], (slug, stated, days)
            checked += 1
        assert checked == 23

    def test_data_health_lists_every_fact_the_sources_dispute(self):
        # One finding per disputed field of a record.
        disputed = [
            (row["operation"], claim["field"])
            for table in ("names", "changes")
            for row in DATA[table]
            for claim in row.get("claims", [])
            if not claim["preferred"]
        ]
        assert len(disputed) == 11
        listed = [
            (health.operation.slug, finding.message)
            for health in data_health()
            if health.operation is not None
            for finding in health.findings
            if finding.code == "disputed"
        ]
        for slug, field in disputed:
            label = FIELD_LABELS[field]
            assert any(
                s == slug and f"Sources disagree on “{label}”" in message
                for s, message in listed
            ), (slug, field)
        assert len(listed) == len(disputed)


# How the data health names each disputed field.
FIELD_LABELS = {
    "valid_from": "valid from",
    "adopted_on": "adopted on",
    "effective_on": "took effect on",
    "kind": "kind of change",
}


def holds_on(name: dict, day: datetime.date) -> bool:
    """Whether a dataset name row holds on `day` (a missing end is open)."""
    end = name.get("valid_to")
    return end is None or day < datetime.date.fromisoformat(end)


def history_dates(response) -> set[str]:
    """The dates of the entries of a profile's history."""
    heading = soup(response).find(id="history")
    section = heading.find_parent("section") if heading else None
    if section is None:
        return set()
    return {time["datetime"] for time in section.find_all("time")}
