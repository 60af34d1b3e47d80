"""A mixed load against a running fieldops for a fixed time, then a check that
every job-alert subscription it made was stored once and mailed once.

Usage (the site, its task worker and its scheduler already running; see
docs/benchmarks.md, "Mixed load", for the stack and the exact commands):

    .venv/bin/python benchmarks/load.py --base-url http://127.0.0.1:18400 \
        --database-url postgres://postgres@127.0.0.1:18401/fieldops --smtp-port 18425 \
        [--duration 600] [--concurrency 16] \
        [--restart-pgdata /tmp/outages-pg --pg-bin /usr/lib/postgresql/15/bin]

Each of `--concurrency` clients loops until `--duration` seconds have passed,
picking at random: a profile on a random day (as_of), a list with filters
(field operations, vacancies, documents), the API, an export, or a job-alert
subscription with an address of its own (GET the form, then POST it). It
reports requests per second, the 50th and 99th percentile of the response time,
and the statuses; a run in which no subscription was accepted fails.

The site must send its mail to this script's SMTP server (EMAIL_HOST=127.0.0.1,
EMAIL_PORT=--smtp-port), which counts what it accepts, and must allow many
subscriptions from one address (FIELDOPS_ALERT_RATE_PER_IP=1000000/hour). After
the load it waits (up to --drain seconds) for the task queue and the outbox to
empty, then checks through --database-url that each accepted subscription (303)
is stored exactly once and that its confirmation reached the SMTP server exactly
once: one Message-ID (a copy sent again after the database failed mid-send
repeats it, and is counted apart).

With --restart-pgdata (a private PostgreSQL cluster that this script may stop:
never the shared server) the database is stopped half-way through, kept down
for --down-seconds, and started again; 503s while it is down (and for
--grace seconds after) are the outage's; any other 5xx, and any 503 outside that
window, is counted as a failure. Loopback addresses only; the script stops by
itself.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime
import ipaddress
import itertools
import json
import os
import random
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRADES = ["P2", "P3", "P4", "P5", "NP2", "G5"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.statuses: Counter = Counter()
        self.failures: Counter = Counter()  # 5xx not explained by the outage
        self.subscribed: list[str] = []
        self.outage: tuple[float, float] | None = None  # (down at, up at + grace)
        self.down_since: float | None = None

    def record(self, kind: str, status: int, started: float, ended: float):
        with self.lock:
            self.times.append(ended - started)
            self.statuses[(kind, status)] += 1
            if status >= 500 and not self._in_outage(started, ended, status):
                self.failures[(kind, status)] += 1

    def _in_outage(self, started: float, ended: float, status: int) -> bool:
        if status != 503:
            return False
        if self.down_since is not None and ended >= self.down_since:
            return True
        return bool(
            self.outage and ended >= self.outage[0] and started <= self.outage[1]
        )


class Client:
    """One visitor: its own cookies, no redirects followed."""

    def __init__(self, base: str, insecure: bool):
        context = ssl._create_unverified_context() if insecure else None  # noqa: S323
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(
            NoRedirect,
            urllib.request.HTTPCookieProcessor(CookieJar()),
            urllib.request.HTTPSHandler(context=context),
        )

    def fetch(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(self.base + path, data=body)
        if data:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (OSError, urllib.error.URLError):
            return 0, b""  # refused, reset or timed out: reported as status 0


def random_day() -> str:
    start = datetime.date(1995, 1, 1)
    return str(start + datetime.timedelta(days=random.randrange(11_000)))  # noqa: S311


def pick(slugs: list[str]) -> tuple[str, str]:
    """(kind, path) of one request of the mix."""
    slug = random.choice(slugs)  # noqa: S311
    grade = random.choice(GRADES)  # noqa: S311
    choices = [
        ("profile", f"/en/field-operations/{slug}/?as_of={random_day()}"),
        ("profile", f"/en/field-operations/{slug}/"),
        ("list", f"/en/field-operations/?as_of={random_day()}"),
        ("list", f"/en/vacancies/?grade={grade}&sort=deadline"),
        ("list", "/en/documents/?q=mandate"),
        ("api", f"/api/v1/field-operations?as_of={random_day()}"),
        ("api", f"/api/v1/field-operations/{slug}?as_of={random_day()}"),
        ("api", f"/api/v1/vacancies?grade={grade}"),
        ("export", f"/exports/field-operations/{slug}.json"),
        ("export", "/exports/all/operations.csv"),
    ]
    if random.random() < 0.1:  # noqa: S311
        return "subscribe", "/en/job-alerts/"
    return random.choice(choices)  # noqa: S311


def subscribe(client: Client, stats: Stats, number: int) -> None:
    started = time.monotonic()
    status, _page = client.fetch("/en/job-alerts/")
    stats.record("subscribe-form", status, started, time.monotonic())
    if status != 200:
        return
    # The form takes no CSRF token: its page is public and cacheable (see the
    # subscribe view in fieldops/recruitment/alerts/views.py).
    address = f"load-{os.getpid()}-{number}@example.org"
    form = {"email": address, "frequency": "weekly", "language": "en"}
    started = time.monotonic()
    status, _ = client.fetch("/en/job-alerts/", form)
    stats.record("subscribe", status, started, time.monotonic())
    if status == 303:
        with stats.lock:
            stats.subscribed.append(address)


def visitor(args, stats: Stats, slugs: list[str], deadline: float, counter) -> None:
    """One client's loop until the deadline (runs in a thread)."""
    client = Client(args.base_url, args.insecure)
    while time.monotonic() < deadline:
        kind, path = pick(slugs)
        if kind == "subscribe":
            subscribe(client, stats, next(counter))
            continue
        started = time.monotonic()
        status, _ = client.fetch(path)
        stats.record(kind, status, started, time.monotonic())


