"""The drift rule on constructed histories: rising, falling, noisy, sparse,
one partner missing weeks, and partners drifting apart."""

from __future__ import annotations

from datetime import date, timedelta

from tending.pulse import drift

START = date(2025, 1, 6)
CALM = {
    "disconnected": 0,
    "physical": 1,
    "conflict": 0,
    "lonely": 0,
    "trust": 0,
    "closeness": 5,
    "satisfaction": 75,
}


def week(n: int) -> date:
    return START + timedelta(weeks=n)


def series(key: str, values: list[int | None], **base: int) -> dict[date, dict[str, int]]:
    """One partner's weeks from START: `values` for `key`, calm otherwise; None skips a week."""
    return {week(n): {**CALM, **base, key: v} for n, v in enumerate(values) if v is not None}


def found(history, upto: int) -> set[tuple[str, str]]:
    return {f.key for f in drift.detect(history, week(upto))}


# --- A sign stays high -------------------------------------------------------------


def test_a_rising_sign_fires_on_its_third_week_and_names_when_it_started() -> None:
    history = {"a": series("conflict", [0, 0, 1, 2, 3, 2]), "b": series("conflict", [0] * 6)}
    assert ("sign", "conflict") not in found(history, 4)  # two weeks high: not yet
    findings = drift.detect(history, week(5))
    [conflict] = [f for f in findings if f.key == ("sign", "conflict")]
    assert conflict.started == week(3)
    assert conflict.partners == frozenset({"a"})


def test_a_sign_that_came_back_down_no_longer_fires() -> None:
    history = {"a": series("lonely", [2, 2, 2, 1])}
    assert ("sign", "lonely") in found(history, 2)
    assert ("sign", "lonely") not in found(history, 3)


def test_one_skipped_week_does_not_break_a_run_but_two_do() -> None:
    one_gap = {"a": series("trust", [2, None, 3, 2])}
    assert ("sign", "trust") in found(one_gap, 3)
    two_gaps = {"a": series("trust", [2, None, None, 3, 2])}
    assert ("sign", "trust") not in found(two_gaps, 4)


def test_a_sign_high_for_both_partners_is_one_finding_for_both() -> None:
    history = {"a": series("physical", [2, 2, 2]), "b": series("physical", [1, 3, 3, 3])}
    [finding] = [f for f in drift.detect(history, week(3)) if f.key == ("sign", "physical")]
    assert finding.partners == {"a", "b"}
    assert finding.started == week(0)  # the earlier of the two runs


def test_noisy_answers_that_never_stay_high_do_not_fire() -> None:
    zigzag = [0, 3, 1, 4, 0, 2, 1, 3, 0, 4, 1, 2, 0, 3, 1, 4]
    closeness = [7, 3, 6, 4, 7, 2, 6, 5, 7, 3, 6, 4, 6, 3, 7, 4]
    history = {
        "a": {
            w: {**a, "closeness": c}
            for (w, a), c in zip(series("conflict", zigzag).items(), closeness, strict=True)
        },
        "b": series("conflict", [1] * 16),
    }
    assert found(history, 15) == set()


# --- Falling below one's own baseline --------------------------------------------


def test_closeness_falling_clearly_below_the_partners_own_baseline_fires() -> None:
    values = [5, 6, 5, 5, 6, 5, 5, 6, 5, 5, 6, 5, 4, 3, 3, 3]
    history = {"a": series("closeness", values), "b": series("closeness", [5] * 16)}
    findings = {f.key: f for f in drift.detect(history, week(15))}
    assert ("baseline", "closeness") in findings
    assert findings[("baseline", "closeness")].partners == frozenset({"a"})
    # It first held when the four recent weeks had become clearly lower.
    assert findings[("baseline", "closeness")].started == week(14)
    assert ("baseline", "closeness") not in found(history, 13)


def test_a_drop_within_the_partners_usual_spread_does_not_fire() -> None:
    # Someone who always moves between 2 and 7 dipping by 1.2 on average.
    values = [2, 7, 3, 7, 2, 6, 3, 7, 2, 7, 3, 6, 3, 4, 3, 4]
    history = {"a": series("closeness", values)}
    assert drift.baseline_drop(history["a"], "closeness", week(15)) is None


def test_satisfaction_falling_for_both_partners_names_both() -> None:
    base = [80] * 12
    history = {
        "a": series("satisfaction", [*base, 60, 55, 60, 55]),
        "b": series("satisfaction", [*base, 65, 60, 55, 60]),
    }
    [finding] = [f for f in drift.detect(history, week(15)) if f.rule == "baseline"]
    assert finding.item == "satisfaction"
    assert finding.partners == {"a", "b"}


def test_a_rise_is_not_drift() -> None:
    history = {"a": series("closeness", [3] * 12 + [6, 6, 7, 6])}
    assert found(history, 15) == set()


def test_too_little_history_is_never_enough_to_fire() -> None:
    # Five baseline weeks (six are needed) and a steep fall.
    sparse_baseline = {"a": series("closeness", [None] * 7 + [6] * 5 + [2, 2, 2, 2])}
    assert drift.baseline_drop(sparse_baseline["a"], "closeness", week(15)) is None
    # Enough baseline, but only two of the four recent weeks answered.
    sparse_recent = {"a": series("closeness", [6] * 12 + [2, None, None, 2])}
    assert drift.baseline_drop(sparse_recent["a"], "closeness", week(15)) is None
    # A fall with one recent week missing still counts (three of four).
    three_of_four = {"a": series("closeness", [6] * 12 + [2, None, 2, 2])}
    assert drift.baseline_drop(three_of_four["a"], "closeness", week(15)) == 4
    assert found({"a": {}}, 15) == set()
    assert found({}, 15) == set()


# --- The in-sync gap widening ----------------------------------------------------


def test_a_gap_widening_three_weeks_running_fires() -> None:
    history = {"a": series("closeness", [5, 5, 5, 5]), "b": series("closeness", [5, 4, 3, 2])}
    findings = {f.key: f for f in drift.detect(history, week(3))}
    assert ("gap", "closeness") in findings
    assert findings[("gap", "closeness")].started == week(1)  # the first week it grew
    assert findings[("gap", "closeness")].partners == {"a", "b"}


def test_a_gap_that_stops_widening_or_stays_small_does_not_fire() -> None:
    stopped = {"a": series("conflict", [0, 0, 0, 0]), "b": series("conflict", [0, 1, 2, 2])}
    assert ("gap", "conflict") not in found(stopped, 3)
    small = {"a": series("satisfaction", [80] * 4), "b": series("satisfaction", [80, 75, 70, 65])}
    assert ("gap", "satisfaction") not in found(small, 3)  # 15 apart is still in sync


def test_the_gap_needs_both_partners_every_week() -> None:
    a = series("closeness", [5, 5, 5, 5, 5])
    b = series("closeness", [5, 4, None, 3, 2])
    assert ("gap", "closeness") not in found({"a": a, "b": b}, 4)
    assert ("gap", "closeness") not in found({"a": a}, 4)


def test_weeks_after_the_evaluated_one_are_not_looked_at() -> None:
    history = {"a": series("conflict", [0, 0, 3, 3, 3])}
    assert ("sign", "conflict") not in found(history, 3)
