"""What the home page shows: the few facts a person needs first, in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import F
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from backcare.accounts.models import User
from backcare.assessments import wizard
from backcare.assessments.drafts import AccountDrafts
from backcare.assessments.models import LEVEL_CHOICES, Assessment
from backcare.assessments.wizard import Estimate, intake_estimate
from backcare.diary.checkins import local_today
from backcare.diary.easing import heat_held_back
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.diary.standing import standing_for
from backcare.diary.standing_care import checked_cover, checked_line
from backcare.diary.summary import DaySummary, day_summary, hard_pain
from backcare.domain import plan_text
from backcare.domain.clinician_checks import ToldCheck
from backcare.domain.exercises import exercises
from backcare.domain.levels import CARE_NOW
from backcare.domain.standing_triage import TriageReading
from backcare.domain.triage import TriageResult, rule_book
from backcare.plans import planning, sessions
from backcare.plans.models import Plan, RoutineSession
from backcare.plans.returning import Return, coming_back
from backcare.progress.caching import per_person
from backcare.progress.dashboard import headline
from backcare.reminders.models import Reminder
from backcare.web.welcome_back import WelcomeBack, welcome_back

#: A check that asked for care within days stays on the home page this long; one that asked
#: for care today or now stays until the person takes the back check again.
CARE_REMINDER = timedelta(days=14)
LEVEL_NAMES = dict(LEVEL_CHOICES)


@dataclass(frozen=True)
class Action:
    """The one thing the page offers first."""

    kind: str  # flare | care | assess | hard-day | plan | checkin | reminders | done | routine
    label: str
    url: str
    why: str


@dataclass(frozen=True)
class Step:
    """One step of the guided first run."""

    number: int
    title: str
    blurb: str
    done: bool
    url: str
    action: str
    started: bool = False  # begun and stopped part-way (the back check)


@dataclass(frozen=True)
class RoutineSize:
    """How much today's routine asks: as many exercises and minutes as the session shows."""

    exercises: int
    minutes: float
    slugs: tuple[str, ...] = ()  # the exercises, in order


@dataclass(frozen=True)
class CheckDraft:
    """A back check stopped part-way: where Continue goes, and what is left, as the check's
    own start and step pages say it."""

    resume: wizard.Step
    left: Estimate
    kept_until: date
    emergency: TriageResult | None  # an emergency answer already given: shown first
    told_ages: tuple[int, ...] = ()  # the age it was told (``wizard.ages_told``), for its lines

    @property
    def url(self) -> str:
        return reverse("assessments:step", args=[self.resume.id])

    @property
    def total(self) -> int:
        return len(wizard.steps())

    @property
    def left_words(self) -> str:
        """ "You stopped at step 7 of 13: about 4 minutes left." """
        minutes = self.left.minutes
        return (
            f"You stopped at step {self.resume.number} of {self.total}: about {minutes} "
            f"minute{'s' if minutes != 1 else ''} left."
        )


