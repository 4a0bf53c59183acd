"""The clinician report: what a physiotherapist or GP needs, on two pages of A4 or US Letter.

Built once as a dictionary for the template; the HTML page, the PDF and the share link all
render the same template from it. Figures come from the same code as the person's own
pages (dashboard, insights, questionnaire history, plan), so the report never disagrees
with what the person sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Min
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from backcare.accounts.models import User
from backcare.assessments.context import (
    FACT_NAMES,
    applied_conditions,
    clinical_context_for,
    crisis_for,
    fact_name,
    for_a_clinician,
    standing_facts,
)
from backcare.assessments.models import LEVEL_CHOICES, Assessment
from backcare.assessments.presenting import phones_for_user
from backcare.care.changed_answers import ASSESSMENT, CHECKIN, NOT_CHECKED, all_changes
from backcare.care.new_facts import FROM_ASSESSMENT, ToldFact, told_facts
from backcare.care.told_checks import newest_told, page_sentence, resumes_plan, sign_titles
from backcare.diary.episodes import TRIGGER_LABELS, duration_text
from backcare.diary.models import CheckIn, Measure, SpasmEpisode
from backcare.diary.standing import standing_for
from backcare.diary.stop_rules import stop_rules_shown
from backcare.domain.context import ClinicalContext
from backcare.domain.factors import why_of_them
from backcare.domain.findings import Finding, finding_catalogue, red_flag_ids
from backcare.domain.insights import BaselineChange, MetricSeries, Unavailable
from backcare.domain.instruments import CrisisMessage, UnknownInstrument, instrument
from backcare.domain.instruments.wording import thresholds_text
from backcare.domain.levels import CARE_NOW
from backcare.domain.standing_triage import TriageReading
from backcare.domain.triage import LEVELS
from backcare.exchange.diary_source import WarningSignAnswers, checkin_alerts, warning_sign_answers
from backcare.exchange.fhir_export import pseudonym
from backcare.exchange.report_holds import holds_and_put_back
from backcare.plans import planning
from backcare.plans.condition_notes import said_of_them, with_condition_notes
from backcare.plans.library import citations
from backcare.plans.models import Plan, Preferences
from backcare.plans.planning import pinned_slugs, safety_reasons
from backcare.plans.presenting import plan_view
from backcare.progress.charts import line_chart, shown_points
from backcare.progress.dashboard import ChartMarks, build_dashboard
from backcare.progress.insights import build_insights
from backcare.questionnaires.crisis_window import crisis_answers_since, window_start_for_day
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import Comparison, compare

LEVEL_LABELS = dict(LEVEL_CHOICES)
URGENCY: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}  # 0: most urgent
CHANGE_RULE = (
    "Baseline: the first week with at least 3 days of pain scores. A fall of at least 30 % or "
    "2 points counts as a meaningful improvement (Ostelo et al. 2008), a rise of at least 2 "
    "points as a meaningful worsening."
)
CHART_METRICS = ("pain", "stiffness", "stress")
CHART_COLOURS = {"pain": "#1f5fa8", "stiffness": "#2e7d4f", "stress": "#b35a00"}
MAX_EPISODES = 6
MAX_ALERTS = 10  # in the JSON report (``backcare.care.reports``)
MAX_HELPS = 6
#: The printed red-flag history lists every emergency and urgent alert, each repeated answer
#: on one row with all its days; of the less urgent ones, the newest groups and days only.
LESS_URGENT_GROUPS = 2
LESS_URGENT_RUNS = 2  # runs of days running listed on a less urgent row; the rest counted
DENSE_FROM = 4  # alert rows and answers about self-harm beyond which the paper is set tighter


@dataclass(frozen=True)
class Alert:
    when: datetime
    source: str  # "Assessment" or "Check-in"
    level: str
    level_label: str
    reasons: tuple[str, ...]
    day: date | None = None  # a check-in's diary day, which its time may fall after
    # Its red-flag answers "yes" or "not sure" that a later back check answered "no"
    # (``changed_answer_words``); the report's rows and its JSON say them.
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertRow:
    """One line of the printed red-flag history: the same advice for the same reasons from
    the same source, with the days it was given ("1–3 Dec 2026") and how many times."""

    level: str
    level_label: str
    source: str  # "Assessment", "Check-in", or "" for a summary of several
    reasons: tuple[str, ...]
    count: int
    days: str
    # The times of its alerts on a day another row shares ("19:36"; "19:36 on 7 Dec"), so
    # the order of that day's rows is clear; "" when no day is shared.
    times: str = ""
    # Red-flag answers of its back check answered "no" in the next one: "New bladder change:
    # not sure, changed to no at 19:37 in the next back check, not checked by a clinician".
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionnaireLine:
    title: str
    taken_at: datetime
    total: str
    band_label: str
    times: int
    since_last: Comparison | None
    since_first: Comparison | None
    crisis: bool
    slug: str = ""


def build_report(
    user: User, today: date, *, identified: bool = False, for_the_person: bool = False
) -> dict[str, Any]:
    """The report in the person's own time zone, whoever opens it: its days are their diary
    days, so a clinician or a share link elsewhere reads the same dates (the template shows
    its times in ``time_zone`` too). It is worded for a clinician, unless ``for_the_person``
    (the person reading their own report in the app)."""
    zone = ZoneInfo(user.time_zone)
    with timezone.override(zone):
        report = _report(user, today, identified, for_the_person)
    label = zone.key if identified else offsets_in_words(zone, report["period_start"], today)
    return {
        **report,
        "time_zone": user.time_zone,
        "day_ends_hour": user.day_ends_hour,  # with the zone, each moment's day is theirs
        "zone_label": label,
    }


def offsets_in_words(zone: ZoneInfo, start: date, end: date) -> str:
    """The zone's UTC offset over the report's days, for a report without the name: a region
    such as "Pacific/Pago_Pago" narrows down who it is about, while the offset still gives
    the reader the clock its times are in. One offset ("UTC+00:00") unless the clocks
    changed within the period, then each and the day it changed: "UTC+01:00 until the clocks
    changed on 25 Oct 2026, then UTC+00:00"."""
    runs: list[tuple[str, date]] = []  # (offset, first day on it), oldest first
    for n in range((end - start).days + 1):
        day = start + timedelta(days=n)
        offset = datetime.combine(day, time(12), zone).strftime("%z")
        if not runs or runs[-1][0] != offset:
            runs.append((offset, day))
    words = [f"UTC{offset[:3]}:{offset[3:]}" for offset, _ in runs]
    said = words[0]
    for index, (word, (_, first)) in enumerate(zip(words[1:], runs[1:], strict=True)):
        changed = "the clocks changed" if index == 0 else "they changed"
        said += f" until {changed} on {first:%-d %b %Y}, then {word}"
    return said


