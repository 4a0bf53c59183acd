"""Spasm and flare episodes: start with one tap, end later, compare with the usual course.

The advice comes from the domain (``episode_check``): more than a week, or flares that keep
returning, lead to "see a clinician". During an episode the person's own toolbox comes
first, then the flare protocol from their current plan.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from backcare.accounts.models import lock_person, record_data_change
from backcare.diary.activities import toolbox_slugs
from backcare.diary.checkins import local_today
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.diary.standing import standing_for
from backcare.diary.stop_rules import stop_rules_shown
from backcare.domain.content import references
from backcare.domain.course import EpisodeAdvice, course_book, episode_check
from backcare.domain.exercises import exercises
from backcare.domain.levels import CARE_NOW
from backcare.domain.plan_rules import WALKING_SLUG
from backcare.domain.plausible import EARLIEST_DAY, earliest_day, year_problem
from backcare.plans.library import for_you
from backcare.plans.planning import current_plan, safety_reasons
from backcare.plans.presenting import advice, flare_hint, shown_stop_rules

if TYPE_CHECKING:
    from backcare.accounts.models import User

TRIGGERS: tuple[tuple[str, str], ...] = (
    ("lifting", "Lifting or carrying"),
    ("twisting", "Twisting or bending"),
    ("sudden_movement", "A sudden movement"),
    ("more_activity", "More activity than usual"),
    ("long_sitting", "Sitting or lying still for long"),
    ("sleep", "How I slept"),
    ("stress", "Stress or worry"),
    ("out_of_the_blue", "Out of the blue"),
    ("other", "Something else"),
)
TRIGGER_IDS = frozenset(value for value, _label in TRIGGERS)
TRIGGER_LABELS = dict(TRIGGERS)
DEFAULT_SEVERITY = 5
PAST_SHOWN = 20
NOTES_MAX = 2000
# Shown when there is no plan yet: the plan's general flare steps, less warmth, which needs
# the safety screen (reduced sensation, ...) that only a plan applies.
FALLBACK_STEPS: tuple[str, ...] = (
    "Keep moving gently, little and often; short walks around the house beat lying still.",
    "Breathe slowly with a long out-breath to ease the bracing.",
    "See a clinician if a spasm lasts more than a week, keeps coming back despite rest or "
    "spreads into a leg or buttock; get help at once if a new warning sign appears.",
)
TOOLBOX_STEP = "Start with your toolbox: the movements you have found help you."
# The plan's walking item carries its weekly target ("building towards about 30 minutes"),
# which does not fit a flare day: in a flare, walking is short, easy and often.
FLARE_WALK_TITLE = "Short, easy walks"
FLARE_WALK_DOSE = (
    "A few minutes at a time, around the house or just outside, little and often; "
    "build up again once the flare settles."
)


class EpisodeError(ValueError):
    """Bad episode input; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class EpisodeConflict(Exception):
    """The action does not fit the episode's state (one already running, already ended)."""


@dataclass(frozen=True)
class EpisodeSpan:
    episode: SpasmEpisode
    seconds: float  # so far, for a running episode

    @property
    def days(self) -> float:
        return self.seconds / 86400

    @property
    def text(self) -> str:
        return duration_text(timedelta(seconds=self.seconds))

    @property
    def trigger_label(self) -> str:
        return TRIGGER_LABELS.get(self.episode.trigger, self.episode.trigger)

    @property
    def over_a_week(self) -> bool:
        return self.days > course_book().episodes.max_days


@dataclass(frozen=True)
class FlareItem:
    slug: str
    title: str
    dose: str
    href: str
    pinned: bool
    cautions: tuple[str, ...] = ()  # the plan's "Take care" notes for this person


