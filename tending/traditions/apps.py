from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraditionsConfig(AppConfig):
    name = "tending.traditions"
    verbose_name = _("Traditions")
