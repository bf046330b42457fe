"""The couple boundary, checked on every URL and every API operation.

The walker (tests/boundary_walker.py) finds the endpoints itself, so a new
view or API operation is covered the moment it is mounted; an endpoint whose
parameters no app provides an object for fails here until its app registers
a maker (see docs/development.md, "The boundary walker").
"""

from __future__ import annotations

from typing import Any

import pytest
from ninja import NinjaAPI

from tending.api.main import api
from tests.boundary_bodies import BodyNotBuildable, example_body
from tests.boundary_endpoints import (
    Endpoint,
    discover_endpoints,
    hidden_operations,
    public_endpoints,
    unreachable_schema_operations,
)
from tests.boundary_walker import Report, Walker

# Everything anyone may open without logging in. A new entry is a decision:
# add it here, in the same change, so that a reviewer sees it.
PUBLIC = {
    "accounts/signup/ (accounts:signup)",
    "accounts/login/ (accounts:login)",
    "accounts/password/reset/ (accounts:password_reset)",
    "accounts/password/reset/sent/ (accounts:password_reset_sent)",
    "accounts/password/reset/<uidb64>/<token>/ (accounts:password_reset_confirm)",
    "accounts/password/reset/done/ (accounts:password_reset_complete)",
    "api/v1/openapi.json (api:openapi-json)",
    "api/v1/docs (api:openapi-view)",
    "api/v1/ (api:api-root)",
    "healthz (healthz)",
    # A calendar app cannot log in: the feed is public by its secret token,
    # and a wrong one is a bare 404 (tending/traditions/tests/test_feed.py).
    "feed/<str:feed_token>.ics (calendar_feed)",
    # Nudges: the signed one-tap link in e-mails and pushes works without
    # logging in (the token names the person and is checked; a forged one is
    # a 404), and the service worker must load for any visitor of the site.
    "nudges/tap/<str:nudge_token>/ (nudges:one_tap)",
    "sw.js (service_worker)",
    "admin/login/ (admin:login)",
}


def walk(personas: Any, persona: str, **options: Any) -> Report:
    report = Walker(personas, **options).walk(persona)
    print(report.render())  # shown with -rP, and on failure
    return report


def failure(report: Report) -> str:
    return "the couple boundary is broken:\n" + "\n".join(str(v) for v in report.violations)


# --- The app as it is -----------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent"])
def test_outsiders_can_neither_read_nor_change_anything(personas: Any, persona: str) -> None:
    report = walk(personas, persona)
    assert not report.violations, failure(report)


def test_the_therapist_reads_but_never_writes(personas: Any) -> None:
    report = walk(personas, "therapist")
    assert not report.violations, failure(report)
    # What the read-only member got for each write is on record for review
    # (the walk has already refused anything but 403 and 404): the API says
    # 403, pages that only partners use say 404.
    writes = [n for n in report.notes if not n.startswith("GET") and "capability" not in n]
    assert any(" -> 403" in n for n in writes)
    assert any(" -> 404" in n for n in writes)


def test_every_operation_of_the_openapi_schema_is_walked() -> None:
    endpoints = discover_endpoints()
    walked = {op.operation_id for endpoint in endpoints for op in endpoint.operations}
    assert api.get_openapi_schema()["paths"]
    assert walked
    assert unreachable_schema_operations(api, endpoints) == []
    # Left out of the documentation, yet walked like every other operation.
    print("Operations missing from the OpenAPI schema:", hidden_operations(endpoints) or "none")


def test_public_endpoints_are_the_declared_ones() -> None:
    found = {entry.split(" [")[0] for entry in public_endpoints(discover_endpoints())}
    assert found == PUBLIC, (
        "an endpoint became public (or stopped being): update PUBLIC in tests/test_boundary.py "
        f"if that is intended.\nnewly public: {sorted(found - PUBLIC)}\n"
        f"no longer public: {sorted(PUBLIC - found)}"
    )


# --- The walker catches what it must -------------------------------------------


def _under(prefix: str) -> Any:
    return lambda endpoint: endpoint.route.startswith(prefix)