def period_start(user: User, window_start: date, today: date) -> date:
    """The report's first day: the window's (3 months back), or else the person's first day
    in backcare, whichever is later: their first data (a restored diary may be older than
    the account) or the day the account was made; never after ``today``."""
    first = user.local_date(user.date_joined)
    for rows, field in (
        (CheckIn.objects.filter(user=user), "day"),
        (Measure.objects.filter(user=user), "day"),
        (Assessment.objects.filter(user=user), "created_at"),
        (InstrumentResponse.objects.filter(user=user), "taken_at"),
        (SpasmEpisode.objects.filter(user=user), "started_at"),
        (Plan.objects.filter(user=user), "created_at"),
    ):
        found = rows.aggregate(first=Min(field))["first"]
        if found is not None:
            day = user.local_date(found) if isinstance(found, datetime) else found
            first = min(first, day)
    return min(max(window_start, first), today)


def conditions(user: User, *, for_the_person: bool) -> list[dict[str, str]]:
    """The safety conditions the plan applies, why said of the person for a clinician ("the
    person told backcare ..."), or to the person in their own report ("you told us ...")."""
    reasons = safety_reasons(user)
    rows = applied_conditions(reasons)
    if for_the_person:
        return [{**row, "why": reasons[row["condition"]]} for row in rows]
    return rows


def _report(user: User, today: date, identified: bool, for_the_person: bool) -> dict[str, Any]:
    dash = build_dashboard(user, "3m", today)
    latest = Assessment.objects.filter(user=user).order_by("-created_at", "-pk").first()
    standing = standing_for(user, latest)
    alerts = all_red_flags(user)
    context = clinical_context_for(user)
    crises = crisis_answers_since(user.pk, crisis_report_start(dash.window.start, today, user))
    rows = alert_rows(alerts, user)
    lines = questionnaire_lines(user)
    answers = warning_sign_answers(user.pk)
    plan = current_plan(user, for_the_person=for_the_person)
    return {
        "who": user.name if identified else pseudonym(user),
        # A named copy also gives the person's code, so two people of one name are told apart
        # on every page (the pseudonymous copy's name is already the code).
        "code": user.pseudonym if identified and user.display_name else "",
        "identified": identified,
        "age": shown_age(context, identified),
        "context": facts_with_sources(user, context, latest),
        "conditions": conditions(user, for_the_person=for_the_person),
        "for_the_person": for_the_person,
        "sex": user.get_sex_display() if user.sex else "",
        "today": today,
        "period_start": period_start(user, dash.window.start, today),
        "triage": current_triage(standing, latest, user),
        "told_check": told_check(user, for_the_person=for_the_person),
        "back_check": triage_summary(latest, user),
        "told": told_back_check(latest, user, for_the_person=for_the_person),
        "alerts": alerts[:MAX_ALERTS],
        "alert_count": len(alerts),
        "alerts_left_out": left_out(alerts[MAX_ALERTS:]),
        "alert_rows": rows,
        "warning_signs": answers,  # how the check-ins answered the warning-sign questions
        "checkin_answers": checkin_answers_sentence(answers),
        # A heavy history (many alert rows, answers about self-harm) is set a little tighter
        # on paper, so that it still prints on two pages.
        # So is a plan with a section for a condition a clinician diagnosed, and its sources.
        "dense": len(rows) + len(crises) > DENSE_FROM or bool(plan and plan["conditions"]),
        "since_assessment": more_urgent_since(standing),
        "crisis": bool(crises),
        "crisis_answers": crises,
        "crisis_youth": youth_shown(user, context) if crises else {},
        "questionnaires": lines,
        "change_thresholds": change_thresholds(lines),
        "change_sentence": change_sentence(dash.change),
        "change_rule": CHANGE_RULE,
        "charts": charts(dash.window.series, dash.marks.since),
        "weeks": weekly_means(dash.window.series, today),
        "adherence": dash.adherence,
        "adherence_start": dash.adherence_start,
        "episodes": episodes(user, dash.window.start),
        "helps": build_insights(user.pk).effects[:MAX_HELPS],
        "plan": plan,
    }


