"""The deck file: a deck of questions as JSON, for import, export and the library.

One format for everything: Tending's own decks in `data/`, a deck a couple
exports to keep or to give to friends, and a deck a therapist writes. The
schema is documented in docs/share.md; this module is its only reader.

Reading is strict and all-or-nothing: the file is checked completely before
anything is stored, and a problem is reported in words that name it ("question
4: the depth must be light, personal or deep, not “medium”"). Text follows the
same rules as anything a partner writes (no markup, no control characters).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tending.lib.usertext import TextRefused, clean_partner_text
from tending.share.models import (
    MAX_DECK_DESCRIPTION_LENGTH,
    MAX_DECK_NAME_LENGTH,
    MAX_QUESTION_LENGTH,
    Theme,
    Tier,
)

FORMAT = "tending-deck"
VERSION = 1
MAX_FILE_BYTES = 256 * 1024
MAX_QUESTIONS = 500
MIN_QUESTION_LENGTH = 3
MAX_PROBLEMS_SHOWN = 5
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
DECK_FIELDS = {"format", "version", "key", "name", "description", "source", "questions"}
QUESTION_FIELDS = {"text", "tier", "theme", "key"}


class DeckFileRefused(ValueError):
    """The file cannot be imported; the message names every problem found (up to five)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        message = "; ".join(shown)
        if more:
            message += " " + _("(and %(count)d more problems)") % {"count": more}
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DeckQuestion:
    text: str
    tier: str
    theme: str = ""
    key: str = ""


@dataclass(frozen=True)
class DeckFile:
    name: str
    description: str = ""
    source: str = ""
    key: str = ""
    questions: list[DeckQuestion] = field(default_factory=list)


