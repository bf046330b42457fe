"""The test URLconf plus a pattern whose parameter no app provides a maker
for, for the walker's self-test: it must fail, never skip the pattern."""

from django.urls import path

from tests.boundary_app import views
from tests.urls import *  # noqa: F403 - the error handlers
from tests.urls import urlpatterns as test_urlpatterns

urlpatterns = [
    *test_urlpatterns,
    path("orphans/<uuid:orphan_id>/", views.note_detail, name="orphan"),
]