def shown_age(context: ClinicalContext, identified: bool) -> str | None:
    """The possible ages ("46 or 47"), or without the name the decade of the oldest ("40–49"),
    as for everyone born in the same ten years: a decade that changes with the year of birth
    (two decades for one year in ten) would give that year away; None when nobody has said."""
    ages = context.possible_ages()
    if not ages:
        return None
    if identified:
        return context.ages_in_words()
    return f"{ages[-1] // 10 * 10}–{ages[-1] // 10 * 10 + 9}"


def change_sentence(change: BaselineChange | Unavailable) -> str:
    """The dashboard's sentence, told about the person rather than to them."""
    if not isinstance(change, BaselineChange):
        return f"Change from baseline: {change.reason}"
    current = change.current
    percent = f" ({current.change_percent:+.0f} %)" if current.change_percent is not None else ""
    if current.meaningful_improvement:
        verdict = "a meaningful improvement"
    elif current.meaningful_worsening:
        verdict = "a meaningful worsening"
    else:
        verdict = "not a meaningful change"
    return (
        f"Pain over the last 7 days averaged {current.pain:.1f}, against {change.baseline:.1f} "
        f"in the baseline week ({change.baseline_start:%-d %b %Y}): "
        f"{current.change_points:+.1f} points{percent}, {verdict}."
    )


def current_triage(
    standing: TriageReading | None, latest: Assessment | None, user: User
) -> dict[str, Any] | None:
    """The triage that stands (``backcare.domain.standing_triage``): the latest assessment,
    or a check-in since it that advised more urgent care, as the plan and the clinician's
    list read it. None before any triage."""
    if standing is None:
        return None
    result = stored_result(standing, latest)
    return {
        "when": standing.at,
        "day": standing.day,  # the person's day (``diary.standing``)
        "level": standing.level,
        "label": LEVEL_LABELS.get(standing.level, standing.level),
        "source": standing.source,  # "assessment" or "checkin"
        "action": result.get("action", "") if isinstance(result, dict) else "",
        "crisis": crisis_shown(standing, user),
        "reasons": list(standing.titles),
    }


def told_check(user: User, *, for_the_person: bool) -> dict[str, Any] | None:
    """A clinician's check the person told us about, for their latest back check, as the
    clinician's patient page says it (``care.told_checks``): told by the person, the day
    told and the day of the check, what the clinician said, whether the plan resumed gently
    or stays paused, and the signs it covers. Beside the triage, which it never changes:
    backcare has not seen the clinician's own record. None when none was told."""
    check = newest_told(user)
    if check is None:
        return None
    resumed = resumes_plan(user)
    told, checked = check.told_on(user), check.checked_on
    return {
        "told_by": "you" if for_the_person else "the person",
        "text": page_sentence(check, user, resumed, to_the_person=for_the_person),
        "signs": sign_titles(check.rule_ids),
        "checked_on": checked,
        "told_on": told,
        "answer": check.answer,
        "plan_resumed": resumed,
    }


def crisis_shown(standing: TriageReading, user: User) -> dict[str, Any] | None:
    """While thoughts of self-harm stand, what the person's pages show in place of the
    level's advice (``assessments/_crisis_now.html``): the crisis message in the words of
    their place, and the lines it offers to call (the emergency number, the crisis line).
    None otherwise: the stored advice of the level is what they were shown."""
    if not standing.crisis:
        return None
    phones = phones_for_user(user)
    message = crisis_for(user, phones)
    lines = [f"emergency number {phones.emergency}"]
    if phones.crisis:
        texted = " (call or text)" if phones.crisis_sms else ""
        lines.append(f"{phones.crisis_name} on {phones.crisis}{texted}")
    return {"heading": message.heading, "text": message.text, "lines": lines, **youth(message)}


def youth_shown(user: User, context: ClinicalContext) -> dict[str, Any]:
    """The lines for young people the person's crisis boxes list now (``crisis_for``: by the
    age they gave, in their place), for a report that tells of a crisis answer."""
    return youth(crisis_for(user, phones_for_user(user), context))


def youth(message: CrisisMessage) -> dict[str, Any]:
    """``message``'s lines for young people, in the words the person's pages list them with,
    and their sources (empty for an adult, or an age not known)."""
    return {
        "youth": [line.said for line in message.youth],
        "youth_sources": citations(dict.fromkeys(r for c in message.youth for r in c.references)),
    }


def stored_result(standing: TriageReading, latest: Assessment | None) -> object:
    """The stored triage result the standing reading comes from, for the advice it gave."""
    if standing.source != "checkin":
        return latest.result if latest else None
    if standing.ref is None:
        return None
    checkin = CheckIn.objects.filter(pk=standing.ref)
    return checkin.values_list("safety_result", flat=True).first()


