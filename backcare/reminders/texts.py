"""What each reminder says, on every channel. The movement break and the night wake-up rest
on reviewed content items (movement-breaks, anti-nap), so they carry those items' evidence
grade and sources; the night wake-up, whose evidence is insufficient, is only ever offered
as something to try, never as an instruction.

A reminder says what the person's plan says: while the plan puts care first, the routine and
the night wake-up say the exercise plan is paused and point to the plan; the night wake-up
leaves out an option their safety conditions hold back (heat for someone who cannot feel
it), as the library and toolbox do.

While the plan is paused for care, the reminders to exercise or move (movement breaks, the
daily routine, the night wake-up) are held: not sent and left out of the calendar, until the
plan resumes (``HELD_WHILE_PAUSED``). The weekly check goes on.

A reminder whose item is not for someone with a factor their back check found (the item's
``[not_when]``: the night wake-up and poor sleep) is not offered to them (``not_for_you``);
nor is one whose item is only information (not a recommendation: the night wake-up) when
their back check found none of the factors it is for (its ``addresses``: stiff mornings,
features of inflammatory back pain), as its own first step says: "only if mornings are your
worst time".
One they turned on themselves goes on as they set it, but says, in every channel, that it
may not suit them now and where to see why: an alarm they chose is never stopped behind
their back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.urls import reverse

from backcare.accounts.models import User
from backcare.assessments import clinician_cover
from backcare.assessments.presenting import factors_url
from backcare.diary.standing import standing_for
from backcare.domain.content import citations_in_line
from backcare.domain.interventions import intervention
from backcare.domain.levels import CARE_NOW
from backcare.plans.library import ForYou, citations, for_you, grade_word
from backcare.plans.planning import latest_assessment, latest_plan, safety_reasons

ANTI_NAP_SLUG = "anti-nap"
#: The content item each reminder kind suggests, whose evidence it carries.
REMINDER_ITEMS = {"movement": "movement-breaks", "anti_nap": ANTI_NAP_SLUG}


#: Kinds whose text depends on the person's plan; the others are the same for everyone.
PERSONAL_KINDS = frozenset({"routine", "anti_nap"})
#: Reminders to exercise or move: held while the plan is paused for care (not sent, not in
#: the calendar), as they were set until it resumes. The weekly check goes on.
HELD_WHILE_PAUSED = frozenset({"movement", "routine", "anti_nap"})
#: Kinds for which a delivery or the calendar reads the person's plan.
PLAN_KINDS = PERSONAL_KINDS | HELD_WHILE_PAUSED


@dataclass(frozen=True)
class NightOption:
    slugs: tuple[str, ...]  # held back if any of these is
    short: str  # in the notification
    step: str  # in the longer text, as the anti-nap's own step words it


HEAT_OPTION = NightOption(("superficial-heat",), "a warm pack", "a warm pack")
#: What the night wake-up suggests, each a plan item a safety condition may hold back.
NIGHT_OPTIONS = (
    NightOption(
        ("knee-rocking", "pelvic-tilts"),
        "knee rocking",
        "a few easy movements in bed (knee rocking, pelvic tilts)",
    ),
    HEAT_OPTION,
    NightOption(("self-massage-ball",), "self-massage", "a little self-massage"),
)
NIGHT_SLUGS = tuple(slug for option in NIGHT_OPTIONS for slug in option.slugs)


@dataclass(frozen=True)
class ReminderText:
    title: str
    body: str  # one or two sentences for a notification
    details: str = ""  # longer text for e-mail and calendar descriptions
    link: str = ""  # a page to open instead of the reminders page (the plan, when paused)
    #: The page the reminder is about (the session start page for the routine): the
    #: calendar event's URL and link. ``link``, when set, comes first.
    page: str = ""
    grade: str = ""  # the suggested item's evidence grade ("" when it suggests none)
    references: tuple[str, ...] = ()  # and its sources
    body_says_evidence: bool = False  # the body already says how strong the evidence is

    @property
    def grade_label(self) -> str:
        return grade_word(self.grade)

    @property
    def citations(self) -> list[dict[str, str]]:
        return citations(self.references)

    @property
    def notification(self) -> str:
        """The body as a phone shows it: with the grade in a word, since a notification has
        no room for sources (the page it opens lists them)."""
        if not self.grade or self.body_says_evidence:
            return self.body
        return f"{self.body} Evidence: {self.grade_label}."

    @property
    def evidence_line(self) -> str:
        """Grade and sources in one line of plain text, for e-mail and calendar events."""
        if not self.grade:
            return ""
        sources = citations_in_line(c["citation"] for c in self.citations)
        return f"Evidence: {self.grade_label}. Sources: {sources}"


@dataclass(frozen=True)
class NotForYou:
    """Why a reminder's item is not suggested for the person: a factor their latest back
    check found that the item's content says it is not for."""

    factor: str  # the factor's id ("poor_sleep"); "" when what it is for was not found
    title: str  # its name as their result shows it ("Poor sleep")
    told: str  # what they answered that found it, in their words ("You said ...")
    note: str  # the item's own words on why it is not for them
    link: str  # their back check's "What may be contributing"


