from django.urls import path

from tending.today import views

app_name = "today"

urlpatterns = [
    path("", views.home, name="home"),
    path("soon/<slug:slug>/", views.coming_soon, name="coming_soon"),
]
