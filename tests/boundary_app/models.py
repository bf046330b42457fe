from django.db import models

from tending.couples.boundary import CoupleOwned


class Note(CoupleOwned):
    """A minimal partner-written row, guarded the way every practice's rows are."""

    text = models.CharField(max_length=200)
