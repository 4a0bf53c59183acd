"""A believable six months of diary for the demo patient, generated from a seed.

Plain Python with no database: ``generate`` simulates one person day by day and returns
what they would have logged. The story is internally consistent, so every insight the
dashboard computes is really there in the numbers:

- pain eases slowly from about 6.5 to about 3 (a smooth curve plus day-to-day noise);
- a few stressful weeks raise stress, shorten sleep and raise pain the *next* day;
- short nights lengthen morning stiffness; long sitting days raise evening pain;
- three or four flares (one right after a stressful week) push pain up for 3-6 days;
- heat and walking are rated as helping (about 6-7 of 10), a massage gun about 3,
  foam rolling about 1; one option is rated too rarely to be shown yet;
- a watch is connected after two months, so later sleep and steps come from imports;
- morning and evening check-ins on most days, with a holiday gap and missed days;
- the plan's routine as a guided session on each evening with a check-in
  (``ROUTINE_HOUR``); the next morning is a little easier, so most weeks read green and
  the plan builds up, except around flares;
- a 4-week heat-versus-cat-cow self-experiment that ended two weeks ago;
- questionnaires every six weeks or so (the last twelve weeks after the one before), each
  on a settled day, outside a flare or a stressful week: the pain score (NRS) answers for
  the 24 hours the diary logged before it, the PEG for the diary's past week, each with the
  small error of a person's recall, so they move the way the diary does;
- today holds only what has happened by now: no evening check-in before the evening.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from backcare.domain.experiments import make_schedule
from backcare.domain.instruments import Score, change, score

DEFAULT_SEED = 20240601
WATCH_AFTER_DAYS = 60
EXPERIMENT = ("superficial-heat", "cat-cow", 28)  # option A, option B, days
QUESTIONNAIRE_DAYS = (0, 42, 84, 168)
WEEK12 = (70, 84)  # day indices kept calm: weeks 11 and 12 from the first day
ROUTINE_HOUR = 18  # the demo does its routine at 18:00, before its evening check-in
MORNING_AFTER_ROUTINE = 0.6  # points less pain the morning after the routine


@dataclass(frozen=True)
class DemoCheckIn:
    day: date
    moment: str  # "morning" | "evening"
    minute_of_day: int
    pain: int
    stiffness: int
    stress: int
    mood: int
    morning_stiffness_min: int | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    hours_sitting: float | None = None
    active_minutes: int | None = None
    water_litres: float | None = None
    ratings: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DemoEpisode:
    start: date
    end: date
    severity: int
    trigger: str


@dataclass(frozen=True)
class DemoExperiment:
    option_a: str
    option_b: str
    start: date
    days: int
    seed: int


@dataclass(frozen=True)
class DemoDiary:
    start: date
    end: date
    checkins: tuple[DemoCheckIn, ...]
    episodes: tuple[DemoEpisode, ...]
    measures: tuple[tuple[date, str, float], ...]  # day, kind, value
    questionnaires: tuple[tuple[date, str, dict[str, int]], ...]  # day, instrument, answers
    experiment: DemoExperiment | None


@dataclass
class _Day:
    """The simulated truth of one day, before it is (partly) logged."""

    day: date
    stress: float
    sleep: float  # the night before
    pain: float
    sitting: float
    walked: bool
    heat: bool
    flare: bool
    in_experiment: bool = False
    ratings: dict[str, int] = field(default_factory=dict)


def clamp(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


def generate(days: int, seed: int, today: date, now_minute: int = 24 * 60) -> DemoDiary:
    """``now_minute``: the local time today (minutes after midnight); later entries wait."""
    rng = random.Random(seed)
    start = today - timedelta(days=days - 1)
    stressful = _pick_weeks(rng, days, count=max(1, days // 45))
    flares = _pick_flares(rng, days, stressful)
    experiment = _experiment(rng, start, days)
    truth = _simulate(rng, start, days, stressful, flares)
    _plan_relief(rng, truth, experiment)
    logged = _log(rng, truth)
    checkins = tuple(c for c in logged if c.day < today or c.minute_of_day <= now_minute)
    return DemoDiary(
        start=start,
        end=today,
        checkins=checkins,
        episodes=_episodes(rng, start, flares, stressful),
        measures=tuple(row for row in _measures(rng, truth) if row[0] < today),
        questionnaires=_questionnaires(rng, truth, logged, _calm_days(days, flares, stressful)),
        experiment=experiment,
    )


def _pick_weeks(rng: random.Random, days: int, count: int) -> list[int]:
    """Start indices of stressful weeks, at least two weeks apart, after the baseline week."""
    chosen: list[int] = []
    for _ in range(200):
        if len(chosen) == count or days < 30:
            break
        candidate = rng.randrange(10, days - 14)
        spaced = all(abs(candidate - other) >= 21 for other in chosen)
        if spaced and _clear_of_week12(candidate, 7):
            chosen.append(candidate)
    return sorted(chosen)


def _pick_flares(rng: random.Random, days: int, stressful: list[int]) -> list[tuple[int, int]]:
    """(first index, length) of each flare; one follows a stressful week, none overlap."""
    count = 3 if days < 150 else 4
    flares: list[tuple[int, int]] = []
    early = [first for first in stressful if first + 7 + 6 < days - 10]
    if early:  # a flare right after a stressful week, ending well before the last week
        flares.append((early[-1] + 7, rng.randint(4, 6)))
    for _ in range(200):
        if len(flares) == count or days < 40:
            break
        first, length = rng.randrange(9, days - 12), rng.randint(3, 6)
        apart = all(
            first + length + 5 < other or other + 10 + span < first for other, span in flares
        )
        if apart and _clear_of_week12(first, length):
            flares.append((first, length))
    return sorted(flares)


def _clear_of_week12(first: int, length: int) -> bool:
    """Keep stress and flares out of weeks 11-12, so the 12-week outcome shows the trend.

    A stressful week raises pain the day after it too, hence the extra day.
    """
    return first + length < WEEK12[0] or first > WEEK12[1]


def _experiment(rng: random.Random, start: date, days: int) -> DemoExperiment | None:
    option_a, option_b, length = EXPERIMENT
    if days < length + 30:
        return None
    begins = start + timedelta(days=days - 1 - 40)
    return DemoExperiment(option_a, option_b, begins, length, rng.randrange(2**31))


def _trend(t: float) -> float:
    """6.5 at the start easing to 3.0 at the end, faster early on."""
    k = 2.2
    return 3.0 + 3.5 * (math.exp(-k * t) - math.exp(-k)) / (1 - math.exp(-k))


def _simulate(
    rng: random.Random,
    start: date,
    days: int,
    stressful: list[int],
    flares: list[tuple[int, int]],
) -> list[_Day]:
    truth: list[_Day] = []
    stress_before = 3.5
    wobble = 0.0  # day-to-day pain drifts rather than jumps: today is much like yesterday
    for index in range(days):
        t = index / max(days - 1, 1)
        day = start + timedelta(days=index)
        in_stress_week = any(first <= index < first + 7 for first in stressful)
        stress = min(10.0, max(0.0, 3.6 - 0.8 * t + 4.0 * in_stress_week + rng.gauss(0, 1.0)))
        sleep = min(9.5, max(3.5, 7.4 - 0.3 * max(0.0, stress_before - 3) + rng.gauss(0, 0.6)))
        boost = _flare_boost(index, flares)
        wobble = 0.6 * wobble + rng.gauss(0, 0.45)
        pain = _trend(t) + 0.45 * (stress_before - 3.4) + boost + wobble
        weekday = day.weekday() < 5
        sitting = max(0.5, rng.gauss(7.5, 1.3) if weekday else rng.gauss(3.0, 1.0))
        walked = rng.random() < 0.6 + 0.3 * t and boost < 2
        heat = rng.random() < 0.3 + 0.3 * (boost > 0)
        truth.append(_Day(day, stress, sleep, pain, sitting, walked, heat, boost > 0))
        stress_before = stress
    return truth


def _flare_boost(index: int, flares: list[tuple[int, int]]) -> float:
    for first, length in flares:
        if first <= index < first + length:
            return 2.8 * (1 - (index - first) / (length + 1))
    return 0.0


def _plan_relief(rng: random.Random, truth: list[_Day], experiment: DemoExperiment | None) -> None:
    """What was tried each day and how much it helped (0-10)."""
    arms = _experiment_arms(experiment)
    late = truth[-30:]
    tried_late = {id(d) for d in rng.sample(late, k=min(3, len(late)))}
    for day in truth:
        arm = arms.get(day.day)
        if arm is not None and experiment is not None:
            option = experiment.option_a if arm == "a" else experiment.option_b
            day.heat, day.in_experiment = arm == "a", True
            day.ratings[option] = clamp(rng.gauss(6.3 if arm == "a" else 5.0, 1.3))
        elif day.heat:
            day.ratings["superficial-heat"] = clamp(rng.gauss(6.2, 1.3))
        if day.walked:
            day.ratings["walking-programme"] = clamp(rng.gauss(6.6, 1.2))
        if arm is None and rng.random() < 0.12:
            day.ratings["massage-gun"] = clamp(rng.gauss(3.0, 1.2))
        if arm is None and rng.random() < 0.09:
            day.ratings["foam-rolling"] = clamp(rng.gauss(1.0, 0.8))
        if arm is None and rng.random() < 0.15:
            day.ratings["cat-cow"] = clamp(rng.gauss(5.0, 1.5))
        if id(day) in tried_late:
            day.ratings["breathing-pauses"] = clamp(rng.gauss(5.5, 1.0))


def _experiment_arms(experiment: DemoExperiment | None) -> dict[date, str]:
    if experiment is None:
        return {}
    schedule = make_schedule(
        experiment.option_a,
        experiment.option_b,
        experiment.days,
        experiment.seed,
        start=experiment.start,
    )
    return {entry.day: entry.arm for entry in schedule}


def _log(rng: random.Random, truth: list[_Day]) -> tuple[DemoCheckIn, ...]:
    """Morning and evening check-ins on most days, a holiday with none, a few missed."""
    days = len(truth)
    holiday = rng.randrange(days // 3, days // 2) if days > 60 else -99
    logged: list[DemoCheckIn] = []
    routine_yesterday = False  # the routine goes with the evening check-in (ROUTINE_HOUR)
    for index, day in enumerate(truth):
        if holiday <= index < holiday + 5:
            routine_yesterday = False
            continue
        sure = index < 7 or index >= days - 7 or "breathing-pauses" in day.ratings
        if sure or rng.random() < 0.86:
            morning = _morning(rng, day, watch=index >= WATCH_AFTER_DAYS, eased=routine_yesterday)
            calm = not day.flare and truth[index - 1].stress < 6
            logged.append(_settled(morning, logged) if routine_yesterday and calm else morning)
        routine_yesterday = sure or rng.random() < (0.92 if day.in_experiment else 0.8)
        if routine_yesterday:
            logged.append(_evening(rng, day))
    return tuple(logged)


def _settled(morning: DemoCheckIn, logged: list[DemoCheckIn]) -> DemoCheckIn:
    """Outside flares and stressful spells the routine suits the demo: the morning after it,
    pain is no higher than its usual (the mean of the week before), so the plan's traffic
    light reads those days green and the plan builds up."""
    week = [c.pain for c in logged if 1 <= (morning.day - c.day).days <= 7]
    usual = math.floor(sum(week) / len(week)) if week else morning.pain
    return replace(morning, pain=min(morning.pain, usual))


def _morning(rng: random.Random, day: _Day, *, watch: bool, eased: bool) -> DemoCheckIn:
    """``eased``: the routine was done the evening before, which takes the edge off."""
    stiffness_min = 10 + 9 * (7.5 - day.sleep) + 3.5 * day.pain + rng.gauss(0, 5) - 5 * eased
    return DemoCheckIn(
        day=day.day,
        moment="morning",
        minute_of_day=7 * 60 + rng.randrange(120),
        pain=clamp(day.pain + 0.4 - MORNING_AFTER_ROUTINE * eased + rng.gauss(0, 0.25)),
        stiffness=clamp(day.pain + 0.8 + 0.3 * (7 - day.sleep) + rng.gauss(0, 0.6)),
        stress=clamp(day.stress - 0.5 + rng.gauss(0, 0.5)),
        mood=clamp(7.5 - 0.35 * day.pain - 0.25 * (day.stress - 3) + rng.gauss(0, 0.6)),
        morning_stiffness_min=clamp(5 * round(stiffness_min / 5), 0, 240),
        # Once the watch is connected, sleep comes from its export instead of being typed.
        sleep_hours=None if watch else round(day.sleep * 4) / 4,
        sleep_quality=clamp(day.sleep - 1 + rng.gauss(0, 1)),
    )


def _evening(rng: random.Random, day: _Day) -> DemoCheckIn:
    relief = 0.5 * day.heat + 0.4 * day.walked
    pain = day.pain + 0.22 * (day.sitting - 6) - relief + rng.gauss(0, 0.5)
    return DemoCheckIn(
        day=day.day,
        moment="evening",
        minute_of_day=20 * 60 + rng.randrange(120),
        pain=clamp(pain),
        stiffness=clamp(day.pain - 0.3 + rng.gauss(0, 0.6)),
        stress=clamp(day.stress + rng.gauss(0, 0.5)),
        mood=clamp(7.5 - 0.35 * pain - 0.25 * (day.stress - 3) + rng.gauss(0, 0.6)),
        hours_sitting=round(min(day.sitting, 16.0) * 2) / 2,
        active_minutes=rng.randint(35, 60) if day.walked else rng.randint(5, 20),
        water_litres=round(rng.uniform(1.2, 2.2), 1),
        ratings=tuple(sorted(day.ratings.items())),
    )


def _episodes(
    rng: random.Random, start: date, flares: list[tuple[int, int]], stressful: list[int]
) -> tuple[DemoEpisode, ...]:
    after_stress = {first + 7 for first in stressful}
    episodes = []
    for first, length in flares:
        trigger = (
            "stress"
            if first in after_stress
            else rng.choice(("lifting", "long_sitting", "sleep", "out_of_the_blue"))
        )
        begins = start + timedelta(days=first)
        ends = begins + timedelta(days=length - 1)
        episodes.append(DemoEpisode(begins, ends, rng.randint(6, 8), trigger))
    return tuple(episodes)


def _measures(rng: random.Random, truth: list[_Day]) -> tuple[tuple[date, str, float], ...]:
    """Daily steps and sleep from the watch, every day once it is connected."""
    rows: list[tuple[date, str, float]] = []
    for day in truth[WATCH_AFTER_DAYS:]:
        steps = 4200 + 4500 * day.walked + rng.gauss(0, 900)
        rows.append((day.day, "steps", float(max(300, round(steps)))))
        rows.append((day.day, "sleep_hours", round(day.sleep, 2)))
    return tuple(rows)


def _calm_days(
    days: int, flares: list[tuple[int, int]], stressful: list[int]
) -> list[tuple[int, int]]:
    """(planned, taken) days of the questionnaires: each of ``QUESTIONNAIRE_DAYS`` (that falls
    before today), moved by up to ten days to the nearest one whose past week holds no flare
    and no stressful week (nor the day after one): a settled week, as a check-up is planned."""
    upset = {first + i for first, length in flares for i in range(length)}
    upset |= {first + i for first in stressful for i in range(8)}
    chosen: list[tuple[int, int]] = []
    for target in (i for i in QUESTIONNAIRE_DAYS if i < days):
        nearby = (target + step * sign for step in range(11) for sign in (1, -1))
        calm = (i for i in nearby if 0 < i < days - 1 and not upset & set(range(i - 7, i + 1)))
        chosen.append((target, 0 if target == 0 else next(calm, target)))
    return chosen


def _questionnaires(
    rng: random.Random,
    truth: list[_Day],
    logged: tuple[DemoCheckIn, ...],
    taken_on: list[tuple[int, int]],
) -> tuple[tuple[date, str, dict[str, int]], ...]:
    """Answers that follow what the diary logged before each questionnaire (taken at 09:00):
    the NRS asks about the last 24 hours, the PEG about the past week."""
    taken = []
    before: dict[str, tuple[float, Score]] = {}  # each questionnaire's time before
    for planned, index in taken_on:
        day = truth[index].day
        week = _logged_pain(logged, day, 7, truth[index].pain)
        # The last 24 hours as a person recalls them, coloured by the days before.
        recent = (_logged_pain(logged, day, 1, week) + week) / 2
        for slug, pain in (("nrs", recent), ("peg", week)):
            answers = _recalled(rng, slug, pain, week, before.get(slug))
            before[slug] = (week, score(slug, answers))
            taken.append((day, slug, answers))
        fortnight = truth[max(0, index - 13) : index + 1]
        stress = sum(d.stress for d in fortnight) / len(fortnight)
        taken.append((day, "gad7", _gad7(clamp(1.4 * stress + 1.5, 0, 21))))
        if planned in (0, 84):
            taken.append((day, "startback", _startback(early=planned == 0)))
    return tuple(taken)


def _logged_pain(logged: tuple[DemoCheckIn, ...], day: date, days: int, otherwise: float) -> float:
    """The mean pain logged in the ``days`` before the morning of ``day`` and that morning
    (the first day: its morning alone); ``otherwise`` if nothing was logged."""
    window = [
        c.pain
        for c in logged
        if 0 < (day - c.day).days <= days or (c.day == day and c.moment == "morning")
    ]
    return sum(window) / len(window) if window else otherwise


def _recalled(
    rng: random.Random, slug: str, pain: float, week: float, before: tuple[float, Score] | None
) -> dict[str, int]:
    """Answers from the pain the diary logged, a touch higher (recalled pain tends to be)
    give or take a little, as a person answers. Recall may blur a change but never turns it
    round: answers that would move meaningfully against the diary's week since the time
    before are drawn again (in the end, taken without the error)."""
    for attempt in range(21):
        exact = attempt == 20
        recall = 0.2 if exact else max(-0.5, min(0.7, rng.gauss(0.2, 0.3)))
        spread = (0.0, 0.0) if exact else (rng.gauss(0, 0.4), rng.gauss(0, 0.4))
        answers = _nrs(pain + recall) if slug == "nrs" else _peg(pain + recall, spread)
        if before is None or not _against_the_diary(slug, before, week, score(slug, answers)):
            break
    return answers


def _against_the_diary(slug: str, before: tuple[float, Score], week: float, now: Score) -> bool:
    """Whether the score moved meaningfully the other way from the diary's weekly mean."""
    diary_before, score_before = before
    moved = change(slug, score_before, now)
    way = "worse" if week > diary_before else "better" if week < diary_before else "same"
    return moved.meaningful and moved.direction != way


