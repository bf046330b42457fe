from django.urls import path

from tending.nudges import views

app_name = "nudges"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notifications_read_all, name="read_all"),
    path("unread/", views.unread_badge, name="badge"),
    path("<uuid:notification_id>/read/", views.notification_read, name="read"),
    path("reminders/", views.reminders, name="preferences"),
    path("tap/<str:nudge_token>/", views.one_tap, name="one_tap"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/<uuid:subscription_id>/remove/", views.push_unsubscribe, name="push_unsubscribe"),
]
