from django.urls import path

from tending.share import deck_views, views

app_name = "share"

urlpatterns = [
    path("", views.home, name="home"),
    path("today/answer/", views.answer_today, name="answer_today"),
    path("today/swap/", views.swap_today, name="swap_today"),
    path("days/<uuid:day_id>/", views.day_page, name="day"),
    path("days/<uuid:day_id>/answer/", views.answer_day, name="answer_day"),
    path("days/<uuid:day_id>/reply/", views.reply, name="reply"),
    path("days/<uuid:day_id>/status/", views.status, name="status"),
    path("answers/<uuid:answer_id>/respond/", views.respond, name="respond"),
    path("archive/", views.archive, name="archive"),
    path("decks/", deck_views.deck_list, name="decks"),
    path("decks/new/", deck_views.deck_create, name="deck_create"),
    path("decks/import/", deck_views.deck_import, name="deck_import"),
    path("decks/<uuid:deck_id>/", deck_views.deck_page, name="deck"),
    path("decks/<uuid:deck_id>/edit/", deck_views.deck_edit, name="deck_edit"),
    path("decks/<uuid:deck_id>/delete/", deck_views.deck_delete, name="deck_delete"),
    path("decks/<uuid:deck_id>/export/", deck_views.deck_export, name="deck_export"),
    path("decks/<uuid:deck_id>/questions/", deck_views.question_add, name="question_add"),
    path("questions/<uuid:question_id>/edit/", deck_views.question_edit, name="question_edit"),
    path(
        "questions/<uuid:question_id>/delete/", deck_views.question_delete, name="question_delete"
    ),
    path("choices/", deck_views.choices, name="choices"),
]
