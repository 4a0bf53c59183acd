"""The insights page and its JSON twin: relief per intervention and lagged associations.

Figures come from the domain (``effects_from_ratings``, and ``links_from_days``: the lagged
associations and their paired days from the diary's daily figures). The database adds up
those daily figures and hands over the relief ratings (``load_daily_figures``,
``load_relief_ratings``), so years of check-ins are never read one by one; ``insights_from``
computes the same page from check-in records. What this module adds is the "not yet" side:
for every intervention with too few ratings and every link with too few paired days it says
how far along it is, so the page never shows a shaky number and never leaves the person
guessing why. A rating never turns into a recommendation: an option the plan may not
recommend (a medicine, or one graded ``insufficient`` or ``against``) keeps its figures but
is described only in its own content's words.

Relief counts days, not ratings: each option's day is the mean of that day's ratings, an option
shows from ``MIN_DAYS`` days rated, and its interval is widened for day-to-day correlation
(``relief_effect`` in the domain, the one function behind every relief interval shown).
One option is said to help *most* only when its 95 % interval, as the page prints it (to one
decimal), lies wholly above every other option's; otherwise the options whose intervals
overlap the top one's are said to help about the same (``Insights.summary``). A finished
self-experiment's answer is shown on the cards of both its options, and an option it has
compared is not offered another experiment as its next step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from backcare.domain.associations import (
    CAVEAT,
    LINKS,
    MIN_CHANGES,
    MIN_PAIRS,
    Association,
    DailyFigures,
    changes_per_link,
    daily_figures,
    links_from_days,
)
from backcare.domain.exercises import exercises
from backcare.domain.insights import (
    MIN_DAYS_FOR_AUTOCORRELATION,
    CheckInRecord,
    DayRatings,
    Effect,
    days_rated,
    effects_from_ratings,
    relief_ratings,
)
from backcare.domain.interventions import interventions
from backcare.domain.progression import TOOLBOX_RELIEF, flare_exclusion
from backcare.plans.library import ForYou, evidence_of, for_you, grade_word
from backcare.progress.experiments import experiment_findings
from backcare.progress.options import label, labels
from backcare.progress.records import load_daily_figures, load_relief_ratings

#: Days an option must be rated on before its figures show (several ratings a day count once).
MIN_DAYS = 5
#: Mean relief (0-10) from which an option is "kept ready" (the toolbox's "helps you", and the
#: weekly suggestion to pin it), and below which "it has not helped you much so far".
KEEP_READY_AT = TOOLBOX_RELIEF
HELPS_A_LITTLE_AT = 3
NOTHING_HELD = ForYou()
#: A small, safe next step for each link between days (general habits, never treatment),
#: with the content item whose grade and sources it rests on.
LINK_NEXT_STEPS = {
    "stress_to_next_day_pain": (
        "On a stressful day, try a few minutes of slow breathing before bed, and see whether "
        "the next day is easier.",
        "slow-exhale-breathing",
    ),
    "sleep_to_morning_stiffness": (
        "A pillow between or under the knees eases the back for many people; a gentle "
        "stretch on waking helps the stiffness pass.",
        "pillow-between-knees",
    ),
    "sitting_to_evening_pain": (
        "Stand up, stretch or walk for a few minutes every hour you sit.",
        "movement-breaks",
    ),
}


@dataclass(frozen=True)
class Standing:
    """What the content says about an option, whoever rated it: whether the plan may
    recommend it and, if not, its own statement and cautions (as the plan's information
    items show them); and its own note if it is kept out of a flare."""

    recommendable: bool = True
    statement: str = ""
    cautions: tuple[str, ...] = ()
    flare_note: str = ""


RECOMMENDABLE = Standing()


@dataclass(frozen=True)
class ShownEffect:
    """The domain's ``Effect`` with the option's display name, in plain words, what the
    person's safety conditions say about the option (``for_you``, as the library shows it)
    and what its content says (``standing``)."""

    label: str
    effect: Effect
    best: bool = False
    for_you: ForYou = NOTHING_HELD
    standing: Standing = RECOMMENDABLE
    #: What the person's finished self-experiments with this option found, newest first.
    findings: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        days = f"{self.effect.n} day{'' if self.effect.n == 1 else 's'}"
        figures = f"{self.effect.mean:.1f} out of 10 relief, rated on {days}"
        if self.best and self.standing.recommendable:
            return f"{self.label} helps you most: {figures}."
        return f"{self.label}: {figures}."

    @property
    def evidence(self) -> dict[str, Any] | None:
        """The grade and sources behind what the card says; none when it only says why the
        option is held back for the person."""
        if self.standing.recommendable and self.for_you.held_back:
            return None
        return evidence_of(self.effect.slug)

    @property
    def next_step(self) -> str:
        # The person's own figures stand (the headline), but something the plan may not
        # recommend gets only what the content says about it, never encouragement.
        if not self.standing.recommendable:
            return " ".join((self.standing.statement, *self.standing.cautions)).strip()
        if self.for_you.held_back:  # never "keep it ready" for what the plan holds back
            return f"{self.for_you.verdict}: {self.for_you.reason}."
        if self.effect.mean >= KEEP_READY_AT and self.standing.flare_note:
            return self.standing.flare_note  # its content keeps it out of a flare
        if self.effect.mean >= KEEP_READY_AT:
            return "Keep it ready for the days your back stiffens or spasms."
        if self.effect.mean >= HELPS_A_LITTLE_AT and self.findings:  # compared: say what was found
            return "It helps a little."
        if self.effect.mean >= HELPS_A_LITTLE_AT:
            return "It helps a little. A self-experiment can show whether it beats another option."
        return "It has not helped you much so far. Your plan has other options to try."


@dataclass(frozen=True)
class PendingEffect:
    """An intervention rated on fewer than ``MIN_DAYS`` days: not shown as a figure yet."""

    slug: str
    label: str
    n: int  # days rated so far
    needed: int  # more days rated before a figure is shown


@dataclass(frozen=True)
class LinkStatus:
    id: str
    cause: str
    effect: str
    paired_days: int
    min_pairs: int
    association: Association | None  # None until tested
    message: str  # what the page says about this link, with its figures
    plain: str = ""  # the same in plain words, without figures
    next_step: str = ""
    next_item: str = ""  # the content item the next step rests on

    @property
    def evidence(self) -> dict[str, Any] | None:
        return evidence_of(self.next_item) if self.next_step else None


@dataclass(frozen=True)
class Insights:
    effects: tuple[ShownEffect, ...]
    pending: tuple[PendingEffect, ...]
    links: tuple[LinkStatus, ...]
    min_days: int = MIN_DAYS
    #: From how many days an option's interval is widened for day-to-day correlation.
    min_days_for_autocorrelation: int = MIN_DAYS_FOR_AUTOCORRELATION
    min_pairs: int = MIN_PAIRS
    caveat: str = CAVEAT
    #: When the top-rated options cannot be told apart: "Progressive walking and warmth on
    #: the sore area help you about the same, as far as your ratings can tell."
    summary: str = ""


def build_insights(
    user_id: int,
    reasons: Mapping[str, str] | None = None,
    paused: ForYou | None = None,
    today: date | None = None,
) -> Insights:
    """``reasons``: the person's safety conditions (``planning.safety_reasons``), so an
    option the plan holds back is not suggested; part of the cache key (``reasons_key``).
    ``paused``: what to say of every option while the plan puts care first (it offers none).
    ``today``: the person's day (``User.local_date``), which says which experiments ended."""
    days, ratings = load_daily_figures(user_id), load_relief_ratings(user_id)
    return insights_of(days, ratings, reasons, paused, experiment_findings(user_id, today))


