"""Guided sessions: today's routine one exercise at a time, then how each one felt.

A session holds one answer row per routine exercise, in order. Stepping through marks each
done or skipped; finishing stores every feeling and the pain now in one transaction. Finished
sessions count: progression reads them (diary_input.session_days) as adherence and as the
person's own report of how each exercise felt. Of a session left unfinished, only an
exercise stopped with "This hurts" counts (session_stops): the person said it hurt.

A session may be resumed after the plan has changed (paused, a flare, a new condition), so
its steps are read against the current plan, never the version it was started from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from backcare.accounts.models import User
from backcare.domain.exercises import Exercise, exercises
from backcare.plans import planning
from backcare.plans.models import RoutineSession, SessionAnswer


@dataclass(frozen=True)
class Step:
    """One exercise of a session as the step page shows it."""

    position: int  # 1-based
    exercise: Exercise
    dose: str
    why: str
    grade: str
    references: tuple[str, ...] = ()  # the plan item's sources for its grade
    #: The plan's "take care" notes for this person (pregnancy, fragile bones, a clinician's
    #: override), shown while they do the exercise, not only on the plan page.
    cautions: tuple[str, ...] = ()
    #: False once the current plan no longer holds the exercise (a flare, a new condition):
    #: the step page then says so instead of guiding it.
    in_plan: bool = True


@dataclass(frozen=True)
class Routine:
    """Today's routine from the current plan (empty when care comes first)."""

    items: tuple[Mapping[str, Any], ...]
    care_first: bool
    general: bool
    gentle: bool = False
    status_reason: str = ""  # why the plan is gentle, full or paused, in one sentence
    #: While care comes first: the plan's advice on where to get it (an emergency says call
    #: now), for a session page that stops to show it without another tap.
    care_advice: tuple[Mapping[str, Any], ...] = ()

    @property
    def minutes(self) -> float:
        return sum(float(item.get("minutes") or 0) for item in self.items)


def todays_routine(user: User) -> Routine:
    record = planning.current_plan(user)
    body = planning.general_plan(user).to_dict() if record is None else record.body
    status = body.get("status")
    care_first = status == "care_first"
    return Routine(
        items=() if care_first else tuple(_exercise_items(body.get("routine") or ())),
        care_first=care_first,
        general=record is None,
        gentle=status == "gentle",
        status_reason=str(body.get("status_reason") or ""),
        care_advice=_care_advice(body) if care_first else (),
    )


