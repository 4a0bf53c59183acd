"""Build, rebuild and progress a person's plan: the services behind the pages, API and CLI.

A plan is built from the latest assessment (triage level, contributing factors), the latest
questionnaire scores (STarT Back risk, NRS pain), the person's preferences and their pinned
toolbox. Each version is a new ``Plan`` row holding ``Plan.to_dict()`` and the sentences
explaining what changed. Writes happen in one transaction, with the person's row locked so
two requests cannot build two plans at once.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backcare.accounts.models import User, lock_person
from backcare.assessments import clinician_cover
from backcare.assessments.context import clinical_context_for, crisis_for, intake_context_for
from backcare.assessments.models import Assessment
from backcare.assessments.presenting import phones_for_user
from backcare.diary.models import SpasmEpisode
from backcare.diary.standing import standing_for
from backcare.domain import breaks, course, pain_area, plan_rules, plan_text, swaps
from backcare.domain import plan_sections as pick
from backcare.domain import plans as engine
from backcare.domain import tailoring as tailor
from backcare.domain.content import content_fingerprint, references
from backcare.domain.course import course_book
from backcare.domain.exercises import Exercise, exercises
from backcare.domain.factors import FACTOR_IDS
from backcare.domain.findings import Findings, FindingValue
from backcare.domain.interventions import EQUIPMENT, SAFETY_CONDITIONS, interventions
from backcare.domain.known_conditions import sections_for
from backcare.domain.personal_warnings import personal_warnings
from backcare.domain.plan_model import RULE_CONDITIONS
from backcare.domain.plan_sections import exercise_allowed, exercise_item
from backcare.domain.progression import DayResponse, progress, restart
from backcare.domain.stop_rules import has_leg_pain, stop_rule_for
from backcare.plans.diary_input import (
    day_responses,
    day_so_far,
    diary_entries,
    late_days,
    session_days,
    window,
)
from backcare.plans.forms import CONDITION_NAMES
from backcare.plans.models import Plan, Preferences, ToolboxPin
from backcare.plans.returning import break_filled, checkin_break
from backcare.plans.snapshots import StoredPlanError, plan_from_body
from backcare.plans.tailored import tailorings_for
from backcare.questionnaires.models import InstrumentResponse

WEEK = datetime.timedelta(days=7)
REBUILT: dict[str, str] = {
    "assessment": "You completed a new assessment, so the plan was rebuilt from your latest "
    "answers.",
    "preferences": "Your preferences changed, so the plan was rebuilt around them.",
    "request": "The plan was rebuilt from your latest answers and preferences.",
    "checkin": "Your check-in's safety answers changed what your back check said, so the plan "
    "was rebuilt around them.",
    "clinician_check": "You told us a clinician has checked your warning signs and said "
    "self-care is fine, so the plan was rebuilt.",
    "flare": "You logged a flare that is still running, so the plan was rebuilt around it "
    "until you mark the flare as over.",
    "flare_over": "You marked your flare as over, so the plan was rebuilt without it.",
    "content": "Your plan follows updated advice: the exercise and self-care advice it is built "
    "from has changed since it was made, so the plan was brought up to date with it.",
    "flare_undone": "The flare you logged was undone, so the plan was rebuilt without it.",
    "flare_too_long": "Your logged flare has run for more than {max_days} days without being "
    "marked as over, so the plan no longer counts it as running. If it is still going, see a "
    "doctor or physiotherapist in the next few days, and tick \u201c{tick}\u201d in your "
    "preferences to keep the plan gentle until then.",
}
#: The running flare a version was built around (its episode id, or None), kept in the body
#: so that starting, ending or undoing a flare is noticed and the plan rebuilt.
FLARE_KEY = "logged_flare"
#: When the week a version belongs to began (ISO 8601), kept by the versions a flare's start
#: or end makes within that week, so the week is due to progress on the day it always was.
WEEK_STARTED_KEY = "week_started"
#: What changed in the week a flare's version was made within, apart from the flare's own
#: lines: kept in the body so that a flare's start or end adds its lines to the week's
#: changes rather than replacing them, and the next flare version does not repeat them.
WEEK_CHANGES_KEY = "week_changes"
#: The break a version restarted the plan after (``breaks.Break.key``) and its length in
#: days: a plan restarts once per break, and the plan page says why it is easier.
BREAK_KEY = "after_break"
BREAK_DAYS_KEY = "break_days"
#: The break (its key) whose restart a version took back: check-ins filled in later cover
#: the days it was made for, so the plan is back at the level reached before it.
FILLED_KEY = "break_filled"
EASY_START = " It starts again at an easy level and builds up week by week."
#: A flare keeps the person's week: the plan eases off while it runs and gives back what
#: they had reached once it is over (``_flare_version``).
FLARE_KEEPS_WEEK = (
    " It stays at week {week}; once the flare is over, your exercises come back at the "
    "levels you had reached."
)
FLARE_GIVES_BACK = (
    " It picks up where you were before the flare: week {week}, with your exercises at the "
    "levels you had reached."
)

#: The plan page's line under its heading while a logged flare holds the plan gentle (in
#: place of "builds up week by week", untrue until the flare is over).
FLARE_HOLDS = "gentle while your flare lasts, then it picks up where you were"


class NoAssessmentError(LookupError):
    """There is no assessment to build a personal plan from."""


# --- what a plan is built from -------------------------------------------------------------


def latest_assessment(user: User) -> Assessment | None:
    return Assessment.objects.filter(user=user).order_by("-created_at", "-pk").first()


def latest_plan(user: User) -> Plan | None:
    return Plan.objects.filter(user=user).order_by("-created_at", "-pk").first()


def scores_for(user: User) -> dict[str, dict[str, float | str]]:
    """The latest score of each questionnaire: ``{"nrs": {"total": 6}, ...}``."""
    rows = (
        InstrumentResponse.objects.filter(user=user)
        .order_by("instrument", "-taken_at", "-pk")
        .values_list("instrument", "total", "subscales", "band")
    )
    scores: dict[str, dict[str, float | str]] = {}
    for instrument, total, subscales, band in rows:
        if instrument in scores:
            continue
        values: dict[str, float | str] = {
            k: v for k, v in (subscales or {}).items() if isinstance(v, int | float | str)
        }
        if total is not None:
            values["total"] = total
        if band:
            values["band"] = band
        scores[instrument] = values
    return scores


def startback_risk(scores: dict[str, dict[str, float | str]]) -> str | None:
    """STarT Back's risk group is the band of its latest response (docs/instruments.md)."""
    band = scores.get("startback", {}).get("band")
    return band if isinstance(band, str) and band in engine.STARTBACK_RISKS else None


def pinned_slugs(user: User) -> list[str]:
    return list(ToolboxPin.objects.filter(user=user).values_list("exercise", flat=True))


def preferences_for(user: User) -> engine.Preferences:
    """The person's stored preferences and toolbox, leaving out anything content no longer
    knows (a removed exercise must not stop the plan from being built). Before any are
    stored, the defaults with the household basics (a chair, a wall, a pillow, a towel)."""
    known = set(exercises()) | set(interventions())
    toolbox = tuple(slug for slug in pinned_slugs(user) if slug in known)
    row = Preferences.objects.filter(user=user).first()
    if row is None:  # nothing said yet: what nearly every home has
        return engine.Preferences(equipment=engine.HOME_EQUIPMENT, toolbox=toolbox)
    groups = plan_rules.CANNOT_DO_GROUPS
    return engine.Preferences(
        minutes_per_day=min(max(row.minutes_per_day, engine.MIN_MINUTES), engine.MAX_MINUTES),
        equipment=frozenset(row.equipment) & EQUIPMENT,
        pregnant=row.pregnant,
        conditions=frozenset(row.conditions) & frozenset(SAFETY_CONDITIONS),
        goals=tuple(g for g in row.goals if g in engine.GOALS),
        cannot_do=frozenset(s for s in row.cannot_do if s in known or s in groups),
        sleep_position=row.sleep_position if row.sleep_position in engine.SLEEP_POSITIONS else None,
        toolbox=toolbox,
    )


def screened_preferences(user: User) -> engine.Preferences:
    """The stored preferences plus the safety screens the clinical context calls for
    (pregnancy, osteoporosis or steroids, heart, blood pressure from the intake)."""
    return plan_rules.with_context(preferences_for(user), clinical_context_for(user))


