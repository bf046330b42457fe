from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tending.today.practices import PRACTICES


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the app shell needs: the site name and the practices."""
    return {"site_name": settings.SITE_NAME, "practices": PRACTICES}
