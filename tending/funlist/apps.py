from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FunlistConfig(AppConfig):
    """Planned dates join the couple's calendar feed through `feed.py`, and
    memories count as couple time in Balance through `couple_time.py`: both
    modules are found by those apps themselves."""

    name = "tending.funlist"
    verbose_name = _("Fun list")

    def ready(self) -> None:
        # What the picker shows depends on these; see tending.calendars.stamps.
        from django.db.models.signals import post_delete

        from tending.calendars.stamps import watch
        from tending.funlist.models import FunIdea, IdeaAnswer, Memory, MemoryPhoto
        from tending.funlist.photos import remove_file

        watch(FunIdea, IdeaAnswer, Memory)
        post_delete.connect(remove_file, sender=MemoryPhoto, dispatch_uid="funlist-photo-file")
