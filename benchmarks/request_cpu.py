"""CPU time per request of the demo profile, in one process, with no server and no
network: fieldops without its page cache (with, then without, what it keeps of
the database: fieldops/core/kept.py), fieldops from its page cache, and a plain
Django view of the same HTML (the baseline), each in its own process.

Usage:

    .venv/bin/python benchmarks/request_cpu.py [--requests 3000] [--uncached 40]

CPU time (`time.process_time()`) rather than wall time: it counts only this
process's own work, so it moves far less than a server's rate when the machine is
shared. Each request is a WSGI call into Django's handler with the headers a
browser behind nginx sends (X-Forwarded-Proto: https, Accept-Encoding: gzip),
repeated after one warm-up call, and the bodies are read. The site is the demo on a
fresh SQLite database in a temporary directory (migrated and loaded first, not
timed), with the production settings, as benchmarks/serving.py prepares it.
Prints milliseconds per request and each figure's ratio to the plain view's.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import PLAIN_SETTINGS, PROFILE, PY, ROOT, prepare_site, site_env


def call(application, path: str) -> tuple[str, bytes]:
    """One GET of `path` through `application` (a WSGI callable): the status
    line and the body."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(application(environ, start_response))
    return answer["status"], body


def child(requests: int, output: Path | None) -> None:
    """In the measured process: print the milliseconds of CPU per request (and
    write the first answer's body to `output`, if given)."""
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    application = WSGIHandler()
    status, body = call(application, PROFILE)
    if not status.startswith("200"):
        sys.exit(f"{PROFILE} answered {status}")
    if output is not None:
        # The HTML itself, as the plain view is to send it.
        output.write_bytes(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
    started = time.process_time()
    for _ in range(requests):
        call(application, PROFILE)
    print((time.process_time() - started) / requests * 1000)


def measure(env: dict, requests: int, output: Path | None = None) -> float:
    # The checkout's own code, whichever the virtualenv was installed from.
    env = {**env, "PYTHONPATH": str(ROOT)}
    command = [PY, __file__, "--child", str(requests)]
    if output is not None:
        command += ["--output", str(output)]
    out = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--uncached", type=int, default=40, help="page cache off")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.output)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp)
        prepare_site(run)
        env = site_env(run)
        html = run / "profile.html"
        # The plain view's template is the HTML fieldops sends, uncompressed.
        measure({**env, "FIELDOPS_PAGE_CACHE": "0"}, 1, html)
        templates = run / "templates"
        templates.mkdir()
        text = html.read_text()
        (templates / "profile.html").write_text(
            "{% verbatim %}" + text + "{% endverbatim %}"
        )
        plain = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PLAIN_TEMPLATE_DIR": str(templates),
            "DJANGO_SETTINGS_MODULE": PLAIN_SETTINGS,
        }
        rows = [
            ("plain Django view of the same HTML", measure(plain, args.requests)),
            (
                "fieldops, from its page cache",
                measure({**env, "FIELDOPS_PAGE_CACHE": "1"}, args.requests),
            ),
            (
                "fieldops, page cache off",
                measure({**env, "FIELDOPS_PAGE_CACHE": "0"}, args.uncached),
            ),
            (
                "fieldops, page cache off, nothing kept",
                measure(
                    {**env, "FIELDOPS_PAGE_CACHE": "0", "FIELDOPS_KEEP": "0"},
                    args.uncached,
                ),
            ),
        ]
    baseline = rows[0][1]
    print("| served by | CPU ms per request | ratio to plain Django |")
    print("|---|---:|---:|")
    for label, milliseconds in rows:
        print(f"| {label} | {milliseconds:.3f} | {milliseconds / baseline:.1f} |")


if __name__ == "__main__":
    main()