def facts_with_sources(
    user: User, context: ClinicalContext, latest: Assessment | None
) -> dict[str, Any]:
    """The standing facts (``standing_facts``), each said with where and when it was told:
    ``told`` groups them by source, in ``FACT_NAMES`` order ("pregnancy" from the plan
    preferences saved 3 Sep 2026, "history of cancer" from the back check of 9 Jun 2026),
    and ``source`` names every source they come from (or the back check that asked them,
    when none is possible)."""
    facts = standing_facts(context)
    prefs = Preferences.objects.filter(user=user).first()
    told = {
        item.fact: item
        for item in told_facts(
            user,
            latest.findings if latest is not None else {},
            latest.created_at if latest is not None else None,
            prefs.pregnant if prefs is not None else None,
            prefs.conditions if prefs is not None else None,
            prefs.updated_at if prefs is not None else None,
            pregnancy_ended=latest is not None and latest.pregnancy_ended_at is not None,
            due_date=prefs.due_date if prefs is not None else None,
            due_date_told_at=prefs.due_date_told_at if prefs is not None else None,
        )
    }
    groups: dict[str, list[str]] = {}
    for fact in FACT_NAMES:
        if context.possible(fact):
            # "pregnancy (30 weeks, due 15 February 2027)": the due date in force, as the
            # patient page says it (``clinical_context_for``), wherever it was told.
            shown = fact_name(context, fact)
            groups.setdefault(told_where(told.get(fact), latest, user), []).append(shown)
    asked = told_where(None, latest, user)
    sources = [where for where in groups if where] or ([asked] if asked else [])
    return {
        **facts,
        "told": [{"facts": names, "where": where} for where, names in groups.items()],
        "source": " and ".join(sources),
    }


def told_where(item: ToldFact | None, latest: Assessment | None, user: User) -> str:
    """ "back check of 9 Jun 2026" or "plan preferences saved 3 Sep 2026" (the preferences
    keep the day of their last save, not of each answer); for no item, the latest back
    check's, or "" before any."""
    if item is not None and item.origin != FROM_ASSESSMENT:
        return f"plan preferences saved {item.day:%-d %b %Y}"
    day = item.day if item is not None else None
    if day is None and latest is not None:
        day = user.local_date(latest.created_at)
    return f"back check of {day:%-d %b %Y}" if day is not None else ""


def triage_summary(latest: Assessment | None, user: User) -> dict[str, Any] | None:
    """The latest assessment (back check) as it was shown, with the red flags it was told."""
    if latest is None:
        return None
    result = latest.result if isinstance(latest.result, dict) else {}
    return {
        "when": latest.created_at,
        "day": user.local_date(latest.created_at),
        "level": latest.level,
        "label": LEVEL_LABELS.get(latest.level, latest.level),
        "action": result.get("action", ""),
        "reasons": [r.get("title", "") for r in result.get("reasons", ()) if isinstance(r, dict)],
        "flagged": intake_flags(latest.findings, result),
        "answered": intake_answered(latest.findings),
        "asked": len(red_flag_ids()),
    }


def told_back_check(
    latest: Assessment | None, user: User, *, for_the_person: bool = False
) -> dict[str, Any] | None:
    """What the person told the latest back check, from what it stored: where the pain is,
    how long it has lasted, and for each rule that applied the answers that made it apply
    (the rule's own ``finding_ids``, kept with the result), then each possible contributor
    with its reasons as the result page gave them ("Why we suggest it"). Nothing is worked
    out again: the answers and reasons are those of the time. None before a back check.
    The reasons were said to the person ("You rated your stress ..."); unless the report is
    ``for_the_person`` they are said of them, as the content words them (``why_said``)."""
    if latest is None:
        return None
    findings = latest.findings if isinstance(latest.findings, dict) else {}
    result = latest.result if isinstance(latest.result, dict) else {}
    rules = []
    for reason in result.get("reasons", ()):
        if not isinstance(reason, dict):
            continue
        ids = [str(i) for i in reason.get("finding_ids", ()) if i in finding_catalogue()]
        rules.append(
            {
                "title": str(reason.get("title", "")),
                "level": str(reason.get("level", "")),
                "answers": [answer_text(i, findings.get(i)) for i in ids],
            }
        )
    factors = [
        {
            "title": str(factor.get("title", "")),
            "why": [why_said(str(why), for_the_person) for why in factor.get("why", ())],
        }
        for factor in (latest.factors if isinstance(latest.factors, list) else ())
        if isinstance(factor, dict)
    ]
    return {
        "when": latest.created_at,
        "day": user.local_date(latest.created_at),
        "where": where_text(findings),
        "how_long": how_long_text(findings),
        "stiffness": stiffness_text(findings),
        "rules": rules,
        "factors": factors,
    }


def why_said(text: str, for_the_person: bool) -> str:
    """A stored reason as the reader should read it: the person's own words to them; to
    anyone else said of the person, or, for a sentence the content no longer holds, quoted
    as the person was shown it."""
    if for_the_person:
        return text
    of_them = why_of_them(text)
    return of_them if of_them is not None else f"\u201c{text}\u201d (as shown to the person)"


def answer_text(finding_id: str, value: object) -> str:
    """One answer as a clinician reads it: "Psoriasis now or before", "Morning stiffness:
    75 minutes", "Age when back pain first began: 26 years", "... : not sure"."""
    finding = finding_catalogue()[finding_id]
    label = finding.label.split(" (")[0] if finding.type == "int" else finding.label
    if value is None or value == "":
        return f"{label}: not answered"
    if finding.type == "tristate":
        return label if value == "yes" else f"{label}: {finding.option_label(str(value)).lower()}"
    if finding.type == "bool":
        return label if value is True else f"{label}: no"
    if finding.type == "int":
        unit = finding.unit if finding.unit.startswith("/") else f" {finding.unit}".rstrip()
        return f"{label}: {value}{unit}"
    if finding.type == "multi" and isinstance(value, list | tuple):
        return f"{label}: {'; '.join(options_in_order(finding, value))}"
    return f"{label}: {finding.option_label(str(value))}"


