"""Rate limits of job alert subscriptions, per client IP and per address."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from fieldops.core.http import client_ip
from fieldops.core.tests.html import text
from fieldops.recruitment.alerts import limits
from fieldops.recruitment.models import JobAlert

URL = "/en/job-alerts/"


class RateTests:
    @pytest.mark.parametrize(
        ("written", "window"),
        [
            ("10/hour", 3600),
            ("3/day", 86400),
            ("5/m", 60),
            ("2/10min", 600),
            (" 7 / s ", 1),
        ],
    )
    def test_rate_is_read_as_count_per_period(self, settings, written, window):
        settings.FIELDOPS_ALERT_RATE_PER_IP = written
        assert limits.window_seconds("FIELDOPS_ALERT_RATE_PER_IP") == window

    @pytest.mark.parametrize("written", ["", "10", "ten/hour", "10/fortnight", "-1/h"])
    def test_unreadable_rate_is_a_configuration_error(self, settings, written):
        settings.FIELDOPS_ALERT_RATE_PER_IP = written
        with pytest.raises(ImproperlyConfigured):
            limits.rate("FIELDOPS_ALERT_RATE_PER_IP")


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
        def key(ip):
            request = RequestFactory().get("/", REMOTE_ADDR=ip)
            return limits.client_network("alert-ip", request)

        assert key("2001:db8::1") == key("2001:db8::ffff") == "2001:db8::/64"
        assert key("2001:db8:0:1::1") != key("2001:db8::1")
        assert key("192.0.2.1") == "192.0.2.1/32"
        assert key("not-an-ip") == "unknown"


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

    def test_clients_of_one_ipv6_64_network_share_its_limit(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_RATE_PER_IP = "1/hour"
        capture = django_capture_on_commit_callbacks
        first = self.post(client, capture, "a@example.org", ip="2001:db8::1")
        assert first.status_code == 303
        same_64 = self.post(client, capture, "b@example.org", ip="2001:db8::ffff")
        assert same_64.status_code == 429
        next_64 = self.post(client, capture, "c@example.org", ip="2001:db8:0:1::1")
        assert next_64.status_code == 303

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

    def test_a_count_the_cache_lost_lets_the_subscription_through(
        self, client, settings, monkeypatch, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_RATE_PER_IP = "1/hour"
        capture = django_capture_on_commit_callbacks
        assert self.post(client, capture, "a@example.org").status_code == 303

        def evicted(*args, **kwargs):
            raise ValueError("evicted")

        monkeypatch.setattr(caches["limits"], "incr", evicted)
        assert self.post(client, capture, "b@example.org").status_code == 303

    def test_invalid_submissions_are_not_counted(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_RATE_PER_IP = "1/hour"
        for _ in range(3):
            self.post(client, django_capture_on_commit_callbacks, "not an address")
        response = self.post(client, django_capture_on_commit_callbacks, "a@x.org")
        assert response.status_code == 303
