"""Forms for starting a self-experiment and uploading a health-data export."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms

from backcare.domain.experiments import MAX_DAYS
from backcare.progress.experiments import DEFAULT_DAYS, MIN_DAYS, OUTCOMES
from backcare.progress.options import graded_label, offered_options


def _option_choices(held_back: Collection[str] = ()) -> list[tuple[str, object]]:
    groups = offered_options(held_back)
    graded = ((group, [(slug, graded_label(slug)) for slug, _ in kept]) for group, kept in groups)
    return [("", "Choose…"), *graded]


class ExperimentForm(forms.Form):
    """``held_back``: options the person's safety conditions rule out, left off the lists."""

    option_a = forms.ChoiceField(label="Option A", choices=_option_choices)
    option_b = forms.ChoiceField(label="Option B", choices=_option_choices)
    days = forms.IntegerField(
        label="Number of days",
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"An even number from {MIN_DAYS} to {MAX_DAYS}. Four weeks is a good start.",
    )
    outcome = forms.ChoiceField(
        label="What to compare",
        choices=[(outcome.id, outcome.label.capitalize()) for outcome in OUTCOMES.values()],
        initial="evening_pain",
        widget=forms.RadioSelect,
        help_text="Taken from your check-ins on each day of the experiment.",
    )

    def __init__(self, *args: Any, held_back: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("option_a", "option_b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = _option_choices(held_back)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("option_a") and data.get("option_a") == data.get("option_b"):
            self.add_error("option_b", "Choose an option different from option A.")
        days = data.get("days")
        if isinstance(days, int) and days % 2:
            self.add_error("days", "Use an even number of days, so each option gets half.")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="Apple Health export.zip or export.xml, Google Fit 'Daily activity "
        "metrics.csv' (or the Takeout zip), a Health Connect steps or sleep CSV, or a Fitbit "
        "export CSV. Large files are fine.",
    )