@dataclass(frozen=True)
class FlareHelp:
    source: Literal["plan", "no_plan", "paused"]
    steps: tuple[str, ...]
    items: tuple[FlareItem, ...]  # toolbox first
    #: When to stop and get help, the person's own (``stop_rules_shown``): the steps send
    #: them there, so the page lists them rather than a link away.
    stop_rules: tuple[dict[str, Any], ...] = ()

    @property
    def hint(self) -> str:
        """The routine in a few words, as the plan's flare section says it."""
        return flare_hint(self.steps, (item.slug for item in self.items))

    @property
    def stop_sources(self) -> list[dict[str, Any]]:
        """Every source the stop rules cite, once."""
        return list({c["id"]: c for rule in self.stop_rules for c in rule["citations"]}.values())


@dataclass(frozen=True)
class EpisodeOverview:
    current: EpisodeSpan | None
    past: tuple[EpisodeSpan, ...]
    recent_count: int  # flares started in the recurrence window (``flares_in_window``)
    window_days: int
    max_days: int
    expected: str
    comparison: str
    advice: EpisodeAdvice | None
    flare: FlareHelp
    default_severity: int

    def advice_references(self) -> list[dict[str, str]]:
        known = references()
        ids = self.advice.references if self.advice else ()
        return [{"id": i, "citation": known[i].citation, "url": known[i].url} for i in ids]


def duration_text(length: timedelta) -> str:
    """A flare's length as a person or a clinician reads it: minutes under an hour
    ("20 min"), then hours ("5 h", "1 h 30 min"); from a day on, days and whole hours
    ("4 days 12 h", "2 days"), where "108 h" had to be worked out."""
    minutes = max(0, round(length / timedelta(minutes=1)))
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(round(minutes / 60), 24)
    day_text = f"{days} day{'s' * (days != 1)}"
    return f"{day_text} {hours} h" if hours else day_text


# --- writing ------------------------------------------------------------------------------


