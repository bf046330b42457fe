"""Pages kept for a moment, so that reading Tending stays cheap on small hardware.

Most requests are a partner opening the same few pages again (Today, Pulse,
today's question) while nothing in their couple space has changed. Rendering
such a page costs ten to forty times what serving it from a file does, so a
page view decorated with `@kept_page` is kept and served again while three
things hold:

- **Same session.** A kept page is only ever served to the very session that
  produced it (its key holds the session key, a digest of the session's data
  and the CSRF cookie, so the form tokens in it stay valid). Nothing can cross
  from one person — let alone one couple — to another.
- **Nothing changed.** Each person has a *generation*, a random token that is
  replaced whenever a row of their couple space (or their own account) is
  saved or deleted: the model signals below find the couple of any saved row
  and replace the generation of everyone in it. A kept page carries the
  generation it was made under; after a change it is never found again.
- **Not too old.** Pages that depend on the clock alone (a week closing, a
  break ending) are right again within `PAGE_SECONDS`; the local date is part
  of the key, so a new day always shows a new page. A view can shorten the
  time a page is kept with `keep_until(request, moment)`.

Writes that bypass model signals (`QuerySet.update`, `bulk_create`) on data
shown on a page must call `touch_couple` / `touch_users` themselves.

Everything kept is derived from the database, so the cache may be cleared at
any time (`tending serve` and `tending migrate` do).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone

PAGE_SECONDS = 60
# Nudge delivery bookkeeping is written by the worker in bulk and shown on no
# kept page; invalidating on it would only slow the worker down.
NOT_SHOWN_ON_PAGES = frozenset({"nudges.Nudge", "nudges.Delivery"})
_UNTIL = "_tending_keep_until"
# Headers that decide which page a view draws (htmx partial or whole page,
# JSON or HTML); the language and time zone are in the key on their own.
_VARY_ON = (
    "HTTP_ACCEPT",
    "HTTP_HX_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_BOOSTED",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
)


def _cache() -> Any:
    return caches[settings.PAGE_CACHE_ALIAS]


# --- Generations --------------------------------------------------------------


def generation(user_id: Any) -> str:
    """The person's current generation; a new one if none is kept."""
    key = f"gen:{user_id}"
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = secrets.token_hex(8)
        cache.set(key, value, timeout=None)
    return str(value)


def touch_users(user_ids: Iterable[Any]) -> None:
    """Replace these people's generations: every page kept for them is gone.

    Done at once, so that the rest of this request sees the change, and again
    when the transaction commits: a page rendered from the old rows between
    the two is kept under a generation that no longer counts.
    """
    keys = [f"gen:{user_id}" for user_id in set(user_ids)]
    if not keys:
        return

    def replace() -> None:
        _cache().set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)

    replace()
    transaction.on_commit(replace)


def couple_members(couple_id: Any) -> list[Any]:
    """Everyone who has been part of the couple space (kept until it changes)."""
    from tending.couples.models import Membership

    key = f"members:{couple_id}"
    cache = _cache()
    members = cache.get(key)
    if members is None:
        members = list(
            Membership.objects.filter(couple_id=couple_id).values_list("user_id", flat=True)
        )
        # A day at most, so that even a change made behind the signals' back
        # (an operator's SQL) reaches everyone's pages eventually.
        cache.set(key, members, timeout=24 * 3600)
    return list(members)


def _forget_members(couple_id: Any) -> None:
    """At once, and again at commit: a lookup in between may have kept the
    members as they were before this change."""
    forget_at_once(f"members:{couple_id}")


def kept_lookup[T](key: str, load: Callable[[], T], seconds: int = 600) -> T:
    """What `load` returns, kept under `key` until the caller forgets it
    (`forget_at_once`, from the model's signals) and at most `seconds`, so
    that a change made behind the signals' back (an operator's SQL) counts
    within that. None is not kept: a lookup that found nothing asks again."""
    if not enabled():
        return load()
    found = _cache().get(key)
    if found is None:
        found = load()
        if found is not None:
            _cache().set(key, found, timeout=seconds)
    return found


