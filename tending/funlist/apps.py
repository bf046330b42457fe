from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FunlistConfig(AppConfig):
    name = "tending.funlist"
    verbose_name = _("Fun list")

    def ready(self) -> None:
        # Plugs planned dates into the calendar feed and memories into Balance,
        # when those apps are installed (see tending.funlist.hooks).
        from tending.funlist import hooks

        hooks.connect()
