"""What each reminder says, on every channel. The night wake-up text comes from the reviewed
anti-nap intervention, with its evidence grade and references."""

from __future__ import annotations

from dataclasses import dataclass

from backcare.domain.content import references
from backcare.domain.interventions import intervention

ANTI_NAP_SLUG = "anti-nap"
GRADE_WORDS = {
    "strong": "strong",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "insufficient": "insufficient",
    "against": "against",
}


@dataclass(frozen=True)
class ReminderText:
    title: str
    body: str  # one or two sentences for a notification
    details: str = ""  # longer text for e-mail and calendar descriptions


def anti_nap_context() -> dict[str, object]:
    """The reviewed anti-nap item, its grade in words and its references, for a page."""
    item = intervention(ANTI_NAP_SLUG)
    known = references()
    return {
        "anti_nap": item,
        "anti_nap_grade": GRADE_WORDS[item.evidence.grade],
        "anti_nap_refs": [known[ref] for ref in item.evidence.references],
    }


def anti_nap_details() -> str:
    item = intervention(ANTI_NAP_SLUG)
    known = references()
    steps = "\n".join(f"- {step}" for step in item.what_to_do)
    cited = "; ".join(known[ref].citation for ref in item.evidence.references)
    return (
        f"{item.summary}\n\n{steps}\n\n"
        "This is a practice some people use, not a tested treatment. "
        f"Evidence: {GRADE_WORDS[item.evidence.grade]}. {item.evidence.note}\n"
        f"References: {cited}"
    )


def reminder_text(kind: str) -> ReminderText:
    if kind == "movement":
        return ReminderText(
            "Time to move",
            "Stand up, walk or stretch for two or three minutes, then carry on.",
            "Long spells of sitting stiffen the back; a short break every hour or so helps.",
        )
    if kind == "routine":
        return ReminderText(
            "Your daily routine",
            "Time for today's exercises from your plan. A few easy minutes count.",
            "Open your plan in backcare to see today's exercises and how much to do.",
        )
    if kind == "weekly_check":
        return ReminderText(
            "Your weekly check",
            "How did this week go? A short check keeps your plan in step with you.",
            "Fill in this week's questionnaire and look at your progress in backcare.",
        )
    return ReminderText(
        "Night wake-up: move, then back to sleep",
        "Lights off. Two to five minutes of knee rocking, a warm pack or self-massage.",
        anti_nap_details(),
    )
