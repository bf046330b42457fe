from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "tending.calendars"
    verbose_name = _("Calendars")

    def ready(self) -> None:
        # Registers the refresh job with the worker (see tending.nudges.worker).
        from tending.calendars import jobs  # noqa: F401
        from tending.calendars.models import CalendarSource, PlanningHours
        from tending.calendars.stamps import watch
        from tending.couples.models import Membership

        watch(CalendarSource, PlanningHours, Membership)
