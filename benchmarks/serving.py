"""Requests per second of the demo profile served five ways, side by side in one
run: nginx serving its HTML as a static file, a plain Django view rendering that
HTML from a template, fieldops without its page cache, fieldops from its page
cache, and fieldops through the front cache (Varnish behind nginx's TLS).

Usage:

    .venv/bin/python benchmarks/serving.py [--seconds 10] [--connections 16]
        [--threads 2] [--workers 2] [--accept-encoding "gzip, deflate, br"]

Needs wrk, nginx and openssl (apt-get install -y wrk nginx openssl; varnish for
the front cache). Everything runs on 127.0.0.1 on free ports: a fresh SQLite
database in a temporary directory is migrated and given the demo, static files
are collected, then each server is started, loaded with wrk (`--threads`
threads, `--connections` connections, `--seconds` seconds, after a one-second
warm-up that is not counted) and stopped before the next one starts. fieldops
runs under gunicorn (`--workers` sync workers) with the production settings;
wrk sends X-Forwarded-Proto: https to gunicorn, as nginx would. The page cache
row runs only where the settings have FIELDOPS_PAGE_CACHE, the front cache rows
only where deploy/ has the front cache's configuration (scripts/production.sh
starts that stack). Every request carries the Accept-Encoding a browser sends
(`--accept-encoding ""` sends none): each server answers it as it is
configured, so the table gives the bytes of each answer too: nginx serves the
file compressed beforehand (gzip_static), the plain Django view does not
compress, fieldops compresses its public answers and Varnish keeps them
compressed. Every figure is also given as a ratio to
nginx's static file and to the plain Django view of the same run, with the
targets.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PROFILE = "/en/field-operations/astana/"
FORWARDED = {"X-Forwarded-Proto": "https"}
PLAIN_SETTINGS = "benchmarks.plain_django"
# (row key, ratio to, minimum): what the targets ask of each row. The front
# cache's target is the path visitors take, nginx's TLS and its one-second copy
# in front of Varnish, against nginx's static file over the same TLS; Varnish
# straight over plain HTTP (where the site only redirects to HTTPS) is measured
# beside it as a part, with no target of its own.
TARGETS = [
    ("uncached", "django", 0.07),
    ("page_cache", "django", 0.5),
    ("front_cache_tls", "static_tls", 0.7),
]
NGINX_CONF = """daemon off;
worker_processes {workers};
pid {run}/nginx.pid;
error_log {run}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {run}/tmp; proxy_temp_path {run}/tmp;
    fastcgi_temp_path {run}/tmp; uwsgi_temp_path {run}/tmp; scgi_temp_path {run}/tmp;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        listen 127.0.0.1:{tls_port} ssl;
        ssl_certificate {run}/cert.pem;
        ssl_certificate_key {run}/key.pem;
        root {run}/html;
        # A client that accepts gzip gets the file compressed beforehand, as a
        # static site is deployed: no work per request.
        gzip_static on;
        gzip_vary on;
        location = {profile} {{ try_files /profile.html =404; }}
    }}
}}
"""


@dataclass
class Row:
    key: str
    label: str
    url: str
    rate: float | None = None
    note: str = ""
    size: int | None = None  # bytes of the answer's body, as sent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, headers: dict | None = None, tries: int = 150) -> bytes:
    """The body of a 200 answer from `url`, waiting up to 30 s for the server
    to start. Raises RuntimeError if it never answers 200."""
    import ssl

    context = ssl._create_unverified_context()  # the run's own self-signed certificate
    error = None
    for _ in range(tries):
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=5, context=context) as answer:
                return answer.read()
        except OSError as exc:  # refused while starting, or an HTTP error
            error = exc
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200: {error}")


def wrk(url: str, args, headers: dict | None = None) -> tuple[float, str]:
    """Requests per second that wrk measured on `url`, and a note naming any
    errors or answers other than 2xx/3xx (which make the figure void)."""
    # A slow server's late answers are counted, not dropped as timeouts (2 s).
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "--timeout", "30s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    subprocess.run([*command, "-d1s", url], capture_output=True, check=True)
    out = subprocess.run(
        [*command, f"-d{args.seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    problems = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", out)
    return rate, "; ".join(problems)


class Servers:
    """Processes started by this run, each in its own process group, stopped
    (TERM, then KILL) by `stop_all()` or when the run ends."""

    def __init__(self):
        self.groups: list[subprocess.Popen] = []

    def start(self, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.groups.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.groups:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.groups = []


def site_env(run: Path) -> dict:
    """The environment of fieldops's production settings for this run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDOPS_")}
    env.pop("CACHE_URL", None)  # each worker's own memory: no shared cache to clear
    env.update(
        DJANGO_SETTINGS_MODULE="fieldops.settings.production",
        DATABASE_URL=f"sqlite:///{run}/bench.sqlite3",
        FIELDOPS_VAR_DIR=str(run),
        SECRET_KEY="benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BASE_URL="https://127.0.0.1",
        # As docs/operations.md's environment file: a connection per request
        # (the default, 0) costs SQLite its set-up PRAGMAs every time, about two
        # thirds of a page-cache hit.
        DATABASE_CONN_MAX_AGE="60",
    )
    return env


