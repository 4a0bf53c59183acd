"""Assess a completed intake: the one place that turns answers into a stored Assessment.

The wizard, the API and the CLI all go through the same domain functions
(``validate_findings`` -> ``triage`` -> ``contributing_factors`` -> ``expected_course``).
Answers are validated by the domain before anything is written, and the assessment is
written in one transaction, so a refused intake leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from backcare.accounts.models import User
from backcare.assessments import wizard
from backcare.assessments.context import clinical_context_for
from backcare.assessments.models import Assessment
from backcare.assessments.presenting import phones_for_user
from backcare.domain.conditions import Scores
from backcare.domain.context import ClinicalContext
from backcare.domain.course import Course, expected_course
from backcare.domain.factors import Factor, contributing_factors
from backcare.domain.findings import FindingError, Findings, validate_findings
from backcare.domain.instruments import UnknownInstrument, instrument
from backcare.domain.levels import CARE_NOW
from backcare.domain.phones import Phones
from backcare.domain.pregnancy import due_date_problem, parse_due_date
from backcare.domain.triage import TriageResult, triage
from backcare.questionnaires.models import InstrumentResponse


@dataclass(frozen=True)
class Evaluation:
    """What backcare says about one full set of answers (nothing stored yet)."""

    findings: Findings
    result: TriageResult
    factors: tuple[Factor, ...]
    course: Course

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.result.level,
            "result": self.result.to_dict(),
            "factors": [factor.to_dict() for factor in self.factors],
            "course": self.course.to_dict(),
        }


def evaluate(
    raw: Mapping[str, object],
    scores: Scores | None = None,
    context: ClinicalContext | None = None,
    phones: Phones | None = None,
) -> Evaluation:
    """Validate a full intake (every red-flag question answered) and run the engine.

    ``context`` is the person's standing clinical context; when the intake leaves age out,
    the ages it allows stand in (``Evaluation.findings`` then holds no age). Raises
    FindingError (a ValueError) whose ``field`` names the answer to fix.
    """
    answers = dict(raw)
    possible = context.possible_ages() if context is not None else ()
    filled = "age" not in answers and bool(possible)
    if filled:  # checked at the oldest age they may be: no age they may have is refused
        answers["age"] = possible[-1]
    checked = validate_findings(answers, require_red_flags=True)
    # An age the person did not give is neither stored as theirs nor triaged as one: triage
    # weighs every age the context leaves possible (a year of birth cannot tell 19 from 20).
    told = Findings({k: v for k, v in checked.items() if k != "age"}) if filled else checked
    result = triage(told, context, phones=phones)
    # A condition a clinician diagnosed, told before and not asked again, still words the
    # factors that point to it (the answers given now come first).
    facts = {k: v for k, v in (context.as_findings() if context else {}).items() if k != "age"}
    return Evaluation(
        findings=told,
        result=result,
        factors=contributing_factors(Findings({**facts, **checked}), scores or {}),
        course=expected_course(checked, result, phones),
    )


def left_out(user: User, answers: Mapping[str, object]) -> frozenset[str]:
    """The questions the back check leaves out for ``user`` because they cannot apply
    (``wizard.not_asked``: the pregnancy questions for a man or a woman aged 60 or over), read
    from the sex and age in ``answers``, else the profile's, on the person's own day."""
    return wizard.not_asked(user.sex, user.ages_on(user.local_date()), answers)


def with_implied(user: User, answers: Mapping[str, object]) -> dict[str, object]:
    """The answers, with what each question left out for ``user`` is taken to say. An answer
    given is always kept (an answer other than "no" keeps the questions asked)."""
    implied = {k: wizard.NOT_ASKED[k] for k in left_out(user, answers) if k in wizard.NOT_ASKED}
    return {**implied, **answers}


def latest_scores(user: User) -> dict[str, dict[str, float | str]]:
    """The person's latest questionnaire scores, shaped like ``Score.values()``.

    ``{"gad7": {"total": 12.0, "band": "moderate"}, "startback": {..., "risk": "high"}}``:
    the total and band keys follow each instrument (STarT Back's band is "risk"); criteria
    sets add ``met`` as 1/0 and flags such as "crisis" as 1. Unknown instruments are skipped.
    """
    scores: dict[str, dict[str, float | str]] = {}
    responses = InstrumentResponse.objects.filter(user=user)
    for slug in responses.order_by().values_list("instrument", flat=True).distinct():
        row = responses.filter(instrument=slug).order_by("-taken_at", "-pk").first()
        try:
            found = instrument(slug)
        except UnknownInstrument:
            continue
        if row is None:
            continue
        values: dict[str, float | str] = dict(row.subscales)
        if row.total is not None:
            values[found.total_key] = row.total
        if row.band:
            values[found.band_key] = row.band
        if row.met is not None:
            values["met"] = 1 if row.met else 0
        values.update(dict.fromkeys(row.flags, 1))
        scores[slug] = values
    return scores


def assess(user: User, raw: Mapping[str, object]) -> Assessment:
    """Assess a full intake for ``user`` and store it with snapshots of what was said.

    Raises FindingError naming the field when the domain refuses the answers; then nothing
    is written.
    """
    evaluation = evaluate_for(user, raw)
    with transaction.atomic():
        return Assessment.objects.create(
            user=user,
            findings=evaluation.findings.to_dict(),
            level=evaluation.result.level,
            result=evaluation.result.to_dict(),
            factors=[factor.to_dict() for factor in evaluation.factors],
            course=evaluation.course.to_dict(),
        )


def evaluate_for(user: User, raw: Mapping[str, object]) -> Evaluation:
    """``evaluate`` for ``user``, stored or not: their standing clinical context (facts told
    before, the ages their profile allows), latest scores and place's words, with a due date
    held to the back check's bounds on their own day."""
    evaluation = evaluate(
        raw, latest_scores(user), clinical_context_for(user), phones_for_user(user)
    )
    _refuse_an_impossible_due_date(evaluation.findings, user)
    return evaluation


def _refuse_an_impossible_due_date(findings: Findings, user: User) -> None:
    """Hold a due date to the web back check's bounds, on the person's own day, whoever calls
    (the web, the API): the domain's validation does not know what day it is."""
    due = parse_due_date(findings.get("due_date"))
    problem = due_date_problem(due, user.local_date()) if due is not None else ""
    if problem:
        raise FindingError("due_date", problem)


def assess_emergency(user: User, raw: Mapping[str, object]) -> Assessment | None:
    """Store an intake cut short because its answers already show an emergency.

    Only answers actually given can fire (nothing unanswered is read as "yes"), so this never
    raises an alarm the full intake would not. Returns None when there is no emergency yet.
    The unanswered questions stay unknown in the person's clinical context.
    """
    return _shortened(user, raw, ("emergency",))


def assess_so_far(user: User, raw: Mapping[str, object]) -> Assessment | None:
    """Store a check cut short, at the person's wish, once its answers so far already ask for
    a clinician today (or an emergency). Read as :func:`assess_emergency` reads them: only
    answers actually given can fire. Returns None when nothing urgent is shown yet."""
    return _shortened(user, raw, CARE_NOW)


def _shortened(user: User, raw: Mapping[str, object], levels: tuple[str, ...]) -> Assessment | None:
    try:
        findings = validate_findings(raw)
    except FindingError:
        return None
    result = triage(findings, partial=True, phones=phones_for_user(user))
    if result.level not in levels:
        return None
    return Assessment.objects.create(
        user=user,
        findings=findings.to_dict(),
        level=result.level,
        result={**result.to_dict(), "complete": False},
        factors=[],
        course={},
    )
