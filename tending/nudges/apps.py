from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "tending.nudges"
    label = "nudges"
    verbose_name = "Nudges"

    def ready(self) -> None:
        # Registers the delivery, retry and planning jobs with the worker.
        from tending.nudges import jobs  # noqa: F401
