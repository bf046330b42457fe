"""The JSON API, version 1: each practice app's `api.py` router under /api/v1/<app>/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required

from tending.accounts.api import router as accounts_router
from tending.api.auth import SessionCookieAuth, TokenAuth
from tending.api.errors import install_handlers
from tending.api.kept import KeepingNinjaAPI
from tending.appreciate.api import router as appreciate_router
from tending.balance.api import router as balance_router
from tending.calendars.api import router as calendars_router
from tending.couples.api import router as couples_router
from tending.funlist.api import router as funlist_router
from tending.listen.api import router as listen_router
from tending.nudges.api import router as nudges_router
from tending.pulse.api import router as pulse_router
from tending.share.api import router as share_router
from tending.traditions.api import router as traditions_router
from tending.unplug.api import router as unplug_router

api = KeepingNinjaAPI(
    title="Tending API",
    version="1",
    description=(
        "Everything Tending's pages do, as JSON. Authenticate with a personal access "
        "token (`Authorization: Bearer tnd_…`, created on your profile page) or, from the "
        "browser, with your session and the CSRF token."
    ),
    auth=[TokenAuth(), SessionCookieAuth()],
    urls_namespace="api",
    docs_decorator=login_not_required,
)
install_handlers(api)

api.add_router("/", accounts_router)
api.add_router("/couples/", couples_router)
api.add_router("/pulse/", pulse_router)
api.add_router("/appreciate/", appreciate_router)
api.add_router("/share/", share_router)
api.add_router("/listen/", listen_router)
api.add_router("/funlist/", funlist_router)
api.add_router("/calendars/", calendars_router)
api.add_router("/nudges/", nudges_router)
api.add_router("/traditions/", traditions_router)
api.add_router("/unplug/", unplug_router)
api.add_router("/balance/", balance_router)


def urlpatterns() -> list:
    """The API's URL patterns, marked so the login-required middleware lets them
    through: the API answers 401 itself instead of redirecting to a login page."""
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns
