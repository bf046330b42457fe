from django.urls import path

from tending.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.home, name="home"),
    path("connect/", views.connect, name="connect"),
    path("upload/", views.upload, name="upload"),
    path("hours/", views.hours, name="hours"),
    path("<uuid:calendar_id>/status/", views.status, name="status"),
    path("<uuid:calendar_id>/refresh/", views.refresh, name="refresh"),
    path("<uuid:calendar_id>/upload/", views.replace, name="replace"),
    path("<uuid:calendar_id>/delete/", views.delete, name="delete"),
]
