"""A restored file's safety signals are never softer than its own answers.

An export holds both the answers and what backcare made of them (a check-in's triage level,
a questionnaire's flags). A file edited in a spreadsheet, or written by another tool, can
clear the second and keep the first: a PHQ-9 with question 9 answered "several days" and no
crisis flag, or "new bladder change: yes" with no triage level. Restoring it as it stands
would hide a red flag on every page that reads the stored result. So once everything is
stored, each is read again by the live rules, with the restored person's clinical context,
and the more urgent of the two is kept: a signal in the file is never dropped either.
"""

from __future__ import annotations

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.assessments.presenting import phones_for_user
from backcare.diary.checkins import safety_ids
from backcare.diary.models import CheckIn
from backcare.domain.findings import validate_findings
from backcare.domain.instruments import instruments, score
from backcare.domain.triage import level_rank, triage_checkin
from backcare.questionnaires.models import InstrumentResponse


def keep_safety_signals(person: User) -> None:
    """Raise what a restored row says to what its answers say, where that is more urgent."""
    _questionnaire_results(person)
    _checkin_levels(person)


def _questionnaire_results(person: User) -> None:
    """Add the flags the answers raise; drop a total they do not give (an older export's
    criteria set left open stored its count so far, which would read as a score)."""
    known = instruments()
    for response in InstrumentResponse.objects.filter(user=person):
        found = known.get(response.instrument)
        if found is None:  # no longer in the catalogue: nothing to read it by
            continue
        result = score(found, response.answers)  # restore_rules checked they score
        missing = [flag for flag in result.flags if flag not in response.flags]
        changed = []
        if missing:
            response.flags = [*missing, *response.flags]
            changed.append("flags")
        if result.total is None and response.total is not None:
            response.total = None
            changed.append("total")
        if changed:
            response.save(update_fields=changed)


def _checkin_levels(person: User) -> None:
    checkins = CheckIn.objects.filter(user=person).exclude(safety={})
    if not checkins.exists():
        return
    context = clinical_context_for(person)
    asked = safety_ids()
    for checkin in checkins:
        answers = {key: value for key, value in checkin.safety.items() if key in asked}
        if not answers:
            continue
        result = triage_checkin(validate_findings(answers), context, phones_for_user(person))
        stored = checkin.safety_level or "self_care"
        if level_rank(result.level) < level_rank(stored):  # type: ignore[arg-type]
            checkin.safety_level = result.level
            checkin.safety_result = result.to_dict()
            checkin.save(update_fields=["safety_level", "safety_result"])