def planned_preferences(user: User) -> engine.Preferences:
    """The screened preferences plus a flare logged on the flare page and still running,
    taken as "in a flare" just as the preferences tick is. Kept apart from
    ``screened_preferences``, which pre-fills the preferences form: saving the form must not
    store the flare as a tick that outlives it."""
    prefs = with_intake_sleep(screened_preferences(user), latest_assessment(user))
    if running_flare(user) is None:
        return prefs
    return replace(prefs, conditions=prefs.conditions | {"acute_flare"})


def with_intake_sleep(
    prefs: engine.Preferences, assessment: Assessment | None
) -> engine.Preferences:
    """How the person sleeps, from the back check when the preferences do not say: a side
    sleeper is shown the side set-up, not both."""
    answer = assessment.findings.get("sleep_position") if assessment is not None else None
    if prefs.sleep_position is not None or answer not in engine.SLEEP_POSITIONS:
        return prefs
    return replace(prefs, sleep_position=answer)


def running_flare(user: User) -> SpasmEpisode | None:
    """The flare logged and not yet marked as over, unless it has run longer than the usual
    course: a flare left open for longer is taken as forgotten, and the flare page says to
    see a clinician by then."""
    # Imported here: the flare page's module reads the plan, so it imports this one.
    from backcare.diary.episodes import running_episode, span

    episode = running_episode(user)
    if episode is None or span(episode, timezone.now()).over_a_week:
        return None
    return episode


def context_reasons(user: User) -> dict[str, str]:
    """Safety-screen condition -> why the clinical context applies it, for the preferences
    page ("In your assessment on ..., you told us ...")."""
    context = intake_context_for(user)  # later answers are on the page itself
    if not context.source:
        return {}
    return {c: f"In {context.source}, {why}" for c, why in context.safety_conditions().items()}


def safety_reasons(user: User) -> dict[str, str]:
    """Each safety condition the plan applies to ``user`` -> why, in words for them ("you
    told us you are or could be pregnant"): what the library, an exercise's page and the
    toolbox need to say what the plan already does: a caution a triage rule behind the plan
    calls for too (``RULE_CONDITIONS``), while the rule stands, as the plan holds it."""
    context = clinical_context_for(user)
    told = {**context.safety_conditions(), **_flare_reason(user), **_rule_reasons(user)}
    screened = plan_rules.with_context(preferences_for(user), context)
    return {
        c: told.get(c) or f"you ticked \u201c{CONDITION_NAMES[c]}\u201d in your plan preferences"
        for c in sorted(screened.all_conditions | set(told))
    }


def held_for_flare(record: Plan) -> bool:
    """The version is the gentle one a logged flare holds the plan to until it is over."""
    return record.body.get(FLARE_KEY) is not None


def _rule_reasons(user: User) -> dict[str, str]:
    """Each caution a standing triage rule calls for (``RULE_CONDITIONS``: the young back worse
    arching, ...) -> why, as the plan reads it: from the triage that stands (``plan_input``)."""
    standing = standing_for(user, latest_assessment(user))
    if standing is None:
        return {}
    check = "your back check" if standing.source == "assessment" else "a check-in"
    return {
        RULE_CONDITIONS[rule]: f"{check} found "
        + tailor.CONDITION_WORDS.get(RULE_CONDITIONS[rule], "a sign a clinician should check first")
        for rule in sorted(standing.rules)
        if rule in RULE_CONDITIONS
    }


def _flare_reason(user: User) -> dict[str, str]:
    """``{"acute_flare": why}`` while a logged flare is running, in the person's own clock."""
    flare = running_flare(user)
    if flare is None:
        return {}
    local = flare.started_at.astimezone(_zone(user))
    when = f"{local.day} {local:%b} at {local:%H:%M}"
    return {"acute_flare": f"you logged a flare on {when} that is not yet marked as over"}


def plan_input(user: User, assessment: Assessment) -> engine.PlanInput:
    """What the plan is built from. The triage is the one that stands: a check-in since the
    back check that advised more urgent care outranks it (``standing_for``)."""
    scores = scores_for(user)
    standing = standing_for(user, assessment)
    assert standing is not None  # the back check itself stands when nothing outranks it
    factors = assessment.factor_ids & set(FACTOR_IDS)
    context = clinical_context_for(user)
    return engine.PlanInput(
        triage_level=standing.level,
        factor_ids=factors,
        startback_risk=startback_risk(scores),
        scores=scores,
        preferences=planned_preferences(user),
        triage_rules=standing.rules,
        personal_warnings=personal_warnings(context),
        # The sections the plan page shows (``condition_notes``): one needs its factor.
        known_conditions=frozenset(section.fact for section in sections_for(context, factors)),
        stage=_stage(assessment),
        leg_pain=has_leg_pain(assessment.findings),  # the stop rule a guided session says
        higher_up=pain_area.higher_up(assessment.findings),  # its own words, not "lower back"
        work=work_answer(assessment.findings),  # "hard" or "off" offers the work item
        onset_days=onset_days(assessment, user),  # its first days: gentle moves only
        **clinician_cover.plan_fields(user, assessment),  # a clinician's check told since
    )


def work_answer(findings: object) -> str | None:
    """The back check's answer on work (``engine.WORK_ANSWERS``), or None when it was not
    answered (a back check from before it was asked, or one that skipped it)."""
    answer = findings.get("work") if isinstance(findings, dict) else None
    return answer if answer in engine.WORK_ANSWERS else None


def _stage(assessment: Assessment) -> str | None:
    """The episode's stage now (``episode_stage``), else the one the back check worked out."""
    stage = episode_stage(assessment) or (assessment.course or {}).get("stage")
    return stage if stage in engine.EPISODE_STAGES else None


#: The shortest each answer to "how long have you had this back problem" can mean, in days
#: (just past the stage boundaries, so each answer starts in its own stage: course.py).
DURATION_AT_LEAST: dict[str, int] = {
    "under_2_weeks": 0,
    "2_to_6_weeks": 14,
    "6_to_12_weeks": course.ACUTE_MAX_DAYS + 1,
    "3_to_12_months": course.SUBACUTE_MAX_DAYS + 1,
    "over_a_year": 366,
}


def onset_days(assessment: Assessment, user: User | None = None) -> int | None:
    """Days since the person's back pain began: the back check's ``onset_days_ago`` plus the
    days since the back check, both the person's days (a back check at 23:00 in Toronto is on
    that day, whatever the date in UTC); None when it was not asked (a duration such as "less
    than 2 weeks" cannot say whether these are its first days)."""
    days = (assessment.findings or {}).get("onset_days_ago")
    if not isinstance(days, int) or isinstance(days, bool):
        return None
    user = assessment.user if user is None else user  # whose back check it is
    return days + max((local_today(user) - user.local_date(assessment.created_at)).days, 0)


def episode_stage(assessment: Assessment) -> str | None:
    """How far on the person's back pain is now: how long it had lasted at the back check
    (``onset_days_ago``, else the shortest ``problem_duration`` can mean) plus the days
    since, never the weeks of the plan (a new back check starts the plan again, not the
    pain). None when the back check did not ask."""
    findings = assessment.findings or {}
    days = findings.get("onset_days_ago")
    if not isinstance(days, int) or isinstance(days, bool):
        days = DURATION_AT_LEAST.get(str(findings.get("problem_duration")))
    if days is None:
        return None
    since = max((timezone.now() - assessment.created_at).days, 0)
    values: dict[str, FindingValue] = {"onset_days_ago": days + since}
    earlier = findings.get("earlier_episodes")
    if isinstance(earlier, str):
        values["earlier_episodes"] = earlier
    return course.episode_stage(Findings(values))


