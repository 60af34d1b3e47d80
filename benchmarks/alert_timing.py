"""Does the job-alert subscribe page take longer for an address it does not know?

Usage:

    .venv/bin/python benchmarks/alert_timing.py [--pairs 50]

It migrates a fresh SQLite file in a temporary directory, stores one confirmed
alert per "known" address, then POSTs the subscribe form with Django's test client
in this process (no network), a known and an unknown address in turn (interleaved,
so that drift on the machine falls on both alike): the page only queues the
subscription (fieldops/recruitment/alerts/queue.py). For comparison it then times
the work the queued task does, job_alert_subscribe, called directly on known and
unknown addresses the same way: that is what the page did before.

For each it prints the medians, the ratio unknown / known, and Welch's t of the
means (|t| under about 2: no difference this sample can tell from noise).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(var_dir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    os.environ["FIELDOPS_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings_bench"
    # Nothing refused: the limits are not what is measured.
    os.environ["FIELDOPS_ALERT_RATE_PER_IP"] = "1000000/hour"
    os.environ["FIELDOPS_ALERT_RATE_PER_ADDRESS"] = "1000000/day"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def welch_t(a: list[float], b: list[float]) -> float:
    """Welch's t statistic of the difference of the means of a and b."""
    spread = statistics.variance(a) / len(a) + statistics.variance(b) / len(b)
    return (statistics.mean(a) - statistics.mean(b)) / spread**0.5


def report(name: str, unknown: list[float], known: list[float]) -> None:
    mu, mk = statistics.median(unknown) * 1000, statistics.median(known) * 1000
    print(
        f"{name:<34} unknown {mu:7.2f} ms   known {mk:7.2f} ms   "
        f"ratio {mu / mk:5.2f}   Welch t {welch_t(unknown, known):6.2f}"
    )


def alternate(
    pairs: int, known: list[str], prefix: str, call, warm_up: int = 0
) -> tuple[list[float], list[float]]:
    """Seconds that `call(email)` takes for an unknown address ("<prefix><n>@
    example.org") and a known one (`known[n]`) in turn, `pairs` times after
    `warm_up` untimed pairs: (unknown, known)."""
    times: dict[str, list[float]] = {"unknown": [], "known": []}
    for n in range(pairs + warm_up):
        unknown = f"{prefix}{n}@example.org"
        for kind, email in (("unknown", unknown), ("known", known[n])):
            start = time.perf_counter()
            call(email)
            elapsed = time.perf_counter() - start
            if n >= warm_up:
                times[kind].append(elapsed)
    return times["unknown"], times["known"]


def time_pages(pairs: int, known: list[str]) -> tuple[list[float], list[float]]:
    from django.test import Client

    client = Client()
    form = {"frequency": "immediate", "language": "en"}

    def subscribe(email: str) -> None:
        response = client.post("/en/job-alerts/", {**form, "email": email})
        assert response.status_code == 303, response.status_code

    return alternate(pairs, known, "new", subscribe, warm_up=5)


def time_service(pairs: int, known: list[str]) -> tuple[list[float], list[float]]:
    from fieldops.recruitment.alerts.services import (
        ConsentRecord,
        job_alert_subscribe,
    )

    consent = ConsentRecord(text="I agree.", version="1", ip="192.0.2.1", user_agent="")

    def subscribe(email: str) -> None:
        job_alert_subscribe(
            email=email,
            criteria={},
            frequency="immediate",
            language="en",
            consent=consent,
        )

    return alternate(pairs, known, "direct", subscribe)


def parse_pairs() -> int:
    """The --pairs argument (50 by default) of the calling script."""
    parser = argparse.ArgumentParser(
        description=sys.modules["__main__"].__doc__.split("\n\n")[0]
    )
    parser.add_argument("--pairs", type=int, default=50)
    return parser.parse_args().pairs


def main() -> None:
    pairs = parse_pairs()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from fieldops.recruitment.tests.factories import JobAlertFactory

        known = [f"known{n}@example.org" for n in range(pairs + 5)]
        for email in known:
            JobAlertFactory(email=email, confirmed=True)
        report("subscribe page (queues the work)", *time_pages(pairs, known))
        report("the queued work (the page before)", *time_service(pairs, known))


if __name__ == "__main__":
    main()
