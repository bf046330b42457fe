from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnplugConfig(AppConfig):
    name = "tending.unplug"
    verbose_name = _("Unplug")
