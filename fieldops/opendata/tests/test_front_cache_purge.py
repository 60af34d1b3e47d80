"""Publishing purges what it changed from the front cache: through the production
stack (nginx TLS -> Varnish -> gunicorn), a cached profile, one of its ?as_of= days
and an API answer show the change at once, long before their copies would expire."""

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from fieldops.demo.testing import load_astana_demo
from fieldops.operations.models import FieldOperationPage, OperationName

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROFILE = "/en/field-operations/astana/"
IN_2000 = PROFILE + "?as_of=2000-01-01"
API = "/api/v1/field-operations/astana"
# A purge is sent when the change is committed; this only bounds the wait.
WAIT_SECONDS = 10


@pytest.fixture
def demo(stack):
    load_astana_demo()
    return stack


def cached(stack, path):
    """Ask twice: the second answer must come from the cache."""
    first, second = stack.get(path), stack.get(path)
    assert first.status == 200, path
    assert second.cache == "HIT", path
    return second


def shows(stack, path, text):
    """Wait until `path` through the stack shows `text`; return that answer.

    `text` must be this test's own: for up to a second after a test, nginx may
    still answer with what an earlier test's data showed (its one-second cache,
    deploy/nginx/fieldops.conf, which the rollback of the database does not
    purge)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        answer = stack.get(path)
        if text in answer.text or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def name_in_force(day):
    return OperationName.objects.filter(operation__slug="astana").as_of(day).get()


def overview(text):
    """A profile's narrative: one paragraph."""
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def rename(name, new_name):
    """As the admin edits and publishes a record: a revision, then its publish."""
    name.full_name = new_name
    name.save_revision(clean=False).publish()


def test_publishing_a_record_purges_the_profile_and_its_api_answer(demo):
    cached(demo, PROFILE)
    cached(demo, API)

    rename(name_in_force(timezone.localdate()), "Quixotic Programme Office")

    profile = shows(demo, PROFILE, "Quixotic Programme Office")
    assert profile.cache == "MISS"
    assert "Quixotic Programme Office" in profile.text
    assert "Quixotic Programme Office" in shows(demo, API, "Quixotic Programme").text


def test_publishing_a_past_record_purges_every_day_of_the_profile(demo):
    cached(demo, IN_2000)

    rename(name_in_force(datetime.date(2000, 1, 1)), "Quixotic Centre of 2000")

    text = "Quixotic Centre of 2000"
    assert text in shows(demo, IN_2000, text).text


def test_nothing_is_purged_before_the_change_is_committed(demo):
    cached(demo, PROFILE)

    with transaction.atomic():
        rename(name_in_force(timezone.localdate()), "Quixotic Uncommitted Name")
        during = demo.get(PROFILE)

    assert during.cache == "HIT"
    after = shows(demo, PROFILE, "Quixotic Uncommitted Name")
    assert "Quixotic Uncommitted Name" in after.text


def test_publishing_a_page_purges_it(demo):
    cached(demo, PROFILE)
    page = FieldOperationPage.objects.get(slug="astana")

    page.overview = overview("Quixotic overview published")
    page.save_revision().publish()

    text = "Quixotic overview published"
    assert text in shows(demo, PROFILE, text).text


def test_scheduled_publishing_purges_the_page(demo):
    page = FieldOperationPage.objects.get(slug="astana")
    page.overview = overview("Quixotic overview scheduled")
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    revision.save()
    cached(demo, PROFILE)
    time.sleep(1.5)

    call_command("publish_scheduled", stdout=io.StringIO())

    text = "Quixotic overview scheduled"
    assert text in shows(demo, PROFILE, text).text


def test_unpublishing_a_page_purges_it(demo):
    cached(demo, PROFILE)

    FieldOperationPage.objects.get(slug="astana").unpublish()

    deadline = time.monotonic() + WAIT_SECONDS
    while demo.get(PROFILE).status == 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert demo.get(PROFILE).status == 404
