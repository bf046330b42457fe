"""'We did it': memories, notes and ratings, the timeline, and photos."""

from __future__ import annotations

import html
import io
import struct
import zlib
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tending.funlist import photos, services
from tending.funlist.models import FunIdea, Memory, MemoryNote, MemoryPhoto

pytestmark = pytest.mark.django_db


def idea(personas: Any, title: str = "Picnic", tags: tuple[str, ...] = ("food",)) -> FunIdea:
    return services.add_idea(
        personas.a,
        personas.couple,
        services.IdeaFields(
            title=title, duration_minutes=90, energy="easy", where="out", tags=list(tags)
        ),
    )


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 31.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert b"SecretCam" in data
    return data


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A valid PNG header announcing a huge image, with almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_we_did_it_makes_a_memory_and_the_idea_is_no_longer_new(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    made = idea(personas)
    assert "New to us" in client_a.get(f"/funlist/ideas/{made.pk}/").content.decode()
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg")
    response = client_b.post(
        f"/funlist/ideas/{made.pk}/done/",
        {"day": "2026-03-01", "rating": "5", "note": "Sunny and silly", "photo": photo},
        follow=True,
    )
    text = html.unescape(response.content.decode())
    assert "A new memory on your timeline." in text
    memory = Memory.objects.get()
    assert memory.author == personas.b
    assert memory.day == date(2026, 3, 1)
    assert "Sunny and silly" in text
    assert "New to us" not in client_a.get(f"/funlist/ideas/{made.pk}/").content.decode()
    # A adds their own note and rating to the same memory.
    client_a.post(f"/funlist/memories/{memory.pk}/note/", {"text": "Best day", "rating": "4"})
    timeline = client_a.get("/funlist/memories/").content.decode()
    assert "Sunny and silly" in timeline
    assert "Best day" in timeline
    assert MemoryNote.objects.count() == 2


def test_a_photo_is_reencoded_without_metadata_and_served_only_to_the_couple(
    personas: Any, client_a: Client, client_b: Client, client_c: Client, client_therapist: Client
) -> None:
    made = idea(personas)
    memory = services.record_memory(personas.a, personas.couple, made, date(2026, 3, 1))
    client_a.post(
        f"/funlist/memories/{memory.pk}/photos/",
        {"photo": SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg")},
    )
    stored = MemoryPhoto.objects.get()
    assert stored.image.name.startswith(f"funlist/{personas.couple.pk}/")
    served = client_b.get(f"/funlist/photos/{stored.pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert "private" in served["Cache-Control"]
    data = b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert b"SecretCam" not in data
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
    for outsider in (client_c, client_therapist):
        assert outsider.get(f"/funlist/photos/{stored.pk}/").status_code == 404
    # No public media URL leads to it.
    assert client_a.get(f"/media/{stored.image.name}").status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "not a JPEG, PNG or WebP"),
        (b"<script>alert(1)</script>", "not a JPEG, PNG or WebP"),
        (b"GIF89a" + b"\0" * 100, "not a JPEG, PNG or WebP"),
        (png_bomb(8_000, 8_000), "8000 × 8000 pixels: too large"),
        (png_bomb(), "far too large to open safely"),
    ],
)
def test_what_is_not_a_safe_photo_is_refused_and_nothing_stored(
    personas: Any, client_a: Client, content: bytes, message: str
) -> None:
    made = idea(personas)
    memory = services.record_memory(personas.a, personas.couple, made, date(2026, 3, 1))
    response = client_a.post(
        f"/funlist/memories/{memory.pk}/photos/",
        {"photo": SimpleUploadedFile("holiday.jpg", content, "image/jpeg")},
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not MemoryPhoto.objects.exists()


def test_a_photo_over_10_mb_is_refused_before_it_is_read(personas: Any, client_a: Client) -> None:
    made = idea(personas)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10), "image/jpeg")
    response = client_a.post(f"/funlist/ideas/{made.pk}/done/", {"day": "2026-03-01", "photo": big})
    assert response.status_code in (400, 413)
    assert "larger than 10 MB" in response.content.decode()
    memory = services.record_memory(personas.a, personas.couple, made, date(2026, 3, 1))
    big.seek(0)
    response = client_a.post(f"/funlist/memories/{memory.pk}/photos/", {"photo": big})
    assert response.status_code == 413
    assert "larger than 10 MB" in response.content.decode()
    memory.delete()
    # The whole "we did it" is refused, not half-stored.
    assert not Memory.objects.exists()
    assert not MemoryPhoto.objects.exists()


def test_an_image_bomb_is_refused_by_pillows_own_guard_too() -> None:
    with pytest.raises(photos.PhotoRefused):
        photos.clean(io.BytesIO(png_bomb(200_000, 200_000)))


