"""Secret calendar addresses move from plain text to sealed (see
tending/calendars/sealed.py): each stored address is sealed under the
current secret key, then the plain-text column is dropped."""

from typing import Any

from django.db import migrations, models


def seal_addresses(apps: Any, schema_editor: Any) -> None:
    from tending.calendars import sealed

    CalendarSource = apps.get_model("calendars", "CalendarSource")
    for source in CalendarSource.objects.exclude(url=""):
        source.sealed_address = sealed.seal(source.url, source.pk)
        source.address_hint = sealed.hint(source.url)
        source.url = ""
        source.save(update_fields=["sealed_address", "address_hint", "url"])


class Migration(migrations.Migration):
    dependencies = [("calendars", "0002_planning_stamp")]

    operations = [
        migrations.AddField(
            model_name="calendarsource",
            name="sealed_address",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="calendarsource",
            name="address_hint",
            field=models.CharField(blank=True, max_length=300),
        ),
        # Going back leaves the addresses empty rather than write them out in
        # plain text again.
        migrations.RunPython(seal_addresses, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarsource", name="url"),
    ]
