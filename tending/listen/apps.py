from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListenConfig(AppConfig):
    name = "tending.listen"
    label = "listen"
    verbose_name = _("Listen")