def prepare_site(run: Path) -> None:
    """Migrate, load the demo and collect the static files (not timed)."""
    env = site_env(run)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([PY, "manage.py", *command], env=env, cwd=ROOT, check=True)


def has_page_cache(run: Path) -> bool:
    code = (
        "from django.conf import settings; "
        "print(hasattr(settings, 'FIELDOPS_PAGE_CACHE'))"
    )
    out = subprocess.run(
        [PY, "-c", f"import django; django.setup(); {code}"],
        env=site_env(run),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip() == "True"


def gunicorn(servers, run, env, workers, app="fieldops.wsgi:application") -> str:
    port = free_port()
    servers.start(
        [PY, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--access-logfile", "/dev/null"],
        env,
        run / "gunicorn.log",
    )
    return f"http://127.0.0.1:{port}"


def measure(row: Row, args, headers: dict | None = None) -> None:
    headers = {**args.request_headers, **(headers or {})}
    row.size = len(fetch(row.url, headers))  # started, answering 200, its size
    row.rate, row.note = wrk(row.url, args, headers)
    print(f"{row.label}: {row.rate:,.0f} req/s {row.note}", file=sys.stderr)


def static_rows(servers, run, args, html: bytes) -> list[Row]:
    """nginx serving the profile's HTML as a file, over HTTP and HTTPS."""
    (run / "html").mkdir()
    (run / "tmp").mkdir()
    (run / "html" / "profile.html").write_bytes(html)
    # The level Django's GZipMiddleware uses.
    (run / "html" / "profile.html.gz").write_bytes(gzip.compress(html, 6, mtime=0))
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", run / "key.pem"]
        + ["-out", run / "cert.pem"],
        capture_output=True,
        check=True,
    )
    port, tls_port = free_port(), free_port()
    conf = NGINX_CONF.format(
        workers=args.workers, run=run, port=port, tls_port=tls_port, profile=PROFILE
    )
    (run / "nginx.conf").write_text(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    servers.start(
        [nginx, "-c", str(run / "nginx.conf")], os.environ.copy(), run / "nginx.log"
    )
    rows = [
        Row("static", "nginx, static file", f"http://127.0.0.1:{port}{PROFILE}"),
        Row(
            "static_tls",
            "nginx, static file, HTTPS",
            f"https://127.0.0.1:{tls_port}{PROFILE}",
        ),
    ]
    for row in rows:
        measure(row, args)
    servers.stop_all()
    return rows


def plain_django_row(servers, run, args, html: bytes) -> Row:
    templates = run / "templates"
    templates.mkdir()
    text = html.decode()
    if "{%" in text or "{{" in text or "{#" in text:
        text = "{% verbatim %}" + text + "{% endverbatim %}"
    (templates / "profile.html").write_text(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAIN_TEMPLATE_DIR": str(templates)}
    env["DJANGO_SETTINGS_MODULE"] = PLAIN_SETTINGS
    origin = gunicorn(
        servers, run, env, args.workers, "django.core.wsgi:get_wsgi_application()"
    )
    row = Row("django", "plain Django view of the same HTML", origin + PROFILE)
    measure(row, args)
    servers.stop_all()
    return row


def fieldops_row(servers, run, args, key, label, settings: dict) -> Row:
    """fieldops under gunicorn, with `settings` (environment variables) added."""
    env = site_env(run) | settings
    origin = gunicorn(servers, run, env, args.workers)
    row = Row(key, label, origin + PROFILE)
    measure(row, args, FORWARDED)
    servers.stop_all()
    return row


def front_cache_rows(servers, run, args) -> list[Row]:
    """fieldops through Varnish, straight and behind nginx's TLS, as
    scripts/production.sh starts the stack of deploy/."""
    ports = {name: free_port() for name in ("HTTPS", "HTTP", "CACHE", "APP")}
    env = site_env(run)
    env.update({f"{name}_PORT": str(port) for name, port in ports.items()})
    env.update(
        FIELDOPS_STACK_DIR=str(run / "stack"),
        FIELDOPS_STACK_SETUP="0",
        FIELDOPS_STACK_JOBS="0",
        WEB_WORKERS=str(args.workers),
    )
    servers.start(["bash", "scripts/production.sh"], env, run / "stack.log")
    rows = [
        Row(
            "front_cache",
            "fieldops through the front cache (Varnish)",
            f"http://127.0.0.1:{ports['CACHE']}{PROFILE}",
        ),
        Row(
            "front_cache_tls",
            "fieldops through nginx (HTTPS) and the front cache",
            f"https://127.0.0.1:{ports['HTTPS']}{PROFILE}",
        ),
    ]
    measure(rows[0], args, FORWARDED)
    measure(rows[1], args)
    servers.stop_all()
    return rows


def print_table(rows: list[Row], args) -> None:
    by_key = {row.key: row for row in rows}
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.seconds}s, "
        f"gunicorn --workers {args.workers}, loopback\n"
    )
    encoding = args.request_headers.get("Accept-Encoding", "none")
    print(f"Accept-Encoding: {encoding}\n")
    print(
        "| served by | req/s | bytes per answer | ratio to nginx static "
        "| ratio to plain Django | notes |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        if row.rate is None:
            print(f"| {row.label} | not measured | | | | {row.note} |")
            continue
        static = by_key["static_tls" if row.key.endswith("_tls") else "static"]
        ratios = [row.rate / by_key[base].rate for base in (static.key, "django")]
        print(
            f"| {row.label} | {row.rate:,.0f} | {row.size:,} | {ratios[0]:.3f}"
            f" | {ratios[1]:.3f}"
            f" | {row.note} |"
        )
    print("\n| target | measured | met |")
    print("|---|---:|---|")
    for key, base, minimum in TARGETS:
        row = by_key.get(key)
        if row is None or row.rate is None:
            continue
        ratio = row.rate / by_key[base].rate
        met = "yes" if ratio >= minimum and not row.note else "no"
        print(
            f"| {row.label}: at least {minimum} of {by_key[base].label} "
            f"| {ratio:.3f} | {met} |"
        )


def run_all(servers: Servers, run: Path, args) -> list[Row]:
    prepare_site(run)
    page_cache = has_page_cache(run)
    front_cache = (ROOT / "deploy" / "varnish").is_dir() and (
        ROOT / "scripts" / "production.sh"
    ).is_file()
    # The HTML every server returns: fieldops's own answer, page cache off.
    origin = gunicorn(servers, run, site_env(run) | {"FIELDOPS_PAGE_CACHE": "0"}, 1)
    html = fetch(origin + PROFILE, FORWARDED)
    servers.stop_all()
    rows = static_rows(servers, run, args, html)
    rows.append(plain_django_row(servers, run, args, html))
    rows.append(
        fieldops_row(
            servers,
            run,
            args,
            "uncached",
            "fieldops, page cache off",
            {"FIELDOPS_PAGE_CACHE": "0"} if page_cache else {},
        )
    )
    if page_cache:
        # Nothing read from the database is kept either (fieldops/core/kept.py):
        # every request reads the routes and the records, as the first after a
        # change does.
        rows.append(
            fieldops_row(
                servers,
                run,
                args,
                "nothing_kept",
                "fieldops, page cache off, nothing kept",
                {"FIELDOPS_PAGE_CACHE": "0", "FIELDOPS_KEEP": "0"},
            )
        )
        rows.append(
            fieldops_row(
                servers,
                run,
                args,
                "page_cache",
                "fieldops, from its page cache",
                {"FIELDOPS_PAGE_CACHE": "1"},
            )
        )
    else:
        rows.append(
            Row(
                "page_cache",
                "fieldops, from its page cache",
                "",
                note="no page cache in these settings",
            )
        )
    if front_cache:
        rows += front_cache_rows(servers, run, args)
    else:
        rows.append(
            Row(
                "front_cache",
                "fieldops through the front cache",
                "",
                note="no front cache configuration in deploy/",
            )
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--accept-encoding",
        default="gzip, deflate, br",
        help="sent with every request, as browsers do; empty: none",
    )
    args = parser.parse_args()
    args.request_headers = (
        {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    )
    for tool in ("wrk", "openssl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y wrk nginx openssl varnish")
    # A TERM (or Ctrl-C) stops the servers too, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    servers = Servers()
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp)
        run.chmod(0o755)  # nginx's and Varnish's workers drop root: they read here
        try:
            rows = run_all(servers, run, args)
        finally:
            servers.stop_all()
    print_table(rows, args)


if __name__ == "__main__":
    main()