@dataclass(frozen=True)
class HomeSummary:
    latest_assessment: Assessment | None
    standing: TriageReading | None  # the triage that stands: the back check or a check-in since
    diary: DaySummary  # today's check-ins, yesterday's pain, the streak
    open_episode: SpasmEpisode | None
    plan: Plan | None
    has_checkins: bool
    has_reminders: bool = False
    session_today: RoutineSession | None = None  # today's latest finished guided session
    session_hurt: bool = False  # an exercise of it "hurt"
    #: How much of the latest plan's routine today's finished sessions did: another
    #: session of the day (a breathing or flare routine an app recorded) is not it.
    routine_done: sessions.DoneToday = field(default_factory=sessions.DoneToday)
    routine: RoutineSize | None = None  # the latest plan's routine
    progress: str = ""  # the progress page's lead sentence (cached with the person's data)
    check_draft: CheckDraft | None = None  # a back check stopped part-way
    comeback: Return | None = None  # a break from checking in, running or just over
    #: The clinician's check that answered the urgent advice standing, as it resumed the
    #: plan (``standing_care.checked_cover``): the advice no longer leads the page.
    care_checked: ToldCheck | None = None
    #: In its place, the resumed plan's own line in the words of the person's place.
    care_checked_line: str = ""
    #: The plan's safety screen holds heat back for the person (``heat_held_back``): a bad
    #: day's help does not offer it. Read only on a hard day.
    heat_held: bool = False

    @property
    def welcome_back(self) -> WelcomeBack | None:
        return welcome_back(self)

    @property
    def hard_now(self) -> str:
        """Why today is a hard day, from the latest reading (a check-in, or a session that
        ended after it), or "" when it is not."""
        latest, session = self.diary.latest, self.session_today
        ended = session.finished_at if session is not None else None
        if session is not None and ended is not None and (latest is None or ended > latest.at):
            if hard_pain(session.pain_after):
                return f"Your routine today ended at {session.pain_after}/10."
            return "An exercise hurt in today's routine." if self.session_hurt else ""
        return f"Your last check-in said {latest.pain}/10." if latest and self.diary.hard else ""

    @property
    def care_reminder(self) -> bool:
        standing = self.standing
        if standing is None or standing.level == "self_care" or self.care_checked is not None:
            return False
        return standing.level in CARE_NOW or timezone.now() - standing.at < CARE_REMINDER

    @property
    def care_label(self) -> str:
        """The level's own words, as its result page says them ("Emergency: get help now")."""
        return rule_book().levels[self.standing.level].label if self.standing else ""

    @property
    def care_level_name(self) -> str:
        return LEVEL_NAMES.get(self.standing.level, "") if self.standing else ""

    @property
    def care_url(self) -> str:
        """Where the advice that stands is explained: the back check's result or the check-in."""
        standing = self.standing
        if standing is None or standing.ref is None:
            return ""
        if standing.source == "checkin":
            return reverse("diary:saved", args=[standing.ref])
        return reverse("assessments:result", args=[standing.ref])

    @property
    def routine_words(self) -> str:
        return routine_words(self.routine)

    @property
    def routine_done_today(self) -> bool:
        """Today's routine is logged: at least one of its exercises done in a session of
        today, as the session's end says ("today's routine is logged")."""
        return self.routine_done.some

    @property
    def done_words(self) -> str:
        """ "Today's routine is done", or "You did 2 of today's 4 exercises" when part of it."""
        done = self.routine_done
        if done.all:
            return "Today's routine is done"
        return f"You did {done.done} of today's {done.total} exercises"

    @property
    def first_action(self) -> Action:
        return first_action(self)

    @property
    def steps(self) -> tuple[Step, ...]:
        return first_run_steps(self)

    @property
    def check_minutes(self) -> int:
        """About how long the back check takes, as its own start page says."""
        return intake_estimate().minutes

    @property
    def steps_done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def care_now(self) -> bool:
        """The triage that stands asks for care now or today: nothing may read as business as
        usual beside it (a getting-started checklist, a plan to see). Not once a clinician's
        check has answered it: the plan has started again."""
        standing = self.standing
        return standing is not None and standing.level in CARE_NOW and self.care_checked is None

    @property
    def draft_emergency(self) -> TriageResult | None:
        """An emergency answer in a back check stopped part-way (a tap kept, then the page
        left): it comes first, as on the back check's own pages."""
        return self.check_draft.emergency if self.check_draft else None

    @property
    def getting_started(self) -> bool:
        """A newcomer: show the guided start until the first three steps are done (reminders
        are offered, never required), unless care comes first."""
        if self.care_now or self.draft_emergency is not None:
            return False
        return not all(step.done for step in self.steps[:3])


def routine_url() -> str:
    """Today's guided routine; the page lives in the plans app."""
    return reverse("plans:session")


#: What the flare page offers, in a line: movement only while the plan offers exercise.
FLARE_HELP = "Gentle movement, breathing and positions that ease it."
#: The way out of a paused plan: the plan's paused notice links to "A clinician has checked me".
AFTER_A_CHECK = (
    " Once a clinician has checked you, tell us from your plan: it can start again gently."
)
PAUSED_FLARE_HELP = (
    "Your exercise plan is paused: breathing and positions that ease it, and where to get help."
)


