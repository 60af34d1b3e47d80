"""Rate limits of job alert subscriptions, per client IP and per address."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from fieldops.core.tests.html import text
from fieldops.recruitment import ratelimit
from fieldops.recruitment.models import JobAlert
from fieldops.recruitment.ratelimit import Rate, allow, client_ip, ip_key

URL = "/en/job-alerts/"


class RateTests:
    @pytest.mark.parametrize(
        ("written", "limit", "window"),
        [
            ("10/hour", 10, 3600),
            ("3/day", 3, 86400),
            ("5/m", 5, 60),
            ("2/10min", 2, 600),
            (" 7 / s ", 7, 1),
        ],
    )
    def test_rate_is_read_as_count_per_period(self, written, limit, window):
        assert Rate.parse(written) == Rate(limit=limit, window=window)

    @pytest.mark.parametrize("written", ["", "10", "ten/hour", "10/fortnight", "-1/h"])
    def test_unreadable_rate_is_a_configuration_error(self, written):
        with pytest.raises(ImproperlyConfigured):
            Rate.parse(written)


class AllowTests:
    def test_hits_are_allowed_up_to_the_limit_then_refused(self):
        rate = Rate(limit=3, window=60)
        assert [allow("test", "a", rate) for _ in range(5)] == [
            True,
            True,
            True,
            False,
            False,
        ]

    def test_keys_and_scopes_are_counted_apart(self):
        rate = Rate(limit=1, window=60)
        assert allow("test", "a", rate)
        assert allow("test", "b", rate)
        assert allow("other", "a", rate)
        assert not allow("test", "a", rate)

    def test_a_new_window_starts_a_new_count(self, monkeypatch):
        rate = Rate(limit=1, window=60)
        monkeypatch.setattr(ratelimit.time, "time", lambda: 6000.0)
        assert allow("test", "a", rate)
        assert not allow("test", "a", rate)
        monkeypatch.setattr(ratelimit.time, "time", lambda: 6060.0)
        assert allow("test", "a", rate)


class ClientIpTests:
    def test_remote_address_is_used_and_forwarded_for_ignored(self):
        request = RequestFactory().get(
            "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
        assert client_ip(request) == "192.0.2.1"

    def test_behind_two_trusted_proxies_the_outer_one_s_client_is_used(self, settings):
        settings.FIELDOPS_TRUSTED_PROXY_COUNT = 2
        request = RequestFactory().get(
            "/",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.1",
        )
        assert client_ip(request) == "203.0.113.5"

    def test_unreadable_address_is_none(self):
        request = RequestFactory().get("/", REMOTE_ADDR="not-an-ip")
        assert client_ip(request) is None

    def test_ipv6_clients_are_counted_per_64_network(self):
        assert ip_key("2001:db8::1") == ip_key("2001:db8::ffff") == "2001:db8::/64"
        assert ip_key("2001:db8:0:1::1") != ip_key("2001:db8::1")
        assert ip_key("192.0.2.1") == "192.0.2.1"


@pytest.mark.django_db
class SubscriptionRateLimitTests:
    def post(self, client, capture, address, ip="192.0.2.1"):
        with capture(execute=True):
            return client.post(
                URL,
                {"email": address, "frequency": "daily", "language": "en"},
                REMOTE_ADDR=ip,
            )

    def test_too_many_subscriptions_from_one_ip_get_429_and_nothing_is_stored(
        self, client, settings, smtp_server, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_RATE_PER_IP = "2/hour"
        for n in range(2):
            response = self.post(
                client, django_capture_on_commit_callbacks, f"r{n}@example.org"
            )
            assert response.status_code == 303
        response = self.post(
            client, django_capture_on_commit_callbacks, "x@example.org"
        )
        assert response.status_code == 429
        assert response["Retry-After"] == "3600"
        assert "Too many subscriptions at once" in text(response)
        assert not JobAlert.objects.filter(email="x@example.org").exists()
        assert len(smtp_server.messages) == 2
        other_ip = self.post(
            client, django_capture_on_commit_callbacks, "x@example.org", ip="192.0.2.2"
        )
        assert other_ip.status_code == 303

    def test_too_many_for_one_address_get_the_usual_answer_but_nothing_is_sent(
        self, client, settings, smtp_server, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_RATE_PER_ADDRESS = "1/day"
        first = self.post(client, django_capture_on_commit_callbacks, "a@example.org")
        JobAlert.objects.all().delete()
        again = self.post(
            client, django_capture_on_commit_callbacks, "A@example.org", ip="192.0.2.9"
        )
        assert (again.status_code, again["Location"]) == (
            first.status_code,
            first["Location"],
        )
        assert not JobAlert.objects.exists()
        assert len(smtp_server.messages) == 1
        other = self.post(client, django_capture_on_commit_callbacks, "b@example.org")
        assert other.status_code == 303
        assert JobAlert.objects.filter(email="b@example.org").exists()

    def test_invalid_submissions_are_not_counted(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_RATE_PER_IP = "1/hour"
        for _ in range(3):
            self.post(client, django_capture_on_commit_callbacks, "not an address")
        response = self.post(client, django_capture_on_commit_callbacks, "a@x.org")
        assert response.status_code == 303
