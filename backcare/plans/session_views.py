"""The guided session pages: one exercise per page, then how it felt.

Plain links and form posts work without JavaScript; plans/session.js adds the hold timer,
the rep counter and pause on top of the same pages.

Every page reads today's routine from the current plan: a session left open may outlive the
plan it started from (paused for care, a flare, a new condition), and must not guide an
exercise the plan now holds back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from backcare.accounts.models import User
from backcare.diary.models import CheckIn
from backcare.diary.summary import hard_pain
from backcare.domain import plan_text
from backcare.domain.exercises import Dose, Exercise
from backcare.plans import session_stops, sessions, tailoring
from backcare.plans.forms import SessionAnswersForm
from backcare.plans.library import (
    adapted,
    citations,
    evidence_of,
    for_you,
    grade_word,
    picture,
    pinnable,
    routine_kit,
    shown_item,
)
from backcare.plans.models import FEELINGS, FIRST_FEELINGS, RoutineSession, SessionAnswer
from backcare.plans.planning import (
    local_today,
    pinned_slugs,
    preferences_for,
    preview_progress,
    safety_reasons,
)
from backcare.plans.presenting import graded


class UserRequest(HttpRequest):
    user: User


@login_required
@require_http_methods(["GET", "POST"])
def start(request: UserRequest) -> HttpResponse:
    if request.method == "POST":
        session = sessions.start_session(request.user)
        if session is None:
            return redirect("plans:plan")
        return redirect("plans:session_step", pk=session.pk, position=1)
    routine = sessions.todays_routine(request.user)
    owned = preferences_for(request.user).equipment
    reasons = safety_reasons(request.user)  # a pregnancy version's name and drawing
    items = [
        {**graded(shown_item(item, reasons)), "picture": picture(str(item.get("slug")), reasons)}
        for item in routine.items
    ]
    context = {
        "routine": routine,
        "items": items,
        "kit": routine_kit((str(item.get("slug")) for item in routine.items), owned, reasons),
        "none_left": plan_text.NO_EXERCISES_LEFT,
        **session_stops.rule_context(request.user),
    }
    return TemplateResponse(request, "plans/session_start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step(request: UserRequest, pk: int, position: int) -> HttpResponse:
    session = sessions.session_of(request.user, pk)
    routine = sessions.todays_routine(request.user)
    steps = sessions.steps_of(session, routine)
    current = next((s for s in steps if s.position == position), None)
    if current is None:
        raise Http404("No such step")
    action = request.POST.get("action", "done")
    if request.method == "POST" and action not in session_stops.ACTIONS:
        return session_stops.unknown_action(request, session, current)
    context = {
        "session": session,
        "step": current,
        "number": steps.index(current) + 1,
        "total": len(steps),
        "last": current.position == steps[-1].position,
    }
    if session.finished_at is not None:  # the browser's Back after saving it
        return session_stops.after_saving(request, request.user, context, current)
    if routine.care_first:  # nothing is marked: the plan says what to do now
        context = {"session": session, "routine": routine}
        return TemplateResponse(request, "plans/session_paused.html", context)
    if request.method == "POST":
        return _next(request, session, steps, current)
    then = request.GET.get("then") if current.in_plan else None
    if then != "signs" and session_stops.hurt_at(session, current.position):
        then = "hurt"  # stopped because it hurt: the page offers only going on
    if then == "hurt":
        return session_stops.hurt_page(request, request.user, context, current)
    if then == "why":
        return session_stops.why_page(request, request.user, context, current)
    if then == "signs":
        return session_stops.signs_page(request, request.user, context)
    return _step_page(request, session, context, current, routine)


def _step_page(
    request: UserRequest,
    session: RoutineSession,
    context: dict[str, Any],
    current: sessions.Step,
    routine: sessions.Routine,
) -> HttpResponse:
    if not current.in_plan:
        # Named as she was shown it when it was in her plan (a pregnancy version's own name).
        context["name"] = current.exercise.name_for(safety_reasons(request.user))
        context["left_out"] = _left_out(request.user, current, routine)
        context["evidence"] = evidence_of(current.exercise.slug)  # the plan no longer grades it
        return TemplateResponse(request, "plans/session_left_out.html", context)
    # A pregnant person (yes or not sure) is shown the version her caution gives.
    version = adapted(current.exercise.slug, safety_reasons(request.user))
    dose = tailoring.dose_for(request.user, current.exercise)
    context |= session_stops.rule_context(request.user) | {
        "grade_label": grade_word(current.grade),
        "citations": citations(current.references),
        "adapted": version,
        "name": version["name"] if version else current.exercise.name,
        # Every step: the movement itself is often the third or fourth ("lean to one
        # side"), and a breathing exercise's breathing comes after how to lie.
        "cue": version["steps"] if version else current.exercise.steps,
        "timer": _timer(current, dose),
        "last_hurt": session_stops.last_hurt(request.user, session, current.exercise),
    }
    return TemplateResponse(request, "plans/session_step.html", context)


def _next(
    request: UserRequest,
    session: RoutineSession,
    steps: list[sessions.Step],
    current: sessions.Step,
) -> HttpResponse:
    """Mark the step and go on. A step the plan no longer holds is only ever skipped, so a
    stale form cannot log it as done. "This hurts" (or a skip because it hurts) stops it and
    says what next; a skip asks why; "next" goes on without changing what is marked. A stop
    because it hurt is never undone: Done or Skip pressed on its step later (the browser's
    Back) goes on and keeps it."""
    action = request.POST.get("action", "done")
    if action in ("done", "skip") and session_stops.hurt_at(session, current.position):
        return session_stops.go_on(session, steps, current)
    if not current.in_plan:
        action = "skip_it"  # no reason to ask: the plan changed
    if action == "next":
        return session_stops.go_on(session, steps, current)
    if action == "signs":
        return redirect(session_stops.step_url(session, current.position, "signs"))
    if action == "hurt":
        session_stops.mark(session, current.position, done=True, stopped="hurt")
        return redirect(session_stops.step_url(session, current.position, "hurt"))
    if action in session_stops.SKIP_REASONS:
        session_stops.give_reason(session, current.position, action)
        return session_stops.go_on(session, steps, current)
    session_stops.mark(session, current.position, done=action == "done")
    if action == "skip":
        return redirect(session_stops.step_url(session, current.position, "why"))
    return session_stops.go_on(session, steps, current)


def _left_out(user: User, step: sessions.Step, routine: sessions.Routine) -> str:
    """Why the current plan leaves the exercise out: the person's own screen when one holds
    it back, else why the plan is gentle; "" when the week's update simply changed it."""
    mine = for_you(step.exercise.slug, safety_reasons(user), tailoring.overrides_in_force(user))
    if mine.held_back:
        return f"{mine.verdict}: {mine.reason}."
    return routine.status_reason if routine.gentle else ""


