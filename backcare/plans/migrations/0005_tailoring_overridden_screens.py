"""Record which safety screens each override covers.

An override made before this field existed covered the one screen its clinician was shown:
the first reason the screens gave, which is exactly what ``screen_note`` holds. Its ids are
read back from that sentence. A sentence not recognised covers nothing, so a later screen
holds the exercise back until the clinician overrides again (the safe side).
"""

from django.db import migrations, models

CONDITIONS = {
    "Pregnancy: ": "pregnancy",
    "A flare: ": "acute_flare",
    "Recent back surgery: ": "recent_surgery",
    "Fragile bones (osteoporosis or long-term steroids): ": "osteoporosis",
}
GENTLE = {
    "your answers suggest seeing a clinician in the next few days": "triage_soon",
    "you are in a flare": "acute_flare",
    "your pain is high right now (7 or more out of 10)": "high_pain",
}
CANNOT_DO = "They said they cannot do it"
EQUIPMENT = "It needs equipment they have not said they have: "
GENTLE_PLAN = "The plan is gentle because "


def ids_from(note: str) -> list[str]:
    """The screen ids a stored ``screen_note`` names (as the domain's ``screens`` words them)."""
    for prefix, condition in CONDITIONS.items():
        if note.startswith(prefix):
            return [f"condition:{condition}"]
    if note.startswith(CANNOT_DO):
        return ["cannot_do"]
    if note.startswith(EQUIPMENT):
        names = note.removeprefix(EQUIPMENT).rstrip(".").split(", ")
        return sorted(f"equipment:{name.replace(' ', '_')}" for name in names)
    if note.startswith(GENTLE_PLAN):
        why = note.removeprefix(GENTLE_PLAN)
        return [f"gentle:{r}" for phrase, r in GENTLE.items() if why.startswith(phrase)][:1]
    return []


def covered_from_notes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Tailoring = apps.get_model("plans", "Tailoring")
    for row in Tailoring.objects.filter(override=True).exclude(screen_note=""):
        row.overridden_screens = ids_from(row.screen_note)
        row.save(update_fields=["overridden_screens"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_tailoring_withdrawn_by_patient"),
    ]

    operations = [
        migrations.AddField(
            model_name="tailoring",
            name="overridden_screens",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Ids of the screens the override covers, e.g. condition:pregnancy.",
            ),
        ),
        migrations.RunPython(covered_from_notes, migrations.RunPython.noop),
    ]
