"""The clinician's linked patients, sorted by need, in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateformat import format as format_date

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.care.models import CareLink
from backcare.care.new_facts import ToldFact, new_facts, told_facts
from backcare.care.score_changes import WorseScore, worse_scores
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.diary.standing import standing_by_patient
from backcare.domain.findings import red_flag_ids
from backcare.domain.insights import mean_of_days
from backcare.domain.standing_triage import TriageReading
from backcare.plans.models import Preferences
from backcare.progress.records import load_daily_pain
from backcare.questionnaires.crisis_window import crisis_answers, window_start
from backcare.questionnaires.sparkline import BOTTOM, HEIGHT, PAD, WIDTH, plot

WORSENING_POINTS = 2  # mean pain of the last 7 days this much above the 7 days before
PAIN_WEEK = 7  # each pain mean is over this many of the patient's diary days
QUIET_DAYS = 7  # no check-in for this long (or, never checked in, linked this long ago)
LONG_FLARE = timedelta(days=7)
ADHERENCE_DAYS = 14
#: The warning-sign questions last answered (a back check, or a check-in's weekly screen:
#: diary.screen) this many days ago or more is a need. The check-in page asks them once
#: every 7 days (SCREEN_EVERY_DAYS); four weeks is four screens missed in a row, past a
#: skipped week or a holiday, and the time by which guidelines expect acute back pain to be
#: re-assessed if it is not improving: a triage older than that no longer says "self-care".
UNSCREENED_DAYS = 28
LEVEL_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "self_care": 3}
NEEDS = (
    "red_flag",
    "crisis",
    "warning_message",
    "new_fact",
    "unscreened",
    "worsening",
    "questionnaire",
    "flare",
    "quiet",
)
NEED_LABELS = {
    "red_flag": "Red flag",
    # A questionnaire's; the back check's or a check-in's (CRISIS_IN_TRIAGE); or a message's
    # words (CRISIS_IN_MESSAGE).
    "crisis": "Crisis answer",
    "warning_message": "Message may describe a warning sign",
    "new_fact": "New standing fact: review the plan",
    "unscreened": f"Warning signs not checked for {UNSCREENED_DAYS} days",
    "worsening": "Pain up 2+ points",
    "questionnaire": "Questionnaire worse",
    "flare": "Flare",
    "quiet": "No check-in for 7 days",
}
LEVEL_LABELS = {
    "emergency": "Emergency",
    "urgent": "Clinician today",
    "soon": "Clinician within days",
    "self_care": "Self-care",
}
PAGE_SIZE = 50
CRISIS_IN_MESSAGE = "Crisis answer in a message"
#: Thoughts of self-harm answered in the safety questions, by TriageReading.source.
CRISIS_IN_TRIAGE = {
    "assessment": "Crisis answer in the back check",
    "checkin": "Crisis answer in a check-in",
}
TRIAGE_SOURCES = {"assessment": "back check", "checkin": "check-in"}


@dataclass
class PatientRow:
    patient: User
    link_id: int
    last_checkin: date | None
    level: str
    level_at: datetime | None
    fired: list[str]
    pain_recent: float | None  # the mean of each day's mean pain, as the patient's dashboard
    pain_before: float | None  # the 7 days before those
    open_flare_since: datetime | None
    new_flare: bool
    crisis_at: datetime | None
    adherence: float
    today: date  # the patient's own: their diary days are counted up to it
    unread_messages: int = 0  # from the patient, not yet read by the clinician
    # The patient's messages whose words may describe a warning sign (messaging.warnings),
    # read or not, until the clinician handles them: all of them; those that matched a sign
    # other than thoughts of self-harm; and when the latest that matched self-harm was sent.
    open_warnings: int = 0
    open_sign_warnings: int = 0
    crisis_message_at: datetime | None = None
    # Thoughts of self-harm answered in the triage that stands (the back check, or a check-in
    # since it): where ("assessment" or "checkin"), and when; "" and None if none.
    triage_crisis: str = ""
    triage_crisis_at: datetime | None = None
    # The most urgent sign of the back that stands ("" for none: thoughts of self-harm are
    # the crisis need, not a red flag); and the reading it stands from when that is not the
    # one whose level is shown (a check-in that raised only thoughts of self-harm since).
    red_flag_level: str = ""
    red_flag_beside: TriageReading | None = None
    pain_recent_days: int = 0  # days with pain in the last 7, which pain_recent averages
    pain_before_days: int = 0  # days with pain in the 7 before, which pain_before averages
    needs: list[str] = field(default_factory=list)
    pain_days: list[int | None] = field(default_factory=list)  # oldest first; None: no entry
    linked_at: datetime | None = None  # when the patient accepted the link
    read_at: datetime | None = None  # the moment the figures were read ("joined 2 hours ago")
    # Latest scores meaningfully worse than the one before, less any the crisis need says.
    worse_scores: list[WorseScore] = field(default_factory=list)
    # The possible standing facts and where each was told; those the clinician has not
    # reviewed (care.new_facts), and since when they are counted.
    told_facts: list[ToldFact] = field(default_factory=list)
    new_facts: list[ToldFact] = field(default_factory=list)
    facts_since: datetime | None = None
    # The patient's day the warning-sign questions were last answered, and whether in a
    # back check (else a check-in's screen); None if never.
    screened_on: date | None = None
    screened_in_back_check: bool = False

    @property
    def need_items(self) -> list[tuple[str, str]]:
        return [(need, self.need_label(need)) for need in self.needs]

    def need_label(self, need: str) -> str:
        if need == "quiet" and self.last_checkin is None:
            return "No check-in yet"  # "for 7 days" would be wrong for someone linked 8 days
        if need == "crisis" and self.crisis_at is None:
            return CRISIS_IN_TRIAGE.get(self.triage_crisis, CRISIS_IN_MESSAGE)
        if need == "unscreened":
            if self.screened_on is None:
                return "Warning signs never checked"
            return f"Warning signs not checked since {short_day(self.screened_on, self.today)}"
        if need == "new_fact":
            names = ", ".join(item.name for item in self.new_facts)
            return f"New: {names} — review the plan"
        return NEED_LABELS[need]

    @property
    def new_facts_text(self) -> str:
        """ "New since 9 Jun: pregnancy (a later answer in the plan preferences, saved
        12 December 2026). Review the plan." """
        if not self.new_facts:
            return ""
        since = ""
        if self.facts_since is not None:
            day = self.facts_since.astimezone(ZoneInfo(self.patient.time_zone)).date()
            since = f" since {short_day(day, self.today)}"
        told = "; ".join(f"{item.name} ({item.where})" for item in self.new_facts)
        return f"New{since}: {told}. Review the plan."

    @property
    def screened_text(self) -> str:
        """When the warning-sign questions were last answered, and where, with its age."""
        if self.screened_on is None:
            return "Never answered"
        where = "back check" if self.screened_in_back_check else "check-in"
        return f"{day_with_age(self.screened_on, self.today)} ({where})"

    @property
    def level_age(self) -> str:
        """How old the triage is ("6 months ago"): a triage reads as current otherwise."""
        if self.level_at is None or self.read_at is None:
            return ""
        return age_in_words(self.level_at, self.read_at)

    @property
    def level_class(self) -> str:
        """The level tag's style: a self-care triage whose warning signs are out of date is
        not shown in the reassuring green."""
        if self.level == "self_care" and "unscreened" in self.needs:
            return "stale"
        return self.level or "none"

    @property
    def triage_crisis_label(self) -> str:
        return CRISIS_IN_TRIAGE.get(self.triage_crisis, "")

    @property
    def red_flag_beside_label(self) -> str:
        return LEVEL_LABELS.get(self.red_flag_level, "")

    @property
    def red_flag_beside_source(self) -> str:
        beside = self.red_flag_beside
        return "" if beside is None else TRIAGE_SOURCES.get(beside.source, "")

    @property
    def worse_score_texts(self) -> list[str]:
        return [score.text(self.patient.time_zone) for score in self.worse_scores]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, "No triage yet")

    @property
    def trend_points(self) -> str:
        """The daily pains as an SVG polyline, each at its own day so gaps show as gaps."""
        present = [(day, pain) for day, pain in enumerate(self.pain_days) if pain is not None]
        if len(present) < 2:
            return ""
        heights = [y for _, y in plot([pain for _, pain in present], 0, 10)]
        step = (WIDTH - 2 * PAD) / max(len(self.pain_days) - 1, 1)
        return " ".join(
            f"{PAD + day * step:g},{y:g}" for (day, _), y in zip(present, heights, strict=True)
        )

    @property
    def trend_box(self) -> str:
        """The SVG viewBox that holds every point ``plot`` places (0 to 10 pain)."""
        return f"0 0 {WIDTH} {HEIGHT - BOTTOM + PAD}"

    @property
    def pain_text(self) -> str:
        return ", ".join("none" if pain is None else str(pain) for pain in self.pain_days)

    @property
    def last_checkin_text(self) -> str:
        if self.last_checkin is not None:
            return day_with_age(self.last_checkin, self.today)
        if self.linked_at is None or self.read_at is None:
            return "No check-in yet"
        return f"No check-in yet (joined {time_ago(self.linked_at, self.read_at)})"

    @property
    def flare_since_text(self) -> str:
        if self.open_flare_since is None:
            return ""
        zone = ZoneInfo(self.patient.time_zone)
        return day_with_age(self.open_flare_since.astimezone(zone).date(), self.today)

    @property
    def adherence_percent(self) -> int:
        return round(self.adherence * 100)

    @property
    def checkin_days(self) -> int:
        """Days with a check-in in the last ``ADHERENCE_DAYS``: "12 of 14 days" says what
        "86 %" hides (12 of 14 is 86 %, and so would 6 of 7 be)."""
        return round(self.adherence * ADHERENCE_DAYS)

    @property
    def checkin_window(self) -> int:
        return ADHERENCE_DAYS

    @property
    def rank(self) -> tuple[int, ...]:
        # Thoughts of self-harm are an emergency wherever they are told (CONTENT.md rule 4),
        # so a crisis answer ranks with emergencies whatever the back triage says; so does an
        # unhandled message that may describe a warning sign, which may not have been triaged.
        urgent_needs = {"crisis", "warning_message"}
        level = "emergency" if urgent_needs.intersection(self.needs) else self.level
        return (LEVEL_RANK.get(level, 3), *(need not in self.needs for need in NEEDS))


