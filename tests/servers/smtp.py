"""A real SMTP server for tests (aiosmtpd on a free local port) that keeps what it receives."""
from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    """The handler: every message the server accepts, parsed, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self._arrived:
            self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least `count` messages arrived: woken by each arrival, failing at the deadline."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"{len(self.messages)} message(s) arrived, {count} expected")
            return list(self.messages)

    def clear(self) -> None:
        with self._arrived:
            self.messages.clear()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    """Start with `start()`, stop with `stop()`; `host`, `port` and `inbox` for the test."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.host, self.port = "127.0.0.1", _free_port()
        self.controller = Controller(self.inbox, hostname=self.host, port=self.port)

    def start(self) -> SMTPServer:
        self.controller.start()  # returns once the server answers
        return self

    def stop(self) -> None:
        self.controller.stop()

    def config(self) -> dict:
        """App settings that send e-mail to this server."""
        return {"MAIL_SERVER": self.host, "MAIL_PORT": self.port, "MAIL_DEFAULT_SENDER": "training@example.com"}
