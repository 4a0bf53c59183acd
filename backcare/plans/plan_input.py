"""Plain JSON-like values -> the plan engine's inputs, with errors that name the field.

Shared by the preferences API, the preferences form and ``backcare plan --input FILE``;
it touches no database, so the CLI can use it without Django set up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

from backcare.domain.context import ANSWERS, FACT_IDS, LATER_FACT_IDS, ClinicalContext
from backcare.domain.findings import FindingError, finding_catalogue, validate_value
from backcare.domain.known_conditions import sections_for
from backcare.domain.personal_warnings import personal_warnings
from backcare.domain.plan_rules import with_context
from backcare.domain.plans import PlanInput, PlanInputError, Preferences, plan_context

PREFERENCE_FIELDS = (
    "minutes_per_day", "equipment", "pregnant", "conditions", "goals", "cannot_do",
    "sleep_position", "toolbox",
)  # fmt: skip
INPUT_FIELDS = (
    "triage_level", "factor_ids", "startback_risk", "scores", "preferences", "triage_rules",
    "context", "work", "onset_days",
)  # fmt: skip
AGE_FIELDS = ("age", "age_up_to")  # the youngest and the oldest the person may be
CONTEXT_FIELDS = (*AGE_FIELDS, *FACT_IDS, *LATER_FACT_IDS)


def preferences_from_mapping(data: Mapping[str, Any]) -> Preferences:
    """Preferences from a dict of lists and plain values; unknown keys are refused.

    Slugs in ``cannot_do`` and ``toolbox`` are checked against the content as well.
    """
    _refuse_unknown("preferences", data, PREFERENCE_FIELDS)
    defaults = Preferences()
    pregnant = data.get("pregnant", False)
    if not isinstance(pregnant, bool):
        raise PlanInputError(f"pregnant must be true or false, got {pregnant!r}")
    prefs = Preferences(
        minutes_per_day=data.get("minutes_per_day", defaults.minutes_per_day),
        equipment=frozenset(_strings(data, "equipment")),
        pregnant=pregnant,
        conditions=frozenset(_strings(data, "conditions")),
        goals=tuple(dict.fromkeys(_strings(data, "goals"))),
        cannot_do=frozenset(_strings(data, "cannot_do")),
        sleep_position=data.get("sleep_position") or None,
        toolbox=tuple(dict.fromkeys(_strings(data, "toolbox"))),
    )
    plan_context(PlanInput("self_care", preferences=prefs))  # checks the slugs
    return prefs


def plan_input_from_mapping(data: Mapping[str, Any]) -> PlanInput:
    """A PlanInput from ``{"triage_level", "factor_ids", "startback_risk", "scores",
    "preferences", "triage_rules", "context", "work", "onset_days"}``; the clinical context
    (``{"pregnant": "yes", ...}``) adds the safety screens it calls for to the preferences.
    ``work`` is the back check's answer on work ("no", "hard" or "off"), ``onset_days`` the
    days since the pain began; both are checked by ``PlanInput``."""
    if not isinstance(data, Mapping):
        raise PlanInputError("the input must be a JSON object with a triage_level")
    _refuse_unknown("input", data, INPUT_FIELDS)
    if "triage_level" not in data:
        raise PlanInputError("triage_level is required (emergency, urgent, soon or self_care)")
    scores = data.get("scores", {})
    if not isinstance(scores, Mapping) or not all(isinstance(v, Mapping) for v in scores.values()):
        raise PlanInputError('scores must map an instrument to its values, e.g. {"nrs": {...}}')
    preferences = data.get("preferences", {})
    if not isinstance(preferences, Mapping):
        raise PlanInputError("preferences must be an object")
    context = _context(data.get("context"))
    prefs = with_context(preferences_from_mapping(preferences), context)
    factors = frozenset(_strings(data, "factor_ids"))
    return PlanInput(
        triage_level=data["triage_level"],
        factor_ids=factors,
        startback_risk=data.get("startback_risk"),
        scores={name: dict(values) for name, values in scores.items()},
        preferences=prefs,
        triage_rules=frozenset(_strings(data, "triage_rules")),
        personal_warnings=personal_warnings(context),
        known_conditions=frozenset(section.fact for section in sections_for(context, factors)),
        work=data.get("work"),
        onset_days=data.get("onset_days"),
    )


def _context(value: object) -> ClinicalContext:
    if value is None:
        return ClinicalContext()
    if not isinstance(value, Mapping):
        raise PlanInputError('context must be an object such as {"pregnant": "yes"}')
    _refuse_unknown("context", value, CONTEXT_FIELDS)
    age, oldest = (_whole_number(value, name) for name in AGE_FIELDS)
    if oldest is not None and (age is None or not age <= oldest <= age + 1):
        raise PlanInputError(
            "context.age_up_to must come with context.age and be the same or one more "
            f"(a year of birth leaves two ages), got {oldest!r}"
        )
    facts = {key: answer for key, answer in value.items() if key not in AGE_FIELDS}
    wrong = sorted(key for key, answer in facts.items() if answer not in ANSWERS)
    if wrong:
        raise PlanInputError(f"context.{wrong[0]} must be yes, no or not_sure")
    return replace(ClinicalContext(age=age, age_up_to=oldest), **facts)


def _whole_number(context: Mapping[str, object], name: str) -> int | None:
    """An age in the intake's own bounds (its "age" question)."""
    number = context.get(name)
    if number is None:
        return None
    try:
        return cast(int, validate_value(finding_catalogue()["age"], number))
    except FindingError as error:
        raise PlanInputError(f"context.{name}: {error.message}, got {number!r}") from error


def preferences_to_dict(prefs: Preferences) -> dict[str, Any]:
    """The JSON shape of preferences (sets as sorted lists)."""
    return {
        "minutes_per_day": prefs.minutes_per_day,
        "equipment": sorted(prefs.equipment),
        "pregnant": prefs.pregnant,
        "conditions": sorted(prefs.conditions),
        "goals": list(prefs.goals),
        "cannot_do": sorted(prefs.cannot_do),
        "sleep_position": prefs.sleep_position,
        "toolbox": list(prefs.toolbox),
    }


def _strings(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise PlanInputError(f"{key} must be a list of strings, got {value!r}")
    return list(value)


def _refuse_unknown(what: str, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise PlanInputError(f"{unknown[0]} is not a field of {what}; use {', '.join(allowed)}")
