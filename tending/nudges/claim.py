"""Claiming due rows so that any number of workers share them without overlap.

A claim is one short transaction: find due rows whose lease is free (never
taken, or expired because its worker died), and stamp them with this
worker's name and a lease that ends a little later. Only the worker named in
`lease_owner` may then record what it did with them (deliver.py checks that
in its own transaction, under a row lock), so a worker that was presumed dead
and wakes up late cannot record anything twice.

- PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` — concurrent claimers skip
  each other's rows instead of queuing on them; the UPDATE follows in the
  same transaction. Under READ COMMITTED a row freed meanwhile is re-checked
  against the WHERE clause before it is locked, so an already-leased row is
  never taken twice.
- SQLite: Tending opens every transaction with BEGIN IMMEDIATE (settings),
  which takes the database's single write lock first: claims are serialised,
  and the SELECT sees every committed lease.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from tending.nudges.models import OPEN_STATUSES, Delivery, Nudge


def lease() -> timedelta:
    """Long enough for a batch to be recorded and sent by a slow worker; a
    crash delays its batch by at most this much (TENDING_NUDGE_LEASE_SECONDS)."""
    return settings.NUDGE_LEASE


def worker_name() -> str:
    """Unique per process and start: host, pid and a random suffix."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _lease_free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def _skip_locked() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def claim_nudges(owner: str, now: datetime, limit: int) -> list[int]:
    """Lease up to `limit` due nudges, oldest first; returns their ids."""
    with transaction.atomic():
        due = Nudge.objects.filter(Q(next_fire_at__lte=now) & _lease_free(now)).order_by(
            "next_fire_at"
        )
        if _skip_locked():
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            Nudge.objects.filter(id__in=ids).update(lease_until=now + lease(), lease_owner=owner)
    return ids


def claim_deliveries(owner: str, now: datetime, limit: int) -> list[Any]:
    """Lease up to `limit` e-mails and pushes whose (next) attempt is due:
    new ones a crashed worker left behind, and retries after a failure."""
    with transaction.atomic():
        due = Delivery.objects.filter(
            Q(status__in=OPEN_STATUSES) & Q(next_attempt_at__lte=now) & _lease_free(now)
        ).order_by("next_attempt_at")
        if _skip_locked():
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            Delivery.objects.filter(id__in=ids).update(lease_until=now + lease(), lease_owner=owner)
    return ids
