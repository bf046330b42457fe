from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppreciateConfig(AppConfig):
    name = "tending.appreciate"
    verbose_name = _("Appreciate")
