"""The drift early-warning rule: when has the picture clearly worsened?

Pure functions over a couple's history (per partner, week start → answers),
so that the rule can be tested on constructed histories. It only ever sees
settled weeks (both checked in, or closed: `models.settled`), so an alert
never draws on a week still open to answers. docs/pulse.md explains each
threshold.

Three rules, each per item:

SIGN      a warning sign answered 2 ("somewhat") or more by one partner in
          three check-ins in a row. One skipped week does not break the run
          (people miss weeks), two skipped weeks in a row do.
BASELINE  closeness or satisfaction of one partner: the mean of the last four
          weeks has fallen below the mean of the twelve weeks before them by
          at least a fixed step (1 circle; 15 of 100) *and* by more than that
          partner's own usual week-to-week spread. Needs at least three of
          the four recent weeks and six of the twelve baseline weeks.
GAP       the distance between the partners' answers to one item grew in
          each of three weeks running (four weeks in a row, both answered)
          and is now at least a noticeable size.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean, pstdev

from tending.pulse.questions import METRIC_KEYS, SIGN_KEYS

WEEK = timedelta(days=7)

SIGN_ELEVATED = 2  # "somewhat" on the 0-4 scale
SIGN_RUN = 3
RECENT_WEEKS = 4
BASELINE_WEEKS = 12
MIN_RECENT_ANSWERS = 3
MIN_BASELINE_ANSWERS = 6
MIN_DROP = {"closeness": 1.0, "satisfaction": 15.0}
GAP_RUN = 3  # widenings in a row
NOTICEABLE_GAP = {**dict.fromkeys(SIGN_KEYS, 2), "closeness": 2, "satisfaction": 20}
# How far back a finding's start is looked for; beyond this the start is
# reported as this far back (the alert row keeps the first start it saw).
LOOKBACK_WEEKS = 26

Answers = Mapping[str, int]  # metric key → value, as in questions.METRIC_KEYS
PartnerHistory = Mapping[date, Answers]  # week start → that partner's answers
History = Mapping[Hashable, PartnerHistory]  # partner → their weeks


@dataclass(frozen=True)
class Finding:
    rule: str  # "sign", "baseline" or "gap"
    item: str  # a key of questions.METRIC_KEYS
    started: date  # the first week of the episode
    partners: frozenset[Hashable]  # whose answers show it (both for "gap")

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.item)


def detect(history: History, upto: date) -> list[Finding]:
    """Everything that holds at week `upto`, considering only weeks up to it."""
    findings = [
        *_sign_findings(history, upto),
        *_baseline_findings(history, upto),
        *_gap_findings(history, upto),
    ]
    return sorted(findings, key=lambda f: (f.started, f.rule, f.item))


# --- SIGN ------------------------------------------------------------------------


def sign_run(weeks: PartnerHistory, item: str, upto: date) -> tuple[int, date | None]:
    """How many check-ins in a row, ending at `upto`, had `item` elevated, and
    the week the run began. A single missing week is stepped over."""
    run, first, missing = 0, None, 0
    week = upto
    for _ in range(LOOKBACK_WEEKS * 2):
        answers = weeks.get(week)
        if answers is None:
            missing += 1
            if missing > 1:
                break
        else:
            if answers[item] < SIGN_ELEVATED:
                break
            run, first, missing = run + 1, week, 0
        week -= WEEK
    return run, first


def _sign_findings(history: History, upto: date) -> list[Finding]:
    findings = []
    for item in SIGN_KEYS:
        starts = {}
        for partner, weeks in history.items():
            run, first = sign_run(weeks, item, upto)
            if run >= SIGN_RUN and first is not None:
                starts[partner] = first
        if starts:
            findings.append(Finding("sign", item, min(starts.values()), frozenset(starts)))
    return findings


# --- BASELINE --------------------------------------------------------------------


def _values(weeks: PartnerHistory, item: str, newest: date, count: int) -> list[int]:
    return [weeks[week][item] for n in range(count) if (week := newest - WEEK * n) in weeks]


def baseline_drop(weeks: PartnerHistory, item: str, upto: date) -> float | None:
    """How far the recent mean fell below the baseline, when clearly so; else None."""
    recent = _values(weeks, item, upto, RECENT_WEEKS)
    baseline = _values(weeks, item, upto - WEEK * RECENT_WEEKS, BASELINE_WEEKS)
    if len(recent) < MIN_RECENT_ANSWERS or len(baseline) < MIN_BASELINE_ANSWERS:
        return None
    drop = fmean(baseline) - fmean(recent)
    if drop >= MIN_DROP[item] and drop > pstdev(baseline):
        return drop
    return None


def _baseline_start(weeks: PartnerHistory, item: str, upto: date) -> date:
    start = upto
    week = upto - WEEK
    for _ in range(LOOKBACK_WEEKS):
        if baseline_drop(weeks, item, week) is None:
            break
        start, week = week, week - WEEK
    return start


def _baseline_findings(history: History, upto: date) -> list[Finding]:
    findings = []
    for item in ("closeness", "satisfaction"):
        starts = {
            partner: _baseline_start(weeks, item, upto)
            for partner, weeks in history.items()
            if baseline_drop(weeks, item, upto) is not None
        }
        if starts:
            findings.append(Finding("baseline", item, min(starts.values()), frozenset(starts)))
    return findings


# --- GAP -------------------------------------------------------------------------


def gap_at(history: History, item: str, week: date) -> int | None:
    """How far apart the two partners' answers were that week, if both answered."""
    if len(history) != 2:
        return None
    first, second = (weeks.get(week) for weeks in history.values())
    if first is None or second is None:
        return None
    return abs(first[item] - second[item])


def _gap_findings(history: History, upto: date) -> list[Finding]:
    findings = []
    for item in METRIC_KEYS:
        latest = gap_at(history, item, upto)
        if latest is None or latest < NOTICEABLE_GAP[item]:
            continue
        widenings, week, gap = 0, upto, latest
        for _ in range(LOOKBACK_WEEKS):
            before = gap_at(history, item, week - WEEK)
            if before is None or before >= gap:
                break
            widenings, week, gap = widenings + 1, week - WEEK, before
        if widenings >= GAP_RUN:
            # `week` is the last week before it began to widen.
            findings.append(Finding("gap", item, week + WEEK, frozenset(history)))
    return findings
