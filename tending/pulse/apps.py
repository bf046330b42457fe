from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "tending.pulse"
    label = "pulse"
    verbose_name = "Pulse"

    def ready(self) -> None:
        # Registers the worker job that runs the drift rule when weeks close.
        from tending.pulse import jobs  # noqa: F401
