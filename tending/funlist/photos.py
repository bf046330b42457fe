"""Photos of memories: checked, re-encoded, stripped, kept private.

An uploaded file is never stored as it came. Pillow must recognise it as a
JPEG, PNG or WebP image by its content (not its name or declared type);
its pixel count is checked from the header before any decoding, so an
"image bomb" (a small file that unpacks to billions of pixels) is refused
without using the memory it asks for; then it is decoded, turned upright,
scaled down if very large, and written anew. Writing anew is what drops
the metadata — GPS position, camera, dates — and anything smuggled inside.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tending.couples.boundary import Visibility
from tending.funlist.models import Memory, MemoryPhoto

MAX_BYTES = 10 * 1024 * 1024
# 40 megapixels: more than any phone camera; a bigger image is refused.
MAX_PIXELS = 40_000_000
# Stored at most this wide or tall: plenty for a phone screen, small on disk.
MAX_SIDE = 2560
MAX_PHOTOS_PER_MEMORY = 6
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class PhotoRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    width: int
    height: int


def too_big_message() -> str:
    return _("This photo is larger than %(max)d MB. Please choose a smaller one.") % {
        "max": MAX_BYTES // (1024 * 1024)
    }


def clean(source: IO[bytes], size: int | None = None) -> CleanPhoto:
    """The photo in `source`, re-encoded without metadata, or PhotoRefused."""
    if size is not None and size > MAX_BYTES:
        raise PhotoRefused(too_big_message())
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(too_big_message())
    not_a_photo = _("This file is not a JPEG, PNG or WebP photo.")
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, raises) about huge
            # images; both are refusals here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoRefused(_bomb_message(image.width, image.height))
                kind = image.format or ""
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(_("This image is far too large to open safely.")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise PhotoRefused(not_a_photo) from None
    if kind not in FORMATS:
        raise PhotoRefused(not_a_photo)
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    return _encode(upright, kind)


def _bomb_message(width: int, height: int) -> str:
    return _(
        "This image is %(width)d × %(height)d pixels: too large for Tending, which "
        "accepts up to %(max)d million. Please choose a smaller one."
    ) % {"width": width, "height": height, "max": MAX_PIXELS // 1_000_000}


def _encode(image: Image.Image, kind: str) -> CleanPhoto:
    out = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha and kind != "JPEG" else "RGB")
    # Some encoders copy what `info` holds (an ICC profile, EXIF) into the new
    # file; emptied, and saved without exif= or pnginfo=, nothing is carried over.
    image.info = {}
    if kind == "PNG":
        image.save(out, "PNG", optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "JPEG", quality=85, optimize=True)
    return CleanPhoto(out.getvalue(), FORMATS[kind], image.width, image.height)


def add_photo(user: Any, memory: Memory, source: IO[bytes], size: int | None) -> MemoryPhoto:
    if memory.photos.count() >= MAX_PHOTOS_PER_MEMORY:
        raise PhotoRefused(
            _("A memory can hold up to %(max)d photos.") % {"max": MAX_PHOTOS_PER_MEMORY}
        )
    return store(user, memory, clean(source, size))


def store(user: Any, memory: Memory, photo: CleanPhoto) -> MemoryPhoto:
    """Write a cleaned photo under the data folder's media/ and record it."""
    with transaction.atomic():
        stored = MemoryPhoto(
            couple_id=memory.couple_id,
            author=user,
            visibility=Visibility.PARTNER,
            memory=memory,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
        )
        stored.image.save("photo", ContentFile(photo.data), save=False)
        stored.save()
    return stored


def delete_photo(photo: MemoryPhoto) -> None:
    photo.delete()  # the file goes with it: `remove_file`


def remove_file(sender: Any, instance: MemoryPhoto, **kwargs: Any) -> None:
    """Connected to MemoryPhoto's post_delete: however a photo row goes — its
    own Remove, its memory deleted, an account or a couple space closed — the
    file on disk goes too, once the deletion is committed."""
    name = instance.image.name or ""
    storage = instance.image.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
