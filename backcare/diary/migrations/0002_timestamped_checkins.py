"""Any number of check-ins a day: drop the one-per-moment rule and give each a real time.

Check-ins filled in for an earlier day carried the time they were typed in, not the time
they describe; they move to the usual time of their part of the day (morning 08:00,
midday 13:00, evening 20:00, other 12:00) in the person's own time zone.
"""

import zoneinfo
from datetime import datetime, time

from django.db import migrations

SLOT_TIMES = {"morning": time(8), "midday": time(13), "evening": time(20), "other": time(12)}


def place_in_their_slot(apps, schema_editor):
    CheckIn = apps.get_model("diary", "CheckIn")
    rows = CheckIn.objects.values_list("pk", "day", "moment", "recorded_at", "user__time_zone")
    moved = []
    for pk, day, moment, recorded_at, tz_name in rows.iterator(chunk_size=2000):
        zone = zoneinfo.ZoneInfo(tz_name or "UTC")
        if recorded_at.astimezone(zone).date() != day:
            when = datetime.combine(day, SLOT_TIMES.get(moment, time(12)), zone)
            moved.append(CheckIn(pk=pk, recorded_at=when))
    CheckIn.objects.bulk_update(moved, ["recorded_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_data_version"),
        ("diary", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="checkin", name="checkin_once_per_moment"),
        migrations.RunPython(place_in_their_slot, migrations.RunPython.noop),
    ]
