"""`make bench`: Tending under load, as `tending serve` runs it, on this machine.

For SQLite, and for PostgreSQL when DATABASE_URL is set or 127.0.0.1:5432
answers, this script makes a fresh data folder under bench/var/, migrates,
collects static files, prepares data in a child process with Django set up
(bench/scenarios/*.py), starts `tending serve --no-worker` through the real
CLI, measures the cold start, logs the partners in over HTTP, then loads
/healthz (the ceiling) and every scenario target with wrk from 127.0.0.1 and
writes bench/results/<timestamp>-<db>.json and bench/results/latest.md.

    bench/run.py [SCENARIO ...] [--db sqlite|postgresql] [--seconds N]

Environment: BENCH_ONLY, BENCH_DB, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS,
BENCH_THREADS, BENCH_PORT, BENCH_PG_DB, BENCH_STRICT (see bench/README.md).
Exit status: 0 all targets met, 1 a target missed, 2 the benchmark itself failed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SCENARIOS = BENCH / "scenarios"
RESULTS = BENCH / "results"
VAR = BENCH / "var"
WRK_SCRIPT = BENCH / "wrk" / "report.lua"
sys.path.insert(0, str(ROOT))

from bench.scenarios import Context, Person, Target  # noqa: E402

DATABASES = ("sqlite", "postgresql")
COLD_START_LIMIT_S = 3.0
HEALTHZ = Target(name="/healthz (ceiling)", path="/healthz", auth=None, scenario="ceiling")
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.9",
}


class BenchError(Exception):
    """The benchmark itself could not run properly: its figures would mean nothing."""


def env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        sys.exit(f"bench: {name}={raw!r} is not a whole number.")
    if value < minimum:
        sys.exit(f"bench: {name} must be at least {minimum}.")
    return value


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def say(message: str) -> None:
    print(message, flush=True)


# --- Scenarios ---------------------------------------------------------------------


def available_scenarios() -> list[str]:
    names = sorted(p.stem for p in SCENARIOS.glob("*.py") if not p.stem.startswith("_"))
    # The foundation first, so its figures head the table.
    return sorted(names, key=lambda n: n != "foundation")


# --- Child process: Django set up against the benchmark database --------------------


def prepare_main(out: Path, names: list[str]) -> None:
    """Runs in a child process with TENDING_DATA_DIR / DATABASE_URL set by the parent."""
    import secrets

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tending.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from tending.accounts.models import ApiToken, User
    from tending.couples import services
    from tending.couples.models import Invite

    people = {}
    users = {}
    for key, name in (("a", "Robin"), ("b", "Sasha")):
        password = secrets.token_urlsafe(18)
        user = User.objects.create_user(
            f"partner-{key}@bench.example",
            password,
            display_name=f"{name} Bench",
            time_zone="Europe/Berlin",
        )
        _token, secret = ApiToken.issue(user, "bench")
        users[key] = user
        people[key] = Person(
            key=key,  # type: ignore[arg-type]
            id=str(user.pk),
            email=user.email,
            password=password,
            display_name=user.display_name,
            token=secret,
        )
    # The real way in: A starts the space and invites, B joins with the link.
    couple = services.start_couple(users["a"], name="Robin & Sasha", time_zone="Europe/Berlin")
    membership = users["a"].memberships.get(couple=couple)
    _invite, link_token, _code = services.create_invite(membership)
    services.join(users["b"], Invite.objects.by_token(link_token))

    ctx = Context(
        db=connection.vendor,
        data_dir=Path(settings.DATA_DIR),
        couple_id=str(couple.pk),
        couple_name=couple.name,
        a=people["a"],
        b=people["b"],
    )
    modules = {name: importlib.import_module(f"bench.scenarios.{name}") for name in names}
    for name, module in modules.items():
        if hasattr(module, "prepare"):
            started = time.perf_counter()
            module.prepare(ctx)
            say(f"  prepared {name} in {time.perf_counter() - started:.1f} s")
    targets = []
    for name, module in modules.items():
        for target in getattr(module, "targets", lambda ctx: [])(ctx):
            target.scenario = name
            targets.append(target.to_json())
    measurements = []
    for name, module in modules.items():
        for measurement in getattr(module, "in_process", lambda ctx: [])(ctx):
            measurement.scenario = name
            measurements.append(measurement.summary())
    ctx_json = asdict(ctx)
    ctx_json["data_dir"] = str(ctx.data_dir)
    out.write_text(
        json.dumps(
            {
                "ctx": ctx_json,
                "targets": targets,
                "in_process": measurements,
                "settings": {
                    "engine": settings.DATABASES["default"]["ENGINE"],
                    "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE"),
                    "conn_health_checks": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
                    "debug": settings.DEBUG,
                    "session_engine": settings.SESSION_ENGINE,
                },
            },
            indent=2,
        )
    )


# --- Databases ---------------------------------------------------------------------


def port_open(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def postgres_urls() -> tuple[str, str] | None:
    """(admin URL, benchmark database URL), or None when no PostgreSQL is reachable."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        if not port_open("127.0.0.1", 5432):
            return None
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        return None
    name = os.environ.get("BENCH_PG_DB", "tending_bench")
    if not re.fullmatch(r"tending_bench\w*", name):
        sys.exit("bench: BENCH_PG_DB must start with tending_bench (it is dropped afterwards).")
    # Never the database DATABASE_URL names: the benchmark drops what it creates.
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    bench = urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))
    return admin, bench


