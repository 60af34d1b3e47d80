"""`manage.py` processes (task workers, reconcile) on the test database, for the
tests that prove promises hold with real processes: killed, stopped, restarted.

PostgreSQL only: the processes share the test database with the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from .smtp import WAIT_SECONDS, SmtpServer


def database_url() -> str:
    """The test database as a DATABASE_URL for a child process."""
    database = settings.DATABASES["default"]
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}"
        f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


class Processes:
    """Child processes of `manage.py` with the worker test settings: the database
    task queue, the test database, mail over SMTP to `server`."""

    def __init__(self, server: SmtpServer, log_dir: Path, **env):
        self.server = server
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fieldops.settings.worker_test",
            "DATABASE_URL": database_url(),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
            "FIELDOPS_VAR_DIR": str(log_dir),
            "LOG_LEVEL": "INFO",
            **env,
        }
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def _spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 - the child writes it
        try:
            process = subprocess.Popen(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", *args],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        finally:
            log.close()
        self.processes[name] = process
        return process

    def start(self, *names: str) -> None:
        """Start one `db_worker` per name (the name is its worker id)."""
        for name in names:
            self._spawn(
                name,
                "db_worker",
                "--interval=0.2",
                "--no-startup-delay",
                "--no-reload",
                f"--worker-id={name}",
            )

    def run(self, name: str, *args: str, timeout: float = WAIT_SECONDS) -> int:
        """Run `manage.py <args>` to its end; returns its exit status."""
        return self._spawn(name, *args).wait(timeout=timeout)

    def signal(self, name: str, signum: int = signal.SIGKILL) -> None:
        """Send `signum` to the process and wait for it to end."""
        process = self.processes[name]
        process.send_signal(signum)
        process.wait(timeout=WAIT_SECONDS)

    def kill(self, name: str) -> None:
        self.signal(name, signal.SIGKILL)

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.log_dir / f'{name}.log').read_text()[-3000:]}"
            for name in self.processes
        )


def wait_until(condition, what: str, group: Processes | None = None, timeout=None):
    """Wait for `condition()` to be true, failing the test after `timeout` seconds
    (WAIT_SECONDS by default) with the processes' logs."""
    deadline = time.monotonic() + (timeout or WAIT_SECONDS)
    while not condition():
        if time.monotonic() > deadline:
            logs = group.logs() if group else ""
            pytest.fail(f"Timed out waiting for {what}\n{logs}")
        time.sleep(0.2)
