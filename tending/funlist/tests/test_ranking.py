"""The picker's ranking, rule by rule (tending/funlist/ranking.py)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tending.funlist import ranking
from tending.funlist.ranking import Ask, Candidate, rank

TODAY = date(2026, 3, 10)  # spring in the north
ME, PARTNER = "me", "partner"


def idea(title: str, **kwargs: object) -> Candidate:
    values: dict[str, object] = {
        "id": title,
        "title": title,
        "mutual": "yes",
        "duration_minutes": 60,
        "cost": 0,
        "energy": "easy",
        "author_id": ME,
        "by_viewer": True,
    }
    values.update(kwargs)
    return Candidate(**values)  # type: ignore[arg-type]


def titles(suggestions: list[ranking.Suggestion]) -> list[str]:
    return [s.candidate.title for s in suggestions]


def test_mutual_yes_comes_before_maybe() -> None:
    found = rank([idea("maybe", mutual="maybe"), idea("yes")], Ask(today=TODAY))
    assert titles(found) == ["yes", "maybe"]
    assert "you both said yes" in found[0].reasons
    assert "you're both open to it" in found[1].reasons


def test_ideas_without_a_mutual_answer_never_appear() -> None:
    found = rank([idea("one said no", mutual=""), idea("ok")], Ask(today=TODAY))
    assert titles(found) == ["ok"]


def test_new_comes_before_done() -> None:
    done = idea("done", times_done=2, last_done=date(2025, 1, 1))
    found = rank([done, idea("new")], Ask(today=TODAY))
    assert titles(found) == ["new", "done"]
    assert "new to you" in found[0].reasons
    assert "new to you" not in found[1].reasons


def test_done_recently_comes_after_done_long_ago() -> None:
    recent = idea("recent", times_done=1, last_done=date(2026, 3, 1))
    long_ago = idea("long ago", times_done=1, last_done=date(2025, 6, 1))
    found = rank([recent, long_ago], Ask(today=TODAY))
    assert titles(found) == ["long ago", "recent"]
    assert "not done for a while" in found[0].reasons


def test_a_yes_done_last_week_still_loses_to_a_new_yes_but_beats_nothing() -> None:
    found = rank(
        [idea("last week", times_done=1, last_done=date(2026, 3, 3)), idea("fresh")],
        Ask(today=TODAY),
    )
    assert titles(found) == ["fresh", "last week"]


def test_longer_than_the_window_is_left_out_and_a_good_fit_comes_first() -> None:
    ideas = [
        idea("sliver", duration_minutes=15),
        idea("fills it", duration_minutes=110),
        idea("too long", duration_minutes=180),
    ]
    found = rank(ideas, Ask(today=TODAY, window_minutes=120))
    assert titles(found) == ["fills it", "sliver"]
    assert "fits your 2 hours" in found[0].reasons
    weekend = rank([idea("Picnic", duration_minutes=180)], Ask(today=TODAY, window_minutes=1530))
    assert "plenty of time for it" in weekend[0].reasons


def test_budget_and_energy_are_ceilings() -> None:
    ideas = [
        idea("free cosy", cost=0, energy="cosy"),
        idea("pricey", cost=3, energy="cosy"),
        idea("active", cost=0, energy="active"),
        idea("easy", cost=1, energy="easy"),
    ]
    found = rank(ideas, Ask(today=TODAY, budget=1, energy="easy"))
    assert sorted(titles(found)) == ["easy", "free cosy"]
    # The energy asked for counts a little more than a lower one.
    assert titles(found)[0] == "easy"


def test_another_season_is_left_out() -> None:
    ideas = [idea("sledging", season="snowy"), idea("blossom", season="spring"), idea("any")]
    found = rank(ideas, Ask(today=TODAY))
    assert sorted(titles(found)) == ["any", "blossom"]
    south = rank(ideas, Ask(today=TODAY, hemisphere_south=True))
    assert titles(south) == ["any"]  # March is autumn in the south


def test_whose_idea_comes_first_alternates() -> None:
    ideas = [
        idea("mine 1", author_id=ME),
        idea("mine 2", author_id=ME),
        idea("theirs 1", author_id=PARTNER, by_viewer=False),
        idea("theirs 2", author_id=PARTNER, by_viewer=False),
    ]
    found = rank(ideas, Ask(today=TODAY, first_author=PARTNER))
    assert [s.candidate.author_id for s in found] == [PARTNER, ME, PARTNER, ME]
    assert "your partner's idea" in found[0].reasons
    assert "your partner's idea" not in found[1].reasons
    mine_first = rank(ideas, Ask(today=TODAY, first_author=ME))
    assert [s.candidate.author_id for s in mine_first] == [ME, PARTNER, ME, PARTNER]


def test_alternation_never_puts_a_much_weaker_idea_first() -> None:
    # A partner's "maybe" done last week is far weaker than my new yes.
    weak = idea(
        "theirs", author_id=PARTNER, mutual="maybe", times_done=1, last_done=date(2026, 3, 5)
    )
    found = rank([weak, idea("mine")], Ask(today=TODAY, first_author=PARTNER))
    assert titles(found) == ["mine", "theirs"]


def test_first_author_is_who_did_not_have_the_last_idea_done() -> None:
    assert ranking.first_author("a", ["a", "b"], "a") == "b"
    assert ranking.first_author("b", ["a", "b"], "a") == "a"
    # No history: the viewer's partner's idea first (trying what they suggest).
    assert ranking.first_author(None, ["a", "b"], "a") == "b"
    assert ranking.first_author(None, ["a"], "a") == "a"


def test_limit_and_deterministic_ties() -> None:
    ideas = [idea(f"idea {n:02d}") for n in range(20)]
    found = rank(ideas, Ask(today=TODAY), limit=5)
    assert titles(found) == [f"idea {n:02d}" for n in range(5)]


def test_surprise_picks_from_the_top_three() -> None:
    found = rank([idea(f"idea {n}") for n in range(8)], Ask(today=TODAY))
    picks = set()
    for seed in range(60):
        chosen = ranking.surprise(found, random.Random(seed))  # noqa: S311 - seeded for the test
        assert chosen is not None
        picks.add(chosen.candidate.title)
    assert picks == {"idea 0", "idea 1", "idea 2"}
    assert ranking.surprise([], random.Random(1)) is None  # noqa: S311


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (45, "45 minutes"),
        (60, "1 hour"),
        (120, "2 hours"),
        (90, "1 h 30 min"),
        (4 * 60 + 50, "4 h 50 min"),
        (6 * 60 + 15, "over 6 hours"),
        (2880, "2 days"),
        (25 * 60 + 30, "over a day"),
        (2 * 1440 + 90, "over 2 days"),
    ],
)
def test_durations_read_naturally(minutes: int, text: str) -> None:
    assert ranking.describe_minutes(minutes) == text


@pytest.mark.parametrize(
    ("day", "north", "south"),
    [(date(2026, 1, 5), "winter", "summer"), (date(2026, 7, 1), "summer", "winter")],
)
def test_seasons(day: date, north: str, south: str) -> None:
    assert ranking.season_of(day) == north
    assert ranking.season_of(day, south=True) == south
