"""Decks: Tending's library, own decks, and deck files in and out — a broken or
hostile file is refused with a message naming the problem, and nothing of it is kept."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tending.share import deckfile, library
from tending.share.models import LibraryDeck, LibraryQuestion, OwnDeck, OwnQuestion, Theme, Tier
from tending.share.tests.helpers import API, api_post


def deck(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "tending-deck",
        "version": 1,
        "name": "Questions from Dr Rivera",
        "source": "Dr Rivera",
        "questions": [
            {"text": "What felt good this week?", "tier": "light"},
            {"text": "When did you feel alone lately?", "tier": "deep", "theme": "us"},
        ],
    }
    data.update(overrides)
    return data


def upload(client: Any, content: bytes | str, name: str = "deck.json") -> Any:
    raw = content.encode() if isinstance(content, str) else content
    return client.post(
        "/share/decks/import/",
        {"file": SimpleUploadedFile(name, raw, "application/json"), "visibility": "partner"},
    )


def nothing_imported() -> bool:
    return not OwnDeck.objects.exists() and not OwnQuestion.objects.exists()


# --- The library -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_library_holds_enough_questions_of_every_tier_and_theme() -> None:
    questions = LibraryQuestion.objects.filter(retired=False)
    assert questions.count() >= 180
    tiers = Counter(questions.values_list("tier", flat=True))
    assert all(tiers[t] >= 50 for t in Tier.values), tiers
    assert set(questions.values_list("theme", flat=True)) == set(Theme.values)
    texts = [" ".join(t.casefold().split()) for t in questions.values_list("text", flat=True)]
    assert len(texts) == len(set(texts)), "a question appears twice in the library"


@pytest.mark.django_db
def test_reloading_the_library_changes_nothing_and_keeps_ids() -> None:
    before = dict(LibraryQuestion.objects.values_list("key", "id"))
    report = library.sync(LibraryDeck, LibraryQuestion)
    assert (report.added, report.updated, report.retired) == (0, 0, 0)
    assert dict(LibraryQuestion.objects.values_list("key", "id")) == before
    assert before["us-deep-1"] == library.question_id("us-deep-1")


@pytest.mark.django_db
def test_a_question_gone_from_the_files_is_retired_not_deleted() -> None:
    LibraryQuestion.objects.create(
        id=library.question_id("old-one"),
        key="old-one",
        deck=LibraryDeck.objects.first(),
        text="An old question?",
        tier=Tier.LIGHT,
    )
    report = library.sync(LibraryDeck, LibraryQuestion)
    assert report.retired == 1
    assert LibraryQuestion.objects.get(key="old-one").retired


# --- Writing own decks ---------------------------------------------------------------


def test_a_partner_writes_a_deck_the_other_reads_but_cannot_change(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    response = client_a.post(
        "/share/decks/new/", {"name": "Ours", "description": "", "visibility": "partner"}
    )
    assert response.status_code == 302
    own = OwnDeck.objects.get()
    add = client_a.post(
        f"/share/decks/{own.pk}/questions/", {"text": "Which song is ours?", "tier": "light"}
    )
    assert add.status_code == 302
    page_b = client_b.get(f"/share/decks/{own.pk}/").content.decode()
    assert "Which song is ours?" in page_b
    assert "Written by Ada: only they can change it." in page_b
    question = OwnQuestion.objects.get()
    assert (
        client_b.post(
            f"/share/questions/{question.pk}/edit/", {"text": "Changed?", "tier": "deep"}
        ).status_code
        == 403
    )
    assert client_b.post(f"/share/decks/{own.pk}/delete/").status_code == 403
    assert OwnQuestion.objects.get().text == "Which song is ours?"


def test_a_draft_deck_is_the_authors_alone(personas: Any, client_a: Any, client_b: Any) -> None:
    client_a.post("/share/decks/new/", {"name": "Draft", "visibility": "private"})
    own = OwnDeck.objects.get()
    assert client_b.get(f"/share/decks/{own.pk}/").status_code == 404
    assert "Draft" not in client_b.get("/share/decks/").content.decode()
    assert client_b.get(f"{API}/decks/{own.pk}").status_code == 404


def test_bad_questions_are_refused_and_nothing_is_stored(personas: Any, client_a: Any) -> None:
    client_a.post("/share/decks/new/", {"name": "Ours", "visibility": "partner"})
    own = OwnDeck.objects.get()
    for data, message in (
        ({"text": "", "tier": "light"}, "This field is required."),
        ({"text": "Fine?", "tier": "medium"}, "Select a valid choice."),
        ({"text": "<b>Bold?</b>", "tier": "light"}, "Plain words only"),
        ({"text": "x" * 401, "tier": "light"}, "at most 400 characters"),
    ):
        response = client_a.post(f"/share/decks/{own.pk}/questions/", data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not OwnQuestion.objects.exists()


# --- Import and export -----------------------------------------------------------------


def test_a_deck_file_is_imported_whole(personas: Any, client_a: Any, client_b: Any) -> None:
    response = upload(client_a, json.dumps(deck()))
    assert response.status_code == 302
    own = OwnDeck.objects.get()
    assert (own.name, own.source, own.author, own.visibility) == (
        "Questions from Dr Rivera",
        "Dr Rivera",
        personas.a,
        "partner",
    )
    assert list(OwnQuestion.objects.values_list("text", "tier", "theme")) == [
        ("What felt good this week?", "light", ""),
        ("When did you feel alone lately?", "deep", "us"),
    ]
    assert (
        "When did you feel alone lately?"
        in client_b.get(f"/share/decks/{own.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[1, 2, 3]", "one JSON object"),
        ("", "The submitted file is empty."),
        ("   ", "The file is empty."),
        (json.dumps(deck(format="quiz")), "This is not a Tending deck"),
        (json.dumps(deck(version=2)), "Unknown deck version “2”"),
        (json.dumps(deck(version=True)), "Unknown deck version"),
        (json.dumps(deck(colour="red")), "Unknown fields: “colour”"),
        (json.dumps(deck(name="")), "The deck&#x27;s name is missing."),
        (json.dumps(deck(questions=[])), "needs a list of questions"),
        (json.dumps(deck(questions=[{"text": "Why?", "tier": "medium"}])), "not “medium”"),
        (json.dumps(deck(questions=[{"text": "Hi", "tier": "light"}])), "too short"),
        (json.dumps(deck(questions=[{"text": 42, "tier": "light"}])), "Question 1 must be text"),
        (json.dumps(deck(questions=["Why?"])), "Question 1 must be an object"),
        (json.dumps(deck(questions=[{"text": "Why?", "tier": "light", "hint": "x"}])), "“hint”"),
        ('{"format": "tending-deck", "version": NaN}', "JSON does not allow"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message_naming_the_problem(
    personas: Any, client_a: Any, content: Any, problem: str
) -> None:
    response = upload(client_a, content)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert nothing_imported()


def test_an_oversized_file_is_refused_before_it_is_read(personas: Any, client_a: Any) -> None:
    response = upload(client_a, b" " * (deckfile.MAX_FILE_BYTES + 1))
    assert response.status_code == 400
    assert "a deck file can be at most 256 KB" in response.content.decode()
    many = deck(questions=[{"text": f"Question number {n}?", "tier": "light"} for n in range(501)])
    response = upload(client_a, json.dumps(many))
    assert "The deck has 501 questions; at most 500" in response.content.decode()
    long = deck(questions=[{"text": "Why " + "o" * 400 + "?", "tier": "light"}])
    response = upload(client_a, json.dumps(long))
    assert "Question 1: Please keep it under 400 characters" in response.content.decode()
    assert nothing_imported()


def test_a_file_with_a_question_twice_is_refused(personas: Any, client_a: Any) -> None:
    twice = deck(
        questions=[
            {"text": "What made you laugh?", "tier": "light"},
            {"text": "Something else?", "tier": "deep"},
            {"text": "  what made you  LAUGH? ", "tier": "deep"},
        ]
    )
    response = upload(client_a, json.dumps(twice))
    assert response.status_code == 400
    assert "Question 3 repeats question 1" in response.content.decode()
    assert nothing_imported()


def test_the_same_deck_twice_is_refused_the_second_time(personas: Any, client_a: Any) -> None:
    assert upload(client_a, json.dumps(deck())).status_code == 302
    again = upload(client_a, json.dumps(deck()))
    assert again.status_code == 400
    assert "There is already a deck called Questions from Dr Rivera" in again.content.decode()
    assert OwnDeck.objects.count() == 1
    assert OwnQuestion.objects.count() == 2


def test_script_bearing_content_is_refused_and_every_echo_is_escaped(
    personas: Any, client_a: Any
) -> None:
    hostile = deck(
        name="<img src=x onerror=alert(1)>",
        questions=[
            {"text": "Fine question?", "tier": "light"},
            {"text": "<script>alert('hi')</script> What now?", "tier": "light"},
        ],
    )
    response = upload(client_a, json.dumps(hostile))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Question 2: Plain words only" in html
    assert "The deck&#x27;s name: Plain words only" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert nothing_imported()
    # Pasted, the same file is refused the same way, and the pasted text comes back escaped.
    pasted = client_a.post(
        "/share/decks/import/", {"pasted": json.dumps(hostile), "visibility": "partner"}
    )
    assert pasted.status_code == 400
    assert "<script>" not in pasted.content.decode()
    assert "&lt;script&gt;" in pasted.content.decode()
    assert nothing_imported()


def test_harmless_angle_brackets_are_kept_and_shown_escaped(personas: Any, client_a: Any) -> None:
    friendly = deck(
        name="Us & “them”",
        questions=[{"text": 'What do you <3 about "us" & why?', "tier": "light"}],
    )
    assert upload(client_a, json.dumps(friendly)).status_code == 302
    own = OwnDeck.objects.get()
    page = client_a.get(f"/share/decks/{own.pk}/").content.decode()
    assert "What do you &lt;3 about &quot;us&quot; &amp; why?" in page
    assert "Us &amp; “them”" in page


def test_the_api_refuses_bad_files_the_same_way(personas: Any, client_a: Any) -> None:
    response = api_post(client_a, "/decks/import", deck(questions=[{"text": "Why?", "tier": "x"}]))
    assert response.status_code == 422
    assert "tier" in response.json()["detail"]
    response = api_post(
        client_a,
        "/decks/import",
        deck(questions=[{"text": "Again?", "tier": "light"}, {"text": "again?", "tier": "deep"}]),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Question 2 repeats question 1 (“again?”)."
    response = api_post(client_a, "/decks/import", deck(name="<b>x</b>"))
    assert response.status_code == 400
    assert nothing_imported()
    assert api_post(client_a, "/decks/import", deck()).status_code == 201


def test_export_then_import_gives_the_same_deck(
    personas: Any, client_a: Any, client_c: Any
) -> None:
    upload(client_a, json.dumps(deck()))
    own = OwnDeck.objects.get()
    exported = client_a.get(f"/share/decks/{own.pk}/export/")
    assert exported["Content-Disposition"] == (
        'attachment; filename="questions-from-dr-rivera.tending-deck.json"'
    )
    data = json.loads(exported.content)
    assert data == {
        "format": "tending-deck",
        "version": 1,
        "name": "Questions from Dr Rivera",
        "source": "Dr Rivera",
        "questions": [
            {"text": "What felt good this week?", "tier": "light"},
            {"text": "When did you feel alone lately?", "tier": "deep", "theme": "us"},
        ],
    }
    # Another couple imports it as their own.
    assert client_c.get(f"/share/decks/{own.pk}/export/").status_code == 404
    assert upload(client_c, exported.content).status_code == 302
    assert OwnDeck.objects.filter(couple=personas.other_couple).count() == 1


def test_a_library_deck_exports_in_the_same_format(personas: Any, client_a: Any) -> None:
    library_deck = LibraryDeck.objects.get(key="trust")
    response = client_a.get(f"{API}/decks/{library_deck.pk}/export")
    data = json.loads(response.content)
    assert data["name"] == "Trust"
    assert data["key"] == "trust"
    assert deckfile.validate(data).questions[0].key == "trust-light-1"
    assert len(data["questions"]) == 21