def pg_admin(admin_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def pg_backends(admin_url: str, db_name: str) -> set[tuple[int, str]]:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT pid, backend_start::text FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (db_name,),
        ).fetchall()
    return {(row[0], row[1]) for row in rows}


# --- The server ----------------------------------------------------------------------


def process_tree(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / os.sysconf("SC_CLK_TCK")


def sqlite_handles(root_pid: int, db_file: Path) -> set[tuple[int, str]]:
    """(pid, fd) of every open handle on the SQLite file in the server's processes."""
    handles = set()
    target = str(db_file.resolve())
    for pid in process_tree(root_pid):
        for fd in Path(f"/proc/{pid}/fd").glob("*") if Path(f"/proc/{pid}").exists() else ():
            with contextlib.suppress(OSError):
                if os.readlink(fd) == target:
                    handles.add((pid, fd.name))
    return handles


@dataclass
class Server:
    tending: Path
    env: dict[str, str]
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    tree: list[int] = field(default_factory=list)

    def start(self) -> float:
        """Start `tending serve --no-worker`; seconds until /healthz first answers 200."""
        log = self.log_path.open("wb")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [str(self.tending), "serve", "--no-worker", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.log_path.parent,
        )
        deadline = started + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"tending serve exited with {self.process.returncode}:\n{self.log()}"
                )
            try:
                status, _headers, _body = request(self.port, "GET", "/healthz", timeout=1)
            except OSError:
                status = 0
            if status == 200:
                cold = time.monotonic() - started
                self.tree = process_tree(self.process.pid)
                return cold
            time.sleep(0.01)
        raise BenchError(f"tending serve did not answer /healthz within 60 s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> dict[str, Any]:
        """SIGTERM, as a supervisor would; reports how long it took and what was left."""
        if self.process is None:
            return {}
        self.tree = sorted(set(self.tree) | set(process_tree(self.process.pid)))
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            code = None
        seconds = time.monotonic() - started
        time.sleep(0.2)
        left = [pid for pid in self.tree if pid != self.process.pid and alive(pid)]
        for pid in left:  # only processes this run started, by their id
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if code is None:
            self.process.kill()
            self.process.wait()
        return {
            "exit_code": code,
            "seconds": round(seconds, 2),
            "processes_left_behind": len(left),
            "clean": code == 0 and not left,
        }


def request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    timeout: float = 10,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def cookies_from(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(port: int, person: Person) -> dict[str, str]:
    """Log in through the real log-in form, CSRF token and all; returns the cookies."""
    status, headers, body = request(port, "GET", "/accounts/login/", BROWSER_HEADERS)
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}")
    cookies = cookies_from(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if match is None or "csrftoken" not in cookies:
        raise BenchError("the log-in page carries no CSRF token")
    form = urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": person.email,
            "password": person.password,
            "next": "",
        }
    )
    status, headers, body = request(
        port,
        "POST",
        "/accounts/login/",
        {
            **BROWSER_HEADERS,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
        form,
    )
    cookies.update(cookies_from(headers))
    if status != 302 or "sessionid" not in cookies:
        raise BenchError(f"logging in as {person.email} answered {status}, not a redirect")
    return cookies


def target_headers(target: Target, port: int, ctx: Context, sessions: dict) -> dict[str, str]:
    headers: dict[str, str] = {}
    if target.auth == "session":
        cookies = sessions[target.who]
        headers.update(BROWSER_HEADERS)
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
        if target.method.upper() not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            # What htmx sends: the token from the page, and the browser's Origin.
            headers["X-CSRFToken"] = cookies["csrftoken"]
            headers["Origin"] = f"http://127.0.0.1:{port}"
    elif target.auth == "token":
        headers["Authorization"] = f"Bearer {ctx.person(target.who).token}"
    headers.update(target.headers)
    return headers


def check_target(target: Target, port: int, headers: dict[str, str]) -> list[str]:
    """One request before the load: right status, right page. Returns notes."""
    notes = []
    for attempt in range(2):
        status, response_headers, body = request(
            port, target.method.upper(), target.path, headers, target.body
        )
        if status != target.expect_status:
            raise BenchError(
                f"{target.name}: {target.method} {target.path} answered {status}, "
                f"expected {target.expect_status}: {body[:300]!r}"
            )
        if target.expect_text and target.expect_text.encode() not in body:
            raise BenchError(
                f"{target.name}: the response does not contain {target.expect_text!r}: "
                f"{body[:300]!r}"
            )
        # Django re-sends the CSRF cookie whenever a page uses the token (to renew
        # it), which costs nothing; a re-sent session cookie means a session write.
        if attempt == 1 and "sessionid" in cookies_from(response_headers):
            notes.append("the session is saved on every request (Set-Cookie: sessionid)")
    return notes


# --- Load ------------------------------------------------------------------------


@dataclass
class LoadSettings:
    seconds: int
    warmup: int
    connections: int
    threads: int


def wrk(
    target: Target, port: int, headers: dict[str, str], seconds: int, load: LoadSettings
) -> dict:
    cmd = [
        "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
    ]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(f"http://127.0.0.1:{port}{target.path}")
    env = {
        **os.environ,
        "BENCH_METHOD": target.method.upper(),
        "BENCH_BODY": target.body or "",
        "BENCH_EXPECT_STATUS": str(target.expect_status),
    }
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return json.loads(line.removeprefix("BENCH_JSON "))


def ms(microseconds: float) -> float:
    return round(microseconds / 1000, 2)


def measure(
    target: Target,
    port: int,
    headers: dict[str, str],
    load: LoadSettings,
    connections: Callable[[], set],
    server_pids: list[int],
) -> dict:
    """Warm up, then load for `load.seconds`; `connections()` samples the server's
    database connections just before and after the measured run."""
    if load.warmup:
        wrk(target, port, headers, load.warmup, load)
    before = connections()
    cpu_before = cpu_seconds(server_pids)
    raw = wrk(target, port, headers, load.seconds, load)
    cpu = cpu_seconds(server_pids) - cpu_before
    after = connections()
    errors = raw["errors"]
    socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    if raw["unexpected_status"] or errors["status"]:
        raise BenchError(
            f"{target.name}: {raw['unexpected_status']} of {raw['requests']} responses were "
            f"not {target.expect_status} (first: {raw['first_unexpected_status']}); "
            "a benchmark of error pages is worthless"
        )
    if socket_errors:
        raise BenchError(f"{target.name}: socket errors under load: {errors}")
    if not raw["requests"]:
        raise BenchError(
            f"{target.name}: no response completed in {load.seconds} s "
            f"(the server spent {cpu:.1f} s of CPU on it)"
        )
    latency = raw["latency_us"]
    return {
        "scenario": target.scenario,
        "name": target.name,
        "method": target.method.upper(),
        "path": target.path,
        "auth": target.auth,
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "bytes_per_response": round(raw["bytes"] / max(1, raw["requests"])),
        # CPU time the server spent per response: unlike requests/s, it hardly
        # moves when other programs share the machine, so it tells what a quiet
        # machine would show.
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, raw["requests"]), 3),
        "latency_ms": {k: ms(latency[k]) for k in ("p50", "p75", "p90", "p99", "p999", "max")},
        "min_ratio": target.min_ratio,
        "max_p99_ms": target.max_p99_ms,
        # Persistent connections: as many as server threads, none opened under load.
        "db_connections": {"open_after": len(after), "opened_during_run": len(after - before)},
    }