def day_with_age(day: date, today: date) -> str:
    """ "24 Nov, 12 days ago": a bare "24 Nov" reads as recent even when it is a year old, so
    the age is always said, and the year when it is not the patient's current one."""
    shown = format_date(day, "j M" if day.year == today.year else "j M Y")
    age = (today - day).days
    if age < 0:
        return shown
    return f"{shown}, " + {0: "today", 1: "yesterday"}.get(age, f"{age} days ago")


def short_day(day: date, today: date) -> str:
    """ "9 Jun", or "9 Jun 2026" when not the patient's current year."""
    return format_date(day, "j M" if day.year == today.year else "j M Y")


def age_in_words(then: datetime, now: datetime) -> str:
    """ "3 hours ago", "12 days ago", "6 months ago", "2 years ago": months once past 60
    days, years once past two, so an old reading says it is old at a glance."""
    days = (now - then).days
    if days < 60:
        return time_ago(then, now)
    if days < 730:
        return f"{days * 12 // 365} months ago"
    return f"{days // 365} years ago"


def time_ago(then: datetime, now: datetime) -> str:
    """ "just now", "5 minutes ago", "2 hours ago", "9 days ago": elapsed time, so that it
    reads the same in any time zone."""
    seconds = max(int((now - then).total_seconds()), 0)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def _latest(queryset: QuerySet[Any], order: str, column: str, output: Any = None) -> Subquery:
    return Subquery(queryset.order_by(order).values(column)[:1], output_field=output)


