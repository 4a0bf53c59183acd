"""A patient named in a clinician's sentence: their name, or "this patient" for an account
that never gave one ("Tailor this patient's plan", not "Tailor No name given (bc-…)'s plan").
Headings and lists still identify them by ``User.name``, code and all."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

UNNAMED = "this patient"


@register.filter
def called(patient: Any) -> str:
    """ "Ana", or "this patient" (``capfirst`` it at the start of a sentence)."""
    return str(patient.display_name or UNNAMED)


@register.filter
def possessive(patient: Any) -> str:
    """ "Ana's", or "this patient's"."""
    return f"{called(patient)}'s"


@register.filter
def trigger_words(code: str) -> str:
    """A flare's trigger in the words the person picked on the flare form ("How I slept"),
    not its stored code ("sleep"); a code no longer offered is shown as it is."""
    from backcare.diary.episodes import TRIGGER_LABELS

    return TRIGGER_LABELS.get(code, code)


@register.filter
def questionnaire_name(slug: str) -> str:
    """ "PHQ-9", "ACR 2016", not the stored slug ("phq9", "acr2016_fm")."""
    from backcare.domain.instruments import UnknownInstrument, instrument

    try:
        found = instrument(slug)
    except UnknownInstrument:
        return slug
    return found.short_title or found.title
