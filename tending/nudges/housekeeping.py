"""Periodic clean-up that keeps the database small on a small machine."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tending.nudges.worker import every


@every(3600)
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@every(3600)
def forget_old_login_failures() -> int:
    # Failed log-ins are kept only as long as they can matter for throttling.
    from axes.models import AccessAttempt, AccessFailureLog

    cutoff = timezone.now() - max(settings.AXES_COOLOFF_TIME, timedelta(days=1))
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


@every(3600)
def clear_half_written_mail() -> int:
    # Files a killed worker began in the mail folder and never finished.
    from django.core.mail import mailers

    from tending.nudges.channels.mailfolder import MailFolder

    folder = mailers.default
    return folder.clear_partial(older_than=3600) if isinstance(folder, MailFolder) else 0
