from django.urls import path

from tending.appreciate import break_views, goodnews_views, views

app_name = "appreciate"

urlpatterns = [
    path("", views.home, name="home"),
    path("send/", views.send, name="send"),
    path("jar/", views.jar, name="jar"),
    path("jar/random/", views.jar_random, name="jar_random"),
    path("notes/<uuid:appreciation_id>/react/", views.react, name="react"),
    path("notes/<uuid:appreciation_id>/favourite/", views.favourite, name="favourite"),
    path("good-news/", goodnews_views.good_news, name="good_news"),
    path("good-news/<uuid:goodnews_id>/", goodnews_views.good_news_detail, name="good_news_detail"),
    path(
        "good-news/<uuid:goodnews_id>/reply/",
        goodnews_views.good_news_reply,
        name="good_news_reply",
    ),
    path(
        "good-news/<uuid:goodnews_id>/felt-good/",
        goodnews_views.good_news_felt_good,
        name="good_news_felt_good",
    ),
    path("answering-good-news/", goodnews_views.answering_help, name="answering_help"),
    path("break/", break_views.break_page, name="break"),
    path("break/start/", break_views.break_start, name="break_start"),
    path("break/dismiss/", break_views.break_dismiss, name="break_dismiss"),
    path("break/notice/", break_views.break_notice, name="break_notice"),
]
