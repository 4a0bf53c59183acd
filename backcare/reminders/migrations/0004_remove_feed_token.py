"""The clear-text column goes, in a migration of its own: PostgreSQL may refuse to alter a
table in the transaction that has just updated its rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0003_calendar_link_not_stored"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="reminderpreferences",
            name="feed_token",
        ),
    ]