def parse_severity(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise EpisodeError("severity", f"must be a whole number from 0 to 10, got {value!r}")
    return value


def _trigger(value: object) -> str:
    if value in (None, ""):
        return ""
    if value not in TRIGGER_IDS:
        allowed = ", ".join(sorted(TRIGGER_IDS))
        raise EpisodeError("trigger", f"must be one of {allowed}; got {value!r}")
    return str(value)


def parse_notes(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > NOTES_MAX:
        raise EpisodeError("notes", f"must be text of at most {NOTES_MAX} characters")
    return value.strip()


def _moment(
    field: str, value: datetime | None, now: datetime, earliest: date = EARLIEST_DAY
) -> datetime:
    if value is None:
        return now
    if timezone.is_naive(value):
        raise EpisodeError(field, "must include a time zone offset, e.g. 2025-05-01T08:30:00+01:00")
    # Checked before any comparison: comparing converts to UTC, which overflows in year 1.
    problem = year_problem(value)
    if problem:
        raise EpisodeError(field, problem)
    if value.date() < earliest:
        raise EpisodeError(field, f"is before {earliest.isoformat()}; check the year")
    if value > now + timedelta(minutes=5):  # allow for a phone clock a little ahead
        raise EpisodeError(field, "cannot be in the future")
    return value


def _clock(at: datetime, user: User) -> str:
    """``at`` as the person reads their own clock, e.g. "10 Mar 08:00" (the year if not this
    one): stored times are UTC, which can be another day."""
    zone = ZoneInfo(user.time_zone)
    local = at.astimezone(zone)
    year = "" if local.year == timezone.now().astimezone(zone).year else f" {local.year}"
    return f"{local:%-d %b}{year} {local:%H:%M}"


def default_severity(user: User) -> int:
    """Today's latest pain score, if the person has checked in today; otherwise 5."""
    latest = (
        CheckIn.objects.filter(user=user, day=local_today(user))
        .order_by("-recorded_at", "-id")
        .values_list("pain", flat=True)
        .first()
    )
    return DEFAULT_SEVERITY if latest is None else latest


def start_episode(
    user: User,
    *,
    severity: int | None = None,
    trigger: str | None = None,
    notes: str | None = None,
    started_at: datetime | None = None,
) -> SpasmEpisode:
    """Start an episode; raise EpisodeConflict if one is already running."""
    now = timezone.now()
    fields = {
        "started_at": _moment("started_at", started_at, now, earliest_day(user.year_of_birth)),
        "severity": default_severity(user) if severity is None else parse_severity(severity),
        "trigger": _trigger(trigger),
        "notes": parse_notes(notes),
    }
    with transaction.atomic():
        # Lock the person's row so two quick taps cannot open two episodes.
        lock_person(user.pk)
        running = running_episode(user)
        if running is not None:
            raise EpisodeConflict(
                f"A flare is already logged as running since {_clock(running.started_at, user)}; "
                "mark it as over before starting another."
            )
        record_data_change(user.pk)
        return SpasmEpisode.objects.create(user=user, **fields)


def end_episode(
    episode: SpasmEpisode,
    *,
    ended_at: datetime | None = None,
    severity: int | None = None,
    trigger: str | None = None,
    notes: str | None = None,
) -> SpasmEpisode:
    """End a running episode (the caller has already checked it is the person's own)."""
    if episode.ended_at is not None:
        ended = _clock(episode.ended_at, episode.user)
        raise EpisodeConflict(f"This flare already ended at {ended}.")
    end = _moment("ended_at", ended_at, timezone.now())
    if end < episode.started_at:
        raise EpisodeError("ended_at", "cannot be before the flare started")
    episode.ended_at = end
    if severity is not None:
        episode.severity = parse_severity(severity)
    if trigger:
        episode.trigger = _trigger(trigger)
    if notes:
        episode.notes = parse_notes(notes)
    with transaction.atomic():
        episode.save(update_fields=["ended_at", "severity", "trigger", "notes"])
        record_data_change(episode.user_id)
    return episode


# --- reading ------------------------------------------------------------------------------


def running_episode(user: User) -> SpasmEpisode | None:
    return SpasmEpisode.objects.filter(user=user, ended_at__isnull=True).first()


def span(episode: SpasmEpisode, now: datetime) -> EpisodeSpan:
    end = episode.ended_at or now
    return EpisodeSpan(episode, max((end - episode.started_at).total_seconds(), 0.0))


def _comparison(current: EpisodeSpan | None, past: tuple[EpisodeSpan, ...]) -> str:
    """How long this flare has lasted against the person's own past flares. When to see a
    clinician is the course rules' advice (``advice``), said once where it applies."""
    ended = [s.seconds for s in past if s.episode.ended_at is not None]
    median = statistics.median(ended) if ended else None
    own = ""
    if median is not None:
        # "Median" is a statistician's word: the middle length is what "typically" means.
        count, length = len(ended), duration_text(timedelta(seconds=median))
        own = (
            f"Your last {count} flares typically lasted {length}."
            if count > 1
            else f"Your last flare lasted {length}."
        )
    if current is None:
        return own
    text = f"Day {int(current.days) + 1} of this flare."
    if median is not None and current.seconds > median:
        text += " It has already lasted longer than your usual."
    return f"{text} {own}".strip()


def episode_overview(user: User, reasons: Mapping[str, str] | None = None) -> EpisodeOverview:
    """The episodes page and its JSON twin: current episode, advice, history, flare help.
    ``reasons`` (``safety_reasons``), when the caller has them already, are not read again."""
    now = timezone.now()
    rules = course_book().episodes
    recent = list(SpasmEpisode.objects.filter(user=user).order_by("-started_at")[:PAST_SHOWN])
    spans = [span(e, now) for e in recent]
    current = next((s for s in spans if s.episode.ended_at is None), None)
    past = tuple(s for s in spans if s is not current)
    recent_count = flares_in_window(user, now, current)
    advice = None
    if current is not None:
        advice = episode_check(current.days, recent_count)
    elif recent_count:  # recurrence still matters between flares, said as flares logged
        advice = episode_check(0, recent_count, running=False)
    return EpisodeOverview(
        current=current,
        past=past,
        recent_count=recent_count,
        window_days=rules.recurring_window_days,
        max_days=rules.max_days,
        expected=course_book().notes["spasm"],
        comparison=_comparison(current, past),
        advice=advice,
        flare=flare_help(user, reasons),
        default_severity=default_severity(user),
    )


def flares_in_window(user: User, now: datetime, current: EpisodeSpan | None) -> int:
    """The flares logged that started in the recurrence window (the last 90 days), the
    running one included even if it started before the window."""
    since = now - timedelta(days=course_book().episodes.recurring_window_days)
    count = SpasmEpisode.objects.filter(user=user, started_at__gte=since).count()
    return count + (current is not None and current.episode.started_at < since)


def flare_help(user: User, reasons: Mapping[str, str] | None = None) -> FlareHelp:
    """What to do now: the plan's flare protocol (toolbox first) or, with no plan, the toolbox.

    Pins are shown from the plan when there is one, because the plan has already applied the
    person's safety screens; with no plan only gentle (flare-safe) pinned exercises are shown,
    leaving out any the clinical context (pregnancy, fragile bones, ...) says to avoid.
    """
    pinned = toolbox_slugs(user)
    plan = current_plan(user)
    # A current plan holds the warning signs that apply now: read them there, not again;
    # everyone's lines then leave out the person's own signs, as on the plan.
    rules = stop_rules_shown(user, plan.body["stop_rules"] if plan else None)
    paused = plan.status == "care_first" if plan is not None else _care_now(user)
    # Paused: no exercise until a clinician has seen them, so none to stop either.
    stop = tuple(advice(shown_stop_rules(rules, paused)))
    if paused:
        return FlareHelp("paused", (), (), stop)
    body = plan.body if plan is not None else None
    protocol = body.get("flare_protocol") if isinstance(body, dict) else None
    if not isinstance(protocol, dict):
        gentle = _pinned_gentle(pinned, safety_reasons(user) if reasons is None else reasons)
        steps = ((TOOLBOX_STEP,) if gentle else ()) + FALLBACK_STEPS
        return FlareHelp("no_plan", steps, gentle, stop)
    found = [_plan_item(raw, pinned) for raw in protocol.get("items") or []]
    items = sorted((i for i in found if i is not None), key=lambda i: not i.pinned)
    steps = tuple(str(step) for step in protocol.get("steps") or ())
    return FlareHelp("plan", steps, tuple(items), stop)


def _care_now(user: User) -> bool:
    """With no back check yet, a check-in that asked for care today or now pauses it too."""
    standing = standing_for(user, None)
    return standing is not None and standing.level in CARE_NOW


def _pinned_gentle(pinned: list[str], reasons: Mapping[str, str]) -> tuple[FlareItem, ...]:
    """``reasons``: every condition the plan would apply (``safety_reasons``), ticked ones
    too, so an exercise is held back and adapted here as the library does."""
    catalogue = exercises()
    found = []
    for slug in pinned:
        ex = catalogue.get(slug)
        mine = for_you(slug, reasons)
        if ex is not None and ex.flare_safe and not mine.held_back:
            href = f"/exercises/{slug}/"
            found.append(FlareItem(slug, ex.name, ex.dose.describe(), href, True, mine.notes))
    return tuple(found)


def _plan_item(raw: object, pinned: list[str]) -> FlareItem | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("slug"), str):
        return None
    slug = raw["slug"]
    href = f"/exercises/{slug}/" if raw.get("kind") == "exercise" else ""
    title, dose = str(raw.get("title") or slug), str(raw.get("dose") or "")
    if slug == WALKING_SLUG:
        title, dose = FLARE_WALK_TITLE, FLARE_WALK_DOSE
    # The plan's own notes for this person (pregnancy, fragile bones, ...), as the guided
    # session shows them: a flare is when they are most easily skipped.
    cautions = tuple(str(c) for c in raw.get("cautions") or ())
    return FlareItem(slug, title, dose, href, pinned=slug in pinned, cautions=cautions)