def _nrs(pain: float) -> dict[str, int]:
    return {"pain": clamp(pain)}


def _peg(pain: float, spread: tuple[float, float]) -> dict[str, int]:
    """Interference with enjoyment runs a little below the pain, with activity a little
    above it, each with its own small variation."""
    return {
        "pain_average": clamp(pain),
        "enjoyment": clamp(pain - 0.5 + spread[0]),
        "general_activity": clamp(pain + 0.3 + spread[1]),
    }


GAD7_ITEMS = (
    "nervous",
    "control_worrying",
    "worrying_too_much",
    "trouble_relaxing",
    "restless",
    "irritable",
    "afraid",
)


def _gad7(total: int) -> dict[str, int]:
    """Spread a total over the seven scored items (0-3 each); item 8 is not scored."""
    answers = {item: min(3, total // 7 + (i < total % 7)) for i, item in enumerate(GAD7_ITEMS)}
    answers["difficulty"] = 1 if total >= 5 else 0
    return answers


def _startback(*, early: bool) -> dict[str, int]:
    """Medium risk at the start (5 of 9, little distress), low risk by week 12."""
    yes = {"shoulder_neck_pain", "worrying_thoughts"}
    if early:
        yes |= {"walked_short_distances", "dressed_slowly", "not_safe_active"}
    items = (
        "leg_pain",
        "shoulder_neck_pain",
        "walked_short_distances",
        "dressed_slowly",
        "not_safe_active",
        "worrying_thoughts",
        "pain_terrible",
        "not_enjoyed",
    )
    answers = {item: int(item in yes) for item in items}
    answers["bothersome"] = 2 if early else 1
    return answers