def general_plan(user: User) -> engine.Plan:
    """A general, gentle starting plan for someone with no assessment yet (never stored).

    Only level-1, flare-safe exercises are offered, so it suits most people; the page says
    it is not personalised and invites them to the assessment.
    """
    gentle = {slug: ex for slug, ex in exercises().items() if ex.level == 1 and ex.flare_safe}
    known = set(gentle) | set(interventions())
    prefs = planned_preferences(user)
    prefs = replace(
        prefs,
        cannot_do=frozenset(
            s for s in prefs.cannot_do if s in known or s in plan_rules.CANNOT_DO_GROUPS
        ),
        toolbox=tuple(s for s in prefs.toolbox if s in known),
    )
    scores = scores_for(user)
    standing = standing_for(user, None)  # a check-in that advised care pauses it too
    data = engine.PlanInput(
        standing.level if standing else "self_care",
        startback_risk=startback_risk(scores),
        scores=scores,
        preferences=prefs,
        triage_rules=standing.rules if standing else frozenset(),
    )
    return engine.build_plan(data, catalogue=gentle)


# --- versions -----------------------------------------------------------------------------


def current_plan(user: User) -> Plan | None:
    """The person's plan now: built on first visit, rebuilt after a new assessment and
    progressed once it is a week old, with the warning signs that apply now whichever way
    it was reached (so a caller may read ``body["stop_rules"]`` as current). None when there
    is no plan and no assessment to build one from."""
    plan = _current_version(user)
    return None if plan is None else with_current_stop_rules(user, plan)


def _current_version(user: User) -> Plan | None:
    latest = latest_plan(user)
    assessment = latest_assessment(user)
    if assessment is None:
        return latest
    if (
        latest is not None
        and latest.assessment_id == assessment.pk
        and not _due(latest)
        and not _triage_changed(user, latest, assessment)
        and not _flare_change(user, latest)
        and _restart_due(user, latest, checkin_break(user, local_today(user))) is None
        and not _restart_filled(user, latest)
        and not content_changed(latest.content_version)
    ):
        return latest
    return progress_plan(user, on_demand=False)


def update_due(
    created_at: datetime.datetime,
    week_started: object,
    after_break: object,
    user: User,
    gap: breaks.Break | None,
    content_version: str | None = None,
) -> bool:
    """Would reading the plan now make a new version of its week: a week is up, a break
    from checking in restarts it easier, or the content it was built from changed? Home asks
    this of the columns it reads (the latest version's creation, its ``week_started``,
    ``after_break`` and ``content_version``), so that it shows the week and the routine the
    plan page shows, from the same stored version. ``gap``: the person's break from
    checking in (``returning.checkin_break``), if any."""
    if content_version is not None and content_changed(content_version):
        return True
    if break_filled(user, after_break):  # the restart no longer holds
        return True
    started = _started_from(created_at, week_started)
    if timezone.now() - started >= WEEK:
        return True
    return gap is not None and _restart_pending(started, after_break, gap, user) is not None


def _restart_due(user: User, latest: Plan, gap: breaks.Break | None) -> breaks.Break | None:
    """The break ``latest`` must restart easier after, or None."""
    if gap is None or latest.status == "care_first":
        return None
    return _restart_pending(_week_started(latest), latest.body.get(BREAK_KEY), gap, user)


def _restart_filled(user: User, latest: Plan) -> bool:
    """``latest`` is a restart after a break that check-ins filled in since now cover."""
    return latest.status != "care_first" and break_filled(user, latest.body.get(BREAK_KEY))


def _restart_pending(
    started: datetime.datetime, after_break: object, gap: breaks.Break, user: User
) -> breaks.Break | None:
    """A version begun before ``gap`` became a break, not yet restarted after it."""
    became = gap.last_checkin + datetime.timedelta(days=breaks.BREAK_DAYS)
    if after_break == gap.key or user.local_date(started) >= became:  # both the person's days
        return None
    return gap


def with_current_stop_rules(user: User, latest: Plan) -> Plan:
    """The version with the warning signs that apply to the person now, and a paused plan's
    notice on where to get help in the words of their place. What they told us may have
    changed since it was stored (a year of birth given, a later answer, a move), or the
    version holds an older text ("call your emergency number"); a warning sign must not wait
    for next week's version. The version is brought up to date where it stands, so the week
    keeps its day. Whatever shows a stored version (the plan, the report, the API, the
    sessions) reads it through here."""
    if all(latest.body.get(k) == v for k, v in _current_help(user, latest.body).items()):
        return latest
    with transaction.atomic():
        _lock(user)  # then read again: a request that read older facts must not write them
        latest.refresh_from_db(fields=["body"])
        latest.body = {**latest.body, **_current_help(user, latest.body)}
        latest.save(update_fields=["body"])
    return latest


def _current_help(user: User, body: dict[str, Any]) -> dict[str, Any]:
    """The parts of a stored body that say when and where to get help, as they read for the
    person now: the stop rules, and the care advice (where the body has it)."""
    current = {"stop_rules": current_stop_rules(user)}
    if "care_advice" in body:
        phones = phones_for_user(user)
        advice = plan_rules.care_advice_for_place(body["care_advice"] or (), phones)
        current["care_advice"] = _json({"advice": advice})["advice"]
    return current


def current_stop_rules(user: User) -> list[dict[str, Any]]:
    """When to stop and get help, for this person now (the plan's and the flare page's),
    with when to stop an exercise as a guided session says it to them (their latest back
    check: ``stop_rules.stop_rule_for``)."""
    assessment = latest_assessment(user)
    context, phones = clinical_context_for(user), phones_for_user(user)
    rules = engine.stop_rules_for(
        personal_warnings(context),
        phones,
        stop_rule_for(
            assessment.findings if assessment is not None else None,
            pregnant=context.possible("pregnant"),
        ),
        youth=crisis_for(user, phones, context).youth,  # the young's lines, as on every page
    )
    stored: list[dict[str, Any]] = _json({"rules": [asdict(rule) for rule in rules]})["rules"]
    return stored


def rebuild_plan(user: User, reason: str = "request") -> Plan:
    """A fresh week-1 plan from the latest assessment, scores, preferences and toolbox."""
    with transaction.atomic():
        _lock(user)
        assessment = latest_assessment(user)
        if assessment is None:
            raise NoAssessmentError("complete an assessment first: the plan is built from it")
        return _build(user, assessment, latest_plan(user), reason)


def progress_plan(user: User, *, on_demand: bool = True) -> Plan | None:
    """Adapt the plan to the last week of the diary and guided sessions, at most once a
    week: on demand or once the current version is a week old. Pressing again within the
    week changes nothing. None when there is no assessment."""
    with transaction.atomic():
        _lock(user)
        latest = latest_plan(user)
        assessment = latest_assessment(user)
        if assessment is None:
            return latest
        if latest is None:
            return _build(user, assessment, None, "request")
        if latest.assessment_id != assessment.pk:
            return _build(user, assessment, latest, "assessment")
        if _triage_changed(user, latest, assessment):
            return _build(user, assessment, latest, "checkin")
        flare = _flare_change(user, latest)
        if flare:
            return _flare_version(user, assessment, latest, flare)
        if content_changed(latest.content_version):
            kept = _content_version(user, assessment, latest)
            if kept is None:  # the week cannot be kept: rebuilt as a preferences change is
                return _content_rebuild(user, assessment, latest)
            latest = kept  # then progressed below if its week is up, as any version is
        taken_back: list[dict[str, str]] = []
        if _restart_filled(user, latest):  # back where it was; then on as any version goes
            latest = _undo_restart(user, assessment, latest)
            taken_back = [c for c in latest.changes if c["sentence"] == breaks.FILLED]
        gap = _restart_due(user, latest, checkin_break(user, local_today(user)))
        if gap is not None:
            return _restart_version(user, assessment, latest, gap) or latest
        if not (on_demand or _due(latest)) or next_progress_at(user) is not None:
            return latest
        outcome = _progressed(user, assessment, latest)
        if outcome is None:
            return _build(user, assessment, latest, "request")
        plan, said = outcome
        return _store(user, assessment, plan, taken_back + said)


def _restart_version(
    user: User, assessment: Assessment, latest: Plan, gap: breaks.Break
) -> Plan | None:
    """The plan in the same week, started again easier after a break from checking in
    (``progression.restart``); its week starts now, so it builds up from here."""
    try:
        previous = plan_from_body(latest.body)
    except StoredPlanError:
        return None
    data = plan_input(user, assessment)
    plan, changes = restart(previous, data, gap.days, tailorings=tailorings_for(user))
    if not changes:
        return None
    said = [_change(c.slug, c.action, c.sentence) for c in changes]
    return _store(
        user, assessment, plan, said, extra={BREAK_KEY: gap.key, BREAK_DAYS_KEY: gap.days}
    )


