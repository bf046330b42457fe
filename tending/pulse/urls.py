from django.urls import path

from tending.pulse import views

app_name = "pulse"

urlpatterns = [
    path("", views.home, name="home"),
    path("check-in/", views.checkin, name="checkin"),
    path("weeks/", views.weeks, name="weeks"),
    path("weeks/skip/", views.skip_week, name="skip_week"),
    path("tap/", views.tap, name="tap"),
    path("alerts/<uuid:alert_id>/dismiss/", views.dismiss_alert, name="dismiss_alert"),
    path("settings/", views.settings_page, name="settings"),
]
