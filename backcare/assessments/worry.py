"""Whether a person's answers show a lot of worry about their back, so that a self-care or
"see a clinician soon" result opens what usually happens (the reassurance) instead of
folding it away."""

from __future__ import annotations

from backcare.assessments.models import Assessment
from backcare.questionnaires.models import InstrumentResponse

#: STarT Back's items about fear and worry (Keele's distress subscale): agreeing with either
#: is the worry the reassurance answers.
STARTBACK_WORRY_ITEMS = ("not_safe_active", "worrying_thoughts")


def worried(assessment: Assessment) -> bool:
    """The back check's "worried about your back, or finding it hard to cope" answered yes,
    or the person's latest STarT Back agreeing that activity is not safe for them or that
    worrying thoughts go through their mind a lot."""
    if assessment.findings.get("struggling_to_cope") == "yes":
        return True
    latest = (
        InstrumentResponse.objects.filter(user=assessment.user, instrument="startback")
        .order_by("-taken_at", "-pk")
        .only("answers")
        .first()
    )
    answers = latest.answers if latest is not None else {}
    return any(answers.get(item) == 1 for item in STARTBACK_WORRY_ITEMS)
