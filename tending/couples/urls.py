from django.urls import path

from tending.couples import views

app_name = "couples"

urlpatterns = [
    path("couple/start/", views.start, name="start"),
    path("couple/", views.settings_page, name="settings"),
    path("couple/invites/", views.invite_create, name="invite_create"),
    path("couple/invites/<uuid:invite_id>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("couple/leave/", views.leave, name="leave"),
    path("join/", views.join_code, name="join_code"),
    path("join/<str:token>/", views.join_link, name="join_link"),
]