@pytest.mark.urls("tests.boundary_urls")
@pytest.mark.parametrize("persona", ["c", "therapist_without_consent"])
def test_walker_reports_an_unguarded_view(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=_under("unguarded-notes/"))
    report = walker.walk(persona)
    print(report.render())

    url = f"/unguarded-notes/{walker.providers.values['note_id']}/"
    caught = {(v.method, v.url, v.answer) for v in report.violations}
    assert ("GET", url, "200") in caught
    assert ("POST", url, "200") in caught
    assert "404" in str(report.violations[0])


@pytest.mark.urls("tests.boundary_urls")
def test_walker_reports_an_unguarded_api_operation(personas: Any) -> None:
    report = walk(personas, "c", select=_under("unguarded-api/"))

    lines = [str(v) for v in report.violations]
    assert any(
        line.startswith("c: GET /unguarded-api/notes/") and "-> 200" in line for line in lines
    )
    # The PATCH got past validation (the walker built a valid body from the
    # schema), reached the view and changed the note: both are reported.
    assert any(
        "PATCH" in line and "-> 200 and changed boundary_app.Note: 1 changed" in line
        for line in lines
    )
    assert any("PATCH" in line and "-> 200; expected 404" in line for line in lines)


@pytest.mark.urls("tests.boundary_urls")
def test_walker_sends_anonymous_callers_of_an_unguarded_api_away(personas: Any) -> None:
    # Unguarded means "no couple boundary", not "no login": auth still answers 401.
    operations = _under("unguarded-api/notes/")
    report = walk(personas, "anonymous", select=operations)
    assert not report.violations, failure(report)
    assert report.requests == 2


@pytest.mark.urls("tests.boundary_urls")
def test_walker_reports_a_list_that_names_another_couples_objects(personas: Any) -> None:
    walker = Walker(personas, select=_under("every-note/"))
    report = walker.walk("c")
    print(report.render())

    note_id = str(walker.providers.values["note_id"])
    assert [str(v) for v in report.violations] == [
        f"c: GET /every-note/ -> 200; expected nothing of A & B in the answer, found {note_id}"
    ]


@pytest.mark.urls("tests.boundary_urls")
def test_walker_reports_a_read_only_member_who_can_write(personas: Any) -> None:
    outsider = walk(personas, "c", select=_under("careless-notes/"))
    assert not outsider.violations, failure(outsider)

    report = walk(personas, "therapist", select=_under("careless-notes/"))
    lines = [str(v) for v in report.violations]
    assert any(
        line.startswith("therapist: POST") and "changed boundary_app.Note" in line for line in lines
    )
    assert any(
        line.startswith("therapist: POST") and "expected 403 or 404" in line for line in lines
    )


@pytest.mark.urls("tests.boundary_urls_orphan")
def test_walker_fails_on_a_parameter_without_a_maker(personas: Any) -> None:
    report = walk(personas, "c", select=_under("orphans/"))

    assert len(report.violations) == 1
    line = str(report.violations[0])
    assert "orphans/<uuid:orphan_id>/ (orphan)" in line
    assert "no maker for path parameter 'orphan_id'" in line
    assert "register a maker in tests/boundary_app/boundary.py" in line


@pytest.mark.urls("tests.boundary_urls_bodies")
def test_walker_asks_for_an_example_body_when_it_cannot_build_one(personas: Any) -> None:
    report = walk(personas, "c", select=_under("bodies-api/"))

    lines = sorted(str(v) for v in report.violations)
    assert len(lines) == 2, lines
    move, paint = lines
    # A field with a pattern: no body is sent at all.
    assert paint.startswith("c: PUT")
    assert "not sent" in paint
    assert "pattern" in paint
    assert "register an example body for 'tests_boundary_urls_bodies_paint_note'" in paint
    # A body the schema allows but the view's validator refuses: a 422, not a pass.
    assert move.startswith("c: POST")
    assert "-> 422" in move
    assert "register an example body for 'tests_boundary_urls_bodies_move_note'" in move