def first_action(summary: HomeSummary) -> Action:
    """Where the person is decides what comes first: a running flare, then the journey."""
    if summary.open_episode is not None:
        # A plan paused for care offers no movement: the flare page says why and where to call.
        plan = summary.plan
        paused = summary.care_now or (plan is not None and plan.status == "care_first")
        return Action(
            "flare", "Help for your flare now", reverse("diary:episodes"),
            f"Your flare is running. {PAUSED_FLARE_HELP if paused else FLARE_HELP}",
        )  # fmt: skip
    if summary.care_now:
        # The result (or check-in) that asked for care says what to do and offers the call;
        # the paused plan only says that it waits. Thoughts of self-harm: the crisis text
        # above says what to do, not "once a clinician has seen you".
        crisis = summary.standing is not None and summary.standing.crisis
        return Action(
            "care", "See what to do now", summary.care_url or reverse("plans:plan"),
            "Your answers asked you to get care first, so the exercise plan is paused."
            + ("" if crisis else AFTER_A_CHECK),
        )  # fmt: skip
    if summary.latest_assessment is None and summary.check_draft is not None:
        draft = summary.check_draft
        return Action(
            "assess", "Continue your back check", draft.url,
            f"{draft.left_words} Your answers so far are kept until "
            f"{draft.kept_until.day} {draft.kept_until:%B}.",
        )  # fmt: skip
    if summary.latest_assessment is None:
        return Action(
            "assess", "Check my back", reverse("assessments:start"),
            "Warning signs first, then where it hurts. About "
            f"{intake_estimate().minutes} minutes; you can stop and come back.",
        )  # fmt: skip
    if summary.hard_now:
        return Action(
            "hard-day", "Help for a bad day", reverse("diary:episodes"),
            f"{summary.hard_now} Ease it first: {bad_day_ways(summary.heat_held)}. Exercise "
            "only as far as it eases.",
        )  # fmt: skip
    if summary.plan is None:
        return Action(
            "plan", "Get my plan", reverse("plans:plan"),
            "Your self-care plan, built from your check and graded by the evidence.",
        )  # fmt: skip
    if summary.routine_done_today and not summary.diary.logged:
        return Action(
            "checkin", "Check in now", reverse("diary:today"),
            f"{summary.done_words}. How is your back now? A check-in takes a few seconds.",
        )  # fmt: skip
    if summary.routine_done_today and not summary.has_reminders:
        # Progress has nothing to show on the first days: coming back tomorrow is what helps.
        return Action(
            "reminders", "Choose reminders", reverse("reminders:settings"),
            f"{summary.done_words} and you have checked in. A reminder helps you come back "
            "tomorrow: choose when, and how.",
        )  # fmt: skip
    if summary.routine_done_today:
        return Action(
            "done", "See your progress", reverse("progress:dashboard"),
            f"{summary.done_words} and you have checked in. Your progress shows what helps.",
        )  # fmt: skip
    if summary.routine is not None and not summary.routine.exercises:  # all swapped out
        return Action(
            "preferences", "Change my preferences", reverse("plans:preferences"), NONE_LEFT
        )
    return Action(
        "routine", "Start today's routine", routine_url(),
        f"{routine_words(summary.routine)}, at your own pace.",
    )  # fmt: skip


def bad_day_ways(heat_held: bool) -> str:
    """What eases a bad day, in a few words: heat only where the plan's screen offers it."""
    return "positions and breathing" if heat_held else "positions, heat and breathing"


#: Home's first card when every exercise of the routine was swapped out or ruled out.
NONE_LEFT = plan_text.NO_EXERCISES_LEFT


def routine_words(routine: RoutineSize | None) -> str:
    """ "Today's routine: 2 exercises, about 7 minutes" ("Today's exercises" without one)."""
    if routine is None or not routine.exercises:
        return "Today's exercises from your plan"
    count = f"{routine.exercises} exercise{'s' if routine.exercises != 1 else ''}"
    minutes = floatformat(routine.minutes, -1)  # as the session page writes it
    return f"Today's routine: {count}, about {minutes} minute{'s' if minutes != '1' else ''}"


def routine_size(raw: object) -> RoutineSize | None:
    """The exercises of a stored plan's routine, counted as ``sessions.todays_routine`` does."""
    if not isinstance(raw, list):
        return None
    known = exercises()
    items = [i for i in raw if isinstance(i, dict) and i.get("kind") == "exercise"]
    items = [i for i in items if i.get("slug") in known]
    minutes = sum(float(i.get("minutes") or 0) for i in items)
    return RoutineSize(len(items), minutes, tuple(str(i["slug"]) for i in items))


def first_run_steps(summary: HomeSummary) -> tuple[Step, ...]:
    draft = summary.check_draft if summary.latest_assessment is None else None
    return (
        Step(
            1, "Check my back",
            "Questions about your back and any warning signs. You learn how soon to get care."
            + (f" {draft.left_words}" if draft else ""),
            summary.latest_assessment is not None,
            draft.url if draft else reverse("assessments:start"),
            "Continue my back check" if draft else "Check my back",
            started=draft is not None,
        ),
        Step(
            2, "Get your plan",
            "Exercises and habits that suit you, each with how strong the evidence is.",
            # A plan paused for care has no exercises yet: not done.
            summary.plan is not None and summary.plan.status != "care_first",
            reverse("plans:plan"), "See my plan",
        ),
        Step(
            3, "Your first check-in",
            "Pain, stiffness and stress from 0 to 10. It takes a few seconds.",
            summary.has_checkins, reverse("diary:today"), "Check in",
        ),
        Step(
            4, "Reminders that fit your day",
            "Movement breaks, your routine and a weekly check, by notification, e-mail or "
            "your calendar.",
            summary.has_reminders, reverse("reminders:settings"), "Choose reminders",
        ),
    )  # fmt: skip