def _undo_restart(user: User, assessment: Assessment, latest: Plan) -> Plan:
    """The restart ``latest`` made after a break that check-ins filled in since now cover,
    taken back: the routine and walk of the version before the restart, each exercise at
    the level it had reached, in the same week, whose week began when that version's did
    (so the days filled in are read by its next update)."""
    key = latest.body.get(BREAK_KEY)
    before = _before_restart(user, assessment, latest)
    basis = _same_week_basis(user, assessment, latest)
    if before is None or basis is None:
        return _build(user, assessment, latest, "request")
    try:
        source = plan_from_body(before.body)
    except StoredPlanError:
        return _build(user, assessment, latest, "request")
    routine = _routine_again(basis.ctx, source.routine)
    walking = source.walking.minutes_per_day if source.walking else 0
    walking = walking or plan_rules.start_walking_minutes(basis.ctx)
    applied = tailor.apply(basis.ctx, routine, walking, basis.tailorings)
    plan = engine.assemble_plan(basis.ctx, applied.routine, applied.walking_minutes, latest.week)
    changes = [_change("plan", "rebuild", breaks.FILLED)]
    changes += [_change(slug, "step_back", sentence) for slug, sentence in applied.left_out]
    started = _week_started(before)
    return _store(user, assessment, plan, changes, week_started=started, extra={FILLED_KEY: key})


def _before_restart(user: User, assessment: Assessment, latest: Plan) -> Plan | None:
    """The version the restart ``latest`` belongs to was made from: the latest one of the
    same back check made before the first version that restarted after its break."""
    same = Plan.objects.filter(user=user, assessment=assessment)
    first = (
        same.filter(**{f"body__{BREAK_KEY}": latest.body.get(BREAK_KEY)})
        .order_by("created_at", "pk")
        .first()
    ) or latest
    earlier = same.filter(created_at__lt=first.created_at).exclude(pk=first.pk)
    return earlier.order_by("-created_at", "-pk").first()


def restarted_words(record: Plan) -> str:
    """The plan page's line under its heading on a version a break restarted, else ""."""
    days = record.body.get(BREAK_DAYS_KEY)
    if not isinstance(days, int) or record.body.get(BREAK_KEY) is None:
        return ""
    return breaks.RESTARTED.format(length=breaks.length_words(days))


def restart_source() -> dict[str, str]:
    """The source the restart after a break rests on, as a short link (first author, year)."""
    ref = references()[breaks.RESTART_REFERENCES[0]]
    author = ref.citation.split(" ", 1)[0]
    year = next((w[:4] for w in ref.citation.split() if w[:4].isdigit()), "")
    return {"url": ref.url, "short": f"{author} et al. {year}".strip()}


def held_words(record: Plan) -> str:
    """The plan page's line under its heading on a week that held for want of check-ins."""
    holds = (breaks.HOLD, plan_text.HOLD_EASED, plan_text.HOLD_CHOSEN)
    held = {hold.format(week=record.week) for hold in holds}
    if any(c.get("sentence") in held for c in record.changes if isinstance(c, dict)):
        return "no check-ins last week, so it stays here until you check in"
    return ""


def preview_progress(user: User) -> tuple[engine.Plan, list[dict[str, str]]] | None:
    """What progressing now would change and why (before it is due: what the next update
    will change, from what is logged so far), without storing anything; None when
    there is no current personal plan to progress. Before the first weekly review
    (``first_review_at``) it proposes nothing: a few days of a new plan say too little, and
    the diary from before it is not about it."""
    latest, assessment = latest_plan(user), latest_assessment(user)
    if latest is None or assessment is None or latest.assessment_id != assessment.pk:
        return None
    if first_review_at(user) is not None:
        try:
            return plan_from_body(latest.body), []
        except StoredPlanError:
            return None
    due = next_progress_at(user)  # read as the next update will read it, so far
    until = None if due is None else user.local_date(due)  # a diary day, the person's
    return _progressed(user, assessment, latest, until=until)


def plan_started(user: User) -> datetime.datetime | None:
    """When the person's plan started: the first version built from the back check their
    latest version rests on. A change of preferences, a flare, a toolbox pin or a
    clinician's tailoring makes a new version of the same plan, not a new start; a new back
    check starts a new plan. None without a plan."""
    latest = latest_plan(user)
    if latest is None:
        return None
    same = (
        {"assessment_id": latest.assessment_id}
        if latest.assessment_id is not None
        else {"assessment__isnull": True}
    )
    first = (
        Plan.objects.filter(user=user, **same)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)
        .first()
    )
    return first or latest.created_at


def first_review_at(user: User) -> datetime.datetime | None:
    """When the first weekly review of the person's plan falls, while the plan is in its
    first seven days (``plan_started``): when its next update may run (``next_progress_at``),
    a full week after it started, or later when a restart after a break in those days put it
    a week after the restart; None once those seven days are over (or with no plan)."""
    started = plan_started(user)
    if started is None or timezone.now() - started >= WEEK:
        return None
    return next_progress_at(user)


def first_review_after_break(user: User) -> bool:
    """Whether the first weekly review (``first_review_at``) is a week after a restart after
    a break, not a full week after the plan started: the update page says which."""
    due, started = first_review_at(user), plan_started(user)
    return due is not None and started is not None and due > started + WEEK


def _last_update(user: User) -> Plan | None:
    """The version the last weekly update made (one past week 1), or a later restart after a
    break (``BREAK_KEY``), which counts as one in week 1 too: the plan starts again from
    there, its week starts then, and the days before it are behind it (the restart eased
    every exercise for them), so the next update reads from the restart and runs a week
    after it, as it does after a restart in a later week."""
    updates = Plan.objects.filter(Q(week__gt=1) | Q(body__has_key=BREAK_KEY), user=user)
    for version in updates.order_by("-created_at", "-pk").iterator(chunk_size=4):
        key = version.body.get(BREAK_KEY)
        if key is None or not _taken_back(user, version, key):
            return version
    return None


def _taken_back(user: User, version: Plan, key: object) -> bool:
    """The restart ``version`` made was taken back later (``_undo_restart``): it is no
    update, and the days before it are read again."""
    later = Plan.objects.filter(user=user, created_at__gte=version.created_at).exclude(
        pk=version.pk
    )
    return later.filter(**{f"body__{FILLED_KEY}": key}).exists()


def _last_update_day(user: User) -> datetime.date | None:
    """The day of the last weekly update (``_last_update``), which read the days before it:
    a preview reads from it (the next update reads those), so it never counts the same walks
    again and says the walk goes up a second time on the days that just raised it."""
    version = _last_update(user)
    if version is None:
        return None
    return user.local_date(_week_started(version))  # a diary day, the person's


def _reads_from(user: User) -> tuple[datetime.date | None, datetime.datetime | None]:
    """Where the next update starts reading: the day the last update ran, or the day the
    plan started when none has run since (a new back check starts a new plan, and what came
    before it is not about it); and when the last update ran, after which an "It hurt" for a
    day it had read is read by the next one (None: no update since the plan started)."""
    started, last = plan_started(user), _last_update_day(user)
    start = None if started is None else user.local_date(started)
    if last is None or (start is not None and start > last):
        return start, None
    version = _last_update(user)
    return last, None if version is None else _week_started(version)


def next_progress_at(user: User) -> datetime.datetime | None:
    """When the plan may progress: a full week after the plan started (``plan_started``)
    and a week after the last update (``_last_update``: a version past
    week 1, or a restart after a break), whichever is later; None if it may progress now."""
    due = [started + WEEK] if (started := plan_started(user)) is not None else []
    version = _last_update(user)
    if version is not None:
        due.append(_week_started(version) + WEEK)
    later = max(due, default=None)
    return None if later is None or timezone.now() >= later else later


def _progressed(
    user: User,
    assessment: Assessment,
    latest: Plan,
    until: datetime.date | None = None,
) -> tuple[engine.Plan, list[dict[str, str]]] | None:
    """The update (or, with ``until``, its preview) from every whole day since the last
    (``_reads_from``; ``diary_input.window``)."""
    try:
        previous = plan_from_body(latest.body)
    except StoredPlanError:
        return None
    data = plan_input(user, assessment)
    since, said_since = _reads_from(user)
    diary, today = _diary(user, previous, since, until, said_since)
    _, through = window(local_today(user), since, until)
    plan, changes = progress(
        previous, data, diary, tailorings=tailorings_for(user), today=today, through=through
    )
    return plan, [_change(c.slug, c.action, c.sentence) for c in changes]


