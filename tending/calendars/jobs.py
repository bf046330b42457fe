"""The calendars' part of the background worker (`tending worker`)."""

from __future__ import annotations

from tending.calendars import services
from tending.nudges.worker import every


# Often, so that "Refresh now" and a newly connected address are read within
# seconds; the query finds nothing due most of the time and costs little.
@every(10, name="refresh calendars")
def refresh_calendars() -> int:
    return services.refresh_due()
