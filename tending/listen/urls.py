from django.urls import path

from tending.listen import views

app_name = "listen"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("history/", views.history, name="history"),
    path("sessions/<uuid:session_id>/", views.session_page, name="session"),
    path("sessions/<uuid:session_id>/live/", views.live, name="live"),
    path("sessions/<uuid:session_id>/turn/", views.turn, name="turn"),
    path("sessions/<uuid:session_id>/swap/", views.swap, name="swap"),
    path("sessions/<uuid:session_id>/end/", views.end, name="end"),
    path("sessions/<uuid:session_id>/rate/", views.rate, name="rate"),
]
