"""HTTP caching of the public answers (core/http_cache.py) and the page cache:
headers on every public address, 304s, private answers, compression, and that a
change is never answered from an older copy."""

import datetime
import gzip
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldops.core.http_cache import SOFTWARE_PATHS, PublicGZipMiddleware, _State
from fieldops.core.models import HomePage
from fieldops.demo.testing import load_astana_demo
from fieldops.documents.models import Document
from fieldops.operations.models import OperationName
from fieldops.recruitment.models import Vacancy

from .test_as_of_everywhere import public_addresses

EXTRA = [
    "/sitemap.xml",
    "/robots.txt",
    "/en/field-operations/astana/?as_of=2010-06-01",
    "/exports/all/names.csv",
    "/exports/all.popolo.json",
    "/en/job-alerts/check-your-inbox/",
]
PROFILE = "/en/field-operations/astana/"


class HttpCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()
        cls.document = Document.objects.live().first()
        cls.vacancy = Vacancy.objects.live().first()

    def setUp(self):
        # A rolled-back test leaves the version where it was: another test's
        # pages would be found under it.
        caches["pages"].clear()

    def change_and_commit(self, change):
        """Run `change` as if its transaction committed (TestCase never does)."""
        with self.captureOnCommitCallbacks(execute=True):
            change()


class PublicHeadersTests(HttpCacheTestCase):
    def test_every_public_address_is_public_and_sets_no_cookie(self):
        for url in [*public_addresses(self.document, self.vacancy), *EXTRA]:
            with self.subTest(url=url):
                response = self.client.get(url)
                assert response.status_code == 200
                assert not response.cookies
                cache_control = response["Cache-Control"]
                assert cache_control.startswith("public, max-age=60, s-maxage=300")
                assert "stale-while-revalidate=" in cache_control
                assert "stale-if-error=" in cache_control
                assert response["ETag"].startswith('W/"')
                # The dataset's schema comes from the software, not the data.
                if not SOFTWARE_PATHS.match(url):
                    assert response["Last-Modified"].endswith("GMT")
                vary = response.get("Vary", "").lower()
                assert "accept-encoding" in vary
                assert "cookie" not in vary

    def test_with_one_language_no_answer_varies_by_accept_language(self):
        for url in ["/api/v1/field-operations", "/exports/all/names.csv", PROFILE]:
            with self.subTest(url=url):
                response = self.client.get(url, headers={"accept-language": "ru"})
                assert response.status_code == 200
                assert "accept-language" not in response.get("Vary", "").lower()

    @override_settings(LANGUAGES=[("en", "English"), ("ru", "Russian")])
    def test_with_two_languages_an_address_without_one_varies_by_it(self):
        api = self.client.get("/api/v1/field-operations")
        profile = self.client.get(PROFILE)

        assert "accept-language" in api["Vary"].lower()
        assert "accept-language" not in profile["Vary"].lower()

    def test_a_missing_page_is_public_without_validators(self):
        response = self.client.get("/en/field-operations/nowhere/")
        assert response.status_code == 404
        assert response["Cache-Control"].startswith("public")
        assert "ETag" not in response

    def test_the_api_spec_is_public_without_the_data_version(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/api/v1/openapi.json")
        assert response["Cache-Control"].startswith("public")
        assert not any("core_dataversion" in q["sql"] for q in queries)
        again = self.client.get(
            "/api/v1/openapi.json", headers={"if-none-match": response["ETag"]}
        )
        assert again.status_code == 304

    def test_the_same_address_has_the_same_etag_and_another_address_another(self):
        first = self.client.get(PROFILE)["ETag"]
        assert self.client.get(PROFILE)["ETag"] == first
        assert self.client.get(f"{PROFILE}?as_of=2010-06-01")["ETag"] != first
        # The order of the query's parameters does not make another address.
        one = self.client.get("/en/vacancies/?grade=P3&q=x")["ETag"]
        assert self.client.get("/en/vacancies/?q=x&grade=P3")["ETag"] == one


class ConditionalGetTests(HttpCacheTestCase):
    def test_a_current_etag_or_date_gets_304_before_the_view_runs(self):
        for url in (PROFILE, "/api/v1/field-operations/astana", "/exports/all.json"):
            with self.subTest(url=url):
                response = self.client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    by_etag = self.client.get(
                        url, headers={"if-none-match": response["ETag"]}
                    )
                assert by_etag.status_code == 304
                assert by_etag.content == b""
                assert by_etag["ETag"] == response["ETag"]
                assert by_etag["Cache-Control"].startswith("public")
                # The data version's read only: nothing was rendered.
                assert len(queries) == 1
                by_date = self.client.get(
                    url, headers={"if-modified-since": response["Last-Modified"]}
                )
                assert by_date.status_code == 304

    def test_a_publish_changes_the_etag_and_the_answer(self):
        with override_settings(FIELDOPS_PAGE_CACHE=True):
            first = self.client.get(PROFILE)
            assert "A corrected history" not in first.content.decode()
            name = OperationName.objects.filter(operation__slug="astana").first()
            name.note = "A corrected history."
            self.change_and_commit(lambda: name.save_revision().publish())
            again = self.client.get(PROFILE, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]
        assert "A corrected history." in again.content.decode()

    def test_a_new_day_changes_the_etag(self):
        first = self.client.get(PROFILE)
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        with mock.patch("django.utils.timezone.now", return_value=tomorrow):
            again = self.client.get(PROFILE, headers={"if-none-match": first["ETag"]})
            stale = self.client.get(
                PROFILE, headers={"if-modified-since": first["Last-Modified"]}
            )
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]
        assert stale.status_code == 200


