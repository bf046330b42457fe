from django.urls import path

from tending.traditions import feed_views, views

app_name = "traditions"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("ideas/", views.gallery, name="gallery"),
    path("ideas/<slug:idea_key>/add/", views.gallery_add, name="gallery_add"),
    path("calendar/", feed_views.calendar_page, name="calendar"),
    path("calendar/new/", feed_views.calendar_new, name="calendar_new"),
    path("calendar/revoke/", feed_views.calendar_revoke, name="calendar_revoke"),
    path("calendar/details/", feed_views.calendar_details, name="calendar_details"),
    path("dates/<uuid:occurrence_id>/mark/", views.mark, name="mark"),
    path("<uuid:tradition_id>/", views.detail, name="detail"),
    path("<uuid:tradition_id>/edit/", views.edit, name="edit"),
    path("<uuid:tradition_id>/delete/", views.delete, name="delete"),
    path("<uuid:tradition_id>/pause/", views.pause, name="pause"),
    path("<uuid:tradition_id>/resume/", views.resume, name="resume"),
    path("<uuid:tradition_id>/meaning/", views.meaning, name="meaning"),
    path("<uuid:tradition_id>/history/", views.history, name="history"),
]