def forget_at_once(*keys: str) -> None:
    """Drop kept entries now, and again at commit: a lookup between the
    write and its commit may have kept what was there before."""

    def forget() -> None:
        _cache().delete_many(keys)

    forget()
    transaction.on_commit(forget)


def touch_couple(couple_id: Any) -> None:
    touch_users(couple_members(couple_id))


def _on_change(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not enabled():
        return
    from tending.accounts.models import User
    from tending.couples.models import Couple, Membership

    if isinstance(instance, Membership):
        _forget_members(instance.couple_id)
        touch_users([instance.user_id, *couple_members(instance.couple_id)])
    elif isinstance(instance, User):
        from tending.accounts.backends import forget_user

        forget_user(instance.pk)
        couples = Membership.objects.filter(user=instance).values_list("couple_id", flat=True)
        touch_users([instance.pk, *(u for c in couples for u in couple_members(c))])
    elif isinstance(instance, Couple):
        touch_couple(instance.pk)
    elif (couple_id := getattr(instance, "couple_id", None)) is not None:
        touch_couple(couple_id)
    elif (user_id := getattr(instance, "user_id", None)) is not None:
        touch_users([user_id])
    else:
        # Shared by everyone (the question library): start afresh.
        _cache().clear()


def connect_signals() -> None:
    """Invalidate on every save and delete of the project's own models."""
    for model in apps.get_models():
        if not model.__module__.startswith("tending.") or model._meta.label in NOT_SHOWN_ON_PAGES:
            continue
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ":delete")


_NOTHING = "<nothing>"


def enabled() -> bool:
    """`TENDING_PAGE_CACHE=false` turns off everything this module keeps."""
    return bool(settings.PAGE_CACHE_ENABLED)


def remember(user: Any, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()` for this person, kept until their generation changes.

    For answers that depend only on rows of their couple space and account,
    never on the clock.
    """
    if not enabled():
        return compute()
    key = f"memo:{name}:{user.pk}:{generation(user.pk)}"
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, _NOTHING if value is None else value, timeout=3600)
        return value
    return None if value == _NOTHING else value


# --- Kept pages ----------------------------------------------------------------


def keep_until(request: HttpRequest, moment: datetime | None) -> None:
    """The page being drawn changes by itself at `moment`: keep it no longer."""
    if moment is None or moment <= timezone.now():
        return
    current = getattr(request, _UNTIL, None)
    if current is None or moment < current:
        setattr(request, _UNTIL, moment)


def key_for(request: HttpRequest, user: Any, *identity: str) -> str:
    """The key of what was drawn for this request: `identity` names who asked
    (a session, a token), the rest what decides the drawing."""
    parts = [
        *identity,
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        generation(user.pk),
        *(request.META.get(name, "") for name in _VARY_ON),
    ]
    return "kept:" + hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()


def seconds_to_keep(request: HttpRequest) -> float:
    """`PAGE_SECONDS`, or less when the view said its drawing changes sooner."""
    seconds = float(PAGE_SECONDS)
    until = getattr(request, _UNTIL, None)
    if until is not None:
        seconds = min(seconds, (until - timezone.now()).total_seconds())
    return seconds


def _page_key(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    user: Any = getattr(request, "user", None)
    if session is None or session.session_key is None or user is None:
        return None
    if not user.is_authenticated or "_messages" in session or "messages" in request.COOKIES:
        return None  # a page with a message on it is shown once
    return key_for(
        request,
        user,
        session.session_key,
        repr(sorted(session.items())),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
    )


def _may_keep(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


def kept(key: str) -> Any:
    return _cache().get(key)


def keep(key: str, value: Any, seconds: float) -> None:
    _cache().set(key, value, timeout=seconds)


def kept_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page again to the same session while nothing changed.

    Put it outermost: a kept page was produced by the whole view, access
    checks included, for this session, and any change to memberships or
    accounts replaces the generation that found it.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or not enabled():
            return view(request, *args, **kwargs)
        key = _page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        page = kept(key)
        if page is not None:
            content, headers = page
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
        if _may_keep(response):
            seconds = seconds_to_keep(request)
            if seconds >= 1:
                keep(key, (response.content, dict(response.headers)), seconds)
        return response

    return wrapper
