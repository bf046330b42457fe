from django.urls import path

from tending.balance import views

app_name = "balance"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log, name="log"),
    path("aim/", views.aim, name="aim"),
    path("timer/start/", views.timer_start, name="timer_start"),
    path("timer/stop/", views.timer_stop, name="timer_stop"),
    path("entries/<uuid:entry_id>/", views.entry, name="entry"),
    path("entries/<uuid:entry_id>/delete/", views.entry_delete, name="entry_delete"),
]