def _count(messages: QuerySet[Any]) -> Subquery:
    """How many of one conversation's ``messages`` there are (None for none)."""
    return Subquery(messages.values("conversation").annotate(count=Count("id")).values("count")[:1])


def pain_weeks(
    pain: Mapping[date, float], today: date
) -> tuple[tuple[float, int] | None, tuple[float, int] | None]:
    """Mean pain over the last 7 days up to ``today`` and over the 7 days before, each with its
    number of days: the patient's dashboard and report's mean (``mean_of_days``)."""
    week = timedelta(days=PAIN_WEEK)
    recent_start = today - week + timedelta(days=1)
    return (
        mean_of_days(pain, recent_start, today),
        mean_of_days(pain, recent_start - week, recent_start - timedelta(days=1)),
    )


def daily_pain(patients: list[tuple[int, date]]) -> dict[int, dict[date, float]]:
    """Each (patient id, their today)'s daily mean pain over the two weeks ``pain_weeks``
    reads: one query, whatever the number of patients."""
    if not patients:
        return {}
    first = min(today for _, today in patients) - timedelta(days=2 * PAIN_WEEK - 1)
    last = max(today for _, today in patients)
    return load_daily_pain([patient for patient, _ in patients], first, last)


def annotated_links(clinician: User, today: date) -> QuerySet[CareLink]:
    """One query: every active link with the figures the need rules read."""
    from backcare.messaging.models import Message  # messaging builds on care, not the reverse
    from backcare.messaging.warnings import crisis_rule_ids, holding_any

    now = timezone.now()
    unread = Message.objects.filter(
        conversation__link=OuterRef("pk"), sender=Message.Sender.PATIENT, read_at__isnull=True
    )
    open_warnings = Message.objects.open_warnings().filter(conversation__link=OuterRef("pk"))
    crisis_rules = crisis_rule_ids()
    assessments = Assessment.objects.filter(user=OuterRef("patient"))
    open_flares = SpasmEpisode.objects.filter(user=OuterRef("patient"), ended_at__isnull=True)
    crises = crisis_answers(window_start(now)).filter(user=OuterRef("patient"))
    preferences = Preferences.objects.filter(user=OuterRef("patient"))
    screened = CheckIn.objects.filter(user=OuterRef("patient")).exclude(safety_level="")
    recent_days = CheckIn.objects.filter(
        user=OuterRef("patient"), day__gt=today - timedelta(days=ADHERENCE_DAYS), day__lte=today
    )
    return (
        CareLink.objects.active()
        .filter(clinician=clinician)
        .select_related("patient")
        .annotate(
            last_checkin=_latest(CheckIn.objects.filter(user=OuterRef("patient")), "-day", "day"),
            assessment_level=_latest(assessments, "-created_at", "level"),
            assessment_at=_latest(assessments, "-created_at", "created_at"),
            assessment_result=_latest(assessments, "-created_at", "result", JSONField()),
            assessment_findings=_latest(assessments, "-created_at", "findings", JSONField()),
            preferences_pregnant=_latest(preferences, "pk", "pregnant"),
            preferences_conditions=_latest(preferences, "pk", "conditions", JSONField()),
            preferences_at=_latest(preferences, "pk", "updated_at"),
            last_screened_checkin=_latest(screened, "-day", "day"),
            open_flare_since=_latest(open_flares, "started_at", "started_at"),
            new_flare=Exists(
                SpasmEpisode.objects.filter(
                    user=OuterRef("patient"), started_at__gte=now - timedelta(days=7)
                )
            ),
            crisis_at=_latest(crises, "-taken_at", "taken_at"),
            unread_messages=_count(unread),
            open_warnings=_count(open_warnings),
            open_sign_warnings=_count(open_warnings.exclude(warning_rules__in=crisis_rules)),
            crisis_message_at=_latest(
                open_warnings.filter(holding_any(crisis_rules)), "-sent_at", "sent_at"
            ),
            adherence_days=Subquery(
                recent_days.values("user")
                .annotate(days=Count("day", distinct=True))
                .values("days")[:1]
            ),
        )
    )