def judge(result: dict, ceiling_rps: float) -> None:
    ratio = result["requests_per_s"] / ceiling_rps if ceiling_rps else 0.0
    result["ratio"] = round(ratio, 3)
    checks = []
    if result["min_ratio"] is not None:
        checks.append(ratio >= result["min_ratio"])
    if result["max_p99_ms"] is not None:
        checks.append(result["latency_ms"]["p99"] < result["max_p99_ms"])
    result["passed"] = all(checks) if checks else None


# --- One database, start to finish --------------------------------------------------


def free_port(start: int) -> int:
    for port in range(start, start + 100):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise BenchError(f"no free port in {start}–{start + 99}")


def tending_command() -> Path:
    # The console script installed next to this interpreter: the real entry point.
    candidate = Path(sys.executable).parent / "tending"
    if candidate.exists():
        return candidate
    found = shutil.which("tending")
    if found is None:
        sys.exit("bench: the `tending` command is not installed; run `make bench`.")
    return Path(found)


def run_cli(tending: Path, env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [str(tending), *args], env=env, capture_output=True, text=True, cwd=env["TENDING_DATA_DIR"]
    )
    if done.returncode != 0:
        raise BenchError(f"tending {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def connection_sample(db: str, server: Server, pg: tuple[str, str] | None, db_file: Path) -> set:
    if db == "postgresql" and pg is not None:
        return pg_backends(pg[0], urlsplit(pg[1]).path.lstrip("/"))
    assert server.process is not None
    return sqlite_handles(server.process.pid, db_file)


def run_database(db: str, names: list[str], load: LoadSettings, stamp: str) -> dict:
    tending = tending_command()
    data_dir = VAR / db
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "TENDING_DATA_DIR", "TENDING_SITE_URL", "TENDING_DEBUG")
        and not k.startswith("BENCH_")
        and k != "DJANGO_SETTINGS_MODULE"
    }
    env["TENDING_DATA_DIR"] = str(data_dir)
    pg = postgres_urls() if db == "postgresql" else None
    if db == "postgresql":
        if pg is None:
            raise BenchError("PostgreSQL is not reachable")
        env["DATABASE_URL"] = pg[1]
        name = urlsplit(pg[1]).path.lstrip("/")
        pg_admin(pg[0], f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
    serve_defaults = _serve_defaults(env)
    result: dict[str, Any] = {
        "started_at": stamp,
        "db": db,
        "scenarios": names,
        "machine": machine_info(),
        "load": asdict(load),
        "server": {
            "command": "tending serve --no-worker --port PORT",
            **serve_defaults,
        },
        "problems": [],
    }
    try:
        say(f"[{db}] migrate, collectstatic")
        run_cli(tending, env, "migrate")
        run_cli(tending, env, "manage", "collectstatic", "--noinput", "-v", "0")
        say(f"[{db}] preparing data and in-process timings ({', '.join(names)})")
        prepared_file = data_dir / "prepared.json"
        child = subprocess.run(
            [sys.executable, __file__, "--prepare", str(prepared_file), *names],
            env=env,
            cwd=data_dir,
        )
        if child.returncode != 0:
            raise BenchError("preparing the data failed (see above)")
        prepared = json.loads(prepared_file.read_text())
        result["settings"] = prepared["settings"]
        result["in_process"] = prepared["in_process"]
        ctx_json = prepared["ctx"]
        ctx = Context(
            db=ctx_json["db"],
            data_dir=Path(ctx_json["data_dir"]),
            couple_id=ctx_json["couple_id"],
            couple_name=ctx_json["couple_name"],
            a=Person(**ctx_json["a"]),
            b=Person(**ctx_json["b"]),
            values=ctx_json["values"],
        )
        targets = [Target(**t) for t in prepared["targets"]]

        port = free_port(env_int("BENCH_PORT", 8100))
        server = Server(tending, env, port, data_dir / "server.log")
        try:
            cold = server.start()
            result["cold_start_s"] = round(cold, 2)
            result["cold_start_passed"] = cold < COLD_START_LIMIT_S
            result["server"]["prints"] = server.log().strip().splitlines()[:5]
            say(f"[{db}] cold start {cold:.2f} s; serving on 127.0.0.1:{port}")
            sessions = {p.key: log_in(port, p) for p in (ctx.a, ctx.b)}
            db_file = data_dir / "tending.sqlite3"
            measured = []
            for target in [HEALTHZ, *targets]:
                headers = target_headers(target, port, ctx, sessions)
                notes = check_target(target, port, headers)
                say(f"[{db}] {target.scenario}: {target.name} …")
                outcome = measure(
                    target,
                    port,
                    headers,
                    load,
                    lambda: connection_sample(db, server, pg, db_file),
                    server.tree,
                )
                outcome["notes"] = notes
                measured.append(outcome)
                lat = outcome["latency_ms"]
                conns = outcome["db_connections"]
                say(
                    f"      {outcome['requests_per_s']:>8.0f} req/s  p50 {lat['p50']:.1f} ms  "
                    f"p99 {lat['p99']:.1f} ms  server CPU "
                    f"{outcome['server_cpu_ms_per_request']:.2f} ms/request  "
                    f"db connections {conns['open_after']} "
                    f"({conns['opened_during_run']} new)"
                    + (f"  NOTE: {'; '.join(notes)}" if notes else "")
                )
        finally:
            result["stop"] = server.stop()
            if result["stop"] and not result["stop"]["clean"]:
                result["problems"].append(f"tending serve did not stop cleanly: {result['stop']}")
        ceiling = measured[0]
        for outcome in measured:
            judge(outcome, ceiling["requests_per_s"])
        ceiling["passed"] = None
        result["ceiling"] = ceiling
        result["targets"] = measured[1:]
    except BenchError as exc:
        result["problems"].append(str(exc))
        say(f"[{db}] FAILED: {exc}")
    finally:
        if pg is not None:
            name = urlsplit(pg[1]).path.lstrip("/")
            with contextlib.suppress(Exception):
                pg_admin(pg[0], f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    verdicts = [t["passed"] for t in result.get("targets", [])]
    verdicts += [m["passed"] for m in result.get("in_process", [])]
    verdicts.append(result.get("cold_start_passed"))
    result["passed"] = not result["problems"] and all(v is not False for v in verdicts)
    return result


def _serve_defaults(env: dict[str, str]) -> dict[str, Any]:
    """What `tending serve` will use, read from its own parser under the server's env."""
    from tending.cli import build_parser

    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        args = build_parser().parse_args(["serve"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"workers": args.workers, "threads": args.threads}


def machine_info() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": (commit or "unknown") + ("+changes" if dirty else ""),
    }


# --- Reports -----------------------------------------------------------------------


def fmt_target(t: dict) -> str:
    parts = []
    if t.get("min_ratio") is not None:
        parts.append(f"≥ {t['min_ratio']:.0%}")
    if t.get("max_p99_ms") is not None:
        parts.append(f"p99 < {t['max_p99_ms']:g} ms")
    return ", ".join(parts) or "—"


def verdict(passed: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "—"}[passed]


def markdown(results: list[dict], load: LoadSettings) -> str:
    first = results[0]
    machine = first["machine"]
    server = first["server"]
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` at {first['started_at']} (commit {machine['commit']}) on "
        f"{machine['cpus']} cores, load average {machine['load_average'][0]} before the run. "
        f"wrk: {load.threads} threads, {load.connections} connections, {load.seconds} s per "
        f"endpoint after {load.warmup} s of warm-up, from 127.0.0.1. Server: "
        f"`tending serve --no-worker` ({server['workers']} workers × {server['threads']} "
        f"threads). Scenarios: {', '.join(first['scenarios'])}.",
    ]
    for result in results:
        title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[result["db"]]
        lines += ["", f"## {title}", ""]
        if "cold_start_s" in result:
            lines.append(
                f"Cold start of `tending serve` to the first 200 on /healthz: "
                f"{result['cold_start_s']:.2f} s (limit {COLD_START_LIMIT_S:g} s): "
                f"{verdict(result['cold_start_passed'])}. "
                f"Stop on SIGTERM: {result.get('stop', {}).get('seconds', '?')} s, "
                f"{'clean' if result.get('stop', {}).get('clean') else '**not clean**'}."
            )
            lines.append("")
        if "ceiling" in result:
            lines += [
                "| endpoint | req/s | p50 ms | p99 ms | ratio to /healthz | target | result "
                "| server CPU ms/req |",
                "| --- | ---: | ---: | ---: | ---: | --- | --- | ---: |",
            ]
            for t in [result["ceiling"], *result["targets"]]:
                name = t["name"] if t["scenario"] == "ceiling" else f"{t['scenario']}: {t['name']}"
                lines.append(
                    f"| {name} | {t['requests_per_s']:.0f} | {t['latency_ms']['p50']:.1f} | "
                    f"{t['latency_ms']['p99']:.1f} | {t['ratio']:.2f} | {fmt_target(t)} | "
                    f"{verdict(t['passed'])} | {t['server_cpu_ms_per_request']:.2f} |"
                )
            held = (
                result["targets"][-1]["db_connections"]["open_after"]
                if result["targets"]
                else result["ceiling"]["db_connections"]["open_after"]
            )
            opened = max(
                t["db_connections"]["opened_during_run"]
                for t in [result["ceiling"], *result["targets"]]
            )
            lines += [
                "",
                f"Persistent database connections: {held} held by the server after the load, "
                f"at most {opened} opened during a measured run.",
            ]
        if result.get("in_process"):
            lines += [
                "",
                "| in-process | n | p50 ms | p95 ms | limit | result |",
                "| --- | ---: | ---: | ---: | --- | --- |",
            ]
            for m in result["in_process"]:
                limit = f"p95 < {m['max_p95_ms']:g} ms" if m["max_p95_ms"] is not None else "—"
                lines.append(
                    f"| {m['scenario']}: {m['name']} | {m['n']} | {m['p50_ms']:.2f} | "
                    f"{m['p95_ms']:.2f} | {limit} | {verdict(m['passed'])} |"
                )
        for problem in result["problems"]:
            lines += ["", f"**Problem:** {problem}"]
    return "\n".join(lines) + "\n"


# --- Entry point -------------------------------------------------------------------


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing Debian's package (apt-get install -y wrk)")
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(install, env=apt_env).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=apt_env, check=False)
            subprocess.run(install, env=apt_env, check=False)
    if not shutil.which("wrk"):
        sys.exit(
            "bench: wrk is needed to load the server. Install it with "
            "`sudo apt-get install wrk` (Debian/Ubuntu) and run `make bench` again."
        )


def choose_databases(requested: str | None) -> list[str]:
    wanted = [requested] if requested else env_list("BENCH_DB")
    for db in wanted:
        if db not in DATABASES:
            sys.exit(f"bench: unknown database {db!r}; choose from {', '.join(DATABASES)}.")
    if wanted:
        if "postgresql" in wanted and postgres_urls() is None:
            sys.exit("bench: PostgreSQL was asked for but none is reachable (set DATABASE_URL).")
        return wanted
    if postgres_urls() is not None:
        return list(DATABASES)
    say("PostgreSQL not reachable: benchmarking SQLite only (set DATABASE_URL to include it).")
    return ["sqlite"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help="scenario names (default: all, or BENCH_ONLY)")
    parser.add_argument("--db", choices=DATABASES, help="one database only (default: BENCH_DB)")
    parser.add_argument("--seconds", type=int, help="seconds per endpoint (default: BENCH_SECONDS)")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    available = available_scenarios()
    names = args.scenarios or env_list("BENCH_ONLY") or available
    unknown = sorted(set(names) - set(available))
    if unknown:
        sys.exit(f"bench: no scenario {', '.join(unknown)}; available: {', '.join(available)}.")
    names = [n for n in available if n in names]
    if args.prepare:
        prepare_main(args.prepare, names)
        return 0

    ensure_wrk()
    load = LoadSettings(
        seconds=args.seconds or env_int("BENCH_SECONDS", 10),
        warmup=env_int("BENCH_WARMUP", 2, minimum=0),
        connections=env_int("BENCH_CONNECTIONS", 32),
        threads=env_int("BENCH_THREADS", 2),
    )
    dbs = choose_databases(args.db)
    cpus = os.cpu_count() or 1
    if os.getloadavg()[0] > 0.5 * cpus:
        say(f"Note: load average {os.getloadavg()[0]:.1f} on {cpus} cores; figures will be noisy.")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(exist_ok=True)
    results = []
    for db in dbs:
        result = run_database(db, names, load, stamp)
        results.append(result)
        out = RESULTS / f"{stamp}-{db}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
    report = markdown(results, load)
    # Written whole, then renamed: an interrupted run never leaves half a table.
    with tempfile.NamedTemporaryFile("w", dir=RESULTS, suffix=".tmp", delete=False) as tmp:
        tmp.write(report)
    Path(tmp.name).replace(RESULTS / "latest.md")
    say("")
    say(report)
    say(f"Written: bench/results/latest.md and bench/results/{stamp}-<db>.json")
    if any(r["problems"] for r in results):
        return 2
    if not all(r["passed"] for r in results):
        strict = os.environ.get("BENCH_STRICT", "1").strip().lower() not in ("0", "no", "false")
        return 1 if strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