def _timer(step: sessions.Step, dose: Dose) -> dict[str, int | bool | str]:
    """What session.js counts: a hold in seconds, a timed exercise, or repetitions (the
    clinician's dose when they set one), and what its sound marks."""
    seconds = dose.hold_seconds or int((dose.minutes or 0) * 60)
    holds = (
        bool(dose.hold_seconds)
        and (dose.reps or 1) * (dose.sets or 1) * (2 if dose.per_side else 1) > 1
    )
    return {
        "seconds": seconds,
        "reps": dose.reps or 0,
        "sets": dose.sets or 1,
        "per_side": dose.per_side,
        "alternating": dose.per_side and dose.alternating,
        "sound": "A sound as each hold starts and ends" if holds else "A sound when the time is up",
    }


@login_required
@require_http_methods(["GET", "POST"])
def finish(request: UserRequest, pk: int) -> HttpResponse:
    session = sessions.session_of(request.user, pk)
    saved = session.finished_at is not None
    if saved and request.method != "POST":
        return redirect("plans:session_done", pk=pk)
    done = {a.position for a in session.answers.filter(done=True)}
    routine = sessions.todays_routine(request.user)
    every = sessions.steps_of(session, routine)
    # One stopped because it hurt is not asked about again: its answer is "It hurt".
    hurt = session_stops.stopped_for_pain(session)
    stopped = [s for s in every if s.position in hurt]
    steps = [s for s in every if s.position in done and s.position not in hurt]
    before = sessions.done_before(session)
    reasons = safety_reasons(request.user)  # the name of the version she did (pregnancy)
    form = SessionAnswersForm(
        request.POST or None,
        steps=[
            (s.position, s.exercise.name_for(reasons), s.exercise.slug in before) for s in steps
        ],
    )
    if saved:  # sent again (the browser's Back): see _change_saved
        _change_saved(request, session, form, [s.position for s in steps])
        return redirect("plans:session_done", pk=pk)
    if request.method == "POST" and form.is_valid():
        feelings = form.feelings() | hurt
        sessions.finish_session(session, feelings, form.cleaned_data["pain_now"])
        return redirect("plans:session_done", pk=pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "session": session,
        "form": form,
        "steps": steps,
        "stopped": [s.exercise.name_for(reasons) for s in stopped],
        "total": len(every),
        # Nothing marked done (each skipped, or this page opened by its address): the first
        # exercise is one tap away, unless the plan is paused.
        "first": every[0].position
        if every and not steps and not stopped and not routine.care_first
        else None,
        "paused": routine.care_first,
    }
    return TemplateResponse(request, "plans/session_finish.html", context, status=status)


