"""The plan alone (no database): each day's question follows from it, a round
asks every question once, and swaps and new choices never bring one back early."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from tending.share import plan

POOL = [f"q:{n:02d}" for n in range(12)]
START = date(2026, 3, 1)


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


def test_the_same_plan_gives_the_same_questions_every_time() -> None:
    first = plan.fresh(START, POOL, seed=7)
    again = plan.fresh(START, list(reversed(POOL)), seed=7)
    assert [first.ref_on(d) for d in days(START, 40)] == [again.ref_on(d) for d in days(START, 40)]
    # Another couple (another seed) gets another order of the same questions.
    other = plan.fresh(START, POOL, seed=8)
    assert [other.ref_on(d) for d in days(START, 12)] != [first.ref_on(d) for d in days(START, 12)]


@pytest.mark.parametrize("seed", range(20))
def test_no_question_comes_back_before_the_pool_is_used_up(seed: int) -> None:
    p = plan.fresh(START, POOL, seed=seed)
    asked = [p.ref_on(d) for d in days(START, len(POOL) * 4)]
    for round_start in range(0, len(asked), len(POOL)):
        assert sorted(asked[round_start : round_start + len(POOL)]) == sorted(POOL)
    # Nor on the day a round turns into the next.
    assert all(a != b for a, b in pairwise(asked))


def test_before_the_start_there_is_no_question() -> None:
    p = plan.fresh(START, POOL, seed=1)
    assert p.ref_on(START - timedelta(days=1)) is None
    assert plan.fresh(START, [], seed=1).ref_on(START) is None


def test_a_swap_takes_a_question_still_to_come_and_it_does_not_come_again() -> None:
    p = plan.fresh(START, POOL, seed=3)
    today = START + timedelta(days=4)
    asked_before = [p.ref_on(d) for d in days(START, 5)]
    swapped = plan.swap(p, today, POOL, asked_today=p.ref_on(today) or "")
    assert swapped is not None
    instead, after = swapped
    assert instead not in asked_before
    rest_of_round = [after.ref_on(d) for d in days(today + timedelta(days=1), len(POOL) - 6)]
    shown = [*asked_before, instead, *rest_of_round]
    assert sorted(shown) == sorted(POOL)  # every question exactly once in the round


def test_a_swap_on_the_last_day_of_a_round_opens_the_next() -> None:
    p = plan.fresh(START, POOL[:3], seed=5)
    last = START + timedelta(days=2)
    swapped = plan.swap(p, last, POOL[:3], asked_today=p.ref_on(last) or "")
    assert swapped is not None
    instead, _after = swapped
    assert instead != p.ref_on(last)
    assert plan.swap(plan.fresh(START, ["q:only"], seed=1), START, ["q:only"], "q:only") is None


def test_new_choices_keep_todays_question_and_what_was_asked_stays_asked() -> None:
    p = plan.fresh(START, POOL, seed=11)
    today = START + timedelta(days=3)
    asked = [p.ref_on(d) for d in days(START, 4)]
    new_pool = [r for r in POOL if r not in ("q:00", "q:01")] + ["o:new1", "o:new2"]
    after = plan.replan(p, today, new_pool, asked_today=asked[-1], today_is_kept=False)
    assert after.ref_on(today) == asked[-1]
    upcoming = [after.ref_on(d) for d in days(today + timedelta(days=1), len(after.refs) - 1)]
    assert not set(upcoming) & set(asked)
    assert {"o:new1", "o:new2"} <= set(upcoming)
    assert not {"q:00", "q:01"} & set(upcoming)
    assert len(upcoming) == len(set(upcoming))


def test_a_replan_after_todays_row_starts_tomorrow() -> None:
    p = plan.fresh(START, POOL, seed=2)
    today = START + timedelta(days=1)
    after = plan.replan(p, today, POOL, asked_today=p.ref_on(today), today_is_kept=True)
    assert after.start == today + timedelta(days=1)
    assert after.ref_on(today) is None
    remaining = [after.ref_on(d) for d in days(after.start, len(POOL) - 2)]
    assert sorted([*remaining, p.ref_on(START), p.ref_on(today)]) == sorted(POOL)