#: ``save_preferences``: the due date stored stays as it is (the person did not change the
#: date they were shown, or did not say one).
KEEP_DUE_DATE = object()


def save_preferences(
    user: User, prefs: engine.Preferences, due_date: object = KEEP_DUE_DATE
) -> Plan | None:
    """Store validated preferences and rebuild the plan from them, all or nothing.
    ``due_date``: the due date the person gave now with "I am pregnant" (a date checked
    against the back check's bounds, or None), or ``KEEP_DUE_DATE`` when they did not change
    the date they were shown; none is kept without "I am pregnant". A due date given, or the
    tick changed, is told now (``due_date_told_at``): only then can it outrank a back check's.

    Returns the new plan, or None when there is no assessment to build one from yet.
    """
    with transaction.atomic():
        _lock(user)
        before = screened_preferences(user)
        stored = Preferences.objects.filter(user=user).first()
        stored_due = stored.due_date if stored is not None else None
        due = stored_due if due_date is KEEP_DUE_DATE else due_date
        due = due if prefs.pregnant else None
        told = due_date is not KEEP_DUE_DATE or (
            (stored is not None and stored.pregnant, stored_due) != (prefs.pregnant, due)
        )
        Preferences.objects.update_or_create(
            user=user,
            defaults={
                "minutes_per_day": prefs.minutes_per_day,
                "equipment": sorted(prefs.equipment),
                "pregnant": prefs.pregnant,
                "due_date": due,
                # A new due date: "not yet" said of the old one no longer holds.
                **({} if due == stored_due else {"birth_not_yet_on": None}),
                # When the due date or the tick was told: a save that changes neither keeps
                # it, so a back check told since still counts (``told_due_date``).
                **({"due_date_told_at": timezone.now()} if told else {}),
                "conditions": sorted(prefs.conditions),
                "goals": list(prefs.goals),
                "cannot_do": sorted(prefs.cannot_do),
                "sleep_position": prefs.sleep_position or "",
            },
        )
        assessment = latest_assessment(user)
        if assessment is None:
            return None
        latest = latest_plan(user)
        after = screened_preferences(user)
        if before == after and latest is not None and latest.assessment_id == assessment.pk:
            return latest  # saved as they were: the plan goes on as it is
        if _only_pregnancy_changed(before, after):
            kept = _pregnancy_version(user, assessment, latest)
            if kept is not None:
                return kept
        if _only_cannot_do_changed(before, after):
            swapped = _swap_version(user, assessment, latest, "cannot_do")
            if swapped is not None:
                return swapped
        return _build(user, assessment, latest, "preferences")


def end_pregnancy(user: User, assessment: Assessment | None, told_at: datetime.datetime) -> None:
    """The person told us the baby of the pregnancy ``assessment`` told of (their latest
    back check, or None when only the plan preferences told of it) has been born: the
    pregnancy fact ends (and the plan preferences' "I am pregnant" and due date with it), and
    the plan changes as a pregnancy answer's change does (``_pregnancy_version``): the same
    week, with the usual versions of the exercises."""
    with transaction.atomic():
        _lock(user)
        before = screened_preferences(user)
        if assessment is not None:
            assessment.pregnancy_ended_at = told_at
            assessment.save(update_fields=["pregnancy_ended_at"])
        Preferences.objects.filter(user=user, pregnant=True).update(
            pregnant=False, due_date=None, birth_not_yet_on=None, due_date_told_at=told_at
        )
        if assessment is None:
            return  # no back check: no plan to change
        after, latest = screened_preferences(user), latest_plan(user)
        if before == after or latest is None or latest_assessment(user) != assessment:
            return  # nothing the plan is built from changed, or the next visit builds it
        if _only_pregnancy_changed(before, after) and _pregnancy_version(user, assessment, latest):
            return
        _build(user, assessment, latest, "preferences")


def _only_cannot_do_changed(before: engine.Preferences, after: engine.Preferences) -> bool:
    """What the person can't do is all that changed in what the plan is built from."""
    return (
        before.cannot_do != after.cannot_do and replace(before, cannot_do=after.cannot_do) == after
    )


class SwapError(LookupError):
    """The exercise is not one of the routine's, or there is no plan to swap it in."""


class NothingToSwap(SwapError):
    """No other exercise of its kind fits: nothing is swapped or stored, and it stays
    (``swaps.nothing_to_swap`` says what to do instead)."""

    def __init__(self, ruled_out: Exercise) -> None:
        super().__init__(ruled_out.slug)
        self.ruled_out = ruled_out


def swap_exercise(user: User, slug: str, why: str) -> tuple[Plan, swaps.Swap]:
    """Rule ``slug`` out for the person (stored with what they can't do, so no later version
    brings it back) and swap it in the plan they have: the same week, every other exercise
    at the level it had reached, and in its place one of its kind at a comparable level
    (``swaps.swap_ruled_out``); ``why`` is a ``swaps.SWAP_REASONS`` key, said in the change.
    Returns the new version and the swap made."""
    with transaction.atomic():
        _lock(user)
        assessment, latest = latest_assessment(user), latest_plan(user)
        if assessment is None or latest is None or latest.assessment_id != assessment.pk:
            raise SwapError("there is no plan to swap an exercise in")
        routine = {item.get("slug") for item in latest.body.get("routine") or ()}
        if slug not in routine or slug not in exercises():
            raise SwapError("that exercise is not in your routine")
        row = Preferences.objects.filter(user=user).first()
        if row is None:  # nothing said yet: store the defaults the plan was built with
            prefs = preferences_for(user)
            row = Preferences(user=user, equipment=sorted(prefs.equipment))
        row.cannot_do = sorted({*row.cannot_do, slug})
        row.save()
        version = _swap_version(user, assessment, latest, why)
        if version is None:
            version = _build(user, assessment, latest, "preferences")
        if not swaps.has_exercise(version.body.get("routine")):  # none left: nothing is kept
            raise swaps.LastExercise(exercises()[slug])
        made = version.body.get(SWAP_KEY) or {}
        if isinstance(made, dict) and slug in made and made[slug] is None:
            raise NothingToSwap(exercises()[slug])  # it stays: nothing is kept (atomic)
        other = exercises().get(str(made.get(slug))) if isinstance(made, dict) else None
        return version, swaps.Swap(exercises()[slug], other)


@dataclass(frozen=True)
class _SameWeekBasis:
    """What a version that keeps the plan's week is built from: the stored plan, the
    person's answers now (with a clinician's removals) and the clinician's changes."""

    previous: engine.Plan
    ctx: engine.PlanContext
    tailorings: list[tailor.Tailoring]

    def assemble(
        self, routine: tuple[engine.PlanItem, ...], week: int
    ) -> tuple[engine.Plan, tailor.Applied]:
        """The plan in ``week`` around ``routine``, with the walking target it had and the
        clinician's changes made; and what applying them left out."""
        walking = self.previous.walking.minutes_per_day if self.previous.walking else 0
        walking = walking or plan_rules.start_walking_minutes(self.ctx)
        applied = tailor.apply(self.ctx, routine, walking, self.tailorings)
        plan = engine.assemble_plan(self.ctx, applied.routine, applied.walking_minutes, week)
        return plan, applied


def _same_week_basis(
    user: User, assessment: Assessment, latest: Plan | None, *, in_flare: bool = False
) -> _SameWeekBasis | None:
    """None when the week cannot be kept (no current version, a flare holding the plan
    unless ``in_flare`` keeps its version too, a flare started or ended since, a new triage,
    an unreadable stored plan, another status): then the plan is rebuilt."""
    if latest is None or latest.assessment_id != assessment.pk:
        return None
    if held_for_flare(latest) and not in_flare:
        return None
    if _triage_changed(user, latest, assessment) or _flare_change(user, latest):
        return None
    try:
        previous = plan_from_body(latest.body)
    except StoredPlanError:
        return None
    tailorings = tailorings_for(user)
    ctx = engine.plan_context(tailor.with_removals(plan_input(user, assessment), tailorings))
    if ctx.status != previous.status or ctx.status == "care_first":
        return None
    return _SameWeekBasis(previous, ctx, tailorings)


