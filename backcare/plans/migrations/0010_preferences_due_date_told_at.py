from django.db import migrations, models
from django.db.models import F


def told_at_the_last_save(apps, schema_editor):  # type: ignore[no-untyped-def]
    """A due date stored before this column was told at the preferences' last save at the
    latest: the best time known for it."""
    Preferences = apps.get_model("plans", "Preferences")
    Preferences.objects.filter(due_date__isnull=False).update(due_date_told_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_preferences_due_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="preferences",
            name="due_date_told_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(told_at_the_last_save, migrations.RunPython.noop),
    ]
