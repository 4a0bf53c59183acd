"""JSON API for plans: the JSON twins of the plan, preferences, toolbox, exercise library and
articles pages, built from the same domain objects.

The plan, preferences and toolbox are the caller's own (session auth, CSRF on writes). The
exercise library, interventions and articles are public content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictBool

from backcare.accounts.models import User
from backcare.api.errors import MessageOut, invalid
from backcare.api.input import StrictInput
from backcare.domain import education
from backcare.domain.exercises import CATEGORIES, exercises
from backcare.domain.plans import PlanInputError
from backcare.domain.pregnancy import due_date_problem
from backcare.domain.tailoring import TailoringError
from backcare.plans import planning, sessions, tailoring, toolbox
from backcare.plans.article_html import render_markdown
from backcare.plans.library import (
    adapted,
    all_interventions,
    article_summary,
    citations,
    evidence_of,
    exercise_dict,
    find_exercises,
    for_you,
    pinnable,
    shown_body,
    shown_change,
)
from backcare.plans.models import Plan, Preferences, RoutineSession
from backcare.plans.plan_input import preferences_from_mapping, preferences_to_dict
from backcare.plans.presenting import GENERAL_NOTE, shown_stop_rules

router = Router(tags=["plans"])
NO_ASSESSMENT = "Complete an assessment first (POST /api/assessments): the plan is built from it."


class ReferenceOut(Schema):
    id: str
    citation: str
    url: str
    doi: str | None


class GradedOut(Schema):
    """The evidence behind a recommended option or tip, as its page shows it beside it."""

    grade: str | None = Field(
        description="strong, moderate, low, very_low, insufficient or against; null when "
        "nothing is recommended here or the content no longer holds the item"
    )
    grade_label: str | None = Field(description="The grade in words, as the page shows it")
    references: list[ReferenceOut] = Field(description="The sources of the grade")


def api_references(cited: Iterable[Mapping[str, str]]) -> list[dict[str, str | None]]:
    """Citations in the API's shape: a link without a DOI has ``doi`` null."""
    return [
        {"id": c["id"], "citation": c["citation"], "url": c["url"], "doi": c["doi"] or None}
        for c in cited
    ]


def graded(evidence: Mapping[str, Any] | None) -> dict[str, Any]:
    """``GradedOut``'s fields from ``library.evidence_of`` (or a ``ShownEffect.evidence``)."""
    if evidence is None:
        return {"grade": None, "grade_label": None, "references": []}
    return {
        "grade": evidence["grade"],
        "grade_label": evidence["grade_label"],
        "references": api_references(evidence["citations"]),
    }


class PlanOut(Schema):
    id: int | None
    created_at: datetime | None
    week: int
    status: str = Field(description="full, gentle or care_first")
    paused: bool = Field(
        description="true while the plan puts care first (status care_first), as the plan page "
        'says "Your plan is paused": no exercise until a clinician has seen the person. '
        "plan.status_reason says why and plan.care_advice where to get help; plan.routine and "
        "the flare protocol are empty, and plan.stop_rules leave out when to stop an exercise"
    )
    general: bool
    note: str
    assessment_id: int | None
    plan: dict[str, Any]
    changes: list[dict[str, Any]]
    references: list[ReferenceOut]


DUE_DATE_IN = (
    "The due date, with pregnant true: no more than 42 weeks ahead or two weeks past on the "
    "person's own day (their time zone), as the back check takes it. Left out: the due date "
    "stored stays; null: none. The later told of this one and the latest back check's counts"
)
DUE_DATE_OUT = (
    "The due date given in the preferences with pregnant true, or null; a back check's due "
    "date told later counts instead"
)


class PreferencesIn(StrictInput):
    minutes_per_day: int = 10
    equipment: list[str] = []
    pregnant: bool = False
    due_date: date | None = Field(default=None, description=DUE_DATE_IN)
    conditions: list[str] = []
    goals: list[str] = []
    cannot_do: list[str] = []
    sleep_position: str | None = None


class PreferencesOut(Schema):
    """The stored preferences; the view's dict also holds the toolbox, shown elsewhere."""

    minutes_per_day: int
    equipment: list[str]
    pregnant: bool
    due_date: date | None = Field(description=DUE_DATE_OUT)
    conditions: list[str]
    goals: list[str]
    cannot_do: list[str]
    sleep_position: str | None