@override_settings(FIELDOPS_PAGE_CACHE=True)
class PageCacheTests(HttpCacheTestCase):
    def test_a_hit_runs_only_the_data_version_query_and_gives_the_same_bytes(self):
        for url in (PROFILE, "/api/v1/field-operations/astana", "/en/vacancies/"):
            with self.subTest(url=url):
                rendered = self.client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    hit = self.client.get(url)
                assert len(queries) == 1, [q["sql"] for q in queries]
                assert hit.content == rendered.content
                assert hit["Content-Type"] == rendered["Content-Type"]
                assert hit["ETag"] == rendered["ETag"]
                head = self.client.head(url)
                assert head.status_code == 200
                assert head.content == b""
                assert head["Content-Length"] == str(len(rendered.content))

    def test_a_saved_record_is_on_the_next_answer(self):
        self.client.get("/en/documents/")
        document = Document.objects.live().first()
        document.title = "A title nobody saw before"
        self.change_and_commit(lambda: document.save_revision().publish())
        assert (
            "A title nobody saw before"
            in self.client.get("/en/documents/").content.decode()
        )

    def test_a_deleted_page_is_gone_from_the_next_answer(self):
        home = HomePage.objects.get()
        self.client.get("/en/")
        home.intro = "Words that are there for a moment."
        self.change_and_commit(lambda: home.save_revision().publish())
        assert "for a moment" in self.client.get("/en/").content.decode()
        self.change_and_commit(lambda: home.unpublish())
        assert self.client.get("/en/").status_code == 404

    def test_a_deadline_passing_closes_the_vacancy_on_the_next_answer(self):
        vacancy = Vacancy.objects.open().order_by("deadline").last()
        vacancy.title = f"{vacancy.title} (corrected)"
        self.change_and_commit(lambda: vacancy.save_revision().publish())
        url = "/api/v1/vacancies"
        # A minute before and a second after the deadline, on the same day: only
        # the deadline tells the two apart, and nothing is written when it passes.
        before_at = vacancy.deadline - datetime.timedelta(minutes=1)
        after_at = vacancy.deadline + datetime.timedelta(seconds=1)
        assert timezone.localdate(before_at) == timezone.localdate(after_at)
        with mock.patch("django.utils.timezone.now", return_value=before_at):
            before = self.client.get(url)
        assert vacancy.number in before.content.decode()
        with mock.patch("django.utils.timezone.now", return_value=after_at):
            after = self.client.get(url, headers={"if-none-match": before["ETag"]})
        assert after.status_code == 200
        assert vacancy.number not in after.content.decode()

    def test_private_answers_are_neither_stored_nor_served_from_it(self):
        user = get_user_model().objects.create_user("editor", password="x" * 12)
        self.client.force_login(user)
        signed_in = self.client.get(PROFILE)
        assert signed_in["Cache-Control"] == "private, no-store"
        assert "ETag" not in signed_in
        self.client.logout()
        anonymous = self.client.get(PROFILE)
        assert anonymous["Cache-Control"].startswith("public")
        self.client.force_login(user)
        # Counting queries no longer tells a render from a hit: a render of
        # kept records reads only the data version.
        with (
            mock.patch.object(_State, "cached") as cached,
            mock.patch.object(_State, "store") as store,
        ):
            again = self.client.get(PROFILE)
        assert again["Cache-Control"] == "private, no-store"
        assert not cached.called
        assert not store.called


