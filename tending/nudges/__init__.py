"""Nudges: reminders and notifications, in the app, by e-mail and Web Push.

Practice apps call `notify(...)` (something happened) or `schedule(...)` (a
moment ahead); see tending/nudges/hooks.py and docs/nudges.md.
"""

from __future__ import annotations

from typing import Any


def notify(*args: Any, **kwargs: Any) -> None:
    from tending.nudges.hooks import notify as _notify

    _notify(*args, **kwargs)


def notify_partner(*args: Any, **kwargs: Any) -> None:
    from tending.nudges.hooks import notify_partner as _notify_partner

    _notify_partner(*args, **kwargs)


def schedule(*args: Any, **kwargs: Any) -> None:
    from tending.nudges.hooks import schedule as _schedule

    _schedule(*args, **kwargs)


def cancel(*args: Any, **kwargs: Any) -> int:
    from tending.nudges.hooks import cancel as _cancel

    return _cancel(*args, **kwargs)
