"""Uploads with a size limit enforced before the body is read.

Django parses a multipart body the first time `request.POST` or
`request.FILES` is touched (the CSRF check does it), spooling files of any
size to disk. A view wrapped in `limited_upload(n)` refuses a body whose
declared length is over the limit without reading it, and stops reading one
that turns out longer than declared (or declared none), so an oversized
upload costs neither memory nor disk.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room for the form's other fields and the multipart boundaries.
OVERHEAD = 64 * 1024


class SizeLimitHandler(FileUploadHandler):
    """First in the chain: counts the bytes of each file and stops past the limit."""

    def __init__(self, limit: int, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_too_large = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limited_upload(
    limit: int, too_large: Callable[[HttpRequest], HttpResponse]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a view that receives one file of at most `limit` bytes;
    `too_large(request)` answers when it is bigger."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt  # the CSRF check runs in `protected`, after the handler is in place
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.upload_too_large = False  # type: ignore[attr-defined]
            if request.method == "POST":
                try:
                    declared = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    declared = 0
                if declared > limit + OVERHEAD:
                    return too_large(request)
                request.upload_handlers.insert(0, SizeLimitHandler(limit, request))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorate
