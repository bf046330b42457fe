"""Which question a couple gets on which day: a plan, computed, never guessed.

A plan is a start day, the order of the current round of questions from that
day on (`refs`), and the pool later rounds are shuffled from (`pool`, with a
`seed`). The question of any day follows from the plan alone, so:

- it is the same for both partners and on every reload, and reading it writes
  nothing (a page view never changes what the next page view shows);
- the day is the couple's local date, so partners in different time zones
  share one day, and the question changes at the couple's midnight;
- a round holds every question of the pool once, in a shuffled order: no
  question comes back before the pool is used up, and the next round does not
  start with the question the last one ended on.

The plan changes only when the couple does something: a skip, new choices, a
new or deleted question. `replan()` then keeps what was already asked in this
round out of the rest of it, and adds questions that are new to the pool.

A question is named by a ref: "q:<hex id>" for the library, "o:<hex id>" for
an own deck.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


def shuffled(refs: Iterable[str], seed: int, salt: str) -> list[str]:
    """A deterministic shuffle: the same refs, seed and salt give the same order
    on every machine and in every Python process."""
    digest = hashlib.sha256(f"{seed}:{salt}".encode()).digest()
    order = sorted(refs)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)  # noqa: S311 - not a secret
    return order


@dataclass(frozen=True)
class Plan:
    start: date
    refs: Sequence[str]
    pool: Sequence[str]
    seed: int
    _rounds: dict[int, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def _raw_round(self, number: int) -> list[str]:
        if number not in self._rounds:
            self._rounds[number] = shuffled(self.pool, self.seed, f"round-{number}")
        return self._rounds[number]

    def round(self, number: int) -> list[str]:
        """Round `number` (1, 2, …) after the first (`refs`): the whole pool,
        never starting with the question the round before ended on."""
        order = list(self._raw_round(number))
        if number == 1:
            previous_last = self.refs[-1] if self.refs else None
        else:
            previous_last = self._raw_round(number - 1)[-1]
        if len(order) > 1 and order[0] == previous_last:
            order[0], order[1] = order[1], order[0]
        return order

    def locate(self, day: date) -> tuple[int, int] | None:
        """(round, index) of `day`: round 0 is `refs`; None before the start or
        when there is nothing to ask."""
        n = (day - self.start).days
        if n < 0:
            return None
        if n < len(self.refs):
            return 0, n
        if not self.pool:
            return None
        number, index = divmod(n - len(self.refs), len(self.pool))
        return number + 1, index

    def ref_on(self, day: date) -> str | None:
        place = self.locate(day)
        if place is None:
            return None
        number, index = place
        return self.refs[index] if number == 0 else self.round(number)[index]

    def still_to_come(self, day: date) -> list[str]:
        """The refs of `day`'s round that come after it (all of the first round
        for a day before the start)."""
        place = self.locate(day)
        if place is None:
            return list(self.refs) if day < self.start else []
        number, index = place
        current = list(self.refs) if number == 0 else self.round(number)
        return current[index + 1 :]


def fresh(start: date, pool: Sequence[str], seed: int) -> Plan:
    """The plan of a couple that has not changed anything yet."""
    return Plan(start=start, refs=shuffled(pool, seed, "round-0"), pool=sorted(pool), seed=seed)


def replan(
    plan: Plan, today: date, pool: Sequence[str], asked_today: str | None, today_is_kept: bool
) -> Plan:
    """A new plan from `today` (or tomorrow, when today's question is kept in a
    day row already) after the pool changed or a question was swapped.

    What this round has still to ask stays to come (if it is still in the
    pool), questions new to the pool join it, and `asked_today` counts as
    asked. With `today_is_kept` false, today's question stays today's: the
    new plan starts today with it."""
    old_pool = set(plan.pool)
    new_pool = sorted(set(pool))
    in_pool = set(new_pool)
    to_come = [r for r in plan.still_to_come(today) if r in in_pool and r != asked_today]
    to_come += [r for r in new_pool if r not in old_pool and r != asked_today and r not in to_come]
    order = shuffled(to_come, plan.seed, f"replan-{today.isoformat()}-{len(to_come)}")
    if today_is_kept:
        return Plan(start=today + timedelta(days=1), refs=order, pool=new_pool, seed=plan.seed)
    first = [asked_today] if asked_today else []
    return Plan(start=today, refs=first + order, pool=new_pool, seed=plan.seed)


def swap(plan: Plan, today: date, pool: Sequence[str], asked_today: str) -> tuple[str, Plan] | None:
    """Another question for today instead of `asked_today`, and the plan from
    tomorrow on; None when the pool has no other question."""
    new_pool = sorted(set(pool))
    in_pool = set(new_pool)
    to_come = [r for r in plan.still_to_come(today) if r in in_pool and r != asked_today]
    old_pool = set(plan.pool)
    to_come += [r for r in new_pool if r not in old_pool and r != asked_today and r not in to_come]
    if not to_come:
        # The round is used up: the swap opens the next one.
        to_come = [r for r in new_pool if r != asked_today]
    if not to_come:
        return None
    order = shuffled(to_come, plan.seed, f"swap-{today.isoformat()}")
    instead = order[0]
    return instead, Plan(
        start=today + timedelta(days=1), refs=order[1:], pool=new_pool, seed=plan.seed
    )
