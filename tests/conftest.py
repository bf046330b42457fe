"""Personas shared by every test (ENGINEERING.md): partner A and partner B of
one couple, C of another couple, a therapist with and without consent, and
anonymous (the plain `client`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tending.couples.models import Couple, Role
from tests.factories import CoupleFactory, UserFactory, seat

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with nothing kept: the database is rolled back between
    tests, and pages or accounts kept from another test would lie."""
    cache.clear()


@dataclass
class Personas:
    couple: Couple
    a: Any
    b: Any
    other_couple: Couple
    c: Any
    therapist: Any
    therapist_without_consent: Any

    def client_for(self, user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def personas(db: Any) -> Personas:
    couple = CoupleFactory(name="A & B")
    a = UserFactory(display_name="Ada", email="ada@example.test")
    b = UserFactory(display_name="Ben", email="ben@example.test")
    seat(couple, a)
    seat(couple, b)
    other = CoupleFactory(name="C & D")
    c = UserFactory(display_name="Cleo", email="cleo@example.test")
    seat(other, c)
    # The therapist of A & B (consent given: an active therapist membership),
    # and one whose consent the couple withdrew (the membership has ended).
    therapist = UserFactory(display_name="Dr Tess", email="tess@example.test")
    seat(couple, therapist, Role.THERAPIST)
    former = UserFactory(display_name="Dr Sol", email="sol@example.test")
    seat(couple, former, Role.THERAPIST).__class__.objects.filter(user=former).update(
        ended_at=timezone.now()
    )
    return Personas(couple, a, b, other, c, therapist, former)


@pytest.fixture
def client_a(personas: Personas) -> Client:
    return personas.client_for(personas.a)


@pytest.fixture
def client_b(personas: Personas) -> Client:
    return personas.client_for(personas.b)


@pytest.fixture
def client_c(personas: Personas) -> Client:
    return personas.client_for(personas.c)


@pytest.fixture
def client_therapist(personas: Personas) -> Client:
    return personas.client_for(personas.therapist)
