from django.urls import path

from tending.funlist import memory_views, picker_views, views

app_name = "funlist"

urlpatterns = [
    path("", views.home, name="home"),
    path("ideas/", views.idea_list, name="ideas"),
    path("ideas/new/", views.idea_new, name="idea_new"),
    path("ideas/<uuid:idea_id>/", views.idea_detail, name="idea"),
    path("ideas/<uuid:idea_id>/edit/", views.idea_edit, name="idea_edit"),
    path("ideas/<uuid:idea_id>/delete/", views.idea_delete, name="idea_delete"),
    path("ideas/<uuid:idea_id>/answer/", views.idea_answer, name="idea_answer"),
    path("ideas/<uuid:idea_id>/done/", memory_views.mark_done, name="mark_done"),
    path("starter/", views.starter_set, name="starter"),
    path("pick/", picker_views.pick, name="pick"),
    path("plans/", picker_views.plan_create, name="plan_create"),
    path("plans/<uuid:plan_id>/", picker_views.plan_detail, name="plan"),
    path("plans/<uuid:plan_id>/cancel/", picker_views.plan_cancel, name="plan_cancel"),
    path("memories/", memory_views.timeline, name="timeline"),
    path("memories/<uuid:memory_id>/", memory_views.memory_detail, name="memory"),
    path("memories/<uuid:memory_id>/note/", memory_views.memory_note, name="memory_note"),
    path("memories/<uuid:memory_id>/delete/", memory_views.memory_delete, name="memory_delete"),
    path("memories/<uuid:memory_id>/photos/", memory_views.photo_add, name="photo_add"),
    path("photos/<uuid:photo_id>/", memory_views.photo, name="photo"),
    path("photos/<uuid:photo_id>/delete/", memory_views.photo_delete, name="photo_delete"),
]
