from django.urls import path

from tending.unplug import views

app_name = "unplug"

urlpatterns = [
    path("", views.home, name="home"),
    path("now/", views.now_card, name="now"),
    path("start/", views.start, name="start"),
    path("rate/", views.rate, name="rate"),
    path("sessions/<uuid:unplug_session_id>/", views.session_page, name="session"),
    path("sessions/<uuid:unplug_session_id>/status/", views.session_status, name="session_status"),
    path("sessions/<uuid:unplug_session_id>/join/", views.join, name="join"),
    path("sessions/<uuid:unplug_session_id>/end/", views.end, name="end"),
    path("sessions/<uuid:unplug_session_id>/check/", views.session_check, name="session_check"),
    path("commitments/new/", views.commitment_new, name="commitment_new"),
    path("commitments/<uuid:commitment_id>/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<uuid:commitment_id>/stop/", views.commitment_stop, name="commitment_stop"),
    path(
        "commitments/<uuid:commitment_id>/check/", views.commitment_check, name="commitment_check"
    ),
]
