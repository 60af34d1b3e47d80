"""The production stack for tests: nginx (TLS) -> Varnish -> gunicorn with the
production settings, on free ports, serving the test database. It is started by
scripts/production.sh, the script `make production` runs, with the configurations
of deploy/, so that the tests check what operators run.

The test database must be one other processes can open: PostgreSQL, or SQLite in
a file (conftest.py puts the SQLite test database in a file when stack tests are
collected). Tests using it write with `transactional_db` so that gunicorn sees
their data."""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .smtp import free_port

TOOLS = ("nginx", "varnishd", "openssl")
# Debian puts nginx and varnishd in /usr/sbin, which a user's PATH may lack.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
START_SECONDS = 90


def missing_tools() -> list[str]:
    """The programs the stack needs that this machine lacks."""
    return [tool for tool in TOOLS if shutil.which(tool, path=SEARCH_PATH) is None]


def database_url() -> str:
    """The test database as a DATABASE_URL for gunicorn. Raises RuntimeError for
    an in-memory SQLite database, which no other process can open."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        return (
            f"postgres://{database['USER']}:{database['PASSWORD']}"
            f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        )
    name = str(database["NAME"])
    if "memory" in name or not Path(name).is_absolute():
        raise RuntimeError(f"The stack cannot share an in-memory database ({name}).")
    return f"sqlite:///{name}"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def cache(self) -> str:
        """Varnish's verdict: HIT, HIT-STALE, MISS or PASS ("" if none)."""
        return self.headers.get("X-Cache", "")


@dataclass
class Stack:
    """A running stack. `origin` is the HTTPS address visitors use, `http_origin`
    the plain-HTTP one (which redirects), `cache_url` Varnish's own address (the
    purge address) and `app_url` gunicorn's."""

    run_dir: Path
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    cache_port: int = field(default_factory=free_port)
    app_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def http_origin(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def cache_url(self) -> str:
        return f"http://127.0.0.1:{self.cache_port}"

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.app_port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "PATH": SEARCH_PATH,
            "HTTPS_PORT": str(self.https_port),
            "HTTP_PORT": str(self.http_port),
            "CACHE_PORT": str(self.cache_port),
            "APP_PORT": str(self.app_port),
            "FIELDOPS_STACK_DIR": str(self.run_dir),
            "FIELDOPS_VAR_DIR": str(self.run_dir),
            "FIELDOPS_STACK_SETUP": "0",
            "FIELDOPS_STACK_JOBS": "0",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "STATIC_ROOT": str(self.run_dir / "static"),
            "MEDIA_ROOT": str(self.run_dir / "media"),
            "CACHE_URL": "",
            "WEB_WORKERS": "2",
            "LOG_LEVEL": "WARNING",
        }

    def start(self) -> None:
        """Collect the static files, run scripts/production.sh and wait until a
        request passes through all three. Raises RuntimeError with the logs when
        it does not come up."""
        env = self.environment()
        # Production settings serve the collected, hashed static files.
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env={**env, "DJANGO_SETTINGS_MODULE": "fieldops.settings.production"},
            check=True,
            timeout=300,
        )
        log = open(self.run_dir / "stack.log", "w")  # noqa: SIM115 - the child writes it
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own script
                ["bash", "scripts/production.sh"],  # noqa: S607
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        finally:
            log.close()
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"The stack did not come up.\n{self.logs()}")

    def stop(self) -> None:
        """Stop everything: the script stops its servers when it is terminated."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def logs(self) -> str:
        """The ends of the stack's logs, for a failure message."""
        names = [
            "stack.log",
            "gunicorn.log",
            "django.log",
            "varnish.log",
            "nginx-error.log",
        ]
        parts = []
        for name in names:
            path = self.run_dir / name
            if path.exists():
                parts.append(f"--- {name}\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    def request(
        self, method: str, url: str, headers: dict | None = None, body=None
    ) -> Response:
        """One request, redirects not followed. `url` is a path on the HTTPS
        origin or a full http(s) address on one of the stack's ports. The TLS
        certificate is checked against the stack's own."""
        if url.startswith("/"):
            url = self.origin + url
        scheme, rest = url.split("://", 1)
        netloc, _, path = rest.partition("/")
        host, port = netloc.rsplit(":", 1)
        if scheme == "https":
            context = ssl.create_default_context(
                cafile=str(self.run_dir / "tls" / "cert.pem")
            )
            connection = http.client.HTTPSConnection(
                host, int(port), timeout=30, context=context
            )
        else:
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection.request(method, "/" + path, body=body, headers=headers or {})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def get(self, url: str, **headers: str) -> Response:
        return self.request("GET", url, headers)

    def empty_cache(self) -> None:
        """Ban everything Varnish holds. Raises RuntimeError if it refuses."""
        answer = self.request("PURGE", self.cache_url + "/", {"X-Purge-Regex": "."})
        if answer.status != 200:
            raise RuntimeError(
                f"Varnish refused to empty: {answer.status} {answer.text}"
            )

    def nginx_cache_statuses(self, user_agent: str | None = None) -> list[str]:
        """Where nginx took each answer it has logged, oldest first: HIT (its
        own copy), MISS or EXPIRED (Varnish), BYPASS (a signed-in editor's), as
        the access log's `cache=` field gives it (deploy/nginx/fieldops.conf);
        only for the requests sent with the User-Agent `user_agent`, if given."""
        lines = (self.run_dir / "nginx-access.log").read_text().splitlines()
        if user_agent is not None:
            lines = [line for line in lines if f'"{user_agent}" cache=' in line]
        return [line.rsplit("cache=", 1)[1] for line in lines]


def start_stack() -> Stack:
    """A started Stack in a new directory (world-readable: Varnish's and nginx's
    workers run as their own users when the tests run as root)."""
    run_dir = Path(tempfile.mkdtemp(prefix="fieldops-stack-"))
    run_dir.chmod(0o755)
    stack = Stack(run_dir)
    stack.start()
    return stack
