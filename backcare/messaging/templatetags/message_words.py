"""Who is on the other side of a conversation, in words a person reads in a sentence: never
the stand-in "No name given (bc-…)" of an account without a name ("Message to your
clinician"; for the patient in a clinician's sentence, see ``patient_words.called``)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

YOUR_CLINICIAN = "your clinician"
FORMER_CLINICIAN = "your former clinician"
UNNAMED = "No name given ("  # how User.name begins for an account without a display name


@register.filter
def clinician_for_patient(link: Any) -> str:
    """The clinician of a care link as the patient reads them: their name, "your clinician"
    when they gave none, or after their account closed the name kept with the conversation
    ("your former clinician" when that too was none). ``capfirst`` it to start a sentence."""
    clinician = link.clinician
    if clinician is not None:
        return str(clinician.display_name or YOUR_CLINICIAN)
    conversation = getattr(link, "conversation", None)  # the reverse side may be absent
    kept = conversation.clinician_name if conversation else ""
    return FORMER_CLINICIAN if not kept or kept.startswith(UNNAMED) else str(kept)


@register.filter
def patient_heading(patient: Any) -> str:
    """The patient at the head of a page or in a list, identified: "Ana", or without a name
    the code the clinician also sees on their list ("patient bc-1a2b3c4d5e6f")."""
    return str(patient.display_name or f"patient {patient.pseudonym}")


@register.filter
def warning_titles(rule_ids: list[str]) -> list[str]:
    """The red-flag titles of the rules a message's words pointed to (the clinician's mark)."""
    from backcare.messaging.warnings import warning_titles as titles

    return titles(rule_ids)


@register.filter
def only_crisis(rule_ids: list[str]) -> bool:
    """Whether a message's words pointed only to thoughts of self-harm (the crisis text)."""
    from backcare.messaging.warnings import crisis_rule_ids

    return bool(rule_ids) and set(rule_ids) <= set(crisis_rule_ids())
