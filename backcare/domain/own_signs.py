"""The person's own warning signs, each with its own timeframe, and everyone's "when to get
help" list without the signs they already have (nor a later timeframe for one).

A result "speak to a clinician today" for night pain must not sit above a list that says
"see a clinician in the next few days if pain is worse at night". And a sign answered "not
sure" has two timeframes that must both be said, in that order: the one for not being sure
now, and the one for once it is clear they have it (or it gets worse), which may be more
urgent.

A daily check-in's "anything new?" answers may advise more urgent care after the back check
(``standing_triage``). What they raised is the person's own too: it is listed with the day it
was said, at its own level, and the more urgent of two timeframes for one sign is the one
said (a check-in never softens the back check, nor the back check a check-in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

from backcare.domain import plan_text
from backcare.domain.clinician_checks import FINE, ToldCheck
from backcare.domain.levels import CARE_NOW
from backcare.domain.personal_warnings import already_said
from backcare.domain.phones import Phones, check_place_tokens, for_place
from backcare.domain.triage import LEVELS, Level, in_order, rule_book

#: How soon, for each level, as the start of a sentence; the place words name the person's
#: own services (``phones.for_place``: "Call 999 now" in the UK, every number where the place
#: is not known).
WHEN: Mapping[str, str] = {
    "emergency": "Call {emergency_number} now",
    "urgent": "Speak to a clinician today, or call {urgent_line}",
    "soon": "See a clinician in the next few days",
}
#: A sign answered "not sure" whose "yes" asks for sooner care: the second timeframe.
IF_SURE = "If it becomes clear you have it, or it gets worse: {when}."
#: The one timeframe when being sure would not change it.
SAME_IF_SURE = "The same if it becomes clear you have it."
#: One of the person's own signs that a clinician's check they told us about covers, on the
#: plan that check resumed (``checked``): when, and how soon to get help should it come back
#: or get worse, at the sign's own level: the same day for "today", and an emergency's "call
#: now" word for word (``AGAIN``). The result keeps the sign's timeframe as it was.
CHECKED = "You told us a clinician checked this on {day}. If it comes back or gets worse: {again}."
#: The same, said once above two or more such signs checked on one day at one level
#: (``checked_together``), each then listed by its title alone.
CHECKED_TOGETHER = (
    "You told us a clinician checked these on {day}. If one comes back or gets worse: {again}."
)
AGAIN: Mapping[str, str] = {
    "emergency": "call {emergency_number} now",
    "urgent": "speak to a clinician the same day, or call {urgent_line}",
}


@dataclass(frozen=True)
class OwnSign:
    """One warning sign from the person's own answers, with how soon to act on it."""

    title: str
    level: Level
    when: str  # "Speak to a clinician today."
    if_sure: str  # for a sign answered "not sure": what to do once sure, else ""
    not_sure: bool
    findings: tuple[str, ...] = ()
    said_on: date | None = None  # raised by a check-in: its day; None for the back check
    rule_id: str = ""  # the triage rule that raised it
    checked_on: date | None = None  # a clinician's check told to cover it: its day (``checked``)


@dataclass(frozen=True)
class RaisedSince:
    """A check-in since the back check whose "anything new?" answers advised care: the
    person's own day it belongs to, and its stored triage reasons."""

    day: date
    reasons: tuple[Mapping[str, Any], ...]