def current_triage(links: list[Any]) -> list[TriageReading | None]:
    """Each link's patient's standing triage: the latest back check, or a check-in since it
    that advised more urgent care (the rule the plan and the report follow). One query."""
    latest = {
        link.patient.pk: (
            (link.assessment_level, link.assessment_at, link.assessment_result)
            if link.assessment_at is not None
            else None
        )
        for link in links
    }
    zones = {link.patient.pk: link.patient.time_zone for link in links}
    standing = standing_by_patient(latest, zones)
    return [standing[link.patient.pk] for link in links]


def needs_of(row: PatientRow, today: date, now: datetime) -> list[str]:
    needs = []
    if row.red_flag_level in ("emergency", "urgent", "soon"):
        needs.append("red_flag")
    if row.crisis_at is not None or row.crisis_message_at is not None or row.triage_crisis:
        # Ranked with emergencies: said before a red flag that is not one.
        needs.insert(0 if row.red_flag_level != "emergency" else len(needs), "crisis")
    if row.open_sign_warnings:
        needs.append("warning_message")
    if row.new_facts:
        needs.append("new_fact")
    if is_unscreened(row, today, now):
        needs.append("unscreened")
    if (
        row.pain_recent is not None
        and row.pain_before is not None
        and row.pain_recent - row.pain_before >= WORSENING_POINTS
    ):
        needs.append("worsening")
    if row.worse_scores:
        needs.append("questionnaire")
    if row.new_flare or (row.open_flare_since and now - row.open_flare_since > LONG_FLARE):
        needs.append("flare")
    if is_quiet(row, today, now):
        needs.append("quiet")
    return needs