def reasons_key(reasons: Mapping[str, str]) -> str:
    """A short cache-key part for ``reasons``: ticking a condition does not change the data
    version, but must change what the page says."""
    return hashlib.sha256(repr(sorted(reasons.items())).encode()).hexdigest()[:16]


def insights_from(records: list[CheckInRecord]) -> Insights:
    """The same insights from check-in records (with imported measures already filled in)."""
    return insights_of(daily_figures(records), relief_ratings(records))


def insights_of(
    days: DailyFigures,
    ratings: Mapping[str, DayRatings],
    reasons: Mapping[str, str] | None = None,
    paused: ForYou | None = None,
    findings: Mapping[str, tuple[str, ...]] | None = None,
) -> Insights:
    """``findings``: what finished self-experiments found, by option (``experiment_findings``)."""
    effects = effects_from_ratings(ratings, min_days=MIN_DAYS, labels=labels())
    shown = []
    for index, effect in enumerate(effects):
        standing = standing_of(effect.slug)
        best = index == 0 and stands_out(effects) and standing.recommendable and paused is None
        verdict = paused or for_you(effect.slug, reasons or {})
        found = (findings or {}).get(effect.slug, ())
        shown.append(ShownEffect(label(effect.slug), effect, best, verdict, standing, found))
    summary = "" if paused else about_the_same(shown)
    return Insights(tuple(shown), _pending(ratings, effects), _links(days), summary=summary)


