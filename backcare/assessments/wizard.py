"""The intake wizard's steps (content order) and the draft of answers saved so far.

A draft holds the answers saved so far, already validated by the domain and in JSON form
(multi answers as sorted lists), plus the furthest step saved, so "Continue" resumes there.
It is kept on the person's account (backcare/assessments/drafts.py), so it follows them to
any device.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from backcare.assessments.drafts import DraftStore, still_valid
from backcare.domain.findings import (
    Finding,
    FindingError,
    finding_catalogue,
    finding_schema,
    validate_findings,
)
from backcare.domain.triage import TriageResult, triage


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    number: int  # 1-based
    red_flags: bool  # every question on it must be answered
    lead: str  # why these questions are asked (content: one per step)
    some_needed: bool  # not a red-flag step, yet some of its answers are needed
    some_optional: bool  # a red-flag step that also asks something that may be left blank

    @property
    def page_title(self) -> str:
        return f"{self.title} (step {self.number} of {len(finding_schema().steps)})"


def steps() -> tuple[Step, ...]:
    schema = finding_schema()
    return tuple(
        _step(step_id, title, index + 1) for index, (step_id, title) in enumerate(schema.steps)
    )


def _step(step_id: str, title: str, number: int) -> Step:
    asked = [f for f in finding_catalogue().values() if f.step == step_id]
    red_flags = any(f.red_flag for f in asked)
    return Step(
        id=step_id,
        title=title,
        number=number,
        red_flags=red_flags,
        lead=finding_schema().leads[step_id],
        some_needed=not red_flags and any(f.required for f in asked),
        some_optional=red_flags and not all(f.red_flag or f.required for f in asked),
    )


def step(step_id: str) -> Step | None:
    return next((s for s in steps() if s.id == step_id), None)


def is_former_step(step_id: str) -> bool:
    """Whether ``step_id`` named a step of an earlier version (merged into another since)."""
    return step_id in finding_schema().former_steps


def reached_step(reached: str) -> Step | None:
    """The furthest step a draft has finished, from the id it was saved with. A draft saved
    at a step of an earlier version has finished the step content names for it
    (findings.toml [former_steps]): the last one whose questions had all been asked, so that
    "Continue" never passes a question of a merged page that was not yet shown."""
    return step(finding_schema().former_steps.get(reached, reached))


def neighbour(step_id: str, offset: int) -> Step | None:
    """The step ``offset`` places away (-1 previous, +1 next), or None past either end."""
    found = step(step_id)
    all_steps = steps()
    index = (found.number - 1 + offset) if found else -1
    return all_steps[index] if 0 <= index < len(all_steps) else None


def step_findings(step_id: str) -> tuple[Finding, ...]:
    return tuple(f for f in finding_catalogue().values() if f.step == step_id)


def step_of(finding_id: str) -> Step:
    """The step that asks a finding; the last step for anything not in the catalogue."""
    finding = finding_catalogue().get(finding_id)
    return (step(finding.step) if finding else None) or steps()[-1]


# --- the draft (kept on the account: backcare/assessments/drafts.py) -------------------------


def draft_answers(store: DraftStore) -> dict[str, object]:
    draft = store.read()
    return dict(draft.answers) if draft else {}


def has_draft(store: DraftStore) -> bool:
    return store.read() is not None


def resume_step(store: DraftStore) -> Step:
    """The step after the furthest one saved, or the first step; but never past a step whose
    warning-sign questions are not all answered (a step opened by its address and finished,
    or a question added since the draft was saved): "Continue" goes to the first of those."""
    draft = store.read()
    reached = reached_step(draft.reached) if draft else None
    after = (neighbour(reached.id, 1) or reached) if reached else steps()[0]
    answered = draft.answers if draft else {}
    for earlier in steps()[: after.number - 1]:
        if any(f.red_flag and f.id not in answered for f in step_findings(earlier.id)):
            return earlier
    return after


def save_step(
    store: DraftStore,
    step_id: str,
    answers: Mapping[str, object],
    *,
    finished: bool = True,
    forget: Collection[str] = (),
) -> dict[str, object]:
    """Replace one step's answers in the draft (a cleared answer is removed), and drop the
    answers named in ``forget`` (one taken as "no" that must now be asked after all).

    A step left unfinished (Back, or answers kept as they are tapped) keeps its answers but
    does not count as reached: "Continue" comes back to it, not past it.
    """
    own = {f.id for f in step_findings(step_id)} | set(forget)
    with store.changing():
        draft = store.read()
        merged = {k: v for k, v in draft_answers(store).items() if k not in own}
        merged.update(answers)
        if not (finished or merged or draft):
            return merged  # nothing to keep: no draft to "continue"
        reached = reached_step(draft.reached) if draft else None
        if finished:
            reached = max(filter(None, (reached, step(step_id))), key=lambda s: s.number)
        store.write(merged, reached.id if reached else "")
    return merged


def clear_draft(store: DraftStore) -> None:
    store.clear()


def early_emergency(answers: Mapping[str, object]) -> TriageResult | None:
    """An emergency already certain from the answers so far (a red flag answered "yes").

    Unanswered questions count as not reported, so only what was actually said can fire:
    this never raises an alarm that the full intake would not.
    """
    try:
        result = triage(validate_findings(answers), partial=True)
    except FindingError:
        return None
    return result if result.level == "emergency" else None


def ages_told(answers: Mapping[str, object]) -> tuple[int, ...]:
    """The age a back check not yet finished has been told, which the profile may not keep
    yet (it is kept once the age's step is finished, and only if it has no year of birth):
    passed to ``context.crisis_for``, so the lines for young people beside an emergency
    answer in that check follow it. Empty when no age has been given."""
    age = answers.get("age")
    return (age,) if isinstance(age, int) and not isinstance(age, bool) else ()


def urgent_so_far(answers: Mapping[str, object]) -> TriageResult | None:
    """The level "speak to a clinician today" already certain from the answers so far: a
    warning sign answered "yes" or "not sure" whose rule is urgent. As with
    :func:`early_emergency`, only what was actually said can fire, so the full check can only
    keep this level or raise it (an emergency found later outranks it); it never says less."""
    try:
        result = triage(validate_findings(answers), partial=True)
    except FindingError:
        return None
    return result if result.level == "urgent" else None


def newly_urgent(answers: Mapping[str, object], current: Step) -> bool:
    """Whether the step before ``current`` is the one whose answers made the check urgent:
    the notice is then shown in full, and on later steps as one line."""
    previous = neighbour(current.id, -1)
    if previous is None or urgent_so_far(answers) is None:
        return False
    own = {f.id for f in step_findings(previous.id)}
    before = {k: v for k, v in answers.items() if k not in own}
    return urgent_so_far(before) is None and early_emergency(before) is None


# --- questions that cannot apply to the person -------------------------------------------------

#: From this age (the youngest the person may be) a woman is not asked whether she is or could
#: be pregnant. Listed for clinical review in docs/clinical-content.md.
PREGNANCY_NOT_ASKED_FROM = 60
#: What a question left out because it cannot apply is taken to say. The pregnancy warning
#: signs (bleeding from the vagina, fewer baby movements, ...) follow the pregnancy question:
#: asked wherever it is, left out with it. Listed for clinical review in
#: docs/clinical-content.md.
NOT_ASKED = {"pregnant": "no", "pregnancy_warning_signs": "no"}
#: The questions that go together: left out together, and asked together (the due date,
#: optional, is taken to say nothing when left out).
PREGNANCY_QUESTIONS = frozenset({*NOT_ASKED, "due_date"})
#: The answer to the back check's sex question that leaves the sex not told.
SEX_NOT_SAID = "not_said"


def sex_of(profile_sex: str, answers: Mapping[str, object]) -> str:
    """The person's sex as the questions read it: the one answered in this check, else the
    profile's; "" when not told ("Prefer not to say" included)."""
    said = answers.get("sex")
    if not isinstance(said, str):
        return profile_sex
    return "" if said == SEX_NOT_SAID else said


def profile_sex(said: str) -> str:
    """What the profile keeps for an answer to the sex question ("" is not told)."""
    return "" if said == SEX_NOT_SAID else said


def year_of_birth_for(age: int, today_year: int) -> int:
    """The year of birth the profile keeps for an age told today: the later of the two years
    it allows (the birthday passed this year), so the profile's ages hold the age told."""
    return today_year - age


def not_asked(
    sex: str, ages: tuple[int, int] | None, answers: Mapping[str, object]
) -> frozenset[str]:
    """The questions left out for this person because they cannot apply: whether they are
    pregnant, and the pregnancy warning signs with it, for a man or a woman aged 60 or over
    (the sex answered in the check, or else the profile's; the age given in the check, or
    else the youngest the profile's year of birth allows). With the sex not given, "other"
    or "prefer not to say", both are asked whatever the age, and the warning signs are asked
    of anyone asked whether they are pregnant, whatever the answer (an early pregnancy may
    not be known). An answer other than "no" already given to either is never hidden, and
    keeps the other asked too."""
    sex = sex_of(sex, answers)
    if any(answers.get(question, "no") != "no" for question in PREGNANCY_QUESTIONS):
        return frozenset()
    age = answers.get("age")
    youngest = age if isinstance(age, int) else (ages[0] if ages else None)
    older = youngest is not None and youngest >= PREGNANCY_NOT_ASKED_FROM
    if sex == "male" or (sex == "female" and older):
        return PREGNANCY_QUESTIONS
    return frozenset()


def implied_answers(step_id: str, left_out: frozenset[str]) -> dict[str, object]:
    """What the questions of ``step_id`` left out for the person are taken to say."""
    own = {f.id for f in step_findings(step_id)}
    return {k: v for k, v in NOT_ASKED.items() if k in left_out and k in own}


#: The pace the time estimate assumes: about 7 seconds to read and answer one question, and
#: about 5 more for each step (its heading, the Next button, the next page loading).
SECONDS_PER_QUESTION = 7
SECONDS_PER_STEP = 5


@dataclass(frozen=True)
class Estimate:
    """How long the whole back check takes, counted from the questions it asks."""

    steps: int
    questions: int
    minutes: int


def intake_estimate(start: Step | None = None) -> Estimate:
    """One honest estimate for every page that names the back check's length: every step and
    every question counted (an emergency answer ends it sooner), to the nearest minute.

    From ``start`` on, it is what is left: that step and every one after it.
    """
    first = start.number if start else 1
    left = [s for s in steps() if s.number >= first]
    questions = sum(len(step_findings(s.id)) for s in left)
    seconds = questions * SECONDS_PER_QUESTION + len(left) * SECONDS_PER_STEP
    return Estimate(len(left), questions, max(1, round(seconds / 60)))


def warning_signs_estimate() -> Estimate:
    """How long the warning-sign questions take, from the first step to the last one that
    asks one: the part that must be answered, at the pace of :func:`intake_estimate`."""
    last = max(s.number for s in steps() if s.red_flags)
    return steps_estimate([s for s in steps() if s.number <= last])


# --- answering again the questions the person was not sure about ---------------------------


def unsure_steps(findings: Mapping[str, object]) -> tuple[Step, ...]:
    """The steps, in order, that ask a warning-sign question answered "not sure"."""
    catalogue = finding_catalogue()
    unsure = {fid for fid, value in findings.items() if value == "not_sure" and fid in catalogue}
    asked = {catalogue[fid].step for fid in unsure if catalogue[fid].red_flag}
    return tuple(s for s in steps() if s.id in asked)


def steps_estimate(chosen: Collection[Step]) -> Estimate:
    """How long answering just ``chosen`` steps takes, at the pace of :func:`intake_estimate`."""
    questions = sum(len(step_findings(s.id)) for s in chosen)
    seconds = questions * SECONDS_PER_QUESTION + len(chosen) * SECONDS_PER_STEP
    return Estimate(len(chosen), questions, max(1, round(seconds / 60)))


def start_recheck(store: DraftStore, findings: Mapping[str, object]) -> tuple[Step, ...]:
    """A draft holding every answer of a stored back check, as if all its steps were done,
    so that answering again only the steps with a "not sure" ends in a result worked out
    from the full set of answers. Returns those steps."""
    chosen = unsure_steps(findings)
    if chosen:
        store.write(dict(findings), steps()[-1].id)
    return chosen


def is_recheck_of(answers: Mapping[str, object], findings: Mapping[str, object]) -> bool:
    """Whether a draft is still the one :func:`start_recheck` wrote for ``findings``: every
    answer outside the steps being answered again is the stored check's own. A draft started
    since (a new back check, on this device or another) is not, and its answers are never
    finished as, or mixed into, the check being answered again."""
    own = {f.id for s in unsure_steps(findings) for f in step_findings(s.id)}
    kept = {k: v for k, v in answers.items() if k not in own}
    return kept == {k: v for k, v in still_valid(findings).items() if k not in own}
