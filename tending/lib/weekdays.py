"""Weekday choices (Monday = 0, as in `date.weekday()`), shared by every form that asks for days."""

from django.utils.translation import gettext_lazy as _

WEEKDAY_SHORT = [
    (0, _("Mon")),
    (1, _("Tue")),
    (2, _("Wed")),
    (3, _("Thu")),
    (4, _("Fri")),
    (5, _("Sat")),
    (6, _("Sun")),
]
WEEKDAY_NAMES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
