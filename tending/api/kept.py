"""API answers kept like pages (tending/lib/pagecache.py): the same caller
asking the same question while nothing in their couple space changed gets the
JSON it got last time, without the query or the serialising.

`@kept_answer` marks a GET operation (put it under the router decorator). On a
miss it only notes the key on the request; `KeepingNinjaAPI.create_response`,
through which every answer passes after Ninja serialised it, keeps the bytes.
So a kept answer is byte for byte what Ninja would have sent.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from tending.lib import pagecache

_KEY = "_tending_answer_key"


def _caller(request: HttpRequest) -> str | None:
    """Who is asking: the token itself (digested) or the session."""
    authorization = request.headers.get("Authorization")
    if authorization:
        return "token:" + hashlib.blake2b(authorization.encode(), digest_size=20).hexdigest()
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        return "session:" + session.session_key
    return None


def kept_answer(operation: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(operation)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user: Any = getattr(request, "auth", None)
        caller = _caller(request)
        if request.method != "GET" or not pagecache.enabled() or user is None or not caller:
            return operation(request, *args, **kwargs)
        key = pagecache.key_for(request, user, caller)
        kept = pagecache.kept(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        setattr(request, _KEY, key)
        return operation(request, *args, **kwargs)

    # Ninja reads the parameters' types from the function it is given, and
    # resolves string annotations (`from __future__ import annotations`) in
    # that function's module: resolve them here, in the operation's own.
    wrapper.__signature__ = inspect.signature(operation, eval_str=True)  # type: ignore[attr-defined]
    return wrapper


class KeepingNinjaAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *args: Any,
        **kwargs: Any,
    ) -> HttpResponse:
        response = super().create_response(request, data, *args, **kwargs)
        key = getattr(request, _KEY, None)
        if key is not None and response.status_code == 200 and not response.cookies:
            seconds = pagecache.seconds_to_keep(request)
            if seconds >= 1:
                pagecache.keep(key, (response.content, response["Content-Type"]), seconds)
        return response