def own_signs(
    reasons: Iterable[Mapping[str, Any]],
    raised: Iterable[RaisedSince] = (),
    phones: Phones | None = None,
) -> tuple[OwnSign, ...]:
    """The person's warning signs (the back check's stored triage reasons, and those of the
    check-ins since that advised care), how soon naming the services of ``phones``' place
    (without it, the words that give every number), most urgent first; within a level,
    what a check-in raised (newest first) before the back check's, and signs answered "not
    sure" after the sure ones; within one saying, in the order its result lists them
    (``triage.in_order``: the more specific rule first). A sign said more than once at one
    level is listed once, from its newest saying; one that a more urgent sign already names
    is not listed at its later timeframe."""
    said: list[tuple[Mapping[str, Any], date | None]] = [(r, None) for r in in_order(reasons)]
    said += [(reason, check.day) for check in raised for reason in in_order(check.reasons)]
    signs = [sign for reason, day in said if (sign := _sign(reason, day, phones)) is not None]
    ranked = sorted(signs, key=_order)
    once = [s for i, s in enumerate(ranked) if not any(_same(s, t) for t in ranked[:i])]
    return tuple(s for s in once if not _said_sooner(s, once))


def stop_reasons(
    reasons: Iterable[Mapping[str, Any]], raised: Iterable[RaisedSince] = ()
) -> list[Mapping[str, Any]]:
    """Every stored reason behind :func:`own_signs`, for :func:`generic_stop_rules`."""
    return [*reasons, *(reason for check in raised for reason in check.reasons)]


def when(level: str, phones: Phones | None = None) -> str:
    """How soon for ``level`` (``WHEN``), in the words of ``phones``' place."""
    return for_place(check_place_tokens(WHEN[level], f"own signs {level}"), phones)


def _sign(reason: Mapping[str, Any], said_on: date | None, phones: Phones | None) -> OwnSign | None:
    """One stored triage reason as a sign, or None below "see a clinician"."""
    level = cast(Level, reason.get("level"))
    if level not in WHEN:
        return None
    not_sure = bool(reason.get("not_sure"))
    levels = {rule.id: rule.level for rule in rule_book().rules}
    sure_level = levels.get(str(reason.get("rule_id")), level)
    if_sure = ""
    if not_sure:
        sooner = LEVELS.index(sure_level) < LEVELS.index(level)
        then = when(sure_level, phones)  # "call Triple Zero (000) now": only its first letter
        if_sure = IF_SURE.format(when=then[:1].lower() + then[1:]) if sooner else SAME_IF_SURE
    findings = tuple(str(f) for f in reason.get("finding_ids", ()))
    title, now = str(reason.get("title")), f"{when(level, phones)}."
    rule_id = str(reason.get("rule_id") or "")
    return OwnSign(title, level, now, if_sure, not_sure, findings, said_on, rule_id)


def checked(
    signs: Iterable[OwnSign],
    checks: Iterable[ToldCheck],
    back_check_day: date,
    phones: Phones | None = None,
) -> tuple[OwnSign, ...]:
    """``signs`` as a plan that a clinician's check resumed says them: each at a level that
    pauses a plan whose rule a told check covers (the newest told for it, dated on or after
    the day the sign was raised: ``said_on``, or ``back_check_day``, said "self-care is
    fine") says the day of that check and how soon to get help should it come back or get
    worse (``CHECKED``), at its own level; what to do once a "not sure" is clear stays. Any
    other sign is left as it is."""
    told = tuple(checks)
    return tuple(_checked(sign, told, back_check_day, phones) for sign in signs)


def _checked(
    sign: OwnSign, checks: tuple[ToldCheck, ...], back_check_day: date, phones: Phones | None
) -> OwnSign:
    if sign.level not in CARE_NOW or sign.level not in AGAIN:
        return sign
    raised = sign.said_on or back_check_day
    able = [c for c in checks if sign.rule_id in c.rules and c.checked_on >= raised]
    newest = max(able, key=lambda c: c.told_at, default=None)
    if newest is None or newest.answer != FINE:
        return sign
    said = CHECKED.format(day=_day(newest.checked_on), again=_again(sign.level, phones))
    return replace(sign, when=said, checked_on=newest.checked_on)


