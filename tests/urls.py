from django.urls import path

from tending.urls import *  # noqa: F403
from tending.urls import urlpatterns as app_urlpatterns
from tests.boundary_app import views

urlpatterns = [
    *app_urlpatterns,
    path("test-notes/<uuid:note_id>/", views.note_detail, name="test_note_detail"),
]
