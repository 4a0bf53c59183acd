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
