"""Calendar-feed links are no longer stored in clear. Each link already made is kept as the
SHA-256 of its secret, so subscribed calendars keep updating, and gets a nonce from which
the link the page shows from now on is derived (backcare/reminders/calendar_link.py)."""

import hashlib
import secrets

from django.db import migrations, models


def hide_feed_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    Preferences = apps.get_model("reminders", "ReminderPreferences")
    changed = []
    for prefs in Preferences.objects.exclude(feed_token="").iterator():
        prefs.legacy_feed_hash = hashlib.sha256(prefs.feed_token.encode()).hexdigest()
        prefs.feed_nonce = secrets.token_urlsafe(16)
        prefs.feed_token = ""
        changed.append(prefs)
    fields = ["legacy_feed_hash", "feed_nonce", "feed_token"]
    Preferences.objects.bulk_update(changed, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_reminder_next_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminderpreferences",
            name="feed_nonce",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="reminderpreferences",
            name="legacy_feed_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        # Not reversible: the links' secrets are gone; going back leaves every link off.
        migrations.RunPython(hide_feed_tokens, migrations.RunPython.noop),
    ]