@pytest.mark.urls("tests.boundary_urls_bodies")
def test_registered_example_bodies_reach_the_boundary(personas: Any) -> None:
    examples = {
        "tests_boundary_urls_bodies_paint_note": {"colour": "#aa3366"},
        "tests_boundary_urls_bodies_move_note": lambda values: {"time_zone": "Europe/Berlin"},
    }
    report = walk(personas, "c", select=_under("bodies-api/"), example_bodies=examples)
    assert not report.violations, failure(report)
    assert report.requests == 2


def test_walker_reports_schema_operations_no_url_reaches() -> None:
    stray = NinjaAPI(urls_namespace="boundary-stray")

    @stray.get("/nowhere")
    def nowhere(request: Any) -> None: ...

    assert unreachable_schema_operations(stray, discover_endpoints()) == [
        "GET tests_test_boundary_nowhere"
    ]


# --- Request bodies from JSON schemas ---------------------------------------------

DOCUMENT = {
    "components": {
        "schemas": {
            "Mood": {"enum": ["calm", "tense"], "type": "string"},
            "Entry": {
                "type": "object",
                "required": ["when", "mood", "score", "share", "tags", "note_id", "weight"],
                "properties": {
                    "when": {"type": "string", "format": "date-time"},
                    "mood": {"$ref": "#/components/schemas/Mood"},
                    "score": {"type": "integer", "minimum": 1, "maximum": 7},
                    "share": {"type": "boolean"},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
                    "note_id": {"type": "string", "format": "uuid"},
                    "weight": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.25},
                    "comment": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
            },
        }
    }
}


def test_bodies_fill_required_fields_within_their_constraints() -> None:
    body = example_body(
        {"$ref": "#/components/schemas/Entry"}, DOCUMENT, {"note_id": "the-note-of-a-and-b"}
    )
    assert body["mood"] == "calm"
    assert body["score"] == 1
    assert body["share"] is True
    assert len(body["tags"]) == 2
    assert body["weight"] == 0.5
    assert "T" in body["when"]
    # A field named like a path parameter gets A & B's object, so that the
    # boundary, not a missing object, decides the answer.
    assert body["note_id"] == "the-note-of-a-and-b"
    assert "comment" not in body  # optional: left out


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "string", "minLength": 20}, "Example" + "x" * 13),
        ({"type": "string", "maxLength": 3}, "Exa"),
        ({"type": "integer", "exclusiveMaximum": 0}, -1),
        ({"type": "integer", "minimum": 3, "maximum": 5}, 3),
        (
            {"anyOf": [{"type": "null"}, {"type": "string", "format": "email"}]},
            "someone@example.test",
        ),
        ({"allOf": [{"$ref": "#/components/schemas/Mood"}]}, "calm"),
        ({"type": ["integer", "null"]}, 1),
        ({"const": "fixed"}, "fixed"),
        ({"type": "string", "examples": ["#ff0000"], "pattern": "^#"}, "#ff0000"),
    ],
)
def test_bodies_respect_each_constraint(schema: dict[str, Any], value: Any) -> None:
    assert example_body(schema, DOCUMENT, {}) == value


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^[a-z]+$"},
        {"type": "string", "format": "binary"},
        {"type": "integer", "minimum": 5, "maximum": 4},
        {"type": "array", "items": {"const": 1}, "minItems": 2, "uniqueItems": True},
        {"not": {"type": "string"}},
    ],
)
def test_bodies_that_cannot_be_built_say_so(schema: dict[str, Any]) -> None:
    with pytest.raises(BodyNotBuildable):
        example_body(schema, DOCUMENT, {})


def test_endpoints_are_found_by_walking_the_resolver() -> None:
    routes = {endpoint.route: endpoint for endpoint in discover_endpoints()}
    note: Endpoint = routes["test-notes/<uuid:note_id>/"]
    assert note.params == ("note_id",)
    assert note.kind == "page"
    couple = routes["api/v1/couples/<uuidstr:couple_id>/invites"]
    assert couple.kind == "api"
    assert {op.method for op in couple.operations} == {"GET", "POST"}
    assert routes["admin/"].kind == "admin"
