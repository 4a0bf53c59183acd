"""JSON API for the diary: check-ins (any number a day) and spasm or flare episodes.

Every endpoint sees only the caller's own rows. Out-of-range or unknown values give 422 with
the field in ``detail[].loc``; nothing is stored on any error.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any, Literal, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from pydantic import BaseModel

from backcare.accounts.models import User
from backcare.api.answers import AnswerDateTime, json_answer
from backcare.api.input import StrictInput
from backcare.diary import checkins as service
from backcare.diary import episodes as flares
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.domain.plausible import EARLIEST_DAY
from backcare.plans.api import ReferenceOut, api_references

router = Router(tags=["diary"])

Moment = Literal["morning", "midday", "evening", "other"]
SleepPosition = Literal["side", "back", "stomach", "varies"]
Tristate = Literal["yes", "no", "not_sure"]
DEFAULT_DAYS = 30
LATEST_QUERY_DAY = date(9000, 12, 31)  # beyond it, day arithmetic could overflow
L = service.LIMITS


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _invalid(field: str, message: str) -> ValidationError:
    loc: list[str | int] = ["body", "payload", *field.split(".")]
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])


# --- check-ins ----------------------------------------------------------------------------


class RatingIn(StrictInput):
    item: str = Field(description="Exercise or intervention slug")
    relief: int | None = Field(None, ge=0, le=10, description="How much it helped, 0-10")


class CheckInBody(StrictInput):
    pain: int = Field(ge=0, le=10, description="Pain now: 0 none, 10 worst imaginable")
    stiffness: int | None = Field(None, ge=0, le=10)
    stress: int | None = Field(None, ge=0, le=10)
    morning_stiffness_min: int | None = Field(None, ge=0, le=L["morning_stiffness_min"].high)
    sleep_hours: float | None = Field(None, ge=0, le=24, description="Hours slept last night")
    sleep_quality: int | None = Field(None, ge=0, le=10)
    sleep_position: SleepPosition | None = None
    hours_sitting: float | None = Field(None, ge=0, le=24)
    active_minutes: int | None = Field(None, ge=0, le=L["active_minutes"].high)
    steps: int | None = Field(None, ge=0, le=L["steps"].high)
    water_litres: float | None = Field(None, ge=0, le=L["water_litres"].high)
    mood: int | None = Field(None, ge=0, le=10)
    notes: str = Field("", max_length=service.NOTES_MAX)
    safety: dict[str, Tristate] = Field(
        default_factory=dict,
        description='"Anything new?" answers: check-in finding id -> yes | no | not_sure',
    )
    ratings: list[RatingIn] = Field(default_factory=list, description="What was done today")


class CheckInCreate(CheckInBody):
    day: date
    moment: Moment
    recorded_at: datetime | None = Field(
        None, description="When it was taken, with its UTC offset (default: now for today)"
    )


class CheckInAdd(CheckInCreate):
    submission_key: str | None = Field(
        None,
        pattern=f"^{service.SUBMISSION_KEY.pattern}$",
        description=(
            "A key the sender makes once per check-in (8-64 letters, digits, - or _), e.g. a "
            "UUID: the same check-in sent again with it (a retry after a lost answer) is "
            "answered 200 with the check-in first added, and nothing is added twice"
        ),
    )


# Answers are plain pydantic models built from dicts: ninja's ``Schema`` would read every
# field through its attribute getter, which cost more CPU than a check-in's own statements.
class RatingOut(BaseModel):
    item: str
    relief: int | None


class CheckInOut(BaseModel):
    id: int
    day: date
    moment: Moment
    recorded_at: AnswerDateTime
    pain: int
    stiffness: int | None
    stress: int | None
    morning_stiffness_min: int | None
    sleep_hours: float | None
    sleep_quality: int | None
    sleep_position: str
    hours_sitting: float | None
    active_minutes: int | None
    steps: int | None
    water_litres: float | None
    mood: int | None
    notes: str
    ratings: list[RatingOut]
    safety: dict[str, Any]
    safety_level: str = Field(description="emergency | urgent | soon | self_care, or empty")
    safety_result: dict[str, Any] | None = Field(description="The triage result at the time")


def _write(request: HttpRequest, data: dict[str, Any], *, replace: bool) -> service.SavedCheckIn:
    try:
        return service.write_checkin(_user(request), data, replace=replace)
    except service.CheckInError as exc:
        raise _invalid(exc.field, exc.message) from None


def _out(saved: service.SavedCheckIn) -> CheckInOut:
    """The answer, validated here: ninja serialises a model of the declared type as it is."""
    return CheckInOut.model_validate(service.checkin_dict(saved.checkin, saved.ratings))


def _written(saved: service.SavedCheckIn, status: int) -> HttpResponse:
    """A write's answer, validated, and encoded by pydantic rather than ninja's renderer."""
    return json_answer(_out(saved), status)


@router.post("/checkins", response={200: CheckInOut, 201: CheckInOut})
def create_checkin(request: HttpRequest, payload: CheckInAdd) -> HttpResponse:
    """Log a new check-in; any number a day (each keeps its own time). Sent again with the
    same ``submission_key``, the answer is the check-in first added (200)."""
    saved = _write(request, payload.model_dump(), replace=False)
    return _written(saved, 201 if saved.created else 200)


@router.put("/checkins/{int:checkin_id}", response=CheckInOut)
def update_checkin(request: HttpRequest, checkin_id: int, payload: CheckInCreate) -> HttpResponse:
    """Change one of my check-ins, chosen by its id."""
    try:
        saved = service.update_checkin(_user(request), checkin_id, payload.model_dump())
    except service.CheckInError as exc:
        raise _invalid(exc.field, exc.message) from None
    except CheckIn.DoesNotExist:
        raise HttpError(404, f"No check-in {checkin_id}.") from None
    return _written(saved, 200)


@router.delete("/checkins/{int:checkin_id}", response={204: None})
def delete_checkin_by_id(request: HttpRequest, checkin_id: int) -> HttpResponse:
    if not service.delete_checkin_by_id(_user(request), checkin_id):
        raise HttpError(404, f"No check-in {checkin_id}.")
    return HttpResponse(status=204)


@router.put("/checkins/{day}/{moment}", response={200: CheckInOut, 201: CheckInOut})
def put_checkin(
    request: HttpRequest, day: date, moment: Moment, payload: CheckInBody
) -> HttpResponse:
    """Create, or replace the latest check-in of this day and moment (idempotent)."""
    saved = _write(request, {**payload.model_dump(), "day": day, "moment": moment}, replace=True)
    return _written(saved, 201 if saved.created else 200)


@router.get("/checkins", response=list[CheckInOut])
def list_checkins(
    request: HttpRequest, start: date | None = None, end: date | None = None
) -> list[dict[str, object]]:
    """My check-ins from ``start`` to ``end`` (inclusive; default: the last 30 days)."""
    user = _user(request)
    for name, given in (("start", start), ("end", end)):
        if given is not None and not EARLIEST_DAY <= given <= LATEST_QUERY_DAY:
            message = f"must be from {EARLIEST_DAY} to {LATEST_QUERY_DAY}"
            raise ValidationError([{"type": "value_error", "loc": ["query", name], "msg": message}])
    # The calendar's date (the latest day a check-in may have), which is the person's day
    # unless their day ends after midnight and has not ended yet.
    end = end or service.local_now(user).date()
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ValidationError(
            [{"type": "value_error", "loc": ["query", "start"], "msg": "must not be after end"}]
        )
    rows = service.checkins_between(user, start, end)
    found = [service.checkin_dict(c, c.ratings.all()) for c in rows]
    return found


@router.delete("/checkins/{day}/{moment}", response={204: None})
def delete_checkin(request: HttpRequest, day: date, moment: Moment) -> HttpResponse:
    """Delete every check-in of this day and moment."""
    if not service.delete_checkin(_user(request), day, moment):
        raise HttpError(404, f"No {moment} check-in for {day.isoformat()}.")
    return HttpResponse(status=204)


# --- episodes -----------------------------------------------------------------------------

TRIGGER_HELP = "What seemed to set it off: " + ", ".join(value for value, _ in flares.TRIGGERS)


class EpisodeStart(StrictInput):
    severity: int | None = Field(None, ge=0, le=10, description="Default: today's pain, or 5")
    trigger: str | None = Field(None, description=TRIGGER_HELP)
    notes: str = Field("", max_length=flares.NOTES_MAX)
    started_at: datetime | None = Field(None, description="Default: now")


class EpisodeEnd(StrictInput):
    ended_at: datetime | None = Field(None, description="Default: now")
    severity: int | None = Field(None, ge=0, le=10, description="Worst severity, if changed")
    trigger: str | None = Field(None, description=TRIGGER_HELP)
    notes: str | None = Field(None, max_length=flares.NOTES_MAX)


class EpisodeOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime | None
    severity: int
    trigger: str
    notes: str
    running: bool
    duration_hours: float
    longer_than_max_days: bool


class AdviceOut(Schema):
    level: str = Field(description="soon (see a clinician) or self_care")
    message: str
    reasons: list[str]
    references: list[dict[str, str]]


class FlareItemOut(Schema):
    slug: str
    title: str
    dose: str
    href: str
    pinned: bool
    cautions: list[str] = Field(description='The plan\'s "Take care" notes for this person')


class StopRuleOut(Schema):
    text: str
    level: str = Field(description="emergency | urgent | soon | info")
    references: list[ReferenceOut]


class FlareOut(Schema):
    source: str = Field(description="plan | no_plan | paused (care first: no exercise)")
    steps: list[str]
    items: list[FlareItemOut]
    stop_rules: list[StopRuleOut] = Field(
        description="When to stop and get help: the person's own, as on the plan"
    )


class EpisodesOut(Schema):
    current: EpisodeOut | None
    advice: AdviceOut | None
    expected: str
    comparison: str
    max_days: int
    recent_count: int
    window_days: int
    flare: FlareOut | None = Field(description="Shown during an episode")
    episodes: list[EpisodeOut]


def _episode_out(span: flares.EpisodeSpan) -> dict[str, object]:
    episode = span.episode
    return {
        "id": episode.pk,
        "started_at": episode.started_at,
        "ended_at": episode.ended_at,
        "severity": episode.severity,
        "trigger": episode.trigger,
        "notes": episode.notes,
        "running": episode.ended_at is None,
        "duration_hours": round(span.seconds / 3600, 2),
        "longer_than_max_days": span.over_a_week,
    }


def _own_episode(request: HttpRequest, episode_id: int) -> SpasmEpisode:
    return get_object_or_404(SpasmEpisode, pk=episode_id, user=_user(request))


def _episode_error(exc: flares.EpisodeError) -> ValidationError:
    return _invalid(exc.field, exc.message)


@router.post("/episodes", response={201: EpisodeOut})
def start_episode(request: HttpRequest, payload: EpisodeStart) -> Status[dict[str, object]]:
    """Start a spasm or flare episode; 409 if one is already running."""
    try:
        episode = flares.start_episode(_user(request), **payload.model_dump())
    except flares.EpisodeError as exc:
        raise _episode_error(exc) from None
    except flares.EpisodeConflict as exc:
        raise HttpError(409, str(exc)) from None
    return Status(201, _episode_out(flares.span(episode, timezone.now())))


@router.post("/episodes/{episode_id}/end", response=EpisodeOut)
def end_episode(request: HttpRequest, episode_id: int, payload: EpisodeEnd) -> dict[str, object]:
    """End my running episode; 409 if it has already ended."""
    episode = _own_episode(request, episode_id)
    try:
        flares.end_episode(episode, **payload.model_dump())
    except flares.EpisodeError as exc:
        raise _episode_error(exc) from None
    except flares.EpisodeConflict as exc:
        raise HttpError(409, str(exc)) from None
    assert episode.ended_at is not None
    return _episode_out(flares.span(episode, episode.ended_at))


@router.get("/episodes", response=EpisodesOut)
def list_episodes(request: HttpRequest) -> dict[str, object]:
    """The episodes page as JSON: current episode, advice, flare help and recent history."""
    overview = flares.episode_overview(_user(request))
    advice = overview.advice
    current = overview.current
    spans = ([current] if current else []) + list(overview.past)
    return {
        "current": _episode_out(current) if current else None,
        "advice": None
        if advice is None
        else {
            "level": advice.level,
            "message": advice.message,
            "reasons": list(advice.reasons),
            "references": overview.advice_references(),
        },
        "expected": overview.expected,
        "comparison": overview.comparison,
        "max_days": overview.max_days,
        "recent_count": overview.recent_count,
        "window_days": overview.window_days,
        "flare": _flare_out(overview.flare) if current else None,
        "episodes": [_episode_out(s) for s in spans],
    }


def _flare_out(flare: flares.FlareHelp) -> dict[str, object]:
    return {
        "source": flare.source,
        "steps": list(flare.steps),
        "items": [asdict(item) for item in flare.items],
        "stop_rules": [
            {**rule, "references": api_references(rule["citations"])} for rule in flare.stop_rules
        ],
    }


@router.get("/episodes/{episode_id}", response=EpisodeOut)
def get_episode(request: HttpRequest, episode_id: int) -> dict[str, object]:
    episode = _own_episode(request, episode_id)
    return _episode_out(flares.span(episode, episode.ended_at or timezone.now()))
