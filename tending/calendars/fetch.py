"""Fetching an address a person typed in: a security boundary.

A calendar subscription address comes from a user, and the server fetches
it. Without care, that lets anyone make Tending talk to machines only it can
reach (its database, a cloud metadata service, a router's admin page) and
read the answers back through error messages. So:

- only http and https (webcal:// is https by another name and is read so);
- every address a host name resolves to must be a public one — not loopback,
  private, link-local, multicast, reserved or otherwise internal — checked
  after DNS resolution, and the connection goes to the very address that was
  checked (no second lookup a DNS server could answer differently);
- the same check on every redirect, and at most three redirects;
- at most 5 MB, and 10 seconds for the whole exchange;
- what comes back must be an iCalendar file (checked by the caller, `ics`).

Each refusal is a `FetchRefused` whose message tells the person what to do.
Error messages never include what the remote server said.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 3
USER_AGENT = "Tending calendar reader (self-hosted)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
AddressPolicy = Callable[[IPAddress], bool]


class FetchRefused(Exception):
    """The address cannot be read; `message` is for the person who gave it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


def is_public_address(address: IPAddress) -> bool:
    """Whether Tending may connect to `address`: a globally routed unicast one."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv6 address can carry an IPv4 one inside (::ffff:10.0.0.1,
        # 6to4, Teredo): judge the address it really leads to.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not (
        address.is_multicast
        or address.is_loopback
        or address.is_link_local
        or address.is_private
        or address.is_reserved
        or address.is_unspecified
    )


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def normalise_url(url: str) -> str:
    """The address as it will be fetched; FetchRefused when it cannot be."""
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(_("This is not a valid web address.")) from None
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(_("Only web addresses starting with https:// (or http://) can be read."))
    if not parts.hostname:
        raise FetchRefused(_("This address names no server."))
    if parts.username or parts.password:
        raise FetchRefused(_("Addresses with a user name or password in them cannot be used here."))
    if port is not None and not 0 < port < 65536:
        raise FetchRefused(_("This is not a valid web address."))
    return urlunsplit(parts)


def check_destination(
    url: str, resolver: Resolver, allowed: AddressPolicy
) -> tuple[str, int, str, str]:
    """(scheme, port, host name, address to connect to) for `url`, after
    checking every address its host resolves to."""
    parts = urlsplit(url)
    scheme = parts.scheme
    host = parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        candidates = [str(literal)]
    else:
        try:
            candidates = resolver(host, port)
        except (OSError, UnicodeError):
            raise FetchRefused(
                _("The server %(host)s could not be found. Check the address.") % {"host": host}
            ) from None
    addresses = []
    for candidate in candidates:
        try:
            addresses.append(ipaddress.ip_address(candidate.split("%", 1)[0]))
        except ValueError:
            continue
    if not addresses:
        raise FetchRefused(
            _("The server %(host)s could not be found. Check the address.") % {"host": host}
        )
    # All of them, not only the first: a name that resolves to one public and
    # one internal address must not be a way in.
    if not all(allowed(address) for address in addresses):
        raise FetchRefused(
            _(
                "This address leads to a private or internal network, which Tending "
                "does not connect to. Use your calendar's public secret address."
            )
        )
    return scheme, port, host, str(addresses[0])


def check_address(url: str, allowed: AddressPolicy = is_public_address) -> str:
    """The address as it will be fetched, once its server resolves to public
    addresses only; FetchRefused otherwise. Run when a person connects an
    address, so that an internal one is refused there and then; `fetch`
    checks again on every request and redirect, as DNS answers can change."""
    url = normalise_url(url)
    # Looked up at call time, so that tests can give a fake resolver.
    check_destination(url, system_resolver, allowed)
    return url


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever DNS says now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(
        self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._context = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, as a browser would.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def fetch(
    url: str,
    *,
    resolver: Resolver = system_resolver,
    allowed: AddressPolicy = is_public_address,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_BYTES,
    ssl_context: ssl.SSLContext | None = None,
) -> Fetched:
    """GET `url` under the rules above. `resolver`, `allowed` and `ssl_context`
    are for tests (a local server of the test's own, a fake DNS)."""
    deadline = time.monotonic() + timeout
    current = normalise_url(url)
    context = ssl_context or ssl.create_default_context()
    for _redirect in range(MAX_REDIRECTS + 1):
        scheme, port, host, address = check_destination(current, resolver, allowed)
        response_or_next = _get_once(
            current, (scheme, port, host, address), deadline, context, max_bytes
        )
        if isinstance(response_or_next, Fetched):
            return response_or_next
        current = normalise_url(urljoin(current, response_or_next))
    raise FetchRefused(
        _("The address redirected more than %(max)d times; Tending stopped following it.")
        % {"max": MAX_REDIRECTS}
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchRefused(_timeout_message())
    return left


def _timeout_message() -> str:
    return _("The server took longer than %(seconds)d seconds to answer; try again later.") % {
        "seconds": int(TIMEOUT_SECONDS)
    }


def _get_once(
    url: str,
    destination: tuple[str, int, str, str],
    deadline: float,
    context: ssl.SSLContext,
    max_bytes: int,
) -> Fetched | str:
    """One request: a Fetched, or the Location of a redirect."""
    scheme, port, host, address = destination
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, address, _remaining(deadline), context)
    else:
        connection = _PinnedHTTPConnection(host, port, address, _remaining(deadline))
    try:
        connection.request(
            "GET",
            target,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/calendar, */*;q=0.1",
                "Accept-Encoding": "gzip, identity",
            },
        )
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            if not location:
                raise FetchRefused(_("The server sent a redirect without saying where to."))
            return location
        if response.status == 404:
            raise FetchRefused(
                _("The server says there is no calendar at this address (404). Check it.")
            )
        if response.status in (401, 403):
            raise FetchRefused(
                _(
                    "The server refused to share this calendar (%(status)d). Use the "
                    "secret address, which works without logging in."
                )
                % {"status": response.status}
            )
        if response.status != 200:
            raise FetchRefused(
                _("The server answered with an error (%(status)d); try again later.")
                % {"status": response.status}
            )
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchRefused(_too_big_message())
        body = _read_body(response, deadline, max_bytes)
        encoding = (response.getheader("Content-Encoding") or "identity").lower()
        if encoding == "gzip":
            body = _gunzip(body, max_bytes)
        elif encoding not in ("identity", ""):
            raise FetchRefused(_("The server sent the calendar in a form Tending cannot read."))
        return Fetched(url, body, response.getheader("Content-Type") or "")
    except TimeoutError:
        raise FetchRefused(_timeout_message()) from None
    except ssl.SSLError:
        raise FetchRefused(
            _("The secure connection to the server failed (its certificate is not valid).")
        ) from None
    except (OSError, http.client.HTTPException):
        raise FetchRefused(_("The server could not be reached; try again later.")) from None
    finally:
        connection.close()


def _read_body(response: http.client.HTTPResponse, deadline: float, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        # The socket timeout bounds each wait; the deadline bounds them all,
        # so a server trickling a byte at a time cannot hold on for ever.
        remaining = _remaining(deadline)
        raw_socket = getattr(getattr(response.fp, "raw", None), "_sock", None)
        if raw_socket is not None:
            raw_socket.settimeout(remaining)
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(_too_big_message())
        chunks.append(chunk)


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    # Bounded: a few kilobytes of gzip can unpack to gigabytes.
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        raise FetchRefused(_("The server sent a damaged compressed calendar.")) from None
    if len(data) > max_bytes or inflater.unconsumed_tail:
        raise FetchRefused(_too_big_message())
    return data


def _too_big_message() -> str:
    return _("This calendar is larger than %(max)d MB, more than Tending reads.") % {
        "max": MAX_BYTES // (1024 * 1024)
    }