#: In every channel, for a reminder the person turned on that is not suggested for them:
#: no condition named, as e-mails and calendars are less private than the signed-in page.
NOT_FOR_YOU_LINE = (
    "Your latest back check suggests this may not suit you now: see why on the reminders "
    "page in backcare, where you can turn it off."
)


#: Beside an information-only item their back check found nothing it is for (the night
#: wake-up's own first step: "only if mornings are your worst time").
NOT_FOUND_NOTE = (
    "It is only for people whose mornings are their worst time, and your latest back check "
    "did not find that."
)


def not_for_you(user: User) -> dict[str, NotForYou]:
    """Reminder kind -> why its item is not for the person, for each kind whose item's
    ``not_when`` names a factor of their latest back check, or whose item is information
    only (never a recommendation) and is for none of the factors it found."""
    assessment = latest_assessment(user)
    if assessment is None:
        return {}
    found = {str(f["id"]): f for f in assessment.factors if isinstance(f, dict) and f.get("id")}
    link = factors_url(assessment)
    held = {}
    for kind, slug in REMINDER_ITEMS.items():
        item = intervention(slug)
        unsuited = item.unsuited_for(found)
        if unsuited:
            factor, note = unsuited[0]
            why = found[factor].get("why") or ()
            told = " ".join(str(w) for w in why) if isinstance(why, list) else ""
            title = str(found[factor].get("title") or factor.replace("_", " ").capitalize())
            held[kind] = NotForYou(factor, title, told, note, link)
        elif not item.recommendable and not item.addresses & found.keys():
            held[kind] = NotForYou("", "", "", NOT_FOUND_NOTE, link)
    return held


@dataclass(frozen=True)
class PersonFacts:
    """What a person's plan and safety conditions change in their reminders."""

    care_first: bool = False
    night: Mapping[str, ForYou] = field(default_factory=dict)  # NIGHT_SLUGS -> verdict
    #: The night wake-up's item is not for them (``not_for_you``).
    night_not_for_you: bool = False


def plan_paused(user: User) -> bool:
    """The person's plan is paused for care: their latest stored plan is care-first, or
    advice to get care today or now stands that it was not built on (a check-in or back
    check since, which the plan page would rebuild it for); with no plan yet, such advice
    standing from a check-in, as the flare page reads it.

    Read only: a calendar service fetching the feed, a delivery or the reminders page never
    builds, progresses or saves the plan (opening the plan does), so the plan's week starts
    when the person opens it, not when a calendar happens to refresh."""
    plan = latest_plan(user)
    if plan is not None and plan.status == "care_first":
        return True
    assessment = latest_assessment(user)
    standing = standing_for(user, assessment)
    level = standing.level if standing else None
    if plan is None:  # a back check not yet opened as a plan counts, as a check-in does
        return level in CARE_NOW
    if level not in CARE_NOW:
        return False
    # Resumed by a clinician's check that no longer covers every sign (one raised since, or
    # a newer "other advice"): paused again, as the plan page would rebuild it.
    return plan.body.get("triage_level") != level or (
        assessment is not None and clinician_cover.cover_changed(user, plan.body, assessment)
    )


