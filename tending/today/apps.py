from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "tending.today"
    label = "today"
    verbose_name = "Today"

    def ready(self) -> None:
        # Kept pages are forgotten whenever any of the project's rows change.
        from tending.lib.pagecache import connect_signals

        connect_signals()
