"""`make bench`, the worker's part: 100,000 due nudges for 50,000 couples,
delivered with the file e-mail backend by one worker on PostgreSQL, then by
two; wall time, throughput and each worker's peak memory (VmHWM).

    bench/nudges.py [--couples N]

A worker benchmark does not fit bench/run.py's scenario contract (which
loads HTTP endpoints with wrk), so it is its own entry. It makes a fresh
PostgreSQL database (BENCH_PG_DB, default tending_bench_nudges; dropped
afterwards) in a data folder under bench/var/, migrates, seeds, and runs
`tending manage worker --drain` (deliver until nothing is due, then exit).
Targets: one worker under 60 s and under 150 MB; two workers close to twice
as fast. Writes bench/results/<timestamp>-nudges.json and prints a table.
Exit status: 0 targets met, 1 a target missed (BENCH_STRICT=0: 0), 2 the
benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VAR = ROOT / "bench" / "var"
SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
TARGET_SECONDS = 60.0
TARGET_MB = 150.0


def say(message: str) -> None:
    print(message, flush=True)


def pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def query(database: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
        cursor = conn.execute(sql)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def environment(data_dir: Path, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tending.settings",
        TENDING_DATA_DIR=str(data_dir),
        DATABASE_URL=f"{SERVER}/{database}",
        TENDING_EMAIL_BACKEND="file",
        TENDING_NUDGE_QUIET_START="00:00",  # no quiet hours, whatever the hour
        TENDING_NUDGE_QUIET_END="00:00",
        TENDING_LOG_LEVEL="warning",
    )
    return env


def peak_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def run_workers(count: int, env: dict[str, str]) -> dict[str, Any]:
    """Start `count` draining workers at once; wall time until all have exited."""
    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tending.cli", "manage", "worker", "--drain"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(count)
    ]
    peaks = [0] * count
    while any(w.poll() is None for w in workers):
        for index, worker in enumerate(workers):
            if worker.poll() is None:
                peaks[index] = max(peaks[index], peak_kb(worker.pid))
        time.sleep(0.1)
    seconds = time.monotonic() - started
    outputs = [w.stdout.read() if w.stdout else "" for w in workers]
    if any(w.returncode for w in workers):
        raise RuntimeError("a worker failed:\n" + "\n".join(outputs))
    reported = [re.search(r"peak memory (\d+) MB", out) for out in outputs]
    return {
        "workers": count,
        "seconds": round(seconds, 1),
        "peak_mb_sampled": [round(kb / 1024, 1) for kb in peaks],
        "peak_mb_reported": [int(m.group(1)) if m else None for m in reported],
        "drained": [re.findall(r"drained: (\d+)", out) for out in outputs],
    }


def count_mail(folder: Path) -> tuple[int, int]:
    ids: list[bytes] = []
    pattern = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE)
    for path in folder.glob("*.log"):
        ids += pattern.findall(path.read_bytes())
    return len(ids), len(set(ids))


def reset(database: str, mail: Path) -> None:
    query(database, "DELETE FROM nudges_notification")
    query(database, "DELETE FROM nudges_delivery")
    query(
        database,
        "UPDATE nudges_nudge SET next_fire_at = now(), lease_until = NULL, lease_owner = '', "
        "last_outcome = '' WHERE key LIKE 'seed:%'",
    )
    query(database, "VACUUM ANALYZE")
    shutil.rmtree(mail, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--couples", type=int, default=int(os.environ.get("BENCH_COUPLES", 50000)))
    args = parser.parse_args()
    database = os.environ.get("BENCH_PG_DB", "tending_bench_nudges")
    if not re.fullmatch(r"tending_bench\w*", database):
        sys.exit("bench: BENCH_PG_DB must start with tending_bench (it is dropped afterwards).")
    try:
        pg(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        pg(f"CREATE DATABASE {database}")
    except Exception as exc:
        say(f"bench/nudges.py: PostgreSQL is needed and not reachable ({exc}); skipped.")
        return 2 if os.environ.get("CI", "").lower() == "true" else 0
    data_dir = VAR / "nudges"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = environment(data_dir, database)
    nudges = args.couples * 2
    result: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "couples": args.couples,
        "nudges": nudges,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "runs": [],
    }
    try:
        say(f"Migrating {database} and seeding {nudges:,} due nudges for {args.couples:,} couples")
        subprocess.run([sys.executable, "-m", "tending.cli", "migrate"], env=env, cwd=ROOT,
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run([sys.executable, "-m", "tending.nudges.tests.seed", str(args.couples)],
                       env=env, cwd=ROOT, check=True, capture_output=True)  # fmt: skip
        for count in (1, 2):
            reset(database, data_dir / "mail")
            say(f"  {count} worker(s)…")
            run = run_workers(count, env)
            notified = query(database, "SELECT COUNT(*) FROM nudges_notification")[0][0]
            sent = query(database, "SELECT COUNT(*) FROM nudges_delivery WHERE status = 'sent'")
            raw, distinct = count_mail(data_dir / "mail")
            run.update(
                notifications=notified,
                emails_sent=sent[0][0],
                emails_written=raw,
                distinct_message_ids=distinct,
                nudges_per_second=round(nudges / run["seconds"]),
            )
            run["exactly_once"] = notified == nudges == raw == distinct
            result["runs"].append(run)
            say(
                f"    {run['seconds']} s, {run['nudges_per_second']:,} nudges/s, "
                f"peak {max(run['peak_mb_sampled'])} MB, exactly once: {run['exactly_once']}"
            )
    finally:
        pg(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(data_dir, ignore_errors=True)
    one, two = result["runs"]
    result["speedup_two_workers"] = round(one["seconds"] / two["seconds"], 2)
    result["passed"] = {
        "one_worker_under_60_s": one["seconds"] < TARGET_SECONDS,
        "memory_under_150_mb": all(
            mb < TARGET_MB for run in result["runs"] for mb in run["peak_mb_sampled"]
        ),
        "exactly_once": all(run["exactly_once"] for run in result["runs"]),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"{stamp}-nudges.json").write_text(json.dumps(result, indent=2) + "\n")
    say("")
    say("| workers | seconds | nudges/s | peak MB (each) | exactly once |")
    say("| ---: | ---: | ---: | --- | --- |")
    for run in result["runs"]:
        peaks = ", ".join(f"{mb:g}" for mb in run["peak_mb_sampled"])
        say(
            f"| {run['workers']} | {run['seconds']} | {run['nudges_per_second']:,} | {peaks} | "
            f"{run['exactly_once']} |"
        )
    say(f"\nTwo workers: {result['speedup_two_workers']}× one. Targets: {result['passed']}")
    say(f"Load average before: {result['load_average_before']} on {result['cpus']} cores.")
    if all(result["passed"].values()):
        return 0
    strict = os.environ.get("BENCH_STRICT", "1").strip().lower() not in ("0", "no", "false")
    return 1 if strict else 0


if __name__ == "__main__":
    sys.exit(main())