def home_summary(user: User) -> HomeSummary:
    today = local_today(user)
    latest = (  # the latest as the plan reads it (``planning.latest_assessment``)
        Assessment.objects.filter(user=user)
        # With the answers, a birth told and the plan preferences' pregnancy and due date:
        # "has your baby been born?" reads no more.
        .select_related("user__plan_preferences")
        .only(
            "id",
            "created_at",
            "level",
            "result",
            "findings",
            "pregnancy_ended_at",
            "birth_not_yet_on",
            "user__id",
            "user__plan_preferences__pregnant",
            "user__plan_preferences__due_date",
            "user__plan_preferences__birth_not_yet_on",
            "user__plan_preferences__due_date_told_at",
            "user__plan_preferences__updated_at",
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    diary = day_summary(user, today)
    plan = _latest_plan(user)
    has_checkins = (
        bool(diary.streak or diary.days_last_week) or CheckIn.objects.filter(user=user).exists()
    )
    comeback = coming_back(user, today) if has_checkins and latest is not None else None
    gap = comeback.gap if comeback is not None else None
    due = plan is not None and planning.update_due(
        plan.created_at, getattr(plan, "week_started", None),
        getattr(plan, "after_break", None), user, gap, plan.content_version,
    )  # fmt: skip
    if due:  # a week is up, a break restarts it or new content: the plan page's version, made now
        planning.current_plan(user)
        plan = _latest_plan(user)
    session = sessions.finished_today(user) if plan is not None else None
    routine = routine_size(getattr(plan, "routine", None))
    standing = standing_for(user, latest)
    summary = HomeSummary(
        latest_assessment=latest,
        standing=standing,
        diary=diary,
        open_episode=SpasmEpisode.objects.filter(user=user, ended_at__isnull=True).first(),
        plan=plan,
        session_today=session,
        session_hurt=session is not None and sessions.hurt_in(session),
        routine_done=sessions.done_today(user, routine.slugs if routine else ())
        if session is not None
        else sessions.DoneToday(),
        has_checkins=has_checkins,
        has_reminders=Reminder.objects.filter(user=user, enabled=True).exists(),
        routine=routine,
        progress=progress_headline(user, today) if plan is not None else "",
        check_draft=check_draft(user),
        comeback=comeback,
        care_checked=(cover := checked_cover(user, latest, standing)),
        care_checked_line=checked_line(user) if cover is not None else "",
    )
    if summary.first_action.kind == "hard-day":  # the one card that names heat: read for it
        summary = replace(summary, heat_held=heat_held_back(user))
    return summary


def _latest_plan(user: User) -> Plan | None:
    """The latest version, with only what home reads of its body: the plan page reads the
    same version (``planning.current_plan``), so both say the same week."""
    return (
        Plan.objects.filter(user=user)
        .order_by("-created_at", "-pk")  # as ``planning.latest_plan``: a version of the same
        .only("id", "created_at", "status", "week", "content_version")  # instant is the later one
        .annotate(  # the routine only, not the whole plan
            routine=F("body__routine"),
            week_started=F(f"body__{planning.WEEK_STARTED_KEY}"),
            after_break=F(f"body__{planning.BREAK_KEY}"),
        )
        .first()
    )


def check_draft(user: User) -> CheckDraft | None:
    """The person's back check in progress, as its start page reads it."""
    store = AccountDrafts(user)
    draft = store.read()
    if draft is None:
        return None
    resume = wizard.resume_step(store)
    return CheckDraft(
        resume=resume,
        left=intake_estimate(resume),
        kept_until=user.local_date(draft.kept_until),
        emergency=wizard.early_emergency(draft.answers),
        told_ages=wizard.ages_told(draft.answers),
    )


def progress_headline(user: User, today: date) -> str:
    """The progress page's first sentence, worked out again only when the diary changes."""
    return per_person(user, "headline", today, build=lambda: headline(user.pk, today))
