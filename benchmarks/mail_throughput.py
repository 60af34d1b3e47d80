"""Mails per second that one sender (the `deliveries_send` service, as one worker
runs it) hands to a local SMTP server, against a baseline measured in the same run:
the same messages, already rendered, sent with bare smtplib over one connection.

Usage:

    .venv/bin/python benchmarks/mail_throughput.py [--mails 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/mail_throughput.py

Without DATABASE_URL it uses a fresh SQLite file in a temporary directory; with a
PostgreSQL DATABASE_URL it creates and drops its own database, fieldops_mailbench.
The SMTP server (aiosmtpd) runs in this process on 127.0.0.1 and only counts what
it accepts.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "fieldops_mailbench"


class CountingHandler:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_urls() -> tuple[str, str] | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{BENCH_DB}")),
    )


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def setup_django(database_url: str, var_dir: str, port: int) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["FIELDOPS_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "fieldops.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        # Measured here is the sending, not the queue: no task runs by itself.
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ).enable()
    call_command("migrate", verbosity=0)


def create_deliveries(count: int):
    """`count` confirmed immediate alerts for any vacancy, and one vacancy."""
    import datetime

    from django.utils import timezone

    from fieldops.operations.models import FieldOperation, Place, PlaceName
    from fieldops.recruitment.alerts.matching import vacancy_match
    from fieldops.recruitment.models import (
        AlertCriterion,
        AlertMatchKey,
        FieldOfExpertise,
        JobAlert,
        Vacancy,
        alert_match_keys,
    )

    now = timezone.now()
    alerts = JobAlert.objects.bulk_create(
        JobAlert(
            email=f"reader{n}@example.org",
            frequency="immediate",
            state="confirmed",
            consent_text="I agree.",
            consent_version="1",
            consent_at=now,
            confirmed_at=now,
        )
        for n in range(count)
    )
    AlertCriterion.objects.bulk_create(
        AlertCriterion(alert=alert, kind="any", value="", anchor=True)
        for alert in alerts
    )
    [key] = alert_match_keys({})
    AlertMatchKey.objects.bulk_create(
        AlertMatchKey(alert=alert, key=key) for alert in alerts
    )
    place = Place.objects.create(country="KZ", time_zone="Asia/Almaty")
    PlaceName.objects.create(place=place, name="Astana")
    vacancy = Vacancy.objects.create(
        operation=FieldOperation.objects.create(slug="bench", host_country="KZ"),
        number="VNBENCH001",
        title="Programme Officer",
        grade="P3",
        recruitment_type="international",
        modality="seconded",
        field_of_expertise=FieldOfExpertise.objects.create(name="Bench", slug="bench"),
        duty_station=place,
        issued_on=timezone.localdate(),
        deadline=now + datetime.timedelta(days=30),
        description="<p>Coordinates the programme.</p>",
        apply_url="https://jobs.example.org/VNBENCH001",
    )
    assert vacancy_match(vacancy_id=vacancy.pk).created == count


def baseline(port: int) -> tuple[float, int]:
    """Send the same messages, rendered beforehand, with bare smtplib."""
    from django.conf import settings

    from fieldops.recruitment.alerts.emails import vacancy_message
    from fieldops.recruitment.models import AlertDelivery

    deliveries = AlertDelivery.objects.select_related(
        "alert", "vacancy", "vacancy__operation"
    ).prefetch_related("vacancy__duty_station__names")
    messages = [(d.alert.email, vacancy_message(d).message().as_bytes(linesep="\r\n"))
                for d in deliveries]  # fmt: skip
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for to, data in messages:
            smtp.sendmail(settings.DEFAULT_FROM_EMAIL, [to], data)
    return time.perf_counter() - start, len(messages)


def service() -> tuple[float, int]:
    """One sender doing what its tasks do, batch after batch, until none is left."""
    from fieldops.recruitment.alerts.delivery import deliveries_send

    sent = 0
    start = time.perf_counter()
    while True:
        result = deliveries_send()
        if not result.claimed:
            break
        assert not result.failed, result.errors
        sent += result.sent
    return time.perf_counter() - start, sent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=2000)
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    pg = postgres_urls()
    with tempfile.TemporaryDirectory() as var_dir:
        if pg:
            admin(pg[0], f"DROP DATABASE IF EXISTS {BENCH_DB}")
            admin(pg[0], f"CREATE DATABASE {BENCH_DB}")
            database_url = pg[1]
        else:
            database_url = f"sqlite:///{var_dir}/bench.sqlite3"
        try:
            setup_django(database_url, var_dir, port)
            from django.db import connection

            create_deliveries(args.mails)
            base_time, base_count = baseline(port)
            service_time, service_count = service()
            assert handler.count == base_count + service_count == 2 * args.mails
            base_rate = base_count / base_time
            rate = service_count / service_time
            print(f"database: {connection.vendor}; {args.mails} mails each way")
            print(f"baseline (smtplib, pre-rendered): {base_rate:7.0f} mails/s")
            print(f"deliveries_send (one sender):     {rate:7.0f} mails/s")
            print(f"ratio service / baseline: {rate / base_rate:.2f}")
        finally:
            from django.db import connections

            connections.close_all()
            controller.stop()
            if pg:
                admin(pg[0], f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