def held(kind: str, person: PersonFacts) -> bool:
    """A reminder of ``kind`` is held now: it asks for exercise while the plan is paused."""
    return person.care_first and kind in HELD_WHILE_PAUSED


def night_verdicts(user: User) -> dict[str, ForYou]:
    """What the person's safety conditions say about each night-time option: the plan's own
    screen (``planning.safety_reasons``), so warmth held back on the plan is left out here."""
    reasons = safety_reasons(user)
    return {slug: for_you(slug, reasons) for slug in NIGHT_SLUGS}


def person_facts(user: User) -> PersonFacts:
    """Read once per delivery or calendar: the plan's status (as the plan page builds it)
    and what the person's conditions say about each night-time option."""
    return PersonFacts(
        care_first=plan_paused(user),
        night=night_verdicts(user),
        night_not_for_you="anti_nap" in not_for_you(user),
    )


def facts_for(user: User, kind: str) -> PersonFacts:
    """``person_facts`` when a reminder of ``kind`` depends on the plan, else the general."""
    return person_facts(user) if kind in PLAN_KINDS else PersonFacts()


def text_for(user: User, kind: str) -> ReminderText:
    """``reminder_text`` for one reminder of ``user``; reads the plan only when it matters."""
    return reminder_text(kind, facts_for(user, kind))


@dataclass(frozen=True)
class LeftOut:
    """A night-time option held back for the person, as the signed-in page says it."""

    option: str  # "a warm pack"
    verdict: ForYou  # the plan's verdict on it: why, and the content's own words


def anti_nap_context(user: User) -> dict[str, object]:
    """The reviewed anti-nap item, for the reminders page to say what it is: its steps
    without the options the person's safety screen holds back, and each of those with the
    reason (the signed-in page may name it; e-mails and calendars do not)."""
    night = night_verdicts(user)
    left_out = [
        LeftOut(o.short, next(night[s] for s in o.slugs if night[s].held_back))
        for o in NIGHT_OPTIONS
        if _held(o, night)
    ]
    item = intervention(ANTI_NAP_SLUG)
    return {
        "anti_nap": replace(item, summary=night_summary(night)),
        "anti_nap_steps": night_steps(night),
        "anti_nap_left_out": left_out,
    }


#: The anti-nap item's one-line summary names warmth; without heat it says movement alone.
SUMMARY_WITHOUT_HEAT = ("move or warm the back", "move the back")


def night_summary(night: Mapping[str, ForYou]) -> str:
    """The anti-nap item's one-line summary, without warmth when ``night`` holds heat back."""
    summary = intervention(ANTI_NAP_SLUG).summary
    return summary.replace(*SUMMARY_WITHOUT_HEAT) if _held(HEAT_OPTION, night) else summary


def night_steps(night: Mapping[str, ForYou]) -> tuple[str, ...]:
    """The anti-nap item's steps without the options held back in ``night``: the step that
    lists the options is rewritten from the ones kept, and a step about one held-back option
    alone (taking a warm pack off before sleep) is left out."""
    steps = intervention(ANTI_NAP_SLUG).what_to_do
    held = [o for o in NIGHT_OPTIONS if _held(o, night)]
    if not held:
        return steps
    kept = [o.step for o in NIGHT_OPTIONS if o not in held]
    shown = []
    for step in steps:
        named = [o for o in NIGHT_OPTIONS if o.step in step]
        if len(named) > 1:
            shown.append(_night_step(kept))
        elif not named or named[0] not in held:
            shown.append(step)
    return tuple(shown)


def anti_nap_details(night: Mapping[str, ForYou] | None = None) -> str:
    """The reviewed item in full (its grade and sources travel as ``ReminderText.grade`` and
    ``references``); with ``night``, the options held back for the person are left out of
    its steps, and a line says what is left out and what to adapt."""
    item = intervention(ANTI_NAP_SLUG)
    night = night or {}
    held = [o for o in NIGHT_OPTIONS if _held(o, night)]
    lines = "\n".join(f"- {step}" for step in night_steps(night))
    personal = "".join(f"\n\n{line}" for line in _night_notes(held, night))
    return (
        f"{night_summary(night)}\n\n{lines}{personal}\n\n"
        f"This is a practice some people use, not a tested treatment. {item.evidence.note}"
    )