class PrivateAnswersTests(HttpCacheTestCase):
    def test_the_admin_and_its_sign_in_are_private(self):
        for url in ("/admin/", "/admin/login/", "/healthz"):
            with self.subTest(url=url):
                response = self.client.get(url)
                assert "public" not in response["Cache-Control"]
                assert "no-store" in response["Cache-Control"]
                assert "ETag" not in response

    def test_a_post_answer_is_private(self):
        response = self.client.post(
            "/en/job-alerts/",
            {"email": "someone@example.org", "frequency": "daily", "language": "en"},
        )
        assert response.status_code == 303
        assert response["Cache-Control"] == "private, no-store"

    def test_signed_links_of_job_alerts_stay_uncached(self):
        response = self.client.get("/en/job-alerts/manage/bad-token/")
        assert "public" not in response["Cache-Control"]


class CompressionTests(HttpCacheTestCase):
    def test_public_answers_are_compressed(self):
        response = self.client.get(PROFILE, headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert b"</html>" in gzip.decompress(response.content)
        # And the answers of the page cache.
        with override_settings(FIELDOPS_PAGE_CACHE=True):
            self.client.get(PROFILE)
            hit = self.client.get(PROFILE, headers={"accept-encoding": "gzip"})
        assert hit["Content-Encoding"] == "gzip"

    @override_settings(FIELDOPS_PAGE_CACHE=True)
    def test_a_hit_serves_the_gzip_made_when_it_was_stored(self):
        gzipped = {"accept-encoding": "gzip, deflate, br"}
        rendered = self.client.get(PROFILE)
        with mock.patch("django.middleware.gzip.compress_string") as per_answer:
            hits = [self.client.get(PROFILE, headers=gzipped) for _ in range(2)]
            plain = self.client.get(PROFILE, headers={"accept-encoding": "br"})
        per_answer.assert_not_called()
        for hit in hits:
            assert hit["Content-Encoding"] == "gzip"
            assert gzip.decompress(hit.content) == rendered.content
            assert hit["Content-Length"] == str(len(hit.content))
            assert "Accept-Encoding" in hit["Vary"]
        assert hits[0].content == hits[1].content
        assert "Content-Encoding" not in plain
        assert plain.content == rendered.content
        head = self.client.head(PROFILE, headers=gzipped)
        assert head.content == b""
        assert head["Content-Length"] == hits[0]["Content-Length"]

    def test_private_answers_are_not_compressed(self):
        user = get_user_model().objects.create_user("editor", password="x" * 12)
        self.client.force_login(user)
        response = self.client.get(PROFILE, headers={"accept-encoding": "gzip"})
        assert "Content-Encoding" not in response
        login = self.client.get("/admin/login/", headers={"accept-encoding": "gzip"})
        assert "Content-Encoding" not in login

    def test_the_middleware_is_in_the_settings(self):
        from django.conf import settings

        names = settings.MIDDLEWARE
        gzip_at = names.index(
            f"{PublicGZipMiddleware.__module__}.{PublicGZipMiddleware.__name__}"
        )
        assert gzip_at < names.index("fieldops.core.http_cache.HttpCacheMiddleware")
        assert "django.middleware.gzip.GZipMiddleware" not in names
