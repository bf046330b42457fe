from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TraditionsConfig(AppConfig):
    name = "tending.traditions"
    verbose_name = _("Traditions")

    def ready(self) -> None:
        from tending.traditions.feed import forget_feed
        from tending.traditions.models import CalendarFeed

        post_save.connect(forget_feed, sender=CalendarFeed, dispatch_uid="traditions:feed-save")
        post_delete.connect(forget_feed, sender=CalendarFeed, dispatch_uid="traditions:feed-delete")
