"""Local stand-ins for the outside world, on 127.0.0.1 ports 8700-8799 only:
a Web Push service answering what a test asks, and an SMTP server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    for port in range(8700, 8800):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8700-8799")


@dataclass
class PushService:
    """Answers each POST with the next status of `answers` (the last one repeats)."""

    answers: list[int]
    received: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@contextmanager
def push_service(*answers: int) -> Iterator[PushService]:
    service = PushService(list(answers))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            service.received.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            status = service.answers.pop(0) if len(service.answers) > 1 else service.answers[0]
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def smtp_server(refuse: bool = False) -> Iterator[tuple[int, list[Any]]]:
    """aiosmtpd on a local port; with `refuse`, every recipient gets a 550."""
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, options):
            if refuse:
                return "550 mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 Message accepted"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()