def _graded(text: ReminderText, kind: str) -> ReminderText:
    """``text`` with the evidence of the content item that reminders of ``kind`` suggest."""
    evidence = intervention(REMINDER_ITEMS[kind]).evidence
    return replace(text, grade=evidence.grade, references=evidence.references)


def _held(option: NightOption, night: Mapping[str, ForYou]) -> bool:
    return any(night[s].held_back for s in option.slugs if s in night)


def _night_step(kept: list[str]) -> str:
    if not kept:
        return "None of the options suits you now: turn this reminder off on the reminders page."
    return f"Spend 2–5 minutes on {_either(kept)}, then go back to sleep."


def _night_notes(held: list[NightOption], night: Mapping[str, ForYou]) -> list[str]:
    """What is left out, and what to adapt, without naming the condition: e-mails, calendar
    feeds and reminder links are less private than the signed-in pages that say why."""
    notes = []
    for option in held:
        verdict = next(night[s] for s in option.slugs if s in night and night[s].held_back)
        notes.append(
            f"Left out for you: {option.short} ({verdict.verdict.lower()}). "
            "Your plan in backcare says why."
        )
    adapted = [
        o.short for o in NIGHT_OPTIONS if o not in held and any(_adapted(s, night) for s in o.slugs)
    ]
    if adapted:
        notes.append(
            f"Adapt {_both(adapted)} for you: see how in backcare before you try it at night."
        )
    return notes


def _adapted(slug: str, night: Mapping[str, ForYou]) -> bool:
    return bool(night.get(slug, ForYou()).notes)


def _both(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def reminder_text(kind: str, person: PersonFacts | None = None) -> ReminderText:
    """What a reminder of ``kind`` says; ``person`` is what their plan changes (none: the
    general text)."""
    person = person or PersonFacts()
    if person.care_first and kind in PERSONAL_KINDS:
        return ReminderText(
            "Your exercise plan is paused",
            "Getting the right care comes first. Open your plan to see what to do now.",
            "Your plan is paused until a clinician has seen you. It says who to contact and "
            "what to do meanwhile; get help at once if a new warning sign appears.",
            reverse("plans:plan"),
            page=reverse("plans:plan"),
        )
    if kind == "movement":
        text = ReminderText(
            "Time to move",
            "Stand up, walk or stretch for two or three minutes, then carry on.",
            "Long spells of sitting stiffen the back; a short break every hour or so may help.",
            page=reverse("plans:plan"),
        )
        return _graded(text, kind)
    if kind == "routine":
        return ReminderText(
            "Your daily routine",
            "Time for today's exercises from your plan. A few easy minutes count.",
            "Open your plan in backcare to see today's exercises and how much to do.",
            page=reverse("plans:session"),
        )
    if kind == "weekly_check":
        return ReminderText(
            "Your weekly check",
            "How did this week go? A short check keeps your plan in step with you.",
            "Fill in this week's questionnaire and look at your progress in backcare.",
            page=reverse("plans:progress"),
        )
    body, details = _night_body(person), anti_nap_details(person.night)
    if person.night_not_for_you:
        body, details = f"{body} {NOT_FOR_YOU_LINE}", f"{NOT_FOR_YOU_LINE}\n\n{details}"
    night = ReminderText(
        "Night wake-up", body, details, page=reverse("reminders:settings") + "#anti_nap"
    )
    return _graded(replace(night, body_says_evidence=True), kind)


def _night_body(person: PersonFacts) -> str:
    """Something to try, never an instruction: no study has tested the practice."""
    kept = [o.short for o in NIGHT_OPTIONS if not _held(o, person.night)]
    if not kept:
        return _night_step([])
    body = (
        f"You could try two to five minutes of {_either(kept)}, then back to sleep. "
        "The evidence for this is limited."
    )
    if HEAT_OPTION.short in kept:  # the heat content's own caution, at the moment it matters
        body += " Never fall asleep on a warm pack."
    return body
