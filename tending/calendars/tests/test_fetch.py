"""The safe fetcher, against a local HTTP server of the test's own.

No traffic leaves 127.0.0.0/8: the server listens on 127.0.0.1, host names
are resolved by a fake resolver, addresses that must be refused are refused
before any connection, and a guard fails the test if a connection to any
other address is even attempted.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tending.calendars import fetch
from tending.calendars.fetch import FetchRefused, is_public_address

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"
RELEASE = threading.Event()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/cal.ics":
            self._send(200, ICS, {"Content-Type": "text/calendar"})
        elif path == "/page":
            self._send(200, b"<!doctype html><p>Log in</p>", {"Content-Type": "text/calendar"})
        elif path == "/big":
            self._send(200, b"B" * (6 * 1024 * 1024))
        elif path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(7):
                self.wfile.write(b"B" * (1024 * 1024))
        elif path == "/gzip":
            self._send(200, gzip.compress(ICS), {"Content-Encoding": "gzip"})
        elif path == "/gzip-bomb":
            self._send(200, gzip.compress(b"\0" * (50 * 1024 * 1024)), {"Content-Encoding": "gzip"})
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"BEGIN:VCALENDAR\r\n")
            self.wfile.flush()
            RELEASE.wait(5)
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/cal.ics" if left == 0 else f"/hop/{left - 1}"
            self._send(302, b"", {"Location": target})
        elif path == "/to-internal":
            self._send(302, b"", {"Location": "http://internal.example/cal.ics"})
        elif path == "/to-file":
            self._send(302, b"", {"Location": "file:///etc/passwd"})
        elif path == "/secret":
            self._send(403, b"no")
        else:
            self._send(404, b"nothing here")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = None
    for port in range(8600, 8700):  # the ports this project's tests may use
        try:
            httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    assert httpd is not None, "no free port in 8600-8699"
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"calendar.test:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


NAMES = {
    "calendar.test": ["127.0.0.1"],
    "internal.example": ["10.0.0.5"],
    "metadata.example": ["169.254.169.254"],
    "multicast.example": ["224.0.0.251"],
    "mixed.example": ["93.184.215.14", "192.168.1.1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "v6-local.example": ["fe80::1"],
    "v6-private.example": ["fd00::1"],
    "carrier.example": ["100.64.0.1"],
    "zero.example": ["0.0.0.0"],  # noqa: S104 - an answer to refuse, not a bind
}


def fake_resolver(host: str, port: int) -> list[str]:
    if host not in NAMES:
        raise socket.gaierror("unknown host")
    return NAMES[host]


def only_the_test_server(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The test's server is on loopback, which the real policy refuses."""
    return str(address) == "127.0.0.1" or is_public_address(address)


@pytest.fixture(autouse=True)
def no_outside_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        assert ipaddress.ip_address(address[0]).is_loopback, f"tried to connect to {address}"
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch.socket, "create_connection", guarded)


def get(url: str, **kwargs: object) -> fetch.Fetched:
    options: dict[str, object] = {"resolver": fake_resolver, "allowed": only_the_test_server}
    options.update(kwargs)
    return fetch.fetch(url, **options)  # type: ignore[arg-type]


def refused(url: str, **kwargs: object) -> str:
    with pytest.raises(FetchRefused) as caught:
        get(url, **kwargs)
    return caught.value.message


def test_reads_a_calendar(server: str) -> None:
    found = get(f"http://{server}/cal.ics")
    assert found.body == ICS
    assert found.content_type == "text/calendar"


def test_webcal_is_read_as_https() -> None:
    assert fetch.normalise_url("webcal://example.org/a.ics") == "https://example.org/a.ics"


def test_follows_up_to_three_redirects_and_no_more(server: str) -> None:
    assert get(f"http://{server}/hop/2").body == ICS  # three redirects in all
    assert "more than 3 times" in refused(f"http://{server}/hop/3")


def test_a_redirect_to_an_internal_address_is_refused(server: str) -> None:
    assert "private or internal" in refused(f"http://{server}/to-internal")


def test_a_redirect_to_another_scheme_is_refused(server: str) -> None:
    assert "https://" in refused(f"http://{server}/to-file")


def test_loopback_is_refused_by_the_real_policy(server: str) -> None:
    # The same server, under the rules every user's address is held to.
    assert "private or internal" in refused(f"http://{server}/cal.ics", allowed=is_public_address)
    assert "private or internal" in refused("http://127.0.0.1:8600/", allowed=is_public_address)
    assert "private or internal" in refused("http://[::1]:8600/", allowed=is_public_address)


@pytest.mark.parametrize(
    "host",
    [
        "internal.example",
        "metadata.example",
        "multicast.example",
        "mixed.example",
        "mapped.example",
        "v6-local.example",
        "v6-private.example",
        "carrier.example",
        "zero.example",
    ],
)
def test_internal_addresses_after_dns_are_refused_before_connecting(host: str) -> None:
    message = refused(f"https://{host}/cal.ics", allowed=is_public_address)
    assert "private or internal" in message


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/x.ics",
        "http://192.168.0.1/x.ics",
        "http://172.16.5.4/x.ics",
        "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/x.ics",
        "http://0x7f000001/x.ics",
    ],
)
def test_internal_literal_addresses_are_refused(url: str) -> None:
    message = refused(url, allowed=is_public_address, resolver=fake_resolver)
    assert "private or internal" in message or "could not be found" in message


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/cal.ics", "https://"),
        ("file:///etc/passwd", "https://"),
        ("javascript:alert(1)", "https://"),
        ("https://user:pw@example.org/cal.ics", "user name or password"),
        ("https:///cal.ics", "names no server"),
        ("https://nowhere.example/cal.ics", "could not be found"),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(url: str, message: str) -> None:
    assert message in refused(url)


def test_public_addresses_are_allowed_by_the_policy() -> None:
    assert is_public_address(ipaddress.ip_address("93.184.215.14"))
    assert is_public_address(ipaddress.ip_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))
    assert not is_public_address(ipaddress.ip_address("127.0.0.1"))


def test_an_oversized_answer_is_abandoned(server: str) -> None:
    assert "5 MB" in refused(f"http://{server}/big")
    assert "5 MB" in refused(f"http://{server}/big-undeclared")


def test_gzip_is_read_and_a_gzip_bomb_refused(server: str) -> None:
    assert get(f"http://{server}/gzip").body == ICS
    assert "5 MB" in refused(f"http://{server}/gzip-bomb")


def test_a_slow_server_is_abandoned(server: str) -> None:
    # The real limit is 10 s; a shorter one keeps the test quick.
    assert "longer than" in refused(f"http://{server}/slow", timeout=0.5)


def test_error_statuses_are_explained(server: str) -> None:
    assert "404" in refused(f"http://{server}/missing")
    assert "secret address" in refused(f"http://{server}/secret")
