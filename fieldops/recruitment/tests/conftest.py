"""A real SMTP server on localhost that a test's mail goes to."""

import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """aiosmtpd on 127.0.0.1. `messages` holds what it accepted, parsed; set
    `refuse = True` to answer 451 (try later) to every message; `stop()` and
    `start()` take it down and up again on the same port."""

    host = "127.0.0.1"

    def __init__(self):
        self.port = _free_port()
        self.refuse = False
        self._messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self._messages.append(message)
        return "250 Message accepted"

    def start(self) -> None:
        if self._controller is None:
            self._controller = Controller(
                self, hostname=self.host, port=self.port, ready_timeout=10
            )
            self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that Django's mail goes to for the test."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters of one test must not count in the next."""
    cache.clear()
    yield
    cache.clear()