def pg_ctl(args, action: str) -> None:
    command = [os.path.join(args.pg_bin, "pg_ctl"), "-D", args.restart_pgdata]
    if action == "stop":
        command += ["-w", "-m", "fast", "stop"]
    else:
        # The server's output goes to a file: a pipe it kept open would keep
        # this script waiting for pg_ctl.
        log = os.path.join(args.restart_pgdata, "restarted.log")
        command += ["-w", "-l", log, "start"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(  # noqa: S603 - our own pg_ctl
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


async def restart_database(args, stats: Stats) -> None:
    """Stop the private cluster half-way through, start it --down-seconds later."""
    await asyncio.sleep(args.duration / 2)
    stats.down_since = time.monotonic()
    await asyncio.to_thread(pg_ctl, args, "stop")
    print(f"database stopped at {stats.down_since - stats.start:.1f} s", flush=True)
    await asyncio.sleep(args.down_seconds)
    await asyncio.to_thread(pg_ctl, args, "start")
    up = time.monotonic()
    stats.outage = (stats.down_since, up + args.grace)
    stats.down_since = None
    print(f"database started at {up - stats.start:.1f} s", flush=True)


async def run_load(args, stats: Stats, slugs: list[str]) -> float:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(args.concurrency + 2))
    # itertools.count's next() is atomic: each subscriber gets its own number.
    numbers = itertools.count()
    stats.start = time.monotonic()
    deadline = stats.start + args.duration
    jobs = [
        asyncio.to_thread(visitor, args, stats, slugs, deadline, numbers)
        for _ in range(args.concurrency)
    ]
    if args.restart_pgdata:
        jobs.append(restart_database(args, stats))
    await asyncio.gather(*jobs)
    return time.monotonic() - stats.start


def check_loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            sys.exit(f"{url}: only loopback addresses may be loaded.")


def operation_slugs(base: str, insecure: bool) -> list[str]:
    status, body = Client(base, insecure).fetch(
        "/api/v1/field-operations?page_size=100"
    )
    if status != 200:
        sys.exit(f"The API answered {status}: is the site running at {base}?")
    return [item["slug"] for item in json.loads(body)["items"]]


def report(stats: Stats, elapsed: float) -> None:
    times = sorted(stats.times)
    total = len(times)
    quantiles = statistics.quantiles(times, n=100) if total > 1 else [0] * 99
    print(f"\nrequests: {total} in {elapsed:.1f} s = {total / elapsed:.1f} req/s")
    print(f"p50: {quantiles[49] * 1000:.0f} ms   p99: {quantiles[98] * 1000:.0f} ms")
    print("statuses:")
    for (kind, status), count in sorted(stats.statuses.items()):
        print(f"  {kind:15} {status:4} {count}")
    bad = sum(stats.failures.values())
    print(f"5xx other than the outage's 503s: {bad} {dict(stats.failures)}")
    print(f"subscriptions accepted (303): {len(stats.subscribed)}")


class Sink:
    """An SMTP server on 127.0.0.1:`port` that counts, for each recipient, the
    distinct messages (by Message-ID: a message sent again after a failure
    repeats its Message-ID, and receivers drop the repeat) and the repeats."""

    def __init__(self, port: int):
        from aiosmtpd.controller import Controller

        self.received: Counter = Counter()
        self.repeated: Counter = Counter()
        self.seen: set[tuple[str, str]] = set()
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes

        message_id = message_from_bytes(envelope.content)["Message-ID"] or ""
        with self.lock:
            for address in envelope.rcpt_tos:
                # A message without a Message-ID is always a new one.
                if message_id and (address, message_id) in self.seen:
                    self.repeated[address] += 1
                    continue
                self.seen.add((address, message_id))
                self.received[address] += 1
        return "250 Message accepted"


def queued(database_url: str) -> int:
    """The work still owed: tasks not yet run (a subscription is stored by its
    task, which queues the mail) and messages in the outbox."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=10) as connection:
        tasks = connection.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]
        mail = connection.execute("SELECT count(*) FROM mailer_message").fetchone()[0]
    return tasks + mail


def check_subscriptions(args, stats: Stats, sink: Sink) -> int:
    """Wait for the task queue and the outbox to drain, then count the
    subscriptions not stored exactly once or not mailed exactly once; returns
    that count."""
    import psycopg

    deadline = time.monotonic() + args.drain
    while queued(args.database_url) and time.monotonic() < deadline:
        time.sleep(2)
    with psycopg.connect(args.database_url, connect_timeout=10) as connection:
        stored = Counter(
            dict(
                connection.execute(
                    "SELECT email, count(*) FROM recruitment_jobalert "
                    "WHERE email LIKE %s GROUP BY email",
                    [f"load-{os.getpid()}-%"],
                ).fetchall()
            )
        )
        # django-mailer stores each message pickled in base64; the address is
        # in the pickle's bytes as it is (no need to unpickle).
        waiting = [
            base64.b64decode(data)
            for (data,) in connection.execute("SELECT message_data FROM mailer_message")
        ]
    still_queued = Counter(
        address
        for data in waiting
        for address in stats.subscribed
        if address.encode() in data
    )
    wrong = [
        address
        for address in stats.subscribed
        if stored[address] != 1 or sink.received[address] + still_queued[address] != 1
    ]
    print(
        f"stored once: {sum(stored[a] == 1 for a in stats.subscribed)}, "
        f"mailed once: {sum(sink.received[a] == 1 for a in stats.subscribed)}, "
        f"sent again with the same Message-ID: "
        f"{sum(sink.repeated[a] for a in stats.subscribed)}, "
        f"still queued: {sum(still_queued.values())}, wrong: {len(wrong)} {wrong[:5]}"
    )
    return len(wrong)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--database-url", required=True, help="the site's database")
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--duration", type=float, default=600, help="seconds")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--drain", type=float, default=180, help="seconds")
    parser.add_argument("--insecure", action="store_true", help="self-signed TLS")
    parser.add_argument("--restart-pgdata", help="a private cluster's data directory")
    parser.add_argument("--pg-bin", default="/usr/lib/postgresql/15/bin")
    parser.add_argument("--down-seconds", type=float, default=5)
    parser.add_argument("--grace", type=float, default=5, help="seconds after start")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def main() -> int:
    args = arguments()
    check_loopback(args.base_url)
    check_loopback(args.database_url)
    random.seed(args.seed)
    sink = Sink(args.smtp_port)
    sink.controller.start()
    try:
        slugs = operation_slugs(args.base_url, args.insecure)
        stats = Stats()
        mode = "with a database restart" if args.restart_pgdata else "calm"
        print(f"{args.duration:.0f} s, {args.concurrency} clients, {mode}", flush=True)
        elapsed = asyncio.run(run_load(args, stats, slugs))
        report(stats, elapsed)
        wrong = check_subscriptions(args, stats, sink)
    finally:
        sink.controller.stop()
    if not stats.subscribed:
        # A run in which no subscription went through tested none of them.
        print("No subscription was accepted: the form's POST did not work.")
        return 1
    return 1 if wrong or stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