def test_a_memory_of_the_future_or_a_bad_rating_is_refused(personas: Any, client_a: Client) -> None:
    made = idea(personas)
    response = client_a.post(f"/funlist/ideas/{made.pk}/done/", {"day": "2999-01-01"})
    assert "already done" in response.content.decode()
    response = client_a.post(
        f"/funlist/ideas/{made.pk}/done/", {"day": "2026-01-01", "rating": "9"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Memory.objects.exists()


def test_a_refused_note_keeps_the_words_and_changes_nothing(
    personas: Any, client_a: Client
) -> None:
    memory = services.record_memory(personas.a, personas.couple, idea(personas), date(2026, 1, 1))
    response = client_a.post(
        f"/funlist/memories/{memory.pk}/note/",
        {"text": "The lake at dusk, and you laughing", "rating": "9"},
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Rate it from 1 to 5" in text
    assert "The lake at dusk, and you laughing" in text  # still in the form, not lost
    assert not MemoryNote.objects.exists()


def test_the_timeline_survives_a_year_no_calendar_has(personas: Any, client_a: Client) -> None:
    services.record_memory(personas.a, personas.couple, idea(personas, "Hike"), date(2026, 1, 1))
    for year in ("99999999999999999999", "0", "abc", "２０２６"):
        response = client_a.get("/funlist/memories/", {"year": year})
        assert response.status_code == 200
        assert "Hike" in response.content.decode()
    assert client_a.get("/api/v1/funlist/memories", {"year": 0}).status_code == 400
    assert client_a.get("/api/v1/funlist/memories", {"year": 10**20}).status_code in (400, 422)


def test_the_timeline_filters_by_tag_and_year(personas: Any, client_a: Client) -> None:
    food = idea(personas, "Picnic", ("food",))
    walk = idea(personas, "Hike", ("outdoors",))
    services.record_memory(personas.a, personas.couple, food, date(2025, 6, 1))
    services.record_memory(personas.a, personas.couple, walk, date(2026, 2, 1))
    text = client_a.get("/funlist/memories/").content.decode()
    assert text.index("Hike") < text.index("Picnic")  # newest first
    by_tag = client_a.get("/funlist/memories/", {"tag": "food"}).content.decode()
    assert "Picnic" in by_tag
    assert "Hike</a>" not in by_tag
    by_year = client_a.get("/funlist/memories/", {"year": "2026"}).content.decode()
    assert "Hike</a>" in by_year
    assert "Picnic</a>" not in by_year


def test_timeline_query_count_is_fixed(personas: Any, client_a: Client) -> None:
    counts = []
    for size in (1, 8):
        while Memory.objects.count() < size:
            made = idea(personas, f"Idea {Memory.objects.count()}")
            memory = services.record_memory(
                personas.a, personas.couple, made, date(2026, 1, 1), "ok", 4
            )
            photos.store(personas.a, memory, photos.clean(io.BytesIO(jpeg_with_gps())))
        client_a.get("/funlist/memories/")  # a repeat view, as in the calendars' test
        with CaptureQueriesContext(connection) as captured:
            assert client_a.get("/funlist/memories/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 14


def test_only_the_couple_sees_a_memory(
    personas: Any, client_b: Client, client_c: Client, client_therapist: Client
) -> None:
    memory = services.record_memory(personas.a, personas.couple, idea(personas), date(2026, 1, 1))
    assert client_b.get(f"/funlist/memories/{memory.pk}/").status_code == 200
    for client in (client_c, client_therapist):
        assert client.get(f"/funlist/memories/{memory.pk}/").status_code == 404
        assert client.post(f"/funlist/memories/{memory.pk}/note/", {"text": "x"}).status_code == 404
    assert client_b.post(f"/funlist/memories/{memory.pk}/delete/").status_code == 404


def test_a_deleted_memory_takes_its_photo_files_with_it(
    personas: Any, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    memory = services.record_memory(personas.a, personas.couple, idea(personas), date(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        kept = photos.store(personas.a, memory, photos.clean(io.BytesIO(jpeg_with_gps())))
        removed = photos.store(personas.a, memory, photos.clean(io.BytesIO(jpeg_with_gps())))
    storage = kept.image.storage
    names = [kept.image.name, removed.image.name]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/funlist/photos/{removed.pk}/delete/")
    assert response.status_code in (200, 302)
    assert not storage.exists(names[1])
    assert storage.exists(names[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/funlist/memories/{memory.pk}/delete/")
    assert response.status_code in (200, 302)
    assert not MemoryPhoto.objects.exists()
    assert not storage.exists(names[0])
