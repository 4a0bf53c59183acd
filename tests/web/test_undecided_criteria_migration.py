"""questionnaires.0003: criteria sets stored undecided or not applying lose their total."""

from importlib import import_module

from django.apps import apps

from backcare.questionnaires.models import InstrumentResponse

MIGRATION = "backcare.questionnaires.migrations.0003_no_total_for_undecided_criteria"


def test_undecided_criteria_lose_their_total_and_scores_keep_theirs(ana):
    def stored(slug: str, total: float | None, flags: list[str]) -> InstrumentResponse:
        return InstrumentResponse.objects.create(
            user=ana, instrument=slug, answers={}, total=total, flags=flags
        )

    undecided = stored("asas_ibp", 3, ["incomplete"])
    outside = stored("berlin_ibp", 4, ["not_applicable"])
    decided = stored("calin_ibp", 4, [])
    crisis = stored("phq9", 12, ["crisis"])
    import_module(MIGRATION).clear_totals(apps, None)
    totals = {r.pk: r.total for r in InstrumentResponse.objects.all()}
    assert totals == {undecided.pk: None, outside.pk: None, decided.pk: 4, crisis.pk: 12}