def _printed(value: float) -> float:
    return round(value, 1)  # as the page prints an interval's ends


def overlaps(one: Effect, other: Effect) -> bool:
    """Whether two 95 % intervals, as printed, share any value: the ratings cannot tell the
    two options apart."""
    low, high = _printed(one.ci_low), _printed(one.ci_high)
    return low <= _printed(other.ci_high) and _printed(other.ci_low) <= high


def stands_out(effects: Sequence[Effect]) -> bool:
    """Whether the first (highest-rated) of two or more effects has an interval clear of,
    and above, every other's: only then may it be said to help most."""
    return len(effects) > 1 and not any(overlaps(effects[0], other) for other in effects[1:])


def about_the_same(shown: Sequence[ShownEffect]) -> str:
    """When the top-rated option does not stand out: the options (those the plan may
    recommend) whose intervals overlap its own, said to help about the same."""
    effects = [item.effect for item in shown]
    if len(effects) < 2 or stands_out(effects):
        return ""
    close = [
        item.label
        for item in shown
        if item.standing.recommendable and overlaps(item.effect, effects[0])
    ]
    if len(close) < 2:
        return ""
    names = [close[0], *(_in_sentence(name) for name in close[1:])]
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{listed} help you about the same, as far as your ratings can tell."


def _in_sentence(name: str) -> str:
    """A display name inside a sentence: "warmth on the sore area", but "TENS machines"."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def standing_of(slug: str) -> Standing:
    """What the content says about ``slug``; the plan's own rules decide what it may
    recommend (``Intervention.recommendable``, an exercise's grade)."""
    item, ex = interventions().get(slug), exercises().get(slug)
    if item is not None and not item.recommendable:
        return Standing(False, item.statement, tuple(s.note for s in item.screens))
    if ex is not None and not ex.evidence.recommendable:
        # Exercises have no statement of their own: their grade and evidence note instead.
        statement = f"Evidence: {grade_word(ex.evidence.grade)}. {ex.evidence.note}"
        return Standing(False, statement, tuple(c.note for c in ex.cautions))
    if item is None and ex is None:
        return Standing(False)  # no longer in the content: nothing to say for it
    return Standing(flare_note=flare_exclusion(slug, exercises(), interventions()))


def _pending(
    ratings: Mapping[str, DayRatings], shown: tuple[Effect, ...]
) -> tuple[PendingEffect, ...]:
    done = {effect.slug for effect in shown}
    pending = [
        PendingEffect(slug, label(slug), days, MIN_DAYS - days)
        for slug, by_day in ratings.items()
        if slug not in done and (days := days_rated(by_day))
    ]
    return tuple(sorted(pending, key=lambda item: (item.needed, item.label)))


def _links(days: DailyFigures) -> tuple[LinkStatus, ...]:
    found_links, pairs = links_from_days(days)
    tested = {association.id: association for association in found_links}
    statuses = []
    for spec in LINKS:
        found = tested.get(spec.id)
        n = pairs.get(spec.id, 0)
        plain, next_step, next_item = "", "", ""
        if found is not None:
            message = found.wording
            if found.notable:
                plain = f"{spec.higher if found.r > 0 else spec.lower}."
                next_step, next_item = LINK_NEXT_STEPS.get(spec.id, ("", ""))
            else:
                plain = f"No clear link yet between {spec.cause_label} and {spec.effect_label}."
        elif n < MIN_PAIRS:
            message = (
                f"{n} of {MIN_PAIRS} paired days so far: a link between {spec.cause_label} and "
                f"{spec.effect_label} is checked once there are {MIN_PAIRS}."
            )
        elif (changes := changes_per_link(days)[spec.id]) < MIN_CHANGES:
            message = (
                f"{n} paired days, but only {changes} of them come the day after another paired "
                "day. A link compares how things changed from one day to the next, so it is "
                f"checked once {MIN_CHANGES} do."
            )
        else:
            message = (
                f"{n} paired days, but {spec.cause_label} or {spec.effect_label} hardly varied, "
                "so there is nothing to compare yet."
            )
        statuses.append(
            LinkStatus(
                spec.id,
                spec.cause_label,
                spec.effect_label,
                n,
                MIN_PAIRS,
                found,
                message,
                plain,
                next_step,
                next_item,
            )
        )
    return tuple(statuses)