def _store_same_week(
    user: User,
    assessment: Assessment,
    latest: Plan,
    plan: engine.Plan,
    changes: list[dict[str, str]],
    applied: tailor.Applied,
    extra: dict[str, Any] | None = None,
) -> Plan:
    """Store a version that keeps the week: its changes, then what the clinician's changes
    left out, then what else changed this week; the week keeps its day to progress."""
    changes = changes + [_change(slug, "step_back", text) for slug, text in applied.left_out]
    week = _week_changes(latest)
    # A flare's version keeps saying why the flare changed the plan (not a line of the week).
    flare = [c for c in latest.changes if c not in week] if held_for_flare(latest) else []
    gone = {c["slug"] for c in changes if c["action"] == "swap"}  # their lines no longer hold
    week = [c for c in week if c.get("slug") not in gone]
    return _store(
        user,
        assessment,
        plan,
        changes + flare + week,
        week_started=_week_started(latest),
        week_changes=changes + week,
        extra=extra,
    )


#: The swaps a version made: ruled-out slug -> the slug that took its place (None: none).
SWAP_KEY = "swapped"


def _swap_version(user: User, assessment: Assessment, latest: Plan | None, why: str) -> Plan | None:
    """What the person can't do changed: the same plan in the same week, each exercise at
    the level it had reached, and only the ones now ruled out replaced (one of their kind
    at a comparable level, or left out when none fits), as a pregnancy answer's version
    keeps the week. While a logged flare holds the plan gentle, its version stays the
    flare's, eased as it was: a flare-safe one of its kind takes the place of one ruled
    out, and once the flare is over the routine from before it comes back with its own
    swaps (``_flare_version``). None when it cannot be kept (no current version, a flare
    started or ended since, a new triage, another status): then the plan is rebuilt."""
    basis = _same_week_basis(user, assessment, latest, in_flare=True)
    if basis is None or latest is None:
        return None
    ctx = basis.ctx
    routine, made = swaps.swap_ruled_out(ctx, _routine_again(ctx, basis.previous.routine))
    plan, applied = basis.assemble(routine, latest.week)
    if held_for_flare(latest):  # the flare list is the flare routine's, as it was
        plan = _flare_list_is_routine(plan)
    changes = [_change(s.ruled_out.slug, "swap", s.sentence(why)) for s in made]
    if not made:
        said = REBUILT["preferences"] + plan_text.KEEPS_WEEK.format(week=plan.week)
        changes.append(_change("plan", "rebuild", said))
    record = {s.ruled_out.slug: s.other.slug if s.other else None for s in made}
    extra = {SWAP_KEY: record} if record else None
    return _store_same_week(user, assessment, latest, plan, changes, applied, extra)


def content_changed(built_from: object) -> bool:
    """The clinical content a version was built from (its ``content_version``) is not the
    content running now: a release changed an exercise's screens, a caution or a note. A
    version stored before the fingerprint was kept counts as changed, once."""
    return built_from != content_fingerprint()


#: Body keys a version that keeps the week carries over from the one it replaces.
_KEPT_KEYS = (BREAK_KEY, BREAK_DAYS_KEY)
#: Body keys that say nothing the person sees of the plan itself.
_UNSEEN_KEYS = frozenset(
    {FLARE_KEY, WEEK_STARTED_KEY, WEEK_CHANGES_KEY, BREAK_KEY, BREAK_DAYS_KEY, SWAP_KEY}
)


def _content_version(user: User, assessment: Assessment, latest: Plan) -> Plan | None:
    """The content the plan was built from changed in a release: the same plan in the same
    week, written again from the content now (each exercise at the level it had reached,
    with its cautions and notes as they now read; one a new screen rules out for the person
    gives way to one of its kind, as a pregnancy answer's version does), and the week keeps
    its day to progress. One line tells the person, only when something they see changed.
    None when the week cannot be kept (another status now, an unreadable stored plan): then
    the plan is rebuilt, as a preferences change rebuilds it."""
    basis = _same_week_basis(user, assessment, latest, in_flare=True)
    if basis is None:
        return None
    ctx = basis.ctx
    routine, left = pick.screened_again(ctx, _routine_again(ctx, basis.previous.routine))
    plan, applied = basis.assemble(routine, latest.week)
    if held_for_flare(latest):  # the flare list is the flare routine's, as it was
        plan = _flare_list_is_routine(plan)
    if not left and not applied.left_out and not _seen_change(user, plan, latest):
        return _stamped(latest)  # nothing the person sees changed: the version stays
    said = _rebuilt("content") + plan_text.KEEPS_WEEK.format(week=plan.week)
    changes = [_change("plan", "rebuild", said)]
    for ex, other in left:
        line = plan_text.left_out_line(ex.name, _left_out_why(ctx, ex))
        line += plan_text.TAKES_ITS_PLACE.format(other=other.title) if other else ""
        changes.append(_change(ex.slug, "step_back", line))
    kept = {k: latest.body[k] for k in _KEPT_KEYS if k in latest.body}
    return _store_same_week(user, assessment, latest, plan, changes, applied, kept or None)


def _content_rebuild(user: User, assessment: Assessment, latest: Plan) -> Plan:
    """The content changed and the week cannot be kept: the plan is rebuilt, unless a paused
    plan reads the same as it did (then only what it was built from is noted)."""
    data = plan_input(user, assessment)
    plan, _ = engine.build_tailored(data, tailorings_for(user))
    if plan.status == latest.status == "care_first" and not _seen_change(user, plan, latest):
        return _stamped(latest)
    return _build(user, assessment, latest, "content")


def _seen_change(user: User, plan: engine.Plan, latest: Plan) -> bool:
    """Does ``plan`` read differently from the stored version to the person? Both with the
    warning signs and care advice as they read now (``with_current_stop_rules``)."""
    body = _json(plan.to_dict())
    body, stored = ({**b, **_current_help(user, b)} for b in (body, latest.body))
    seen = {k for k in set(body) | set(stored) if k not in _UNSEEN_KEYS}
    return any(body.get(k) != stored.get(k) for k in seen)


def _stamped(latest: Plan) -> Plan:
    """``latest`` noted as built from the content running now, unchanged otherwise."""
    latest.content_version = content_fingerprint()
    latest.save(update_fields=["content_version"])
    return latest


def _only_pregnancy_changed(before: engine.Preferences, after: engine.Preferences) -> bool:
    """The pregnancy answer is all that changed in what the plan is built from."""
    return before.pregnant != after.pregnant and replace(before, pregnant=after.pregnant) == after


def _left_out_why(ctx: engine.PlanContext, ex: Exercise) -> str:
    """Why the person's answers now leave an exercise of their routine out, in words for
    them: the caution that says to avoid it, else the kit its version needs."""
    conditions = ctx.exercise_conditions
    avoid = [c for c in ex.cautions if c.condition in conditions and c.action == "avoid"]
    if avoid:
        return avoid[0].note
    missing = sorted(ex.equipment_for(conditions) - ctx.prefs.equipment)
    if missing:
        kit = ", ".join(m.replace("_", " ") for m in missing)
        return f"it needs {kit}, which you have not said you have."
    return "it does not suit your answers now."


def _pregnancy_version(user: User, assessment: Assessment, latest: Plan | None) -> Plan | None:
    """A pregnancy answer changes the versions of the exercises and their cautions, not the
    plan: the same week, with each exercise at the level it had reached (one that pregnancy
    now rules out gives way to one of its kind) and the walking target, and the week keeps
    its day to progress and what else changed in it, as a flare's version does. None when it
    cannot be kept (no current version, a flare holding the plan, a new triage, another
    status): then the plan is rebuilt."""
    basis = _same_week_basis(user, assessment, latest)
    if basis is None or latest is None:
        return None
    ctx = basis.ctx
    routine, swaps = pick.screened_again(ctx, _routine_again(ctx, basis.previous.routine))
    plan, applied = basis.assemble(routine, latest.week)
    pregnant = "pregnancy" in ctx.exercise_conditions
    said = plan_text.PREGNANT_NOW if pregnant else plan_text.PREGNANT_NO_LONGER
    changes = [_change("plan", "rebuild", said + plan_text.KEEPS_WEEK.format(week=plan.week))]
    for ex, other in swaps:
        line = plan_text.left_out_line(ex.name, _left_out_why(ctx, ex))
        line += plan_text.TAKES_ITS_PLACE.format(other=other.title) if other else ""
        changes.append(_change(ex.slug, "step_back", line))
    return _store_same_week(user, assessment, latest, plan, changes, applied)


