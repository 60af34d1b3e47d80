"""Matching one newly published vacancy against 10k, 100k and 1M confirmed job alerts.

Usage (PostgreSQL; the script creates and drops its own database, fieldops_bench,
on the server that DATABASE_URL names):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/alert_matching.py [--sizes 10000,100000,1000000]

Exactly 1,000 alerts match the vacancy at every size; the others have random,
realistic criteria that fail it on at least one kind. Generating the alerts (COPY)
is not measured. Each size reports the median of several runs of the service
`vacancy_match` (the deliveries it created are deleted between runs), then the
ratio of the largest size to the smallest.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "fieldops_bench"
MATCHING = 1_000
RUNS = 7
GRADES = ["G4", "G5", "G6", "G7", "NP1", "NP2", "NP3", "NP4", "P1", "P2", "P3",
          "P4", "P5", "S1", "S2", "S3", "D1"]  # fmt: skip
WORDS = [f"w{n:04d}" for n in range(5_000)]  # a vocabulary of keywords
# How often an alert sets each kind of criterion.
KIND_WEIGHTS = {
    "operation": 0.35,
    "duty_station": 0.12,
    "field_of_expertise": 0.35,
    "grade": 0.3,
    "keyword": 0.25,
    "modality": 0.12,
    "recruitment_type": 0.2,
}


def database_urls() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    bench = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    return admin, bench


def recreate_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def drop_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def setup_django(bench_url: str) -> None:
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "fieldops.settings.test"
    os.environ.setdefault("FIELDOPS_VAR_DIR", "/tmp/fieldops-bench-var")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class World:
    """The fixed things alerts refer to, and the vacancy under test."""

    def __init__(self):
        from django.utils import timezone

        from fieldops.operations.models import FieldOperation, Place, PlaceName
        from fieldops.recruitment.models import FieldOfExpertise, Vacancy

        self.operations = [
            FieldOperation.objects.create(slug=f"operation-{n}", host_country="KZ").pk
            for n in range(16)
        ]
        self.places = []
        for n in range(60):
            place = Place.objects.create(country="KZ", time_zone="Asia/Almaty")
            PlaceName.objects.create(place=place, name=f"Town {n}")
            self.places.append(place.pk)
        self.fields = [
            FieldOfExpertise.objects.create(name=f"Field {n}", slug=f"field-{n}").pk
            for n in range(20)
        ]
        words = random.sample(WORDS, 120)
        self.vacancy = Vacancy.objects.create(
            operation_id=self.operations[3],
            number="VNBENCH001",
            title="Programme Officer " + " ".join(words[:4]),
            grade="P3",
            recruitment_type="international",
            modality="seconded",
            field_of_expertise_id=self.fields[5],
            duty_station_id=self.places[7],
            issued_on=timezone.localdate(),
            deadline=timezone.now() + datetime.timedelta(days=30),
            description="<p>" + " ".join(words[4:]) + "</p>",
            apply_url="https://jobs.example.org/VNBENCH001",
        )
        self.terms: dict[str, set[str]] = {}
        for kind, value in self.vacancy.match_terms():
            self.terms.setdefault(kind, set()).add(value)
        self.values = {
            "operation": [str(v) for v in self.operations],
            "duty_station": [str(v) for v in self.places],
            "field_of_expertise": [str(v) for v in self.fields],
            "grade": GRADES,
            "keyword": WORDS,
            "modality": ["seconded", "contracted"],
            "recruitment_type": ["international", "local"],
        }

    def random_criteria(self, rng: random.Random) -> dict[str, set[str]]:
        kinds = [k for k, w in KIND_WEIGHTS.items() if rng.random() < w]
        if not kinds:
            kinds = [rng.choice(list(KIND_WEIGHTS))]
        criteria = {}
        for kind in kinds:
            pool = self.values[kind]
            count = min(len(pool), rng.choice([1, 1, 1, 2, 2, 3]))
            criteria[kind] = set(rng.sample(pool, count))
        return criteria

    def admits(self, criteria) -> bool:
        return all(values & self.terms[kind] for kind, values in criteria.items())

    def failing(self, rng) -> dict[str, set[str]]:
        """Random criteria that the vacancy fails on at least one kind."""
        criteria = self.random_criteria(rng)
        if self.admits(criteria):
            kind = rng.choice(list(criteria))
            others = [v for v in self.values[kind] if v not in self.terms[kind]]
            criteria[kind] = set(rng.sample(others, min(len(others), 2)))
        return criteria

    def passing(self, rng) -> dict[str, set[str]]:
        """Random criteria that admit the vacancy (one in ten admits any)."""
        if rng.random() < 0.1:
            return {}
        criteria = self.random_criteria(rng)
        for kind, values in criteria.items():
            if not values & self.terms[kind]:
                values.pop()
                values.add(rng.choice(sorted(self.terms[kind])))
        return criteria


def criterion_rows(alert_id: int, criteria: dict[str, set[str]]):
    """The AlertCriterion rows, as job_alert_set_criteria stores them."""
    from fieldops.recruitment.models import ANCHOR_ORDER

    kinds = [kind for kind in ANCHOR_ORDER if kind in criteria]
    if not kinds:
        yield (alert_id, "any", "", True)
        return
    for kind in kinds:
        for value in sorted(criteria[kind]):
            yield (alert_id, kind, value, kind == kinds[0])


def copy_alerts(world: World, first_id: int, count: int, rng, matching: int = 0):
    """COPY `count` confirmed alerts; the first `matching` admit the vacancy."""
    from django.db import connection

    now = datetime.datetime.now(datetime.UTC)
    from fieldops.recruitment.models import alert_match_keys

    alerts, criteria_rows, key_rows = [], [], []
    for n in range(count):
        alert_id = first_id + n
        criteria = world.passing(rng) if n < matching else world.failing(rng)
        frequency = "daily" if rng.random() < 0.7 else "weekly"
        alerts.append(
            (alert_id, str(uuid.UUID(int=rng.getrandbits(128))),
             f"reader{alert_id}@example.org", "en", frequency, "confirmed",
             len(criteria), now, "I agree.", "1", now, "", now, now)
        )  # fmt: skip
        criteria_rows.extend(criterion_rows(alert_id, criteria))
        key_rows.extend((alert_id, key) for key in alert_match_keys(criteria))
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY recruitment_jobalert (id, token, email, language, frequency, state,"
            " criteria_kinds, created_at, consent_text, consent_version, consent_at,"
            " consent_user_agent, confirmation_sent_at, confirmed_at) FROM STDIN"
        ) as copy:
            for row in alerts:
                copy.write_row(row)
        with cursor.copy(
            "COPY recruitment_alertcriterion (alert_id, kind, value, anchor) FROM STDIN"
        ) as copy:
            for row in criteria_rows:
                copy.write_row(row)
        with cursor.copy(
            "COPY recruitment_alertmatchkey (alert_id, key) FROM STDIN"
        ) as copy:
            for row in key_rows:
                copy.write_row(row)
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('recruitment_jobalert', 'id'),"
            " (SELECT max(id) FROM recruitment_jobalert))"
        )
        cursor.execute("VACUUM ANALYZE recruitment_jobalert")
        cursor.execute("VACUUM ANALYZE recruitment_alertcriterion")
        cursor.execute("VACUUM ANALYZE recruitment_alertmatchkey")


def measure(world: World) -> tuple[float, int]:
    from fieldops.recruitment.alerts.matching import vacancy_match
    from fieldops.recruitment.models import AlertDelivery

    times, created = [], 0
    for _ in range(RUNS):
        AlertDelivery.objects.all().delete()
        start = time.perf_counter()
        created = vacancy_match(vacancy_id=world.vacancy.pk).created
        times.append(time.perf_counter() - start)
    AlertDelivery.objects.all().delete()
    return statistics.median(times), created


def explain(world: World) -> str:
    from django.db import connection

    from fieldops.recruitment.models import JobAlert

    sql, params = (
        JobAlert.objects.matching(world.vacancy).values("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument(
        "--explain", action="store_true", help="print the plan at each size"
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    admin_url, bench_url = database_urls()
    recreate_database(admin_url)
    try:
        setup_django(bench_url)
        rng = random.Random(20260101)
        world = World()
        results, total = [], 0
        for size in sizes:
            started = time.perf_counter()
            copy_alerts(
                world,
                total + 1,
                size - total,
                rng,
                matching=MATCHING if total == 0 else 0,
            )
            total = size
            generated = time.perf_counter() - started
            median, created = measure(world)
            assert created == MATCHING, f"{created} deliveries, expected {MATCHING}"
            results.append((size, median))
            print(f"{size:>9,} alerts: vacancy_match median {median * 1000:8.1f} ms "
                  f"over {RUNS} runs, {created} deliveries "
                  f"(generated in {generated:.0f} s)", flush=True)  # fmt: skip
            if args.explain:
                print(explain(world))
        print()
        print("| confirmed alerts | matching | vacancy_match (median) |")
        print("|---:|---:|---:|")
        for size, median in results:
            print(f"| {size:,} | {MATCHING:,} | {median * 1000:.1f} ms |")
        ratio = results[-1][1] / results[0][1]
        print(
            f"\nratio {results[-1][0]:,} / {results[0][0]:,}: {ratio:.2f} (target <= 3)"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(admin_url)


if __name__ == "__main__":
    main()
