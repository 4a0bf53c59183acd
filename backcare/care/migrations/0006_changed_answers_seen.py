from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_told_checks_seen"),
    ]

    operations = [
        migrations.AddField(
            model_name="carelink",
            name="changes_seen_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