def refresh_toolbox(user: User, walking_minutes: int | None = None, restore: str = "") -> None:
    """After a pin or unpin, or a clinician's change: redo the current version around the
    same routine (with the clinician's active changes made), so the flare protocol puts the
    toolbox first and the week's progress is not reset. ``walking_minutes`` replaces the
    current walking target (a withdrawn clinician's target restores the one before);
    ``restore`` is an exercise whose removal was withdrawn, put back if the screens allow."""
    with transaction.atomic():
        _lock(user)
        latest, assessment = latest_plan(user), latest_assessment(user)
        if latest is None or assessment is None or latest.assessment_id != assessment.pk:
            return  # the next visit builds a new version, toolbox included
        try:
            previous = plan_from_body(latest.body)
        except StoredPlanError:
            return
        tailorings = tailorings_for(user)
        ctx = engine.plan_context(tailor.with_removals(plan_input(user, assessment), tailorings))
        flare = _flare_change(user, latest)
        if flare:
            _flare_version(user, assessment, latest, flare)
            return
        if ctx.status != previous.status:
            _build(user, assessment, latest, "request")
            return
        running = held_for_flare(latest) and ctx.status != "care_first"
        routine = _routine_again(ctx, previous.routine)
        if running:  # the flare routine, with the toolbox as it is now
            routine = _flare_routine(ctx, _usual_routine(user, assessment, latest))
        if restore:
            routine = tailor.restore(ctx, routine, restore)
        walking = walking_minutes or (previous.walking.minutes_per_day if previous.walking else 0)
        walking = walking or plan_rules.start_walking_minutes(ctx)
        applied = tailor.apply(ctx, routine, walking, tailorings)
        plan = engine.assemble_plan(ctx, applied.routine, applied.walking_minutes, previous.week)
        if running:
            plan = _flare_list_is_routine(plan)
        week = latest.body.get(WEEK_CHANGES_KEY)
        kept = {k: latest.body[k] for k in (BREAK_KEY, BREAK_DAYS_KEY) if k in latest.body}
        latest.body, latest.status = (
            {**_body(user, plan, latest.body.get(WEEK_STARTED_KEY), week), **kept},
            plan.status,
        )
        latest.save(update_fields=["body", "status"])


def _routine_again(
    ctx: engine.PlanContext, routine: tuple[engine.PlanItem, ...]
) -> tuple[engine.PlanItem, ...]:
    """The same routine, each exercise at the level it had reached, written again for the
    person now (their cautions, their toolbox); a clinician's additions are left for
    ``tailor.apply`` to make again if still active."""
    return tuple(
        exercise_item(ctx, ctx.catalogue[item.slug], item.reason)
        if item.slug in ctx.catalogue
        else item
        for item in routine
        if item.reason != tailor.CLINICIAN_REASON  # made again below if still active
    )


def _flare_version(user: User, assessment: Assessment, latest: Plan, reason: str) -> Plan:
    """A logged flare started, ended, was undone or ran too long (``reason``, a ``REBUILT``
    key): the same plan in the same week, not a new one. While a flare runs the plan is its
    gentle version (level 1, flare-safe exercises, as a new gentle plan would choose them);
    once it is over the routine the person had before the flare comes back, each exercise at
    the level it had reached (one their answers now rule out, such as one ticked as can't do
    in the flare, gives way to one of its kind, and the change says so). The week, and so
    the stage of their back pain the plan speaks of, is the one they were in."""
    before = _before_flare(user, assessment, latest)
    try:
        source = plan_from_body(before.body)
    except StoredPlanError:
        return _build(user, assessment, latest, reason)
    tailorings = tailorings_for(user)
    data = plan_input(user, assessment)
    ctx = engine.plan_context(tailor.with_removals(data, tailorings))
    again = _routine_again(ctx, source.routine) if ctx.status == source.status else ()
    running = reason == "flare" and ctx.status != "care_first"
    made: tuple[swaps.Swap, ...] = ()
    if reason == "flare":
        kept = tuple(
            item
            for item in again
            if item.slug not in ctx.catalogue or exercise_allowed(ctx, ctx.catalogue[item.slug])
        )
    else:  # over: one the person ticked as can't do in the flare gives way to one of its kind
        kept, made = swaps.swap_ruled_out(ctx, again)
    if kept:  # on the footing the person had before the flare: what they had reached
        routine, walking = kept, source.walking.minutes_per_day if source.walking else 0
    else:  # in a flare (or gentle for another reason): the gentle plan's own choice
        routine, walking = pick.initial_routine(ctx), 0
    if running:  # one flare routine: the plan's, home's and the flare page's alike
        routine = _flare_routine(ctx, source.routine)
    walking = walking or plan_rules.start_walking_minutes(ctx)
    applied = tailor.apply(ctx, routine, walking, tailorings)
    plan = engine.assemble_plan(ctx, applied.routine, applied.walking_minutes, latest.week)
    if running:
        plan = _flare_list_is_routine(plan)
    changes = _flare_changes(latest.status, plan, data, reason, gives_back=bool(kept))
    changes += [_change(s.ruled_out.slug, "swap", _swapped_back(ctx, s)) for s in made]
    changes += [_change(slug, "step_back", sentence) for slug, sentence in applied.left_out]
    # The week keeps its day to progress, and what changed in it; one already due starts
    # again from now, so that why the flare changed the plan is read before the next
    # week's changes replace it.
    due = _due(latest)
    started = None if due else _week_started(latest)
    week = [] if due else _week_changes(latest)
    return _store(user, assessment, plan, changes + week, week_started=started, week_changes=week)


def _swapped_back(ctx: engine.PlanContext, made: swaps.Swap) -> str:
    """Why an exercise of the routine from before a flare gives way as the flare ends: one
    the person ticked as can't do (as a swap says it), else what their answers now say."""
    ex = made.ruled_out
    if ex.slug in ctx.prefs.cannot_do or ex.category in ctx.prefs.cannot_do:
        return made.sentence("cannot_do")
    line = plan_text.left_out_line(ex.name, _left_out_why(ctx, ex))
    return line + (plan_text.TAKES_ITS_PLACE.format(other=made.other.name) if made.other else "")


def _flare_routine(
    ctx: engine.PlanContext, usual: tuple[engine.PlanItem, ...]
) -> tuple[engine.PlanItem, ...]:
    """While a logged flare runs, today's routine is the flare routine's own moves (the
    person's toolbox first, then the easiest flare-safe moves, as the flare page lists
    them), never more moves nor more minutes than the ``usual`` routine from before the
    flare: a gentle routine is not a longer one."""
    moves = [i for i in pick.flare_protocol(ctx, usual).items if i.kind == "exercise"]
    before = [i for i in usual if i.kind == "exercise"]
    most = len(before) if before else len(moves)
    minutes = sum(i.minutes for i in before) if before else float("inf")
    chosen: list[engine.PlanItem] = []
    for move in moves:
        if len(chosen) < most and sum(i.minutes for i in chosen) + move.minutes <= minutes:
            chosen.append(move)
    return tuple(chosen)


def _flare_list_is_routine(plan: engine.Plan) -> engine.Plan:
    """The flare routine's moves are today's routine while the flare runs: the flare list
    keeps its other items (short walks, warmth) and the routine's moves, no others."""
    protocol, mine = plan.flare_protocol, {item.slug for item in plan.routine}
    listed = {item.slug for item in protocol.items}
    items = tuple(i for i in protocol.items if i.kind != "exercise" or i.slug in mine)
    items += tuple(i for i in plan.routine if i.slug not in listed)
    return replace(plan, flare_protocol=replace(protocol, items=items))