class PinOut(GradedOut):
    slug: str
    name: str
    kind: str
    pinned_at: datetime
    url: str
    # The version the person is shown (pregnancy): its name above, the usual one here.
    adapted_for: str | None = None
    usual_name: str | None = None


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def plan_out(record: Plan) -> dict[str, Any]:
    """The stored plan, each exercise as the person is shown it: a version for one of their
    safety conditions (pregnancy) under its own name, marked ``adapted_for``, with its steps,
    equipment and drawing (``library.shown_item``), from the same conditions their pages use."""
    reasons = planning.safety_reasons(record.user)
    paused = record.status == "care_first"
    body = _paused_body(shown_body(record.body, reasons), paused)
    return {
        "id": record.pk,
        "created_at": record.created_at,
        "week": record.week,
        "status": record.status,
        "paused": paused,
        "general": False,
        "note": "",
        "assessment_id": record.assessment_id,
        "plan": body,
        "changes": [shown_change(c, reasons) for c in record.changes],
        "references": plan_references(body),
    }


def general_out(user: User) -> dict[str, Any]:
    plan = planning.general_plan(user)
    paused = plan.status == "care_first"
    body = _paused_body(shown_body(plan.to_dict(), planning.safety_reasons(user)), paused)
    return {
        "id": None,
        "created_at": None,
        "week": plan.week,
        "status": plan.status,
        "paused": paused,
        "general": True,
        "note": GENERAL_NOTE,
        "assessment_id": None,
        "plan": body,
        "changes": [],
        "references": plan_references(body),
    }


def _paused_body(body: dict[str, Any], paused: bool) -> dict[str, Any]:
    """A plan paused for care says when to get help but not when to stop an exercise: it has
    none (``presenting.shown_stop_rules``, as the plan page reads it)."""
    if not paused or "stop_rules" not in body:
        return body
    return {**body, "stop_rules": shown_stop_rules(body["stop_rules"], paused)}