def is_unscreened(row: PatientRow, today: date, now: datetime) -> bool:
    """Warning signs last answered ``UNSCREENED_DAYS`` or more ago; or never, by someone
    with a triage or check-ins who has shared that long (someone with neither is "no
    triage yet" and quiet; someone who joined today has had no time to answer)."""
    if row.screened_on is None:
        known = bool(row.level) or row.last_checkin is not None
        return known and now - (row.linked_at or now) >= timedelta(days=UNSCREENED_DAYS)
    return (today - row.screened_on).days >= UNSCREENED_DAYS


def screened_on(link: Any) -> tuple[date | None, bool]:
    """The patient's day the warning signs were last answered, and whether in a back check:
    the latest check-in whose screen was answered (triaged), or the latest back check if it
    asked them and is later (``diary.screen.last_screened``, from the figures loaded)."""
    checkin_day: date | None = link.last_screened_checkin
    findings = link.assessment_findings
    if link.assessment_at is None or not isinstance(findings, dict):
        return checkin_day, False
    if not frozenset(red_flag_ids()).intersection(findings):
        return checkin_day, False
    back_check_day = link.assessment_at.astimezone(ZoneInfo(link.patient.time_zone)).date()
    if checkin_day is not None and checkin_day >= back_check_day:
        return checkin_day, False
    return back_check_day, True


def is_quiet(row: PatientRow, today: date, now: datetime) -> bool:
    """No check-in for ``QUIET_DAYS``; someone who never checked in is quiet only once they
    have been linked that long, not minutes after joining."""
    if row.last_checkin is not None:
        return (today - row.last_checkin).days >= QUIET_DAYS
    return row.linked_at is None or now - row.linked_at >= timedelta(days=QUIET_DAYS)


