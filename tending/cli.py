"""`tending`: the one command a self-hoster needs.

tending serve        production server (granian, WSGI) plus the worker
tending worker       the background worker alone
tending migrate      bring the database up to date
tending demo         create a demo couple with sample activity
tending createsuperuser / check / manage <command> …
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tending.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.exit(f"tending: configuration error: {exc}")


def _manage(*argv: str) -> int:
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tending", *argv])
    return 0


def _forget_kept_pages() -> None:
    """New code or a new schema: pages and rows kept by the old one may not be
    what this one would draw (everything kept is rebuilt from the database)."""
    from django.core.cache import cache

    cache.clear()


def _serve(args: argparse.Namespace) -> int:
    _django_setup()  # fail fast, in the parent, on a bad configuration
    from django.conf import settings

    _forget_kept_pages()

    children: list[subprocess.Popen[bytes]] = []
    server_cmd = [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", args.host,
        "--port", str(args.port),
        "--workers", str(args.workers),
        # An explicit, small pool: granian's default can open hundreds of
        # threads, each holding a database connection.
        "--blocking-threads", str(args.threads),
        # granian ends a blocking thread after 30 s idle by default, and the
        # database connection that thread held is dropped without being
        # closed: measured on PostgreSQL, every quiet spell left up to
        # one connection per thread open (20 instead of 8 after five
        # spells) until Python's garbage collector happened to run. Keeping
        # idle threads as long as CONN_MAX_AGE keeps connections persistent.
        "--blocking-threads-idle-timeout", "600",
        "--no-ws",
        "--log-level", "warning",
        "tending.wsgi:application",
    ]  # fmt: skip
    children.append(subprocess.Popen(server_cmd))  # noqa: S603 - our own fixed command
    if not args.no_worker:
        worker_cmd = [sys.executable, "-m", "tending.cli", "worker"]
        children.append(subprocess.Popen(worker_cmd))  # noqa: S603 - our own fixed command
    shown = settings.SITE_URL if args.port == 8000 else f"http://{args.host}:{args.port}"

    def stop(signum: int, frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # The address is told once it answers, so that whoever opens it at once
    # finds Tending there. If any child dies, stop the others: a server
    # without its worker (or the reverse) should be restarted whole by
    # whatever supervises us.
    announced = False
    while all(child.poll() is None for child in children):
        if not announced and _listening(args.host, args.port):
            print(f"Tending is serving on {shown}  (Ctrl+C to stop)", flush=True)
            announced = True
        time.sleep(0.5 if announced else 0.1)
    stop(signal.SIGTERM, None)
    deadline = time.monotonic() + 30
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return max((child.returncode or 0) for child in children)


def _listening(host: str, port: int) -> bool:
    """Whether something accepts connections at host:port (a wildcard
    address is asked on this machine)."""
    asked = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    try:
        socket.create_connection((asked, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _worker_health() -> int:
    """One line on the worker: how far behind it is (the oldest due nudge or
    e-mail/push) and what failed. Information only: a fresh install with no
    database yet, or a lag, does not fail the check."""
    from django.db import DatabaseError

    from tending.nudges import health

    try:
        print(f"Worker: {health.current().summary()}")
    except DatabaseError:
        print("Worker: the database is not ready yet (run `tending migrate`).")
    return 0


def _whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    """An option's type: a whole number within bounds, refused with a message
    by argparse otherwise (granian would fail later, less clearly)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"expected a number from {minimum} to {maximum}, got {value}"
            )
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    from django.core.exceptions import ImproperlyConfigured

    from tending.lib.env import Env

    env = Env()
    try:
        host = env.str("TENDING_HOST", "127.0.0.1")
        port = env.int("TENDING_PORT", 8000, minimum=1, maximum=65535)
        workers = env.int("TENDING_WEB_WORKERS", 2, minimum=1, maximum=64)
        threads = env.int("TENDING_WEB_THREADS", 4, minimum=1, maximum=256)
    except ImproperlyConfigured as exc:
        sys.exit(f"tending: configuration error: {exc}")
    parser = argparse.ArgumentParser(
        prog="tending", description="Tending: a private space for two partners to stay close."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        # The summary is listed by `tending --help` and heads `tending NAME --help`.
        return commands.add_parser(name, help=summary, description=summary)

    serve = command("serve", "Serve Tending (production server and worker).")
    serve.add_argument(
        "--host", default=host, help=f"address to listen on (TENDING_HOST; now {host})"
    )
    serve.add_argument(
        "--port", type=_whole_number(1, 65535), default=port,
        help=f"port to listen on (TENDING_PORT; now {port})",
    )  # fmt: skip
    serve.add_argument(
        "--workers", type=_whole_number(1, 64), default=workers,
        help="server processes (TENDING_WEB_WORKERS; default 2: one per core of a small box)",
    )  # fmt: skip
    serve.add_argument(
        "--threads", type=_whole_number(1, 256), default=threads,
        help="threads per process (TENDING_WEB_THREADS); workers × threads should stay "
        "well under PostgreSQL's max_connections (default 4)",
    )  # fmt: skip
    serve.add_argument(
        "--no-worker", action="store_true", help="do not start the background worker"
    )
    command("worker", "Run the background worker alone.")
    command("migrate", "Create or update the database.")
    demo = command(
        "demo", "Create a demo couple with a few weeks of activity; prints random passwords once."
    )
    demo.add_argument(
        "--weeks", type=_whole_number(1, 520), default=8, help="weeks of history (default 8)"
    )
    command("createsuperuser", "Create an administrator account.")
    check = command("check", "Check the configuration and the worker.")
    check.add_argument("--deploy", action="store_true", help="also run production checks")
    manage = command(
        "manage", "Run any Django management command: `tending manage help` lists them."
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, metavar="COMMAND ...")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    match args.command:
        case "serve":
            return _serve(args)
        case "worker":
            return _manage("worker")
        case "migrate":
            status = _manage("migrate", "--noinput")
            _forget_kept_pages()
            return status
        case "demo":
            # A fresh data folder has no tables yet: the demo should just work.
            _manage("migrate", "--noinput", "--verbosity", "0")
            return _manage("demo", "--weeks", str(args.weeks))
        case "createsuperuser":
            return _manage("createsuperuser")
        case "check":
            _manage("check", *(["--deploy", "--fail-level", "WARNING"] if args.deploy else []))
            return _worker_health()
        case "manage":
            return _manage(*args.args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