def _quote(value: Any, limit: int = 40) -> str:
    text = str(value)
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def check_size(size: int) -> None:
    """Refuse a file by its size alone, before reading it."""
    if size > MAX_FILE_BYTES:
        raise DeckFileRefused(
            [
                _("The file is %(size)d KB; a deck file can be at most %(max)d KB.")
                % {"size": -(-size // 1024), "max": MAX_FILE_BYTES // 1024}
            ]
        )


def parse_bytes(raw: bytes) -> DeckFile:
    """A deck from the bytes of an uploaded file, or DeckFileRefused."""
    check_size(len(raw))
    if not raw.strip():
        raise DeckFileRefused([_("The file is empty.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeckFileRefused([_("The file is not UTF-8 text; save it as UTF-8 JSON.")]) from None
    return parse_text(text)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_text(text: str) -> DeckFile:
    check_size(len(text.encode()))
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise DeckFileRefused(
            [
                _("The file is not valid JSON (line %(line)d, column %(column)d: %(reason)s).")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            ]
        ) from None
    except ValueError as error:
        raise DeckFileRefused(
            [_("The file uses %(value)s, which JSON does not allow.") % {"value": error}]
        ) from None
    except RecursionError:
        raise DeckFileRefused([_("The file is nested too deeply to be a deck.")]) from None
    return validate(data)


def _text(value: Any, where: str, max_length: int, required: bool, problems: list[str]) -> str:
    if value is None or value == "":
        if required:
            problems.append(_("%(where)s is missing.") % {"where": where})
        return ""
    if not isinstance(value, str):
        problems.append(_("%(where)s must be text.") % {"where": where})
        return ""
    try:
        return clean_partner_text(value, max_length)
    except TextRefused as refusal:
        if not value.strip():
            if required:
                problems.append(_("%(where)s is empty.") % {"where": where})
            return ""
        problems.append(f"{where}: {refusal}")
        return ""


def _choice(value: Any, where: str, choices: Any, problems: list[str], blank: bool) -> str:
    allowed = [str(v) for v in choices.values]
    if blank and value in (None, ""):
        return ""
    if isinstance(value, str) and value in allowed:
        return value
    problems.append(
        _("%(where)s must be one of %(allowed)s, not %(value)s.")
        % {"where": where, "allowed": ", ".join(allowed), "value": _quote(value)}
    )
    return ""


def _key(value: Any, where: str, problems: list[str]) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str) and _KEY.match(value):
        return value
    problems.append(
        _("%(where)s must be lower-case letters, digits and dashes (up to 60).") % {"where": where}
    )
    return ""


def _same(text: str) -> str:
    """Two questions are the same when they differ only in case and spacing."""
    return " ".join(text.casefold().split())


def validate(data: Any) -> DeckFile:
    """A deck from parsed JSON, or DeckFileRefused naming the problems."""
    if not isinstance(data, dict):
        raise DeckFileRefused(
            [_("The file must hold one JSON object (a deck), not a list or value.")]
        )
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(
            _("This is not a Tending deck: “format” must be “%(format)s”.") % {"format": FORMAT}
        )
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        problems.append(
            _("Unknown deck version %(version)s: this Tending reads version %(known)d.")
            % {"version": _quote(data.get("version")), "known": VERSION}
        )
    unknown = sorted(set(data) - DECK_FIELDS)
    if unknown:
        problems.append(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(_quote(f) for f in unknown)}
        )
    name = _text(data.get("name"), _("The deck's name"), MAX_DECK_NAME_LENGTH, True, problems)
    description = _text(
        data.get("description"),
        _("The description"),
        MAX_DECK_DESCRIPTION_LENGTH,
        False,
        problems,
    )
    source = _text(data.get("source"), _("The source"), MAX_DECK_NAME_LENGTH, False, problems)
    key = _key(data.get("key"), _("The deck's key"), problems)
    raw_questions = data.get("questions")
    questions: list[DeckQuestion] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(_("The deck needs a list of questions (“questions”)."))
    elif len(raw_questions) > MAX_QUESTIONS:
        problems.append(
            _("The deck has %(count)d questions; at most %(max)d fit in one deck.")
            % {"count": len(raw_questions), "max": MAX_QUESTIONS}
        )
    else:
        questions = _questions(raw_questions, problems)
    if problems:
        raise DeckFileRefused(problems)
    return DeckFile(name=name, description=description, source=source, key=key, questions=questions)


def _questions(raw_questions: list[Any], problems: list[str]) -> list[DeckQuestion]:
    questions: list[DeckQuestion] = []
    seen: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    for number, item in enumerate(raw_questions, start=1):
        where = _("Question %(number)d") % {"number": number}
        if not isinstance(item, dict):
            problems.append(
                _("%(where)s must be an object with a text and a tier.") % {"where": where}
            )
            continue
        unknown = sorted(set(item) - QUESTION_FIELDS)
        if unknown:
            problems.append(
                _("%(where)s has unknown fields: %(fields)s.")
                % {"where": where, "fields": ", ".join(_quote(f) for f in unknown)}
            )
        text = _text(item.get("text"), where, MAX_QUESTION_LENGTH, True, problems)
        if text and len(text) < MIN_QUESTION_LENGTH:
            problems.append(_("%(where)s is too short to be a question.") % {"where": where})
        tier = _choice(
            item.get("tier"),
            _("%(where)s: the depth (“tier”)") % {"where": where},
            Tier,
            problems,
            blank=False,
        )
        theme = _choice(
            item.get("theme"),
            _("%(where)s: the theme") % {"where": where},
            Theme,
            problems,
            blank=True,
        )
        key = _key(item.get("key"), _("%(where)s: the key") % {"where": where}, problems)
        if text:
            earlier = seen.setdefault(_same(text), number)
            if earlier != number:
                problems.append(
                    _("Question %(number)d repeats question %(earlier)d (%(text)s).")
                    % {"number": number, "earlier": earlier, "text": _quote(text)}
                )
        if key:
            earlier_key = seen_keys.setdefault(key, number)
            if earlier_key != number:
                problems.append(
                    _("Question %(number)d has the same key as question %(earlier)d.")
                    % {"number": number, "earlier": earlier_key}
                )
        questions.append(DeckQuestion(text=text, tier=tier, theme=theme, key=key))
    return questions


def to_data(deck: DeckFile) -> dict[str, Any]:
    """The JSON object of a deck, as export writes it (keys only when set)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if deck.key:
        data["key"] = deck.key
    data["name"] = deck.name
    if deck.description:
        data["description"] = deck.description
    if deck.source:
        data["source"] = deck.source
    data["questions"] = []
    for question in deck.questions:
        item: dict[str, Any] = {"text": question.text, "tier": question.tier}
        if question.theme:
            item["theme"] = question.theme
        if question.key:
            item["key"] = question.key
        data["questions"].append(item)
    return data


def to_json(deck: DeckFile) -> str:
    return json.dumps(to_data(deck), ensure_ascii=False, indent=2) + "\n"
