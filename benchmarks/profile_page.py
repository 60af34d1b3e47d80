"""Time of the public pages, the API and the exports against the health check,
and of the demo profile before and after the database grows.

Usage:

    .venv/bin/python benchmarks/profile_page.py [--requests 200] [--warmup 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/profile_page.py

Without DATABASE_URL it uses a fresh SQLite file in a temporary directory; with a
PostgreSQL DATABASE_URL it creates and drops its own database,
fieldops_bench_profile. Either way it migrates and loads the demo, then times each
page with Django's test client in this process (no network): the median and 90th
percentile over a fixed number of requests (and the median of this process's CPU
time per request, which other work on the machine disturbs less), after warm-up
requests that are not counted. Then it adds 49 generated operations (each with a
page, a few records and an open vacancy) and times the same pages again; then 200
older records of every kind the profile reads (names, offices, mandates, heads,
staff counts, financial figures) to the demo operation, and times them a third time.
Each figure is given as a ratio against /healthz of the same phase, and each page of
the later phases as a ratio against itself in the first. The query counts are shown
too: they are what the test suite holds fixed; the time also includes rendering,
which grows with what the page shows.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "fieldops_bench_profile"
DEMO = "astana"
PAGES = [
    ("health check (baseline)", "/healthz"),
    ("profile", f"/en/field-operations/{DEMO}/"),
    ("profile on 2000-01-01", f"/en/field-operations/{DEMO}/?as_of=2000-01-01"),
    ("home page", "/en/"),
    ("list of operations", "/en/field-operations/"),
    ("documents register", "/en/documents/"),
    ("vacancies", "/en/vacancies/"),
    ("open-data page", "/en/open-data/"),
    ("API: the operation", f"/api/v1/field-operations/{DEMO}"),
    (
        "API: the operation on 2000-01-01",
        f"/api/v1/field-operations/{DEMO}?as_of=2000-01-01",
    ),
    ("API: operations", "/api/v1/field-operations"),
    ("API: vacancies", "/api/v1/vacancies"),
    ("export: the operation, JSON", f"/exports/field-operations/{DEMO}.json"),
    ("export: the organisation, IATI", "/exports/all.iati.xml"),
    ("export: all, ZIP", "/exports/all.zip"),
]
OTHER_OPERATIONS = 49
HISTORY_RECORDS = 200


def postgres_urls(bench_db: str = BENCH_DB) -> tuple[str, str] | None:
    """The server's maintenance database and `bench_db` on it, when
    DATABASE_URL names PostgreSQL; None otherwise (SQLite is used)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{bench_db}")),
    )


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["FIELDOPS_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings_bench"
    # IATI files are offered only with the organisation's registered identifier;
    # this one has the right form and names no real organisation.
    os.environ.setdefault("FIELDOPS_IATI_ORGANISATION_ID", "XX-BENCH-1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def add_history(operation) -> None:
    """Older records of every kind the profile reads, one after the other, all
    closed long before the demo's own records begin."""
    from fieldops.operations.models import Post
    from fieldops.operations.tests import factories as f

    document = f.DocumentFactory(symbol="DOC/bench-history")
    head_post = Post.objects.get(operation=operation, role="head")
    for index in range(HISTORY_RECORDS):
        period = {
            "valid_from": datetime.date(1700 + index, 1, 1),
            "valid_to": datetime.date(1701 + index, 1, 1),
            "source": document,
        }
        kind = index % 6
        if kind == 0:
            f.OperationNameFactory(operation=operation, change="renamed", **period)
        elif kind == 1:
            office = f.OfficeFactory(operation=operation, role="field-office", **period)
            f.PlaceNameFactory(place=office.place)
        elif kind == 2:
            f.MandateFactory(operation=operation, **period)
        elif kind == 3:
            f.AppointmentFactory(post=head_post, **period)
        elif kind == 4:
            f.StaffingLineFactory(
                snapshot__operation=operation,
                snapshot__as_of=period["valid_from"],
                count=index,
            )
        else:
            f.FinancialFigureFactory(
                operation=operation,
                year=1700 + index,
                as_of=period["valid_from"],
                source=document,
            )


def add_operations() -> None:
    """Other published operations, each with a page, a few records and a vacancy."""
    from fieldops.operations.tests import factories as f
    from fieldops.recruitment.tests.factories import VacancyFactory

    for index in range(OTHER_OPERATIONS):
        operation = f.FieldOperationFactory(slug=f"bench-{index}")
        f.OperationNameFactory(operation=operation)
        office = f.OfficeFactory(operation=operation)
        f.PlaceNameFactory(place=office.place)
        f.MandateFactory(operation=operation)
        VacancyFactory(operation=operation)
        f.FieldOperationPageFactory(operation=operation)


def time_page(client, url: str, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # read now: the next request empties the log
    times, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "median": statistics.median(times),
        # This process's CPU time: what the page costs, whatever else runs.
        "cpu": statistics.median(cpu),
        "p90": statistics.quantiles(times, n=10)[8],
        "queries": queries,
        "bytes": len(response.content),
    }


def run_phase(client, requests: int, warmup: int, pages=None) -> dict[str, dict]:
    """Timings of each of `pages` ((label, url) pairs; default PAGES), by url."""
    return {
        url: time_page(client, url, requests, warmup)
        for _label, url in (pages or PAGES)
    }


def print_table(title: str, results: dict, before: dict | None = None) -> None:
    base = results[PAGES[0][1]]["median"]
    print(f"\n{title}")
    header = (
        "| page | median | p90 | CPU median | ratio to /healthz | queries | bytes |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if before:
        header += " ratio to phase 1 |"
        rule += "---:|"
    print(header)
    print(rule)
    for label, url in PAGES:
        r = results[url]
        row = (
            f"| {label} | {r['median'] * 1000:.2f} ms | {r['p90'] * 1000:.2f} ms"
            f" | {r['cpu'] * 1000:.2f} ms | {r['median'] / base:.2f}"
            f" | {r['queries']} | {r['bytes']:,} |"
        )
        if before:
            row += f" {r['median'] / before[url]['median']:.2f} |"
        print(row)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    # Wagtail logs every page it creates; the generated data would drown the tables.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    pg = postgres_urls()
    with tempfile.TemporaryDirectory() as var_dir:
        Path(var_dir, "static").mkdir()  # WhiteNoise warns when STATIC_ROOT is missing
        if pg:
            admin(pg[0], f"DROP DATABASE IF EXISTS {BENCH_DB}")
            admin(pg[0], f"CREATE DATABASE {BENCH_DB}")
            database_url = pg[1]
        else:
            database_url = f"sqlite:///{var_dir}/bench.sqlite3"
        try:
            setup_django(database_url, var_dir)
            from django.db import connection
            from django.test import Client

            from fieldops.operations.models import FieldOperation

            client = Client()
            print(
                f"database: {connection.vendor}; {args.requests} requests per page "
                f"after {args.warmup} warm-up requests"
            )
            demo = run_phase(client, args.requests, args.warmup)
            print_table("1. Demo data", demo)
            add_operations()
            crowded = run_phase(client, args.requests, args.warmup)
            print_table(f"2. After adding {OTHER_OPERATIONS} operations", crowded, demo)
            add_history(FieldOperation.objects.get(slug=DEMO))
            large = run_phase(client, args.requests, args.warmup)
            print_table(
                f"3. After also adding {HISTORY_RECORDS} older records to the "
                "demo operation",
                large,
                demo,
            )
            profile = PAGES[1][1]
            print()
            for title, results in (("2", crowded), ("3", large)):
                ratio = results[profile]["median"] / demo[profile]["median"]
                print(f"profile, phase {title} / phase 1 (demo data): {ratio:.2f}")
        finally:
            from django.db import connections

            connections.close_all()
            if pg:
                admin(pg[0], f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
