"""The gentle helper's sentence set and how it is scored, shared by the tests
and by `scripts/gentle-scores`, which writes the figures into docs/appreciate.md."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tending.lib.gentle import find_harsh_phrasing

DATA = Path(__file__).with_name("gentle_sentences.tsv")


@dataclass(frozen=True)
class Case:
    expected: bool
    group: str
    sentence: str


@dataclass(frozen=True)
class Scores:
    total: int
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    def as_markdown(self) -> str:
        return (
            f"On our {self.total} sentences ({self.true_positives + self.false_negatives} "
            f"that should be flagged, {self.true_negatives + self.false_positives} that "
            f"should not): precision {self.precision:.2f}, recall {self.recall:.2f} "
            f"({self.true_positives} flagged rightly, {self.false_positives} flagged wrongly, "
            f"{self.false_negatives} missed)."
        )


def load_cases() -> list[Case]:
    cases = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        expected, group, sentence = line.split("\t", 2)
        assert expected in ("flag", "keep"), line
        cases.append(Case(expected == "flag", group, sentence))
    return cases


def flags(sentence: str) -> bool:
    return bool(find_harsh_phrasing(sentence))


def score(cases: list[Case]) -> Scores:
    outcomes = [(case.expected, flags(case.sentence)) for case in cases]
    return Scores(
        total=len(outcomes),
        true_positives=sum(e and f for e, f in outcomes),
        false_positives=sum(not e and f for e, f in outcomes),
        false_negatives=sum(e and not f for e, f in outcomes),
        true_negatives=sum(not e and not f for e, f in outcomes),
    )
