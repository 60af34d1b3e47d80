"""A real SMTP server (aiosmtpd) on localhost that a test can refuse, stall, stop
and start again on the same port."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections import Counter
from email import policy

from aiosmtpd.controller import Controller

# Every wait on the server is bounded.
WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """aiosmtpd on 127.0.0.1. `messages` holds what it accepted, parsed. Set
    `refuse = True` to answer 451 (try later) to every message; set `stall_at = k`
    to keep the sender of the k-th message waiting until `resume` is set (then
    refuse it); `stop()` and `start()` take it down and up on the same port."""

    host = "127.0.0.1"

    def __init__(self):
        self.port = free_port()
        self.refuse = False
        self.stall_at: int | None = None
        self.stalled = threading.Event()
        self.resume = threading.Event()
        self._messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        with self._lock:
            return list(self._messages)

    def recipients(self) -> Counter:
        """How many messages each address received."""
        return Counter(message["To"] for message in self.messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            stall = self.stall_at == len(self._messages) + 1
            if stall:
                self.stall_at = None
        if stall:
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(
                None, self.resume.wait, WAIT_SECONDS
            )
            return "451 4.3.0 Not accepted"
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
            self.resume.set()
            self._controller.stop()
            self._controller = None
