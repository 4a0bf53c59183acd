"""The night reminder's name in plain words; the stored value stays ``anti_nap``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0004_remove_feed_token"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reminder",
            name="kind",
            field=models.CharField(
                choices=[
                    ("movement", "Movement breaks"),
                    ("routine", "Daily routine"),
                    ("weekly_check", "Weekly progress check"),
                    ("anti_nap", "Night wake-ups for stiff mornings"),
                ],
                max_length=16,
            ),
        ),
    ]
