"""Criteria sets left undecided or not applying to the person carry no total: a count of
criteria so far read as a score and was compared with later ones."""

from django.db import migrations

UNDECIDED = {"incomplete", "not_applicable"}
CRITERIA_SETS = ("asas_ibp", "berlin_ibp", "calin_ibp")  # the instruments of kind criteria_count


def clear_totals(apps, schema_editor):  # type: ignore[no-untyped-def]
    responses = apps.get_model("questionnaires", "InstrumentResponse")
    undecided = [
        response.pk
        for response in responses.objects.filter(instrument__in=CRITERIA_SETS, total__isnull=False)
        if UNDECIDED & set(response.flags)
    ]
    responses.objects.filter(pk__in=undecided).update(total=None)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0002_response_snapshot")]
    operations = [migrations.RunPython(clear_totals, migrations.RunPython.noop)]
