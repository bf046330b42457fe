"""The satisfaction score as docs/pulse.md documents it: four items of 0-5,
summed and stretched to 0-100, one step on one item being 5 points."""

from __future__ import annotations

import pytest

from tending.pulse import questions as q


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        ((0, 0, 0, 0), 0),
        ((5, 5, 5, 5), 100),
        ((4, 4, 4, 4), 80),
        ((1, 0, 0, 0), 5),
        ((3, 2, 5, 0), 50),
    ],
)
def test_satisfaction_is_the_sum_of_four_items_times_five(answers, score) -> None:
    assert q.satisfaction_score(list(answers)) == score


@pytest.mark.parametrize("answers", [(4, 4, 4), (4, 4, 4, 4, 4), (6, 0, 0, 0), (-1, 0, 0, 0)])
def test_anything_but_four_answers_of_0_to_5_is_refused(answers) -> None:
    with pytest.raises(ValueError, match="answer"):
        q.satisfaction_score(list(answers))
