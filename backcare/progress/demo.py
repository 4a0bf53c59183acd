"""``create_demo``: a demo patient with months of diary, so a newcomer sees a full dashboard.

The data comes from ``demo_data.generate`` (deterministic for a seed); this module stores it
with bulk inserts in one transaction. Re-running replaces the demo account and everything
in it. Only accounts created by this module (e-mail ``…@demo.invalid``) are ever replaced:
a real account with the same username is refused. The first check-in of each 7 days answers
the warning-sign screen "no", stored as the check-in page stores it.
"""

from __future__ import annotations

import importlib
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from backcare.accounts.forms import validate_new_password
from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for, possible_facts
from backcare.assessments.presenting import phones_for_user
from backcare.diary.checkins import parse_checkin
from backcare.diary.models import (
    SAFETY_COLUMNS,
    ActivityRating,
    CheckIn,
    Experiment,
    Measure,
    SpasmEpisode,
)
from backcare.diary.screen import no_to_every_sign, screen_due
from backcare.domain.findings import finding_catalogue, red_flag_ids
from backcare.domain.instruments import score
from backcare.plans import toolbox
from backcare.progress.demo_data import DEFAULT_SEED, DemoDiary, generate
from backcare.progress.demo_plan import store_plan_history, store_toolbox
from backcare.questionnaires.models import InstrumentResponse

log = logging.getLogger(__name__)

DEMO_EMAIL_DOMAIN = "demo.invalid"
DEMO_TIME_ZONE = "Europe/London"
DEMO_SOURCE = "demo:watch"
MIN_DAYS, MAX_DAYS = 28, 3660
BACK_CHECK_MINUTE = 8 * 60 + 30  # the initial assessment: 08:30 on the diary's first day


class DemoError(ValueError):
    """The demo cannot be created as asked; the message says what to change."""


@dataclass(frozen=True)
class DemoSummary:
    username: str
    password: str
    start: date
    end: date
    checkins: int
    ratings: int
    episodes: int
    measures: int
    questionnaires: int
    experiments: int
    assessment: bool  # False when the assessments service is not available
    plan_week: int = 0  # the plan's week today; 0 without an assessment


