"""The couple boundary's one rule, on a model of the test's own (tests/boundary_app)."""

import pytest

from tending.couples.boundary import Visibility
from tests.boundary_app.models import Note


@pytest.fixture
def notes(personas):
    def note(author, visibility, couple=personas.couple):
        return Note.objects.create(couple=couple, author=author, visibility=visibility, text="t")

    return {
        "a_private": note(personas.a, Visibility.PRIVATE),
        "a_partner": note(personas.a, Visibility.PARTNER),
        "a_therapist": note(personas.a, Visibility.PARTNER_THERAPIST),
        "b_private": note(personas.b, Visibility.PRIVATE),
        "c_partner": note(personas.c, Visibility.PARTNER, personas.other_couple),
    }


def _visible(user, notes):
    ids = set(Note.objects.visible_to(user).values_list("id", flat=True))
    return {name for name, n in notes.items() if n.id in ids}


def test_new_rows_are_private_by_default(personas):
    assert Note(couple=personas.couple, author=personas.a).visibility == Visibility.PRIVATE


def test_author_sees_own_rows_and_what_the_partner_shared(personas, notes):
    assert _visible(personas.a, notes) == {"a_private", "a_partner", "a_therapist"}
    assert _visible(personas.b, notes) == {"a_partner", "a_therapist", "b_private"}


def test_therapist_sees_only_what_was_shared_with_the_therapist(personas, notes):
    assert _visible(personas.therapist, notes) == {"a_therapist"}
    assert _visible(personas.therapist_without_consent, notes) == set()


def test_outsiders_and_anonymous_see_nothing_of_the_couple(personas, notes):
    from django.contrib.auth.models import AnonymousUser

    assert _visible(personas.c, notes) == {"c_partner"}
    assert _visible(AnonymousUser(), notes) == set()


def test_a_partner_who_left_sees_nothing_any_more(personas, notes):
    personas.b.memberships.update(ended_at="2026-01-01T00:00Z")
    assert _visible(personas.b, notes) == set()


def test_only_the_author_may_write_and_never_a_therapist(personas, notes):
    def writable(user):
        ids = set(Note.objects.writable_by(user).values_list("id", flat=True))
        return {name for name, n in notes.items() if n.id in ids}

    assert writable(personas.a) == {"a_private", "a_partner", "a_therapist"}
    assert writable(personas.b) == {"b_private"}
    assert writable(personas.therapist) == set()
    assert writable(personas.c) == {"c_partner"}


def test_visibility_is_one_query(personas, notes, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(Note.objects.visible_to(personas.a))


def test_public_ids_are_random_uuids(notes):
    first, second = notes["a_private"].id, notes["a_partner"].id
    assert first.version == 4
    assert second.version == 4
    assert abs(first.int - second.int) > 1


def test_guarded_view_answers_404_to_outsiders_and_shows_shared_rows(personas, notes):
    url = f"/test-notes/{notes['a_partner'].id}/"
    assert personas.client_for(personas.b).get(url).json() == {"text": "t"}
    assert personas.client_for(personas.c).get(url).status_code == 404
    private = f"/test-notes/{notes['a_private'].id}/"
    assert personas.client_for(personas.b).get(private).status_code == 404


@pytest.mark.parametrize("how", ["page", "api"])
def test_leaving_deletes_nothing_and_the_partner_who_stays_keeps_her_rows(personas, notes, how):
    ben = personas.client_for(personas.b)
    if how == "page":
        response = ben.post("/couple/leave/", {"confirm": "yes"})
    else:
        response = ben.post(
            f"/api/v1/couples/{personas.couple.id}/leave", content_type="application/json"
        )
    assert response.status_code in {200, 204, 302}
    assert personas.b.memberships.get(couple=personas.couple).ended_at is not None
    # Nothing anyone wrote is gone, the leaver's own rows included.
    assert set(Note.objects.values_list("id", flat=True)) == {n.id for n in notes.values()}
    assert _visible(personas.a, notes) >= {"a_private", "a_partner", "a_therapist"}
    page = personas.client_for(personas.a).get("/")
    assert "A &amp; B" in page.text


def test_no_url_names_an_object_by_a_sequential_number():
    """Ids in URLs are random: no page pattern takes an <int:…> and no API
    path parameter is an integer, so nothing can be counted or guessed."""
    from django.urls.converters import IntConverter
    from django.urls.resolvers import RoutePattern

    from tests.boundary_endpoints import discover_endpoints

    counted = []
    for endpoint in discover_endpoints():
        for element in endpoint.chain:
            pattern = element.pattern
            if isinstance(pattern, RoutePattern):
                counted += [
                    f"{endpoint.label}: <int:{name}>"
                    for name, converter in pattern.converters.items()
                    if isinstance(converter, IntConverter)
                ]
        for operation in endpoint.operations:
            for parameter in (operation.schema or {}).get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    counted.append(f"{operation.operation_id}: {parameter['name']}")
    assert not counted, counted
