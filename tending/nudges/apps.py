from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "tending.nudges"
    label = "nudges"
    verbose_name = "Nudges"