def create_demo(
    username: str = "demo",
    days: int = 182,
    seed: int = DEFAULT_SEED,
    *,
    password: str | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Create (or replace) the demo patient ``username`` with ``days`` days of diary."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise DemoError(f"days must be from {MIN_DAYS} to {MAX_DAYS}, got {days}")
    zone = ZoneInfo(DEMO_TIME_ZONE)
    now = datetime.now(zone)
    # For today, only what has happened by now; a given ``today`` is taken as a whole day.
    minute = now.hour * 60 + now.minute if today is None else 24 * 60
    diary = generate(days, seed, today or now.date(), now_minute=minute)
    chosen = password or secrets.token_urlsafe(12)
    assess = _assessment_service()
    with transaction.atomic():
        user = _fresh_user(username, chosen, explicit_password=password is not None)
        assessed = assess is not None and _store_assessment(user, assess, diary.start, zone)
        back_check = _at(diary.start, BACK_CHECK_MINUTE, zone) if assessed else None
        checkins, ratings = _store_checkins(user, diary, zone, back_check)
        questionnaires = _store_questionnaires(user, diary, zone)  # the plan reads them
        store_toolbox(user, diary.start, zone)
        plan = store_plan_history(user, diary.start, diary.end, zone) if assessed else None
        toolbox.pin_what_helps(user)  # and what the demo's own ratings favour
        return DemoSummary(
            username=user.username,
            password=chosen,
            start=diary.start,
            end=diary.end,
            checkins=checkins,
            ratings=ratings,
            episodes=_store_episodes(user, diary, zone),
            measures=_store_measures(user, diary),
            questionnaires=questionnaires,
            experiments=_store_experiment(user, diary, zone),
            assessment=assessed,
            plan_week=plan.week if plan else 0,
        )


def _fresh_user(username: str, password: str, *, explicit_password: bool) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        if not existing.email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
            raise DemoError(
                f"username '{username}' belongs to a real account; choose another --username"
            )
        existing.delete()  # cascades to every row of the old demo
    user = User(
        username=username,
        email=f"{username.lower()}@{DEMO_EMAIL_DOMAIN}",
        display_name="Demo patient",
        year_of_birth=1979,
        time_zone=DEMO_TIME_ZONE,
    )
    try:
        user.full_clean(exclude=["password"])
        if explicit_password:
            validate_new_password(password, user)
    except ValidationError as exc:
        raise DemoError("; ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    return user


def _at(day: date, minute_of_day: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=zone)


def _store_checkins(
    user: User, diary: DemoDiary, zone: ZoneInfo, back_check: datetime | None
) -> tuple[int, int]:
    """The diary's check-ins; the first of each 7 days answers the warning-sign screen "no"
    (``back_check``: when the initial assessment answered them, if it did)."""
    answered = _screen_columns(user, diary.end)
    screens = _answers_the_screen(diary, zone, back_check)
    rows = [
        CheckIn(
            user=user,
            day=entry.day,
            moment=entry.moment,
            recorded_at=_at(entry.day, entry.minute_of_day, zone),
            pain=entry.pain,
            stiffness=entry.stiffness,
            stress=entry.stress,
            mood=entry.mood,
            morning_stiffness_min=entry.morning_stiffness_min,
            sleep_hours=entry.sleep_hours,
            sleep_quality=entry.sleep_quality,
            hours_sitting=entry.hours_sitting,
            active_minutes=entry.active_minutes,
            water_litres=entry.water_litres,
            **(answered if screened else {}),
        )
        for entry, screened in zip(diary.checkins, screens, strict=True)
    ]
    created = CheckIn.objects.bulk_create(rows, batch_size=500)
    ratings = [
        ActivityRating(checkin=checkin, item=item, relief=relief)
        for checkin, entry in zip(created, diary.checkins, strict=True)
        for item, relief in entry.ratings
    ]
    ActivityRating.objects.bulk_create(ratings, batch_size=500)
    return len(rows), len(ratings)


def _answers_the_screen(
    diary: DemoDiary, zone: ZoneInfo, back_check: datetime | None
) -> list[bool]:
    """Which check-ins answer the weekly warning-sign screen: as the check-in page asks it,
    each one made when it is due (``screen_due``: never answered, or last answered 7 or more
    days before), an answer in the back check counting too."""
    last: date | None = None
    answers = []
    for entry in diary.checkins:
        at = _at(entry.day, entry.minute_of_day, zone)
        if back_check is not None and back_check <= at:
            last = back_check.date() if last is None else max(last, back_check.date())
        due = screen_due(last, entry.day)
        last = entry.day if due else last
        answers.append(due)
    return answers


def _screen_columns(user: User, day: date) -> dict[str, Any]:
    """A check-in's safety columns when its person answers the screen "No": the answers
    the check-in page stores for that (``no_to_every_sign``), validated and triaged with the
    person's clinical context as every check-in's are."""
    answers = no_to_every_sign(possible_facts(user))
    entry = parse_checkin({"day": day, "pain": 0, "safety": answers}, today=day)
    values = entry.model_values(clinical_context_for(user), phones_for_user(user))
    return {name: values[name] for name in SAFETY_COLUMNS}


def _store_episodes(user: User, diary: DemoDiary, zone: ZoneInfo) -> int:
    now = datetime.now(zone)  # a flare ending today has not ended in the future
    rows = [
        SpasmEpisode(
            user=user,
            started_at=min(_at(episode.start, 7 * 60 + 30, zone), now),
            ended_at=min(_at(episode.end, 20 * 60, zone), now),
            severity=episode.severity,
            trigger=episode.trigger,
            notes="Demo flare.",
        )
        for episode in diary.episodes
    ]
    return len(SpasmEpisode.objects.bulk_create(rows))


def _store_measures(user: User, diary: DemoDiary) -> int:
    rows = [
        Measure(user=user, day=day, kind=kind, value=value, source=DEMO_SOURCE)
        for day, kind, value in diary.measures
    ]
    return len(Measure.objects.bulk_create(rows, batch_size=500))


def _store_questionnaires(user: User, diary: DemoDiary, zone: ZoneInfo) -> int:
    rows = []
    for day, slug, answers in diary.questionnaires:
        result = score(slug, answers)  # the published scoring, as the questionnaire pages use
        rows.append(
            InstrumentResponse(
                user=user,
                instrument=slug,
                taken_at=_at(day, 9 * 60, zone),
                answers=answers,
                total=result.total,
                subscales=dict(result.subscales),
                band=result.band or "",
                met=result.met,
                flags=list(result.flags),
            )
        )
    return len(InstrumentResponse.objects.bulk_create(rows))


def _store_experiment(user: User, diary: DemoDiary, zone: ZoneInfo) -> int:
    planned = diary.experiment
    if planned is None:
        return 0
    Experiment.objects.create(
        user=user,
        option_a=planned.option_a,
        option_b=planned.option_b,
        start=planned.start,
        days=planned.days,
        seed=planned.seed,
        outcome="evening_pain",
        created_at=_at(planned.start, 8 * 60, zone),
    )
    return 1


# --- the initial assessment (only if the assessments app offers its service) -----------

Assess = Callable[[User, Mapping[str, object]], Any]


def _assessment_service() -> Assess | None:
    try:
        module = importlib.import_module("backcare.assessments.intake")
    except ImportError:
        return None
    service = getattr(module, "assess", None)
    return service if callable(service) else None


def intake_answers() -> dict[str, object]:
    """A typical non-specific low back pain intake: every red-flag question answered "no"."""
    answers: dict[str, object] = dict.fromkeys(red_flag_ids(), "no")
    answers.update(
        where=["lower_back"],
        side="both",
        feel=["pain", "stiffness", "tension"],
        intensity_now=6,
        intensity_worst_24h=7,
        onset="gradual",
        onset_days_ago=10,
        pattern="comes_and_goes",
        trend="about_the_same",
        worse_times=["on_waking", "after_sitting"],
        morning_stiffness_minutes=40,
        triggers=["long_sitting", "stress"],
        eases=["moving", "heat"],
        age=46,
        problem_duration="under_2_weeks",
        sitting_hours=8,
        desk_work=True,
        stress_level=7,
        sleep_quality="fair",
    )
    known = finding_catalogue()
    return {key: value for key, value in answers.items() if key in known}


def _store_assessment(user: User, assess: Assess, start: date, zone: ZoneInfo) -> bool:
    """Assess the intake through the app's own service, dated the first day of the diary."""
    try:
        with transaction.atomic():
            assessment = assess(user, intake_answers())
    except ValueError as exc:  # the intake questions changed under us: skip, do not fail
        log.warning("demo: initial assessment skipped: %s", exc)
        return False
    type(assessment).objects.filter(pk=assessment.pk).update(
        created_at=_at(start, BACK_CHECK_MINUTE, zone)
    )
    return True
