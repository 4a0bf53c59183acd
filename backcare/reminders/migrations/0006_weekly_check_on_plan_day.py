"""The weekly check falls on the plan's update day, which can move without the reminder
changing: its ``next_due`` now counts every day at its time (the scan sends it on the plan's
day only). A stored ``next_due`` still counts from the chosen day, up to a week ahead, so a
plan's day before it would be missed: each is brought to now, and the next scan looks once,
decides (within the 12-hour grace, never a second time: claims are unique and a check is not
sent again within six days) and moves it on."""

from django.db import migrations
from django.utils import timezone


def look_again(apps, schema_editor):  # type: ignore[no-untyped-def]
    Reminder = apps.get_model("reminders", "Reminder")
    now = timezone.now()
    Reminder.objects.filter(kind="weekly_check", next_due__gt=now).update(next_due=now)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0005_plain_night_wake_up_name")]

    operations = [migrations.RunPython(look_again, migrations.RunPython.noop)]
