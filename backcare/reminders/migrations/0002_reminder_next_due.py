"""Reminders get ``next_due``, the first instant each may fall due, so the scheduler
selects what is due through an index instead of reading every reminder each minute."""

import zoneinfo

from django.db import migrations, models

from backcare.domain.reminders import QuietHours, next_due
from backcare.reminders.models import is_sendable, schedule_of


def fill_next_due(apps, schema_editor):  # type: ignore[no-untyped-def]
    Reminder = apps.get_model("reminders", "Reminder")
    Preferences = apps.get_model("reminders", "ReminderPreferences")
    quiet = {p.user_id: QuietHours(p.quiet_start, p.quiet_end) for p in Preferences.objects.all()}
    for reminder in Reminder.objects.select_related("user").iterator():
        if not is_sendable(reminder):
            continue
        schedule = schedule_of(reminder, quiet.get(reminder.user_id))
        zone = zoneinfo.ZoneInfo(reminder.user.time_zone)
        reminder.next_due = next_due(schedule, zone, reminder.since, reminder.snoozed_until)
        reminder.save(update_fields=["next_due"])


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_reminders_push_and_deliveries"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="next_due",
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_next_due, migrations.RunPython.noop),
    ]