def _change_saved(
    request: UserRequest, session: RoutineSession, form: SessionAnswersForm, asked: list[int]
) -> None:
    """The end screen sent again after the session was saved. The same day (no weekly
    update has read the day yet) the new answers replace the saved ones; on a later day the
    saved answers stay, and the page says so, except an exercise now said to have hurt: a
    hurt is never dropped."""
    if form.is_valid() and session.day == local_today(request.user):
        sessions.change_answers(session, form.feelings(), form.cleaned_data["pain_now"])
        messages.success(request, "Your answers are updated.")
        return
    hurts = {p: "hurt" for p in asked if request.POST.get(f"feeling_{p}") == "hurt"}
    sessions.change_answers(session, hurts)
    said = "This session was already saved, so its answers stay as they were."
    if hurts:
        said += ' What hurt is now saved as "It hurt", so your plan can ease it.'
    messages.info(request, said)


@login_required
@require_GET
def done(request: UserRequest, pk: int) -> HttpResponse:
    session = sessions.session_of(request.user, pk)
    if session.finished_at is None:
        return redirect("plans:session_finish", pk=pk)
    mine = set(pinned_slugs(request.user))
    routine = sessions.todays_routine(request.user)
    steps = {s.position: s for s in sessions.steps_of(session, routine)}
    rows = []
    reasons = safety_reasons(request.user)
    overrides = tailoring.overrides_in_force(request.user)  # what a clinician put back
    answers = list(session.answers.all())
    first = _first_times(session, answers)
    hurt: list[Exercise] = []
    stepping = _stepping_back(request.user)
    for answer in answers:
        found = steps.get(answer.position)
        if found is None:
            continue
        ex = found.exercise
        if answer.feeling == "hurt":
            hurt.append(ex)
        rows.append(
            {
                "answer": answer,
                # The words the person chose: "Easy" the first time, not "easier".
                "feeling": dict(FIRST_FEELINGS if ex.slug in first else FEELINGS).get(
                    answer.feeling, ""
                ),
                "exercise": ex,
                # The name of the version she did (a pregnancy version's own).
                "name": ex.name_for(reasons),
                # Offered only while the current plan still guides it: never while paused,
                # nor for one a flare or a new condition has taken out of the routine.
                # What the plan's next update does with it (the same as /plan/progress/): an
                # exercise that steps back is not one to keep for bad days.
                "steps_back": stepping.get(ex.slug, ""),
                "offer": answer.feeling in ("easier", "same")
                and ex.slug not in stepping
                and found.in_plan
                and ex.slug not in mine
                and pinnable(ex.slug) is not None
                and not for_you(ex.slug, reasons, overrides).held_back,
                "pinned": ex.slug in mine,
                "easier": sessions.easier_name(ex, reasons),
            }
        )
    today = session.day == local_today(request.user)
    routine_slugs = set(sessions.routine_exercises(routine.items))
    context = {
        "session": session,
        "rows": rows,
        "none_done": not any(answer.done for answer in answers),
        # "Today's routine is logged" only as home and the plan count it: an exercise of
        # today's routine done in a session of today.
        "routine_logged": today and any(a.done and a.exercise in routine_slugs for a in answers),
        "paused": routine.care_first,
        # No "well done" over today's pain: easing it comes first (a session opened again
        # on a later day is not advice for now).
        "hurt": today and sessions.hurt_in(session),
        "pain_high": today and hard_pain(session.pain_after),
        "ease": _easing(hurt, reasons),
        **_next_checkin(request.user, session, today),
    }
    return TemplateResponse(request, "plans/session_done.html", context)


def _stepping_back(user: User) -> dict[str, str]:
    """Exercise slug -> the sentence saying why the plan's next update steps it back, from
    the preview /plan/progress/ shows: the done page and the plan never disagree."""
    preview = preview_progress(user)
    changes = preview[1] if preview else []
    return {c["slug"]: c["sentence"] for c in changes if c["action"] == "step_back"}


def _next_checkin(user: User, session: RoutineSession, today: bool) -> dict[str, bool]:
    """The next step after a session of today with no check-in yet today: that check-in
    (the person's first ever, if they have none)."""
    if not today:
        return {"checkin_next": False, "first_checkin": False}
    mine = CheckIn.objects.filter(user=user)
    if mine.filter(day=session.day).exists():
        return {"checkin_next": False, "first_checkin": False}
    return {"checkin_next": True, "first_checkin": not mine.exists()}


def _first_times(session: RoutineSession, answers: list[SessionAnswer]) -> set[str]:
    """The exercises done in this session for the first time, as the end screen asked them
    ("Easy", "About right", "Hard"): none finished in an earlier session."""
    earlier = SessionAnswer.objects.filter(
        session__user_id=session.user_id,
        session__finished_at__lt=session.finished_at,
        done=True,
    ).values_list("exercise", flat=True)
    return {a.exercise for a in answers} - set(earlier)


def _easing(hurt: list[Exercise], reasons: dict[str, str]) -> str:
    """What to try for the pain now, never the exercise that just hurt (slow breathing after
    breathing hurt) nor heat where the person's screen holds it back."""
    ways = []
    if not for_you("superficial-heat", reasons).held_back:
        ways.append("heat")
    if not any("breathing" in ex.targets for ex in hurt):
        ways.append("slow breathing")
    return f"try {' and '.join(ways)}" if ways else ""