def _care_advice(body: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    return tuple(a for a in body.get("care_advice") or () if a.get("level") != "info")


def _exercise_items(raw: Any) -> list[Mapping[str, Any]]:
    known = exercises()
    return [i for i in raw if i.get("kind") == "exercise" and i.get("slug") in known]


def routine_exercises(raw: Any) -> list[str]:
    """The slugs of a routine's exercises, as a guided session of it steps through them."""
    return [str(item.get("slug")) for item in _exercise_items(raw or ())]


def start_session(user: User) -> RoutineSession | None:
    """A new session over today's routine; None when there is nothing to guide."""
    routine = todays_routine(user)
    if not routine.items:
        return None
    with transaction.atomic():
        session = RoutineSession.objects.create(
            user=user, plan=planning.latest_plan(user), day=planning.local_today(user)
        )
        SessionAnswer.objects.bulk_create(
            SessionAnswer(session=session, position=n, exercise=str(item["slug"]))
            for n, item in enumerate(routine.items, start=1)
        )
    return session


def finished_today(user: User) -> RoutineSession | None:
    """The latest guided session started on the person's today and finished."""
    today = planning.local_today(user)
    finished = RoutineSession.objects.filter(user=user, day=today, finished_at__isnull=False)
    return finished.order_by("-finished_at", "-pk").first()


@dataclass(frozen=True)
class DoneToday:
    """How much of today's routine the person's finished sessions of today did: the exercises
    of the routine done, not skipped, and how many it has. A session of other exercises (a
    breathing routine, the flare routine recorded by an app) is not the routine done."""

    done: int = 0
    total: int = 0

    @property
    def all(self) -> bool:
        """Every exercise of today's routine done: "Done today"."""
        return 0 < self.total <= self.done

    @property
    def some(self) -> bool:
        """At least one exercise of today's routine done: the routine is logged for today."""
        return self.done > 0


def done_today(user: User, routine: Iterable[str] | None = None) -> DoneToday:
    """How much of today's routine (its exercise slugs; the current plan's when not given)
    was done in guided sessions finished on the person's today. A session saved with every
    exercise skipped does none of it."""
    if routine is None:
        routine = (str(item.get("slug")) for item in todays_routine(user).items)
    slugs = list(dict.fromkeys(routine))
    done = set(exercises_done_on(user, planning.local_today(user)))
    return DoneToday(sum(slug in done for slug in slugs), len(slugs))


def exercises_done_on(user: User, day: date) -> list[str]:
    """The exercises done, not skipped, in the person's guided sessions finished on ``day``,
    in the order they were done, each once."""
    answers = SessionAnswer.objects.filter(
        session__user=user, session__day=day, session__finished_at__isnull=False, done=True
    ).order_by("session__started_at", "session_id", "position")
    return list(dict.fromkeys(answers.values_list("exercise", flat=True)))


def session_moves_on(user: User, day: date) -> tuple[list[str], list[str]]:
    """What the person's guided sessions finished on ``day`` say of each move, for their
    check-in: the moves done (in the order done, each once), and those stopped because they
    hurt ("This hurts") and not done in full in another session that day. A move stopped for
    pain is stored as done with ``stopped="hurt"`` (it was begun), but it was not done."""
    answers = SessionAnswer.objects.filter(
        session__user=user, session__day=day, session__finished_at__isnull=False, done=True
    ).order_by("session__started_at", "session_id", "position")
    rows = list(answers.values_list("exercise", "stopped"))
    done = list(dict.fromkeys(slug for slug, stopped in rows if stopped != "hurt"))
    hurt = [slug for slug, stopped in rows if stopped == "hurt" and slug not in done]
    return done, list(dict.fromkeys(hurt))


def done_before(session: RoutineSession) -> frozenset[str]:
    """The exercises the person did in their other finished guided sessions."""
    earlier = SessionAnswer.objects.filter(
        session__user_id=session.user_id, session__finished_at__isnull=False, done=True
    ).exclude(session=session)
    return frozenset(earlier.values_list("exercise", flat=True).distinct())


def hurt_in(session: RoutineSession) -> bool:
    """An exercise of the session was rated "It hurt"."""
    return session.answers.filter(feeling="hurt").exists()


def session_of(user: User, pk: int) -> RoutineSession:
    """The person's own session; anyone else's is not found."""
    session = RoutineSession.objects.filter(user=user, pk=pk).first()
    if session is None:
        raise Http404("No such session")
    return session


def steps_of(session: RoutineSession, now: Routine | None = None) -> list[Step]:
    """Each exercise of the session, with the dose, reason and notes that ``now`` (today's
    routine from the current plan, read here when not given) gives it; one the current
    routine no longer holds is marked ``in_plan=False``. The version the session started
    from is not read: its notes may miss a condition told since."""
    now = now or todays_routine(session.user)
    plan_items = {str(i.get("slug")): i for i in now.items}
    catalogue = exercises()
    found = []
    for answer in session.answers.all():
        ex = catalogue.get(answer.exercise)
        if ex is None:
            continue  # content removed since the session began
        found.append(_step(answer.position, ex, plan_items.get(ex.slug)))
    return found


def _step(position: int, ex: Exercise, item: Mapping[str, Any] | None) -> Step:
    if item is None:
        return Step(
            position,
            ex,
            ex.dose.describe(),
            ex.summary,
            ex.evidence.grade,
            ex.evidence.references,
            in_plan=False,
        )
    return Step(
        position,
        ex,
        dose=str(item.get("dose") or ex.dose.describe()),
        why=first_sentence(str(item.get("why") or ex.summary)),
        grade=str(item.get("grade") or ex.evidence.grade),
        references=tuple(item.get("references") or ex.evidence.references),
        cautions=tuple(str(c) for c in item.get("cautions") or ()),
    )


def first_sentence(text: str) -> str:
    """The plan's reason in one line: its first sentence."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def mark_step(session: RoutineSession, position: int, *, done: bool) -> None:
    updated = SessionAnswer.objects.filter(session=session, position=position).update(done=done)
    if not updated:
        raise Http404("No such step")


def finish_session(session: RoutineSession, feelings: Mapping[int, str], pain_after: int) -> None:
    """Store how each done exercise felt and the pain now; the session then counts."""
    with transaction.atomic():
        for answer in session.answers.filter(done=True):
            _answered(answer, feelings.get(answer.position, ""))
        session.pain_after = pain_after
        session.finished_at = timezone.now()
        session.save(update_fields=["pain_after", "finished_at"])


def change_answers(
    session: RoutineSession, feelings: Mapping[int, str], pain_after: int | None = None
) -> None:
    """A saved session's end-screen answers changed later: how each exercise in
    ``feelings`` felt, and the pain given then when given. One stopped because it hurt keeps
    its answer."""
    with transaction.atomic():
        for answer in session.answers.filter(done=True, position__in=feelings):
            if answer.stopped != "hurt":
                _answered(answer, feelings[answer.position])
        if pain_after is not None:
            session.pain_after = pain_after
            session.save(update_fields=["pain_after"])


def _answered(answer: SessionAnswer, feeling: str) -> None:
    """Store how it felt, and when it was first said to have hurt: the weekly update reads
    an "It hurt" given after it read the session's day in its next update
    (``diary_input.late_hurts``), and one said before (a stop for pain) only once."""
    if feeling == "hurt" and answer.feeling != "hurt":
        answer.hurt_at = timezone.now()
    elif feeling != "hurt":
        answer.hurt_at = None
    answer.feeling = feeling
    answer.save(update_fields=["feeling", "hurt_at"])


def easier_name(ex: Exercise, reasons: Iterable[str] = ()) -> str:
    """The easier version's name, for "try this next time" after an exercise hurt: the name
    of the version shown to someone with ``reasons`` (their safety conditions)."""
    easier = exercises().get(ex.easier or "")
    return easier.name_for(reasons) if easier else ""


#: One answer of a session recorded elsewhere: exercise, done, feeling, and optionally why
#: it stopped ("hurt": "This hurts" while doing it; "too_hard" or "not_now": a skip's reason).
AnswerRow = tuple[str, bool, str] | tuple[str, bool, str, str]


def record_session(user: User, answers: Sequence[AnswerRow], pain_after: int) -> RoutineSession:
    """A finished session from (exercise, done, feeling[, stopped]) rows, stored all at once.
    One stopped because it hurt is stored as a guided session stores it: done, "It hurt"."""
    with transaction.atomic():
        session = RoutineSession.objects.create(
            user=user,
            plan=planning.latest_plan(user),
            day=planning.local_today(user),
            finished_at=timezone.now(),
            pain_after=pain_after,
        )
        SessionAnswer.objects.bulk_create(
            _answer(session, n, row) for n, row in enumerate(answers, start=1)
        )
    return session


def _answer(session: RoutineSession, position: int, row: AnswerRow) -> SessionAnswer:
    slug, done, feeling = row[0], row[1], row[2]
    stopped = row[3] if len(row) > 3 else ""
    if stopped == "hurt":
        done, feeling = True, "hurt"
    return SessionAnswer(
        session=session,
        position=position,
        exercise=slug,
        done=done,
        feeling=feeling,
        stopped=stopped,
        hurt_at=timezone.now() if feeling == "hurt" else None,
    )


def session_dict(session: RoutineSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "day": session.day,
        "started_at": session.started_at,
        "finished_at": session.finished_at,
        "pain_after": session.pain_after,
        "answers": [
            {"exercise": a.exercise, "done": a.done, "feeling": a.feeling, "stopped": a.stopped}
            for a in session.answers.all()
        ],
    }