def _week_changes(latest: Plan) -> list[dict[str, str]]:
    """What changed in the week of ``latest``, without the lines of a flare's version."""
    kept = latest.body.get(WEEK_CHANGES_KEY)
    if isinstance(kept, list):
        return kept
    return [] if held_for_flare(latest) else list(latest.changes)


def _usual_routine(user: User, assessment: Assessment, latest: Plan) -> tuple[engine.PlanItem, ...]:
    """The routine the person had before the flare ``latest`` is built around."""
    try:
        return plan_from_body(_before_flare(user, assessment, latest).body).routine
    except StoredPlanError:
        return ()


def _before_flare(user: User, assessment: Assessment, latest: Plan) -> Plan:
    """The version the person had before the logged flare ``latest`` was built around: the
    latest earlier version of the same back check built around no flare (``latest`` itself
    when it was built around none)."""
    if latest.body.get(FLARE_KEY) is None:
        return latest
    earlier = Plan.objects.filter(
        user=user, assessment=assessment, created_at__lte=latest.created_at
    ).exclude(pk=latest.pk)
    for version in earlier.order_by("-created_at", "-pk").iterator(chunk_size=4):
        if version.body.get(FLARE_KEY) is None:
            return version
    return latest


# --- helpers ------------------------------------------------------------------------------


def _build(user: User, assessment: Assessment, previous: Plan | None, reason: str) -> Plan:
    data = plan_input(user, assessment)
    plan, left_out = engine.build_tailored(data, tailorings_for(user))
    changes = [] if previous is None else _rebuild_changes(previous.status, plan, data, reason)
    changes += [_change(slug, "step_back", sentence) for slug, sentence in left_out]
    return _store(user, assessment, plan, changes)


def _rebuild_changes(
    old_status: str, plan: engine.Plan, data: engine.PlanInput, reason: str
) -> list[dict[str, str]]:
    changes = []
    if old_status != plan.status:
        changes.append(_change("plan", *_status_sentence(old_status, plan.status, data)))
    sentence = _rebuilt(reason) + ("" if plan.status == "care_first" else EASY_START)
    changes.append(_change("plan", "rebuild", sentence))
    return changes


def _flare_changes(
    old_status: str, plan: engine.Plan, data: engine.PlanInput, reason: str, *, gives_back: bool
) -> list[dict[str, str]]:
    """Why a flare's start or end changed the plan, and that the week stays."""
    changes = []
    if old_status != plan.status and not (gives_back and plan.status != "care_first"):
        changes.append(_change("plan", *_status_sentence(old_status, plan.status, data)))
    if plan.status == "care_first":
        tail = ""
    elif reason == "flare":
        tail = FLARE_KEEPS_WEEK.format(week=plan.week)
    elif gives_back:
        tail = FLARE_GIVES_BACK.format(week=plan.week)
    else:
        tail = EASY_START
    changes.append(_change("plan", "rebuild", _rebuilt(reason) + tail))
    return changes


def _rebuilt(reason: str) -> str:
    tick = CONDITION_NAMES["acute_flare"]
    return REBUILT[reason].format(max_days=course_book().episodes.max_days, tick=tick)


def _status_sentence(old: str, new: str, data: engine.PlanInput) -> tuple[str, str]:
    if new == "care_first":
        return "pause", plan_text.PAUSE
    if new == "gentle":
        _, reason = plan_rules.status_for(data)
        return "step_back", plan_text.TO_GENTLE.format(reason=plan_text.GENTLE_PHRASES[reason])
    return "resume", plan_text.RESUME_FROM_CARE if old == "care_first" else plan_text.TO_FULL


def _diary(
    user: User,
    previous: engine.Plan,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    said_since: datetime.datetime | None = None,
) -> tuple[list[DayResponse], DayResponse | None]:
    """Every whole day from ``since`` (the last update's day; without it the seven before
    today), up to today for a preview of an update due on a later day ``until``
    (``diary_input.window``): check-ins and guided sessions; before them, on days it had
    already read, each exercise said to have hurt since ``said_since`` (when the last update
    ran) and each session finished since (``diary_input.late_days``); and today so far when
    the window stops before it (it holds back a step up of what hurt today)."""
    today = local_today(user)
    first, last = window(today, since, until)
    entries = diary_entries(user.pk, first, last)
    sessions = session_days(user.pk, first, last)
    known = frozenset(exercises()) | frozenset(interventions())
    slugs = exercise_slugs(previous)
    so_far = day_so_far(user.pk, today, slugs, known) if last < today else None
    days = day_responses(entries, first, last, slugs, known, sessions)
    if said_since is not None:  # what was said or finished since on days it had read
        days = late_days(user.pk, first, last, said_since, slugs, known) + days
    return days, so_far


def exercise_slugs(plan: engine.Plan) -> frozenset[str]:
    """Slugs whose doing counts as exercise for the traffic light: the plan's exercises and
    walking (the walking target and every walking exercise)."""
    walks = {slug for slug, ex in exercises().items() if ex.category == "walking"}
    mine = {item.slug for item in plan.recommendations() if item.kind == "exercise"}
    return frozenset(mine | walks | {plan_rules.WALKING_SLUG})


def local_today(user: User) -> datetime.date:
    """The person's day (``User.local_date``): a session at 04:00 after a night shift belongs
    to the day their diary files it on."""
    return user.local_date()


def _zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _store(
    user: User,
    assessment: Assessment,
    plan: engine.Plan,
    changes: list[dict[str, str]],
    week_started: datetime.datetime | None = None,
    week_changes: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> Plan:
    started = week_started.isoformat() if week_started is not None else None
    return Plan.objects.create(
        user=user,
        week=plan.week,
        assessment=assessment,
        status=plan.status,
        body={**_body(user, plan, started, week_changes), **(extra or {})},
        changes=changes,
        content_version=content_fingerprint(),
    )


def _body(
    user: User,
    plan: engine.Plan,
    week_started: str | None = None,
    week_changes: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The stored body: the plan, the running flare it was built around and, for a version
    made within a week that began earlier (a flare's start or end), when that week began
    and what else changed in it."""
    flare = running_flare(user)
    body = {**plan.to_dict(), FLARE_KEY: flare.pk if flare else None}
    if week_started:
        body[WEEK_STARTED_KEY] = week_started
    if week_changes is not None:
        body[WEEK_CHANGES_KEY] = week_changes
    return _json(body)


def _week_started(plan: Plan) -> datetime.datetime:
    """When the week of ``plan`` began: its own creation, unless it was made within a week
    that began earlier."""
    return _started_from(plan.created_at, plan.body.get(WEEK_STARTED_KEY))


def _started_from(created_at: datetime.datetime, stored: object) -> datetime.datetime:
    if isinstance(stored, str):
        try:
            return datetime.datetime.fromisoformat(stored)
        except ValueError:
            pass
    return created_at


def _change(slug: str, action: str, sentence: str) -> dict[str, str]:
    return {"slug": slug, "action": action, "sentence": sentence}


def _json(data: dict[str, Any]) -> dict[str, Any]:
    """Tuples as lists, exactly as the JSON column will give them back."""
    result: dict[str, Any] = json.loads(json.dumps(data))
    return result


def _triage_changed(user: User, latest: Plan, assessment: Assessment) -> bool:
    """A check-in since the back check raised (or, edited, no longer raises) the triage the
    version was built on."""
    standing = standing_for(user, assessment)
    level = standing.level if standing else assessment.level
    changed = latest.body.get("triage_level") != level  # or a clinician's check told since:
    return changed or clinician_cover.cover_changed(user, latest.body, assessment)


def _flare_change(user: User, latest: Plan) -> str:
    """Why the version must be rebuilt for a logged flare (a ``REBUILT`` key): one started,
    or the one it was built around ended, was undone or ran too long; "" when neither."""
    flare = running_flare(user)
    built = latest.body.get(FLARE_KEY)
    if (flare.pk if flare else None) == built:
        return ""
    if flare is not None:
        return "flare"
    gone = SpasmEpisode.objects.filter(user=user, pk=built).first()
    if gone is None:
        return "flare_undone"
    return "flare_over" if gone.ended_at is not None else "flare_too_long"


def _due(plan: Plan) -> bool:
    return timezone.now() - _week_started(plan) >= WEEK


def _lock(user: User) -> None:
    """Serialise plan writes per person."""
    lock_person(user.pk)
