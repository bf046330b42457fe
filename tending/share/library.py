"""Tending's own questions: loaded from `tending/share/data/*.json` into the library.

The data files are deck files (deckfile.py), one per theme. `sync()` makes the
library match them: new decks and questions are added, changed text is
updated, and what left the files is retired (kept, because days already asked
from it name it) rather than deleted. Ids come from the keys, so a question
has the same id on every installation and after every reload.

It runs after every `tending migrate` (post_migrate, see apps.py), and on
demand with `tending manage share_questions`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tending.share.deckfile import DeckFile, parse_bytes

DATA_DIR = Path(__file__).resolve().parent / "data"
# Fixed forever: ids derived from it are how the library stays stable.
NAMESPACE = uuid.UUID("6f1c2a4e-8d0b-4b5e-9a55-3c0f7e2d1b90")


def deck_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"deck:{key}")


def question_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"question:{key}")


def read_decks(folder: Path = DATA_DIR) -> list[DeckFile]:
    """Every deck file of the folder, in file-name order; each must have keys."""
    decks = []
    for path in sorted(folder.glob("*.json")):
        deck = parse_bytes(path.read_bytes())
        missing = [q.text for q in deck.questions if not q.key]
        if not deck.key or missing:
            raise ValueError(f"{path.name}: the library needs a key on the deck and every question")
        decks.append(deck)
    return decks


@dataclass
class SyncReport:
    decks: int = 0
    added: int = 0
    updated: int = 0
    retired: int = 0

    def __str__(self) -> str:
        return (
            f"{self.decks} decks: {self.added} questions added, {self.updated} updated, "
            f"{self.retired} retired"
        )


def sync(deck_model: Any, question_model: Any, using: str = "default") -> SyncReport:
    """Make the library tables match the data files. Takes the models as
    arguments so that a migration could pass its historical ones."""
    report = SyncReport()
    decks = read_decks()
    existing_decks = {d.key: d for d in deck_model.objects.using(using).all()}
    existing_questions = {q.key: q for q in question_model.objects.using(using).all()}
    wanted_questions: set[str] = set()
    for position, deck in enumerate(decks):
        report.decks += 1
        fields = {
            "name": deck.name,
            "description": deck.description,
            "position": position,
            "retired": False,
        }
        row = existing_decks.pop(deck.key, None)
        if row is None:
            row = deck_model(id=deck_id(deck.key), key=deck.key, **fields)
            row.save(using=using)
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            row.save(using=using)
        new = []
        for index, question in enumerate(deck.questions):
            wanted_questions.add(question.key)
            values = {
                "deck_id": row.id,
                "text": question.text,
                "tier": question.tier,
                "theme": question.theme,
                "position": index,
                "retired": False,
            }
            current = existing_questions.get(question.key)
            if current is None:
                new.append(question_model(id=question_id(question.key), key=question.key, **values))
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                current.save(using=using)
                report.updated += 1
        question_model.objects.using(using).bulk_create(new)
        report.added += len(new)
    for row in existing_decks.values():
        if not row.retired:
            row.retired = True
            row.save(using=using)
    gone = [
        key
        for key, q in existing_questions.items()
        if key not in wanted_questions and not q.retired
    ]
    report.retired = question_model.objects.using(using).filter(key__in=gone).update(retired=True)
    return report