def options_in_order(finding: Finding, values: list[Any] | tuple[Any, ...]) -> list[str]:
    """The chosen options' labels in the question's order (answers are stored sorted)."""
    chosen = {str(value) for value in values}
    return [option.label for option in finding.options if option.value in chosen]


def where_text(findings: dict[str, Any]) -> str:
    """ "Lower back; Buttock (both sides)", or "" when not answered."""
    places = findings.get("where")
    if not isinstance(places, list) or not places:
        return ""
    shown = "; ".join(options_in_order(finding_catalogue()["where"], places))
    side = findings.get("side")
    if side:
        shown += f" ({finding_catalogue()['side'].option_label(str(side)).lower()})"
    return shown


def how_long_text(findings: dict[str, Any]) -> str:
    """ "began about 6 months before the back check; the back problem, counting earlier
    spells, 3 to 12 months; back pain like this first began at 26", of what was answered."""
    parts = []
    days = findings.get("onset_days_ago")
    if isinstance(days, int) and not isinstance(days, bool):
        parts.append(
            "began on the day of the back check"
            if days == 0
            else f"began about {days_in_words(days)} before the back check"
        )
    duration = findings.get("problem_duration")
    if duration:
        label = finding_catalogue()["problem_duration"].option_label(str(duration))
        parts.append(f"the back problem, counting earlier spells, {label[:1].lower()}{label[1:]}")
    began = findings.get("age_when_started")
    if isinstance(began, int) and not isinstance(began, bool):
        parts.append(f"back pain like this first began at {began}")
    return "; ".join(parts)


