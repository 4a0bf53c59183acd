"""One linked patient as the clinician's list and the patient page show them: the figures
read for the need rules, and the words and marks each figure is shown with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from backcare.accounts.models import User
from backcare.care.changed_answers import CHECKIN, ChangedAnswer
from backcare.care.needs import (
    CRISIS_IN_MESSAGE,
    CRISIS_IN_TRIAGE,
    LEVEL_RANK,
    NEED_LABELS,
    NEEDS,
)
from backcare.care.new_facts import ToldFact
from backcare.care.score_changes import WorseScore
from backcare.care.time_words import age_in_words, day_with_age, short_day, time_ago
from backcare.care.told_checks import (
    ToldClinicianCheck,
    list_line,
    page_sentence,
    sign_titles,
)
from backcare.domain.standing_triage import TriageReading
from backcare.questionnaires.sparkline import BOTTOM, HEIGHT, PAD, WIDTH, plot

ADHERENCE_DAYS = 14  # the check-ins counted ("12 of 14 days") and the trend line's days
LEVEL_LABELS = {
    "emergency": "Emergency",
    "urgent": "Clinician today",
    "soon": "Clinician within days",
    "self_care": "Self-care",
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
    # The newest clinician's check the patient told for their latest back check's result;
    # whether it is new to the clinician; and whether it resumes the plan now (read for the
    # patient page only: None on the list).
    told_check: ToldClinicianCheck | None = None
    told_check_new: bool = False
    told_check_resumed: bool | None = None
    # Red-flag answers changed to "no" in a later back check, since the clinician last marked
    # such changes reviewed, that no told clinician's check covers (newest first).
    changed_answers: list[ChangedAnswer] = field(default_factory=list)

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
    def told_facts_text(self) -> str:
        """ "pregnancy (30 weeks, due 15 February 2027); history of cancer (not sure)": every
        standing fact told, for the card (those new to the clinician are also said apart)."""
        return "; ".join(item.name for item in self.told_facts)

    @property
    def new_facts_text(self) -> str:
        """ "New since 9 Jun: pregnancy (a later answer in the plan preferences, saved
        12 December 2026). Review the plan." """
        if not self.new_facts:
            return ""
        since = ""
        if self.facts_since is not None:
            day = self.patient.local_date(self.facts_since)
            since = f" since {short_day(day, self.today)}"
        told = "; ".join(f"{item.name} ({item.where})" for item in self.new_facts)
        return f"New{since}: {told}. Review the plan."

    @property
    def told_check_line(self) -> str:
        return "" if self.told_check is None else list_line(self.told_check, self.today)

    @property
    def told_check_text(self) -> str:
        if self.told_check is None or self.told_check_resumed is None:
            return ""
        return page_sentence(self.told_check, self.patient, self.told_check_resumed)

    @property
    def told_check_signs(self) -> list[str]:
        return [] if self.told_check is None else sign_titles(self.told_check.rule_ids)

    @property
    def changed_answer_lines(self) -> list[str]:
        """ "New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec,
        America/Toronto) — not checked by a clinician", newest first."""
        return [change.line(self.patient, self.today) for change in self.changed_answers]

    @property
    def changed_in_checkin(self) -> bool:
        """Whether an earlier answer of a change was a check-in's (said where to find it)."""
        return any(change.before_source == CHECKIN for change in self.changed_answers)

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
        return [score.text(self.patient) for score in self.worse_scores]

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
        return day_with_age(self.patient.local_date(self.open_flare_since), self.today)

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
        # An answer changed to "no" unchecked ranks with the care its earlier answer advised.
        for change in self.changed_answers:
            if LEVEL_RANK.get(change.before_level, 3) < LEVEL_RANK.get(level, 3):
                level = change.before_level
        return (LEVEL_RANK.get(level, 3), *(need not in self.needs for need in NEEDS))
