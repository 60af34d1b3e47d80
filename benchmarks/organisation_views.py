"""Time of the organisation's views (the list of field operations, the
comparison of a year, the timeline) against the profile of one operation, with
23 and then 200 operations, in one run.

Usage:

    .venv/bin/python benchmarks/organisation_views.py [--requests 100] [--warmup 10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/organisation_views.py

Without DATABASE_URL it uses a fresh SQLite file in a temporary directory; with a
PostgreSQL DATABASE_URL it creates and drops its own database,
fieldops_bench_organisation. It migrates and loads the demo (its operation is the
profile timed), adds 22 generated operations (23 in all), each with a published
page, two names, a head, a staff count and two years of budget, and times each
page with Django's test client in this process; then adds 177 more (200 in all)
and times them again. Each page's median is given as a ratio against the
profile of the same phase, and against itself with 23 operations. The query
counts are shown too: the test suite holds them fixed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.profile_page import (  # noqa: E402
    admin,
    postgres_urls,
    run_phase,
    setup_django,
)

BENCH_DB = "fieldops_bench_organisation"
PAGES = [
    ("profile (baseline)", "/en/field-operations/astana/"),
    ("list", "/en/field-operations/"),
    (
        "list, filtered and sorted",
        "/en/field-operations/?region=central-asia&sort=-staff",
    ),
    ("comparison", "/en/field-operations/comparison/?year=2024"),
    ("timeline", "/en/field-operations/timeline/"),
    ("API: list", "/api/v1/organisation/field-operations"),
    ("API: comparison", "/api/v1/organisation/comparison?year=2024"),
    ("export: comparison, CSV", "/exports/comparison.csv?year=2024"),
]


def add_operations(count: int, start: int) -> None:
    """`count` generated operations made in bulk, then a published page each."""
    from fieldops.operations.models import FieldOperation
    from fieldops.operations.tests.factories import FieldOperationPageFactory
    from fieldops.operations.tests.organisation_data import many_operations

    many_operations(count, start=start)
    slugs = [f"generated-{start + index}" for index in range(count)]
    for operation in FieldOperation.objects.filter(slug__in=slugs):
        FieldOperationPageFactory(operation=operation)


def print_table(title: str, results: dict, before: dict | None = None) -> None:
    base = results[PAGES[0][1]]["median"]
    print(f"\n{title}")
    header = "| page | median | p90 | ratio to the profile | queries |"
    rule = "|---|---:|---:|---:|---:|"
    if before:
        header += " ratio to 23 operations |"
        rule += "---:|"
    print(header)
    print(rule)
    for label, url in PAGES:
        r = results[url]
        row = (
            f"| {label} `{url}` | {r['median'] * 1000:.2f} ms | "
            f"{r['p90'] * 1000:.2f} ms | {r['median'] / base:.2f} | {r['queries']} |"
        )
        if before:
            row += f" {r['median'] / before[url]['median']:.2f} |"
        print(row)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    # Wagtail logs every page it creates; the generated data would drown the tables.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    pg = postgres_urls(BENCH_DB)
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

            client = Client()
            print(
                f"database: {connection.vendor}; {args.requests} requests per page "
                f"after {args.warmup} warm-up requests"
            )
            add_operations(22, start=0)
            few = run_phase(client, args.requests, args.warmup, PAGES)
            print_table("1. 23 operations (the demo and 22 generated)", few)
            add_operations(177, start=22)
            many = run_phase(client, args.requests, args.warmup, PAGES)
            print_table("2. 200 operations", many, few)
        finally:
            from django.db import connections

            connections.close_all()
            if pg:
                admin(pg[0], f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