def to_row(
    link: Any,
    today: date,
    now: datetime,
    standing: TriageReading | None,
    pain: Mapping[date, float],
    worse: list[WorseScore] | None = None,
) -> PatientRow:
    """``pain``: the patient's daily mean pain (``daily_pain``); days after ``today`` are
    not read. ``worse``: their meaningfully worse questionnaires (``worse_scores``)."""
    recent, before = pain_weeks(pain, today)
    row = PatientRow(
        patient=link.patient,
        link_id=link.pk,
        last_checkin=link.last_checkin,
        level=standing.level if standing else "",
        level_at=standing.at if standing else None,
        fired=list(standing.titles) if standing else [],
        pain_recent=recent[0] if recent else None,
        pain_before=before[0] if before else None,
        open_flare_since=link.open_flare_since,
        new_flare=link.new_flare,
        crisis_at=link.crisis_at,
        adherence=(link.adherence_days or 0) / ADHERENCE_DAYS,
        today=today,
        unread_messages=link.unread_messages or 0,
        open_warnings=link.open_warnings or 0,
        open_sign_warnings=link.open_sign_warnings or 0,
        crisis_message_at=link.crisis_message_at,
        pain_recent_days=recent[1] if recent else 0,
        pain_before_days=before[1] if before else 0,
        linked_at=link.accepted_at,
        read_at=now,
    )
    if standing is not None:
        said, red_flag = standing.crisis_reading, standing.red_flag
        if said is not None:
            row.triage_crisis, row.triage_crisis_at = said.source, said.at
        row.red_flag_level = red_flag.signs_level
        if red_flag is not standing:
            row.red_flag_beside = red_flag
    row.screened_on, row.screened_in_back_check = screened_on(link)
    row.told_facts = told_facts(
        link.patient.time_zone,
        link.assessment_findings,
        link.assessment_at,
        link.preferences_pregnant,
        link.preferences_conditions,
        link.preferences_at,
    )
    row.new_facts = new_facts(row.told_facts, link.facts_seen, link.facts_seen_at, link.accepted_at)
    row.facts_since = link.facts_seen_at or link.accepted_at
    # A crisis answer is listed as such, first: its questionnaire is not listed again.
    crisis = link.crisis_at is not None
    row.worse_scores = [score for score in worse or [] if not (score.crisis and crisis)]
    row.needs = needs_of(row, today, now)
    return row


def patient_rows(clinician: User, search: str = "", need: str = "") -> list[PatientRow]:
    """Every linked patient matching the search and need filter, most in need first.

    Each patient's figures count their own diary days up to their own today, whatever the
    clinician's date: the links are read once per date the patients' time zones are on (at
    most three at any instant)."""
    now = timezone.now()
    matching = Q(patient__display_name__icontains=search)  # never the login name
    mine = CareLink.objects.active().filter(matching, clinician=clinician)
    zones_by_day: dict[date, list[str]] = defaultdict(list)
    for zone in set(mine.values_list("patient__time_zone", flat=True)):
        zones_by_day[now.astimezone(ZoneInfo(zone)).date()].append(zone)
    found: list[tuple[Any, date]] = [  # active links: each has its patient
        (link, today)
        for today, zones in zones_by_day.items()
        for link in annotated_links(clinician, today).filter(matching, patient__time_zone__in=zones)
    ]
    triage = current_triage([link for link, _today in found])
    pain = daily_pain([(link.patient.pk, today) for link, today in found])
    worse = worse_scores(mine.values("patient"))
    rows = [
        to_row(
            link, today, now, standing, pain.get(link.patient.pk, {}), worse.get(link.patient.pk)
        )
        for (link, today), standing in zip(found, triage, strict=True)
    ]
    if need:
        rows = [row for row in rows if need in row.needs]
    return sorted(rows, key=lambda row: (row.rank, row.patient.name.lower()))


def add_pain_days(rows: list[PatientRow], days: int = ADHERENCE_DAYS) -> None:
    """Fill each row's daily worst pain for the trend line, the last ``days`` up to the
    patient's own today: one query for the whole page."""
    if not rows:
        return
    span = timedelta(days=days - 1)
    by_patient: dict[int, dict[date, int]] = defaultdict(dict)
    checkins = CheckIn.objects.filter(
        user_id__in=[row.patient.pk for row in rows],
        day__gte=min(row.today for row in rows) - span,
        day__lte=max(row.today for row in rows),
    ).values_list("user_id", "day", "pain")
    for user_id, day, pain in checkins:
        by_patient[user_id][day] = max(pain, by_patient[user_id].get(day, 0))
    for row in rows:
        pains, start = by_patient.get(row.patient.pk, {}), row.today - span
        row.pain_days = [pains.get(start + timedelta(days=offset)) for offset in range(days)]
