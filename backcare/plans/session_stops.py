"""When an exercise of a guided session stops: "This hurts", or a skip and why.

"This hurts" stops the exercise and stores it as the end screen's "It hurt" does (done, with
the feeling "hurt"), so the plan's weekly update reads it as it reads that answer; ``stopped``
says it stopped while being done. The page that follows says the person's stop rule, what to
do next time (the easier version, or less of it), and asks whether the leg pain spreads
further down or there is new numbness or weakness: "yes" stops the session and says the signs'
warnings, from the same triage and the person's context as a check-in, never softer than the
triage that stands for them.

A skip asks why in one tap (it hurts, too hard, not now), and may be left unanswered; "it
hurts" leads to the same page as "This hurts".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.timezone import now

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.assessments.presenting import phones_for_user
from backcare.diary.standing import standing_for
from backcare.domain.exercises import Exercise
from backcare.domain.findings import Findings
from backcare.domain.stop_rules import StopRule, ease_next_time, last_time_hurt, stop_rule_for
from backcare.domain.triage import Reason, level_rank, rule_book, triage_checkin
from backcare.plans import sessions, tailoring
from backcare.plans.library import citations
from backcare.plans.models import RoutineSession, SessionAnswer
from backcare.plans.planning import latest_assessment, safety_reasons

#: A skip's reasons besides "it hurts" (which is "This hurts").
SKIP_REASONS = ("too_hard", "not_now")
#: Every button a step's pages send; any other is refused (400), never taken as a skip.
ACTIONS = frozenset({"done", "skip", "hurt", "next", "signs", *SKIP_REASONS})
#: What "yes" to the question after "This hurts" may be, each triaged on its own.
LEG_SIGNS = ("pain_spreading_down_leg", "numbness_tingling", "leg_weakness")


def stop_rule(user: User) -> StopRule:
    """The person's rule for stopping an exercise, from their latest back check, with the
    reasons to stop in pregnancy when their clinical context says they may be pregnant."""
    assessment = latest_assessment(user)
    findings = assessment.findings if assessment is not None else None
    return stop_rule_for(findings, pregnant=clinical_context_for(user).possible("pregnant"))


def rule_context(user: User) -> dict[str, Any]:
    """The stop rule as a step page shows it, with its sources."""
    rule = stop_rule(user)
    return {"stop_rule": rule, "stop_citations": citations(rule.references)}


def last_hurt(user: User, session: RoutineSession, ex: Exercise) -> str:
    """ "Last time this hurt: …" when the last time the person did ``ex`` (in another
    session, finished or stopped for pain) it hurt; else ""."""
    last = (
        SessionAnswer.objects.filter(session__user=user, exercise=ex.slug, done=True)
        .exclude(session=session)
        .filter(Q(session__finished_at__isnull=False) | Q(stopped="hurt"))
        .exclude(feeling="", stopped="")
        .order_by("-session__started_at", "-session_id")
        .first()
    )
    if last is None or "hurt" not in (last.feeling, last.stopped):
        return ""
    dose = tailoring.dose_for(user, ex)
    return last_time_hurt(dose, sessions.easier_name(ex, safety_reasons(user)))


def mark(session: RoutineSession, position: int, *, done: bool, stopped: str = "") -> None:
    """Done, skipped (``stopped``: why, if said) or stopped because it hurt ("hurt": done,
    with the feeling "It hurt", as the end screen stores it). The last tap wins."""
    hurt = stopped == "hurt"
    SessionAnswer.objects.filter(session=session, position=position).update(
        done=done, stopped=stopped, feeling="hurt" if hurt else "", hurt_at=now() if hurt else None
    )


def give_reason(session: RoutineSession, position: int, reason: str) -> None:
    """Why a skipped exercise was skipped; nothing for one done."""
    SessionAnswer.objects.filter(session=session, position=position, done=False).update(
        stopped=reason
    )


def hurt_at(session: RoutineSession, position: int) -> bool:
    """The exercise at ``position`` was stopped because it hurt."""
    return session.answers.filter(position=position, done=True, stopped="hurt").exists()


def stopped_for_pain(session: RoutineSession) -> dict[int, str]:
    """Position -> "hurt" for each exercise of the session stopped because it hurt: the end
    screen does not ask how those felt again."""
    rows = session.answers.filter(done=True, stopped="hurt").values_list("position", flat=True)
    return dict.fromkeys(rows, "hurt")


def step_url(session: RoutineSession, position: int, then: str = "") -> str:
    url = reverse("plans:session_step", args=[session.pk, position])
    return f"{url}?then={then}" if then else url


def go_on(
    session: RoutineSession, steps: list[sessions.Step], current: sessions.Step
) -> HttpResponseRedirect:
    later = [s.position for s in steps if s.position > current.position]
    if later:
        return redirect("plans:session_step", pk=session.pk, position=later[0])
    return redirect("plans:session_finish", pk=session.pk)


def hurt_page(
    request: HttpRequest,
    user: User,
    context: dict[str, Any],
    current: sessions.Step,
) -> HttpResponse:
    """After "This hurts": the stop rule, what to do next time, and the leg question."""
    ex = current.exercise
    reasons = safety_reasons(user)
    dose = tailoring.dose_for(user, ex)
    context |= rule_context(user) | {
        "name": ex.name_for(reasons),
        "next_time": ease_next_time(dose, sessions.easier_name(ex, reasons)),
    }
    return TemplateResponse(request, "plans/session_hurt.html", context)


def why_page(
    request: HttpRequest, user: User, context: dict[str, Any], current: sessions.Step
) -> HttpResponse:
    """After a skip: why, in one tap, or go on without saying."""
    context["name"] = current.exercise.name_for(safety_reasons(user))
    return TemplateResponse(request, "plans/session_skipped.html", context)


def signs_page(request: HttpRequest, user: User, context: dict[str, Any]) -> HttpResponse:
    """The leg pain spreads further down, or there is new numbness or weakness: each sign's
    warning as a check-in's triage gives it for this person (their context can make it more
    urgent), most urgent first; and the triage that stands for them, when it is more urgent
    than one of these, so no line reads softer than what they were already told."""
    phones = phones_for_user(user)
    person = clinical_context_for(user)
    book = rule_book(phones)
    fired: dict[str, Reason] = {}
    for finding in LEG_SIGNS:
        for reason in triage_checkin(Findings({finding: "yes"}), person, phones).reasons:
            fired.setdefault(reason.rule_id, reason)
    signs = sorted(fired.values(), key=lambda r: level_rank(r.level))
    softest = max((level_rank(r.level) for r in signs), default=level_rank("self_care"))
    standing = standing_for(user, latest_assessment(user))
    before = None
    if standing is not None and level_rank(standing.signs_level) < softest:
        before = {"level": book.levels[standing.signs_level], "signs": standing.signs}
    context |= {
        "signs": [{"reason": r, "label": book.levels[r.level].label} for r in signs],
        "before": before,
    }
    return TemplateResponse(request, "plans/session_signs.html", context)


def after_saving(
    request: HttpRequest, user: User, context: dict[str, Any], current: sessions.Step
) -> HttpResponse:
    """A step of a session already saved, reached with the browser's Back. "This hurts" is
    a fact about that exercise: it is recorded on the saved answer (which the weekly update
    reads) and the page says the stop rule and what to do next time; the leg question's
    "yes" shows the signs. Anything else changes nothing and shows the session's summary."""
    session: RoutineSession = context["session"]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "hurt":
        mark(session, current.position, done=True, stopped="hurt")
    if action in ("hurt", "signs"):
        return redirect(step_url(session, current.position, action))
    then = request.GET.get("then") if request.method == "GET" else None
    if then == "signs":
        return signs_page(request, user, context)
    if then == "hurt" and hurt_at(session, current.position):
        return hurt_page(request, user, context, current)
    return redirect("plans:session_done", pk=session.pk)


def unknown_action(
    request: HttpRequest, session: RoutineSession, current: sessions.Step
) -> HttpResponse:
    """A button the session does not know (an old page, a hand-made form): nothing is
    marked, and the page says so with the way back to the exercise."""
    context = {"session": session, "step": current}
    return TemplateResponse(request, "plans/session_unknown.html", context, status=400)
