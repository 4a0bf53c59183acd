import django.utils.timezone
from django.db import migrations, models


def confirm_stored_addresses(apps, schema_editor):
    """Addresses stored before confirmation existed have been receiving reminders: they count
    as confirmed, so nobody's e-mails stop without warning. New addresses need a link."""
    User = apps.get_model("accounts", "User")
    User.objects.exclude(email="").update(confirmed_email=models.F("email"))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_drop_signed_in_session"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConfirmationRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email_key", models.CharField(db_index=True, max_length=64)),
                ("address_key", models.CharField(db_index=True, max_length=64)),
                ("requested_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="user",
            name="confirmed_email",
            field=models.EmailField(blank=True, editable=False, max_length=254, verbose_name="confirmed e-mail address"),
        ),
        migrations.RunPython(confirm_stored_addresses, migrations.RunPython.noop, elidable=True),
    ]