def checked_together(signs: Iterable[OwnSign], phones: Phones | None = None) -> str:
    """``CHECKED_TOGETHER`` for ``signs`` (as :func:`checked` says them) when there are two or
    more, all covered by checks of one day, all at one level and none answered "not sure"
    (its second timeframe is said with it); "" otherwise, when each says its own."""
    listed = tuple(signs)
    first = listed[0] if listed else None
    if first is None or len(listed) < 2 or first.checked_on is None:
        return ""
    if any(
        (s.checked_on, s.level, s.not_sure) != (first.checked_on, first.level, False)
        for s in listed
    ):
        return ""
    return CHECKED_TOGETHER.format(day=_day(first.checked_on), again=_again(first.level, phones))


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _again(level: str, phones: Phones | None) -> str:
    return for_place(check_place_tokens(AGAIN[level], f"checked {level}"), phones)


def _order(sign: OwnSign) -> tuple[int, bool, int]:
    newest_first = -sign.said_on.toordinal() if sign.said_on else 0
    return (LEVELS.index(sign.level), sign.not_sure, newest_first)


def _same(sign: OwnSign, other: OwnSign) -> bool:
    return (sign.title, sign.level, sign.not_sure) == (other.title, other.level, other.not_sure)


def _said_sooner(sign: OwnSign, signs: Iterable[OwnSign]) -> bool:
    """Whether a more urgent sign already names all of ``sign``'s findings (night pain alone
    is "within days", night pain with a cancer history "today": only "today" is said)."""
    sooner = {
        f for s in signs if LEVELS.index(s.level) < LEVELS.index(sign.level) for f in s.findings
    }
    return bool(sign.findings) and set(sign.findings) <= sooner


def generic_stop_rules(
    rules: Iterable[Mapping[str, Any]], reasons: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Everyone's stop rules (stored dicts with text, level, references): "any other sign",
    under the person's own. Each line that lists signs leaves out those the person's own
    reasons already name at its level or a more urgent one (they are listed, with their own
    timeframe, as the person's own); a sign they have only at a later timeframe stays, so the
    line never softens it. A line left with nothing to say is dropped; other rules are kept
    as they are. A line already shortened (``plans.stop_rules_for`` leaves out the signs the
    person's clinical context makes more urgent) is read as such and shortened further. A
    warning of their context's whose rule their own answers already fired is left out
    (``personal_warnings.already_said``): it is one of their own signs, said once. The
    plan, the back check's result, the report, flare help and a check-in's result all read it."""
    fired = [r for r in reasons if r.get("level") in LEVELS]
    kept = []
    for rule in rules:
        text = shortened(str(rule.get("text")), fired)
        if text and not already_said(text, rule.get("level"), fired):
            kept.append({**rule, "text": text})
    return kept


def shortened(text: str, reasons: Iterable[Mapping[str, Any]]) -> str:
    """A stop rule's text without the signs ``reasons`` name at the line's level or a more
    urgent one; "" when the line has nothing left to say. A text that is not one of the
    lines that list signs (``plan_text.URGENT_SIGNS``, ``SOON_SIGNS``) is returned as it is."""
    read = _read_line(text)
    if read is None:
        return text
    line, left_out = read
    own = left_out | _findings_as_soon_as(reasons, line.level)
    return "" if line.names(own) else line.advice(own).text


def _read_line(text: str) -> tuple[plan_text.StopLine, frozenset[str]] | None:
    """The line that lists signs ``text`` is, in full or with some of its signs left out,
    and the finding ids of those left out; None for any other text."""
    for line in (plan_text.URGENT_SIGNS, plan_text.SOON_SIGNS):
        if not text.startswith(line.lead):
            continue
        absent = frozenset(i for words, ids in line.signs if words not in text for i in ids)
        if line.advice(absent).text == text:
            return line, absent
    return None


def _findings_as_soon_as(reasons: Iterable[Mapping[str, Any]], level: Level) -> frozenset[str]:
    return frozenset(
        str(finding)
        for reason in reasons
        if reason.get("level") in LEVELS and LEVELS.index(reason["level"]) <= LEVELS.index(level)
        for finding in reason.get("finding_ids", ())
    )