def plan_references(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every reference the plan cites, once, with its link: the body names them by id only."""
    return api_references(citations(dict.fromkeys(_reference_ids(body))))


def _reference_ids(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "references" and isinstance(value, list | tuple):
                yield from (str(ref) for ref in value)
            else:
                yield from _reference_ids(value)
    elif isinstance(node, list | tuple):  # a body not yet through JSON holds tuples
        for value in node:
            yield from _reference_ids(value)


# --- the plan -----------------------------------------------------------------------------


@router.get("/plan", response=PlanOut)
def get_plan(request: HttpRequest) -> dict[str, Any]:
    """The current plan, built on first request. With no assessment yet: a general, gentle
    plan that is not stored (``general`` is true)."""
    record = planning.current_plan(_user(request))
    return general_out(_user(request)) if record is None else plan_out(record)


@router.post("/plan/rebuild", response=PlanOut)
def rebuild(request: HttpRequest) -> dict[str, Any]:
    """A fresh week-1 plan, answered as a read shows it (the warning signs and paused-plan
    notice in the words of the person's place)."""
    try:
        record = planning.rebuild_plan(_user(request))
    except planning.NoAssessmentError as exc:
        raise HttpError(409, NO_ASSESSMENT) from exc
    return plan_out(planning.with_current_stop_rules(_user(request), record))


class PlanChangeOut(Schema):
    id: int
    kind: str
    exercise: str
    what: str
    reason: str
    clinician: str
    created_at: datetime
    override: bool
    screen_note: str
    override_reason: str
    withdrawn_at: datetime | None
    withdrawn_by_patient: bool
    reps: int | None
    sets: int | None
    hold_seconds: int | None
    walking_minutes: int | None


@router.get("/plan/tailorings", response=list[PlanChangeOut])
def list_plan_changes(request: HttpRequest) -> list[dict[str, Any]]:
    """Every change the caller's care team made to their plan, withdrawn ones too, newest
    first: who, when, what, why, and any override of a safety screen with its reason; each
    exercise named as the caller is shown it (a pregnancy version's own name)."""
    user = _user(request)
    return tailoring.history(user, planning.safety_reasons(user))


@router.delete("/plan/tailorings/{int:tailoring_id}", response={204: None, 409: MessageOut})
def undo_plan_change(request: HttpRequest, tailoring_id: int) -> Status[None]:
    """Undo one active change from a clinician who no longer shares the caller's care (they
    stopped sharing, or the account is gone): 409 while they still share, 404 if there is no
    such active change."""
    try:
        tailoring.undo_by_patient(_user(request), tailoring_id)
    except TailoringError as error:
        raise HttpError(409, error.message) from None
    return Status(204, None)


class PreviewOut(Schema):
    week: int | None
    changes: list[dict[str, str]]
    next_progress_at: datetime | None


@router.get("/plan/progress", response={200: PreviewOut, 409: MessageOut})
def preview_progress(request: HttpRequest) -> dict[str, Any]:
    """What progressing now would change and why, without storing anything."""
    preview = planning.preview_progress(_user(request))
    if preview is None:
        raise HttpError(409, NO_ASSESSMENT)
    return {
        "week": preview[0].week,
        "changes": preview[1],
        "next_progress_at": planning.next_progress_at(_user(request)),
    }


@router.post("/plan/progress", response=PlanOut)
def progress(request: HttpRequest) -> dict[str, Any]:
    """Adapt the plan to the last week of the diary; at most once a week (409 until then).
    Answered as a read shows it, in the words of the person's place."""
    waiting_until = planning.next_progress_at(_user(request))
    before = planning.latest_plan(_user(request))
    record = planning.progress_plan(_user(request), on_demand=True)
    if record is None:
        raise HttpError(409, NO_ASSESSMENT)
    if waiting_until is not None and record == before:
        raise HttpError(
            409, f"Already updated this week; next update at {waiting_until:%Y-%m-%d %H:%M} UTC."
        )
    return plan_out(planning.with_current_stop_rules(_user(request), record))


# --- guided sessions ----------------------------------------------------------------------


#: Why an exercise stopped: "This hurts" while doing it, or the reason given for a skip.
Stopped = Literal["hurt", "too_hard", "not_now", ""]
STOPPED_HELP = (
    '"hurt": "This hurts" was pressed while doing it (done, and it felt "hurt"); "too_hard" '
    'or "not_now": why it was skipped; empty: it did not stop, or a skip without a reason.'
)


class AnswerIn(StrictInput):
    exercise: str
    done: StrictBool = True  # "no" is not false: a client bug to report
    feeling: Literal["easier", "same", "harder", "hurt", ""] = ""
    stopped: Stopped = Field("", description=STOPPED_HELP)


class SessionIn(StrictInput):
    answers: list[AnswerIn] = Field(min_length=1, max_length=20)
    pain_after: int = Field(ge=0, le=10)


class AnswerOut(Schema):
    exercise: str
    done: bool
    feeling: Literal["easier", "same", "harder", "hurt", ""]
    stopped: Stopped = Field(description=STOPPED_HELP)


class SessionOut(Schema):
    id: int
    day: date
    started_at: datetime
    finished_at: datetime | None = Field(
        description="null for a session left unfinished: of it, only an exercise stopped "
        'because it hurt ("stopped": "hurt") counts for the weekly update'
    )
    pain_after: int | None
    answers: list[AnswerOut]


@router.get("/plan/sessions", response=list[SessionOut])
def list_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    """My latest 50 guided sessions, newest first, finished or not."""
    found = RoutineSession.objects.filter(user=_user(request)).prefetch_related("answers")[:50]
    return [sessions.session_dict(s) for s in found]


@router.post("/plan/sessions", response={201: SessionOut})
def post_session(request: HttpRequest, payload: SessionIn) -> Status[Any]:
    """Record a finished session done elsewhere (an app's own timer): each exercise done or
    skipped, how it felt, why it stopped, and the pain after. It counts as adherence like a
    guided one; an exercise stopped because it hurt counts as it hurt."""
    known = exercises()
    for n, answer in enumerate(payload.answers):
        where: list[str | int] = ["body", "payload", "answers", n]
        if answer.exercise not in known:
            raise invalid([*where, "exercise"], f"no exercise called '{answer.exercise}'")
        if not answer.done and answer.feeling:
            raise invalid([*where, "feeling"], "a skipped exercise has no feeling")
        _check_stopped(where, answer)
    rows = [(a.exercise, a.done, a.feeling, a.stopped) for a in payload.answers]
    session = sessions.record_session(_user(request), rows, payload.pain_after)
    return Status(201, sessions.session_dict(session))


def _check_stopped(where: list[str | int], answer: AnswerIn) -> None:
    """An exercise stopped because it hurt was started (done) and felt "hurt"; a skip's
    reason is for one not done."""
    if answer.stopped == "hurt":
        if not answer.done:
            raise invalid(
                [*where, "done"], 'an exercise stopped because it hurt was started: "done": true'
            )
        if answer.feeling not in ("", "hurt"):
            raise invalid(
                [*where, "feeling"], 'an exercise stopped because it hurt has the feeling "hurt"'
            )
    elif answer.stopped and answer.done:
        raise invalid([*where, "stopped"], "a reason to skip is for an exercise not done")


def _stored_due_date(user: User) -> date | None:
    return Preferences.objects.filter(user=user).values_list("due_date", flat=True).first()


@router.get("/plan/preferences", response=PreferencesOut)
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    shown = preferences_to_dict(planning.preferences_for(user))
    return {**shown, "due_date": _stored_due_date(user) if shown["pregnant"] else None}


@router.put("/plan/preferences", response=PreferencesOut)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    """Replace the preferences and rebuild the plan; a bad value is a 422 naming the field
    and nothing is saved. A ``due_date`` left out keeps the one stored."""
    user = _user(request)
    current = planning.preferences_for(user)
    data = payload.model_dump(exclude={"due_date"})
    try:
        prefs = preferences_from_mapping({**data, "toolbox": list(current.toolbox)})
    except PlanInputError as exc:
        field = str(exc).split(":", 1)[0].strip()
        raise invalid(["body", "payload", field], str(exc)) from exc
    stored = _stored_due_date(user)
    told = _told_due_date(payload, prefs.pregnant, stored, user.local_date())
    planning.save_preferences(user, prefs, due_date=told)
    kept = stored if told is planning.KEEP_DUE_DATE else told
    return {**preferences_to_dict(prefs), "due_date": kept if prefs.pregnant else None}


def _told_due_date(
    payload: PreferencesIn, pregnant: bool, stored: date | None, today: date
) -> object:
    """The due date the caller gives, checked as the back check checks it on the person's own
    ``today`` (``due_date_problem``), or ``planning.KEEP_DUE_DATE`` when they leave it out or
    send back the one stored (which may be past the bounds by now): only a due date given
    anew is told now, and so may outrank a later back check's."""
    due = payload.due_date
    if "due_date" not in payload.model_fields_set or (due is None and stored is None):
        return planning.KEEP_DUE_DATE
    if due is None:
        return None
    where: list[str | int] = ["body", "payload", "due_date"]
    if not pregnant:
        raise invalid(where, "a due date is given with pregnant true; send null or leave it out")
    if due == stored:
        return planning.KEEP_DUE_DATE
    problem = due_date_problem(due, today)
    if problem:
        raise invalid(where, problem)
    return due


# --- toolbox ------------------------------------------------------------------------------


@router.get("/toolbox", response=list[PinOut])
def get_toolbox(request: HttpRequest) -> list[dict[str, Any]]:
    """My pins, each with its evidence grade and sources, as the toolbox page shows them."""
    return toolbox_out(_user(request))


@router.put("/toolbox/{slug}", response={200: list[PinOut], 409: MessageOut})
def put_pin(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Pin an exercise or self-care item; 409 when the person's safety conditions hold it back
    from their plan (an exercise to avoid in pregnancy, say), as the plan would."""
    if pinnable(slug) is None:
        raise HttpError(404, f"slug: '{slug}' is not an exercise in the library")
    try:
        toolbox.pin(_user(request), slug)
    except toolbox.HeldBack as refused:
        raise HttpError(409, refused.message) from None
    return toolbox_out(_user(request))


@router.delete("/toolbox/{slug}", response=list[PinOut])
def delete_pin(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    if not toolbox.unpin(_user(request), slug):
        raise HttpError(404, f"slug: '{slug}' is not in your toolbox")
    return toolbox_out(_user(request))


def toolbox_out(user: User) -> list[dict[str, Any]]:
    """Each pin as the toolbox page shows it: an exercise with a version for one of the
    person's safety conditions under that version's name, marked ``adapted_for``, with the
    usual name as ``usual_name`` (both null for anything else)."""
    reasons = planning.safety_reasons(user)
    found = []
    for pin in toolbox.toolbox_of(user):
        version = adapted(pin.slug, reasons) if pin.kind == "exercise" else None
        mark: dict[str, Any] = {"adapted_for": None, "usual_name": None}
        if version is not None:
            mark = {
                "name": version["name"],
                "adapted_for": version["condition"],
                "usual_name": version["usual_name"],
            }
        found.append({**vars(pin), "url": pin.url, **graded(evidence_of(pin.slug)), **mark})
    return found


# --- public content -----------------------------------------------------------------------


@router.get("/exercises", response=list[dict[str, Any]], auth=None)
def list_exercises(
    request: HttpRequest, category: str = "", q: str = "", flare_safe: bool = False, kit: str = ""
) -> list[dict[str, Any]]:
    """Public; for a signed-in person each exercise also carries ``for_you``: what their
    safety conditions say about it, as the library page shows. ``flare_safe=true`` keeps
    what is gentle enough for a flare; ``kit=mine`` what needs only what the person has at
    home (a visitor: nothing)."""
    if category and category not in CATEGORIES:
        raise invalid(["query", "category"], f"must be one of {', '.join(CATEGORIES)}")
    if kit not in ("", "mine"):
        raise invalid(["query", "kit"], "must be mine, or left out for any equipment")
    user = request.user
    owned = planning.preferences_for(user).equipment if isinstance(user, User) else frozenset()
    reasons = _reasons(request)  # the kit of the version the person is shown
    found = find_exercises(
        category, q, flare_safe=flare_safe, owned=owned if kit else None, reasons=reasons
    )
    overrides = _overrides(request, reasons)
    return [_for_you(exercise_dict(ex, reasons=reasons), reasons, overrides) for ex in found]


@router.get("/exercises/{slug}", response=dict[str, Any], auth=None)
def get_exercise(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Public; for a signed-in person, ``for_you`` as in the list, and the exercise as they
    are shown it: the version one of their safety conditions gives (pregnancy: its own name,
    steps, equipment and drawing, or no drawing), marked ``adapted_for``, with the usual
    name, steps and equipment under ``usual``; ``adapted_for`` is null for the usual one."""
    if slug not in exercises():
        raise HttpError(404, f"no exercise '{slug}'")
    reasons = _reasons(request)
    found = exercise_dict(exercises()[slug], with_svg=True, reasons=reasons)
    return _for_you(found, reasons, _overrides(request, reasons))


def _reasons(request: HttpRequest) -> dict[str, str] | None:
    user = request.user
    return planning.safety_reasons(user) if isinstance(user, User) else None


def _overrides(request: HttpRequest, reasons: dict[str, str] | None) -> dict[str, str]:
    """What a clinician's override put back in the person's plan (only a held move needs it)."""
    user = request.user
    return tailoring.overrides_in_force(user) if reasons and isinstance(user, User) else {}


def _for_you(
    data: dict[str, Any], reasons: dict[str, str] | None, overrides: dict[str, str]
) -> dict[str, Any]:
    if reasons is not None:
        data["for_you"] = for_you(data["slug"], reasons, overrides).to_dict()
    return data


@router.get("/interventions", response=list[dict[str, Any]], auth=None)
def list_interventions(request: HttpRequest) -> list[dict[str, Any]]:
    return all_interventions()


@router.get("/articles", response=list[dict[str, Any]], auth=None)
def list_articles(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    found = education.search(q) if q.strip() else list(education.articles().values())
    return [article_summary(item) for item in found]


@router.get("/articles/{slug}", response=dict[str, Any], auth=None)
def get_article(request: HttpRequest, slug: str) -> dict[str, Any]:
    item = education.articles().get(slug)
    if item is None:
        raise HttpError(404, f"no article '{slug}'")
    return {
        **article_summary(item),
        "body_markdown": item.body,
        "body_html": render_markdown(item.body),
        "references": citations(item.references),
        "version": item.meta.version,
        "reviewed": item.meta.reviewed,
    }
