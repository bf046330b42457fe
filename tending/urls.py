from django.contrib import admin
from django.urls import include, path

from tending.api.main import urlpatterns as api_urlpatterns
from tending.lib.gentle_views import gentle_check
from tending.nudges.admin import status_view as nudges_status
from tending.nudges.views import service_worker
from tending.today.views import healthz
from tending.traditions.feed_views import calendar_feed

admin.site.site_header = "Tending administration"
admin.site.site_title = "Tending"

urlpatterns = [
    # First: apps and scripts call the API most, and resolving it after every
    # page's patterns cost a tenth of a millisecond a call.
    path("api/v1/", include((api_urlpatterns(), "api"), namespace="api")),
    path("", include("tending.today.urls")),
    path("", include("tending.couples.urls")),
    path("accounts/", include("tending.accounts.urls")),
    path("pulse/", include("tending.pulse.urls")),
    path("appreciate/", include("tending.appreciate.urls")),
    path("traditions/", include("tending.traditions.urls")),
    path("unplug/", include("tending.unplug.urls")),
    path("balance/", include("tending.balance.urls")),
    # Public by secret: calendar apps cannot log in (see docs/traditions.md).
    path("feed/<str:feed_token>.ics", calendar_feed, name="calendar_feed"),
    path("share/", include("tending.share.urls")),
    path("listen/", include("tending.listen.urls")),
    path("funlist/", include("tending.funlist.urls")),
    path("calendars/", include("tending.calendars.urls")),
    path("nudges/", include("tending.nudges.urls")),
    # At the root, so that the service worker's scope covers every page.
    path("sw.js", service_worker, name="service_worker"),
    path("gentle/check/", gentle_check, name="gentle_check"),
    path("healthz", healthz, name="healthz"),
    path("admin/nudges/status/", nudges_status, name="nudges_status"),
    path("admin/", admin.site.urls),
]

handler400 = "tending.today.errors.bad_request"
handler403 = "tending.today.errors.permission_denied"
handler404 = "tending.today.errors.page_not_found"
handler500 = "tending.today.errors.server_error"