def stiffness_text(findings: dict[str, Any]) -> str:
    """ "Morning stiffness: 75 minutes", when the person said they are stiff in the morning."""
    minutes = findings.get("morning_stiffness_minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        return ""
    return answer_text("morning_stiffness_minutes", minutes)


def days_in_words(days: int) -> str:
    """180 -> "6 months": days under 2 weeks, weeks under 2 months, months under 2 years."""
    if days < 14:
        return f"{days} day{'s' * (days != 1)}"
    if days < 60:
        return f"{round(days / 7)} weeks"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{round(days / 365.25)} years"


def intake_answered(findings: object) -> int:
    """How many of today's red-flag questions the intake answered (all, unless questions
    were added after it)."""
    if not isinstance(findings, dict):
        return 0
    return sum(1 for finding_id in red_flag_ids() if finding_id in findings)


UNANSWERED_IS_NOT_NO = "unanswered is not a \u201cno\u201d"


def checkin_answers_sentence(answers: WarningSignAnswers) -> str:
    """How the check-ins answered their warning-sign ("anything new?") questions, for a
    clinician: a check-in may leave them closed, and that is no negative screen."""
    if not answers.checkins or answers.first_day is None:
        return "No check-ins yet, so no warning-sign answers from them."
    said = (
        f"Check-ins answered the warning-sign questions at "
        f"{answers.answered or 'none'} of {answers.checkins} since {answers.first_day:%-d %b %Y}"
    )
    if answers.yes_or_not_sure:
        said += f": yes or not sure at {answers.yes_or_not_sure}"
        said += f", no to all at {answers.no_only}" if answers.no_only else ""
    elif answers.answered:
        said += ", none with a warning sign"
    tail = f"; {UNANSWERED_IS_NOT_NO}" if answers.answered < answers.checkins else ""
    return f"{said}{tail}."


def intake_flags(findings: object, result: object = None) -> list[str]:
    """Red-flag questions answered yes or not sure at the intake, by their labels, then any
    other yes or not sure that made a rule of the stored ``result`` apply (leg pain on
    walking is no red-flag question, yet its yes asked for a clinician within days).

    The standing facts among them (cancer, steroids, pregnancy...) are also listed from the
    person's clinical context, which later answers keep up to date.
    """
    if not isinstance(findings, dict):
        return []
    catalogue = finding_catalogue()
    fired = [
        str(finding_id)
        for reason in (result.get("reasons", ()) if isinstance(result, dict) else ())
        if isinstance(reason, dict)
        for finding_id in reason.get("finding_ids", ())
    ]
    flagged = []
    for finding_id in dict.fromkeys([*red_flag_ids(), *fired]):
        answer = findings.get(finding_id)
        if finding_id in catalogue and answer in ("yes", True, "not_sure"):
            label = catalogue[finding_id].label
            flagged.append(f"{label} (not sure)" if answer == "not_sure" else label)
    return flagged


def more_urgent_since(standing: TriageReading | None) -> Alert | None:
    """The check-in that stands over the latest assessment, if one does
    (``backcare.domain.standing_triage``: the most urgent check-in since it, the newest of
    equals; one on the assessment's own day counts)."""
    if standing is None or standing.source != "checkin":
        return None
    label = LEVEL_LABELS.get(standing.level, standing.level)
    return Alert(standing.at, "Check-in", standing.level, label, standing.titles)


def red_flag_history(user: User) -> tuple[list[Alert], int]:
    """The first ``MAX_ALERTS`` of ``all_red_flags`` (when there are more, the least urgent
    and oldest are left out) and how many there are in all."""
    alerts = all_red_flags(user)
    return alerts[:MAX_ALERTS], len(alerts)


def all_red_flags(user: User) -> list[Alert]:
    """Assessments and check-ins whose answers made triage advise care, most urgent first
    and newest first within a level; each with its answers a later back check changed to
    "no" (``changed_answer_words``)."""
    changes = changed_answer_words(user)
    alerts = [
        Alert(
            row.created_at,
            "Assessment",
            row.level,
            LEVEL_LABELS.get(row.level, row.level),
            tuple(r.get("title", "") for r in (row.result or {}).get("reasons", ())),
            changed=tuple(changes.get((CHANGED_FROM[ASSESSMENT], row.created_at), ())),
        )
        for row in Assessment.objects.filter(user=user).exclude(level="self_care")
    ]
    alerts += [
        Alert(
            a.recorded_at,
            "Check-in",
            a.level,
            LEVEL_LABELS.get(a.level, a.level),
            a.titles,
            a.day,
            tuple(changes.get((CHANGED_FROM[CHECKIN], a.recorded_at), ())),
        )
        for a in checkin_alerts(user.pk, limit=None)
    ]
    alerts.sort(key=lambda alert: (URGENCY.get(alert.level, len(URGENCY)), -alert.when.timestamp()))
    return alerts


def left_out(alerts: list[Alert]) -> str:
    """The alerts a table leaves out, counted by advice, most urgent first:
    "3 more not shown (See a clinician within days ×3)"."""
    if not alerts:
        return ""
    counts = Counter(alert.level_label for alert in alerts)
    by_advice = "; ".join(f"{label} ×{n}" for label, n in counts.items())
    return f"{len(alerts)} more not shown ({by_advice})"


def alert_rows(alerts: list[Alert], user: User) -> list[AlertRow]:
    """The red-flag history on paper: ``alerts`` (most urgent first, newest first within a
    level) grouped by level, source and reasons, so a repeated answer takes one row. Every
    emergency and urgent group is listed with all its days; of the less urgent ones the
    newest ``LESS_URGENT_GROUPS`` with their latest days, and one row counting the rest.
    Each alert's day is the person's (``alert_day``)."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[Alert]] = {}
    for alert in alerts:
        groups.setdefault((alert.level, alert.source, alert.reasons), []).append(alert)
    rows_on_day = Counter(day for group in groups.values() for day in group_days(group, user))
    shared = {day for day, rows_of_day in rows_on_day.items() if rows_of_day > 1}
    rows: list[AlertRow] = []
    rest: dict[str, list[Alert]] = {}
    shown_less_urgent = 0
    for (level, source, reasons), group in groups.items():
        days = sorted({alert_day(alert, user) for alert in group}, reverse=True)
        if level in CARE_NOW:
            text = day_runs(days)
        elif shown_less_urgent < LESS_URGENT_GROUPS:
            shown_less_urgent += 1
            text = latest_runs(days, sum(1 for _ in group))
        else:
            rest.setdefault(level, []).extend(group)
            continue
        label = group[0].level_label
        times = shared_times(group, user, shared)
        changed = tuple(words for alert in group for words in alert.changed)
        rows.append(AlertRow(level, label, source, reasons, len(group), text, times, changed))
    for level, group in rest.items():
        days = sorted({alert_day(alert, user) for alert in group}, reverse=True)
        rows.append(AlertRow(level, group[0].level_label, "", (), len(group), span(days)))
    return rows


def group_days(group: list[Alert], user: User) -> set[date]:
    return {alert_day(alert, user) for alert in group}


def clock(moment: datetime, user: User) -> datetime:
    """The moment on the person's clock (their zone, as every time of the report)."""
    return moment.astimezone(ZoneInfo(user.time_zone))


def shared_times(group: list[Alert], user: User, shared: set[date]) -> str:
    """The times of a row's alerts on days another row shares, oldest first: "19:36", or,
    for a row of several days, "19:36 on 7 Dec; 08:10 on 9 Dec"."""
    by_day: dict[date, list[str]] = {}
    for alert in sorted(group, key=lambda a: a.when):
        day = alert_day(alert, user)
        if day in shared:
            by_day.setdefault(day, []).append(f"{clock(alert.when, user):%H:%M}")
    if len(group_days(group, user)) == 1:
        return " and ".join(next(iter(by_day.values()), []))
    return "; ".join(f"{' and '.join(t)} on {short_day(day)}" for day, t in by_day.items())


#: The report's name of where an earlier answer was given (``Alert.source``).
CHANGED_FROM = {ASSESSMENT: "Assessment", CHECKIN: "Check-in"}


def changed_answer_words(user: User) -> dict[tuple[str, datetime], list[str]]:
    """For each back check or check-in (by its source and time) whose yes or not sure to a
    red-flag question a later back check answered "no": the words for it
    (``care.changed_answers``)."""
    words: dict[tuple[str, datetime], list[str]] = {}
    for change, covered in all_changes(user):
        before, after = clock(change.before_at, user), clock(change.after_at, user)
        said = "not sure" if change.before == "not_sure" else change.before
        at = f"{after:%H:%M}" + ("" if after.date() == before.date() else f" on {after:%-d %b %Y}")
        checked = "a clinician's check covering it told since" if covered else NOT_CHECKED
        words.setdefault((CHANGED_FROM[change.before_source], change.before_at), []).append(
            f"{change.label}: {said}, changed to no at {at} in the next back check, {checked}"
        )
    return words


def alert_day(alert: Alert, user: User) -> date:
    """A check-in's diary day, or the person's day of a back check (``User.local_date``)."""
    return alert.day or user.local_date(alert.when)


def latest_runs(days: list[date], count: int) -> str:
    """The newest runs of days of a less urgent row, then how many alerts are left and when:
    "3–5 Dec 2026; 9 more, 14 Oct to 2 Nov 2026"."""
    runs = split_runs(days)
    if len(runs) <= LESS_URGENT_RUNS:
        return day_runs(days)
    shown = [day for run in runs[:LESS_URGENT_RUNS] for day in run]
    older = [day for run in runs[LESS_URGENT_RUNS:] for day in run]
    more = count - len(shown)  # alerts, not days: a day may hold two
    return f"{day_runs(shown)}; {more} more, {span(older)}"


def span(days: list[date]) -> str:
    """The days (newest first) from the first to the last: "4 Nov to 18 Nov 2026", or as
    one run of days running ("28–29 Jul 2026")."""
    if len(split_runs(days)) == 1:
        return day_runs(days)
    newest, oldest = days[0], days[-1]
    if newest.year != oldest.year:
        return f"{oldest:%-d %b %Y} to {newest:%-d %b %Y}"
    return f"{short_day(oldest)} to {short_day(newest)} {newest.year}"


def split_runs(days: list[date]) -> list[list[date]]:
    """Days, newest first, cut into runs of days running (each run newest first)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][-1] - day == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def short_day(day: date) -> str:
    return f"{day:%-d %b}"


def day_runs(days: list[date]) -> str:
    """Days (newest first) as runs, the year after the last run of each year:
    "3–5 Dec, 26 Oct 2026, 30 Dec 2025"."""
    parts: list[str] = []
    runs = split_runs(days)
    for index, run in enumerate(runs):
        newest, oldest = run[0], run[-1]
        if oldest.year != newest.year:
            parts.append(f"{oldest:%-d %b %Y}–{newest:%-d %b %Y}")
            continue
        if oldest == newest:
            text = short_day(newest)
        elif oldest.month == newest.month:
            text = f"{oldest.day}–{short_day(newest)}"
        else:
            text = f"{short_day(oldest)}–{short_day(newest)}"
        following = runs[index + 1] if index + 1 < len(runs) else None
        if (
            following is None
            or following[0].year != newest.year
            or following[-1].year != newest.year
        ):
            text += f" {newest.year}"  # the last of its year, or before a run across years
        parts.append(text)
    return ", ".join(parts)


def questionnaire_lines(user: User) -> list[QuestionnaireLine]:
    grouped: dict[str, list[InstrumentResponse]] = {}
    for row in InstrumentResponse.objects.filter(user=user).order_by("taken_at", "pk"):
        grouped.setdefault(row.instrument, []).append(row)
    lines = []
    for slug, history in grouped.items():
        try:
            found = instrument(slug)
        except UnknownInstrument:
            continue
        latest = history[-1]
        scored = [row for row in history[:-1] if row.total is not None]
        first = scored[0] if len(scored) > 1 else None
        lines.append(
            QuestionnaireLine(
                title=found.short_title or found.title,
                taken_at=latest.taken_at,
                total=latest.total_text,
                band_label=latest.band_label,
                times=len(history),
                since_last=compare(latest, scored[-1] if scored else None, found),
                since_first=compare(latest, first, found),
                crisis=latest.is_crisis,
                slug=slug,
            )
        )
    return sorted(lines, key=lambda line: line.taken_at, reverse=True)


def change_thresholds(lines: list[QuestionnaireLine]) -> list[str]:
    """ "NRS 2 points or 30 % better", "PEG 1 point": the thresholds of the questionnaires
    whose change could puzzle (one under twice its threshold: a 1-point fall can be ● for
    one and ○ for another), for the table's legend; on one line, to keep to two pages."""
    shown = []
    for line in lines:
        if any(c is not None and c.threshold_note for c in (line.since_last, line.since_first)):
            shown.append(f"{line.title} {thresholds_text(instrument(line.slug))}")
    return shown


def crisis_report_start(period_start: date, today: date, user: User) -> datetime:
    """The report's whole period, from the start of the person's first day (the hour their
    day ends), and never less than the clinician's list looks back."""
    return min(user.day_begins(period_start), window_start_for_day(today))


def charts(series: tuple[MetricSeries, ...], since: date | None = None) -> list[dict[str, Any]]:
    """The diary's charts; from ``since`` (the person's first day) when they started inside
    the 3 months, as on their Progress page."""
    shown = [item for item in series if item.metric in CHART_METRICS]
    marks = ChartMarks(since=since)
    return [
        {
            "metric": item.metric,
            "title": item.metric.capitalize(),
            "svg": printable(
                line_chart(item, f"report-{item.metric}", "last 3 months", marks), item.metric
            ),
            "days": item.days_with_data,
            "mean": "" if item.mean is None else f"{item.mean:.1f}",
            "since": since if shown_points(item.points, since) != item.points else None,
        }
        for item in shown
    ]


def printable(svg: str, metric: str) -> SafeString:
    """The chart with its colours as SVG attributes: the PDF renderer ignores page CSS in SVG.

    On the page the stylesheet still wins, since CSS overrides presentation attributes.
    """
    colour = CHART_COLOURS.get(metric, CHART_COLOURS["pain"])
    svg = svg.replace(
        'class="chart-line"', f'class="chart-line" fill="none" stroke="{colour}" stroke-width="2.5"'
    )
    svg = svg.replace('class="chart-dot"', f'class="chart-dot" fill="{colour}"')
    svg = svg.replace('class="chart-grid"', 'class="chart-grid" stroke="#c9cdd2"')
    svg = svg.replace('class="chart-label"', 'class="chart-label" fill="#555" font-size="15"')
    return mark_safe(svg)  # the same markup line_chart built, with fixed attributes added


def weekly_means(series: tuple[MetricSeries, ...], today: date) -> list[dict[str, Any]]:
    """Mean of the daily values per 7-day week ending today, newest first: the chart table."""
    by_metric = {item.metric: item for item in series if item.metric in CHART_METRICS}
    if not by_metric:
        return []
    weeks = []
    for back in range(13):
        end = today - timedelta(days=7 * back)
        start = end - timedelta(days=6)
        row: dict[str, Any] = {"start": start, "end": end}
        for metric, item in by_metric.items():
            values = [p.value for p in item.points if start <= p.day <= end and p.value is not None]
            row[metric] = f"{sum(values) / len(values):.1f}" if values else "–"
        weeks.append(row)
    while weeks and all(weeks[-1][metric] == "–" for metric in by_metric):
        weeks.pop()  # weeks before the diary began
    return weeks


def status_of_them(view: dict[str, Any]) -> str:
    """The plan's status sentence ("A gentle plan, because your answers ...") said of the
    person, as the clinician's Tailor page says it."""
    return for_a_clinician(str(view["status_reason"] or ""))


def episodes(user: User, start: date) -> dict[str, Any]:
    """The flares that began on the person's days from ``start`` on: from the hour their
    day ends on its date (``User.day_begins``), not the calendar's midnight."""
    rows = SpasmEpisode.objects.filter(user=user, started_at__gte=user.day_begins(start))
    recent = []
    for row in rows.order_by("-started_at")[:MAX_EPISODES]:
        lasted = None if row.ended_at is None else duration_text(row.ended_at - row.started_at)
        trigger = TRIGGER_LABELS.get(row.trigger, row.trigger)
        recent.append({"row": row, "lasted": lasted, "trigger": trigger})
    return {"count": rows.count(), "recent": recent}


def current_plan(user: User, *, for_the_person: bool = False) -> dict[str, Any] | None:
    """The latest plan as the person sees it on their plan page, in its sections: today's
    routine, this week's habits (the walk among them), what to ask a clinician about, and
    what the page keeps for later (``presenting.plan_view``, with the person's pinned
    favourites, which change what this week keeps). Its references numbered once, in that
    order, so each row cites them by number. Its status and the section on a condition a
    clinician diagnosed are said of the person for a clinician (``for_a_clinician``, the
    section's own ``of_them`` wording), or to the person in their own report. A clinician's
    copy also says what the plan holds back and what a clinician put back (``report_holds``)."""
    # As the plan page reads it: a week's update that fell due, a changed triage or a flare
    # is made first, and the warning signs are the ones that apply now.
    plan = planning.current_plan(user)
    if plan is None:
        return None
    # Each exercise as the person is shown it (a pregnancy version under its own name,
    # marked, with its steps), from the same conditions their own pages use.
    reasons = safety_reasons(user)
    view = plan_view(plan.body, pinned=pinned_slugs(user), reasons=reasons)
    # When to stop, as the plan page lists it under the person's own signs: without what their
    # own answers already raised (the safety section above names those), each sign said once.
    view["stop_rules"] = stop_rules_shown(user, view["stop_rules"])
    with_condition_notes(view, user)  # e.g. an inflammatory arthritis, as the plan page
    groups: list[dict[str, Any]] = [
        {"title": title, "items": items}
        for title, items in (
            ("Today's routine", view["routine"]),
            ("This week", [item for s in view["week_sections"] for item in s["items"]]),
            ("Ask a clinician about", view["ask_clinician"]),
        )
        if items
    ]
    references: dict[str, dict[str, Any]] = {}

    def numbered(item: dict[str, Any]) -> dict[str, Any]:
        numbers = []
        for ref in item["citations"]:
            entry = references.setdefault(ref["id"], {**ref, "number": len(references) + 1})
            numbers.append(entry["number"])
        return {**item, "ref_numbers": numbers}

    groups = [{**group, "items": [numbered(i) for i in group["items"]]} for group in groups]
    later: list[dict[str, Any]] = [numbered(item) for item in view["later"]]
    # What the plan page adds for a condition a clinician diagnosed, its lines cited by number.
    conditions = [
        {
            **note,
            "lines": [*map(numbered, note["lines"])],
            "contact": [*map(numbered, note["contact"])],
        }
        for note in (
            view["conditions"] if for_the_person else [*map(said_of_them, view["conditions"])]
        )
    ]
    items = [item for group in groups for item in group["items"]] + later
    return {
        "row": plan,
        "day": user.local_date(plan.created_at),  # the person's day it was made
        "view": view,
        "status_said": view["status_reason"] if for_the_person else status_of_them(view),
        "groups": groups,  # shown now, each item with its dose
        "later": later,  # "For later" on the plan page: not started yet
        "conditions": conditions,  # none in a plan paused for care, as on the plan page
        "items": items,  # all of them, in the page's order
        "versions": [item for item in items if item.get("adapted_for")],
        "references": list(references.values()),
        # The clinician's copy: what is held back for safety and what a clinician put back.
        **({} if for_the_person else holds_and_put_back(user, view, reasons)),
    }
