"""The plan preferences form: each field's error says what to fix; the domain has the last word."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from backcare.domain.exercises import CATEGORIES, exercises
from backcare.domain.interventions import EQUIPMENT, SAFETY_CONDITIONS
from backcare.domain.plan_text import GOAL_PHRASES
from backcare.domain.plans import GOALS, MAX_MINUTES, MIN_MINUTES, PlanInputError, Preferences
from backcare.domain.pregnancy import due_date_problem
from backcare.domain.swaps import SWAP_REASONS
from backcare.plans.library import CATEGORY_NAMES, EQUIPMENT_NAMES
from backcare.plans.models import FEELINGS, FIRST_FEELINGS
from backcare.plans.plan_input import preferences_from_mapping

CONDITION_NAMES = {
    "acute_flare": "I am in a flare or spasm right now",
    "recent_surgery": "I have had surgery in the last few months",
    "osteoporosis": "Osteoporosis or fragile bones",
    "heart_disease": "Heart disease",
    "blood_pressure": "Blood pressure that is not well controlled",
    "reduced_sensation": "Reduced feeling in my skin (for example from diabetes)",
    "bleeding_risk": "A bleeding problem, or I take blood thinners",
    "poor_circulation": "Poor circulation",
}
SLEEP_NAMES = {
    "": "Not sure, or I would rather not say",
    "side": "On my side",
    "back": "On my back",
    "stomach": "On my front",
    "varies": "It varies",
}
NOT_TICKED = "Tick “I am pregnant” to give a due date, or leave it empty."
#: Form field -> the domain field its errors are about.
DOMAIN_FIELDS = {"cannot_do": "cannot_do_exercises"}


def _checkboxes(choices: list[tuple[str, str]], label: str, help_text: str = "") -> Any:
    return forms.MultipleChoiceField(
        choices=choices,
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class PreferencesForm(forms.Form):
    minutes_per_day = forms.IntegerField(
        label="Minutes a day for your routine",
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        help_text=f"A whole number from {MIN_MINUTES} to {MAX_MINUTES}; little and often helps.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter how many minutes a day, from {MIN_MINUTES} to {MAX_MINUTES}.",
            "invalid": f"Enter a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}.",
            "min_value": f"Choose at least {MIN_MINUTES} minutes a day.",
            "max_value": f"Choose at most {MAX_MINUTES} minutes a day: a short routine done often "
            "helps more than a long one done rarely.",
        },
    )
    equipment = _checkboxes(
        [(key, EQUIPMENT_NAMES.get(key, key)) for key in sorted(EQUIPMENT)],
        "What you have at home",
        "Exercises that need something you do not have are left out.",
    )
    pregnant = forms.BooleanField(required=False, label="I am pregnant")
    # Asked inside the "I am pregnant" box, as the back check asks it.
    due_date = forms.DateField(
        required=False,
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as day, month and year, or leave it empty."},
    )
    conditions = _checkboxes(
        [(c, CONDITION_NAMES[c]) for c in SAFETY_CONDITIONS if c != "pregnancy"],
        "Health conditions that change what is safe",
        "Items that are not safe with these are held back or come with a note.",
    )
    goals = _checkboxes(
        [(g, GOAL_PHRASES[g].capitalize()) for g in GOALS], "What you would like to achieve"
    )
    cannot_do_kinds = _checkboxes(
        [(c, CATEGORY_NAMES[c]) for c in CATEGORIES], "Kinds of movement you cannot do"
    )
    cannot_do_exercises = _checkboxes(
        [(slug, ex.name) for slug, ex in sorted(exercises().items(), key=lambda i: i[1].name)],
        "Exercises you cannot do",
    )
    sleep_position = forms.ChoiceField(
        choices=list(SLEEP_NAMES.items()),
        required=False,
        label="How you usually sleep",
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        toolbox: tuple[str, ...] = (),
        today: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        self.toolbox = toolbox
        self.today = today  # the person's own date, which a due date is checked against
        self.preferences: Preferences | None = None
        super().__init__(*args, **kwargs)

    def clean_due_date(self) -> datetime.date | None:
        """The back check's bounds, on the person's own day (``due_date_problem``)."""
        due: datetime.date | None = self.cleaned_data.get("due_date")
        problem = due_date_problem(due, self.today) if due and self.today else ""
        if problem:
            raise forms.ValidationError(problem, code="out_of_range")
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due_date") and not data.get("pregnant"):
            self.add_error(
                "due_date", "Tick “I am pregnant” to give a due date, or leave it empty."
            )
        if self.errors:
            return data
        try:
            self.preferences = preferences_from_mapping(
                {
                    "minutes_per_day": data["minutes_per_day"],
                    "equipment": data["equipment"],
                    "pregnant": data["pregnant"],
                    "conditions": data["conditions"],
                    "goals": data["goals"],
                    "cannot_do": [*data["cannot_do_kinds"], *data["cannot_do_exercises"]],
                    "sleep_position": data["sleep_position"] or None,
                    "toolbox": list(self.toolbox),
                }
            )
        except PlanInputError as exc:
            field = str(exc).split(" ", 1)[0]
            field = DOMAIN_FIELDS.get(field, field)
            self.add_error(field if field in self.fields else None, str(exc))
        return data


def initial_from(prefs: Preferences) -> dict[str, Any]:
    """Form initial values from the person's current preferences."""
    return {
        "minutes_per_day": prefs.minutes_per_day,
        "equipment": sorted(prefs.equipment),
        "pregnant": prefs.pregnant,
        "conditions": sorted(prefs.conditions - {"pregnancy"}),
        "goals": list(prefs.goals),
        "cannot_do_kinds": sorted(prefs.cannot_do & set(CATEGORIES)),
        "cannot_do_exercises": sorted(prefs.cannot_do - set(CATEGORIES)),
        "sleep_position": prefs.sleep_position or "",
    }


PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]


class SessionAnswersForm(forms.Form):
    """How each exercise done in a guided session felt, and the pain now (0-10)."""

    def __init__(self, *args: Any, steps: list[tuple[int, str, bool]], **kwargs: Any) -> None:
        """``steps``: (position, exercise name, done in an earlier session): the first time
        there is no "easier than last time" to say."""
        super().__init__(*args, **kwargs)
        for position, name, done_before in steps:
            self.fields[f"feeling_{position}"] = forms.ChoiceField(
                label=f"How did {name} feel?"
                if done_before
                else f"How did {name} feel, the first time?",
                choices=FEELINGS if done_before else FIRST_FEELINGS,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how {name} felt."},
            )
        self.fields["pain_now"] = forms.TypedChoiceField(
            label="Your pain now, from 0 (none) to 10 (worst imaginable)",
            choices=PAIN_CHOICES,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose your pain now, from 0 to 10."},
        )

    def feelings(self) -> dict[int, str]:
        return {
            int(name.removeprefix("feeling_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("feeling_")
        }


class SwapForm(forms.Form):
    """Why the person swaps an exercise on the plan page, in one tap."""

    why = forms.ChoiceField(
        choices=list(SWAP_REASONS.items()),
        widget=forms.RadioSelect,
        label="Why swap it?",
        error_messages={
            "required": "Choose why you want to swap it: it hurts, you can't get "
            "into the position, or you don't like it."
        },
    )
