"""One plain line for when the diary and a pain questionnaire point opposite ways.

The diary's change from the first week (its own rule: ``meaningful_improvement`` or
``meaningful_worsening``) and the latest change of a pain questionnaire (its own minimal
important change, from its content) can disagree: daily ratings down, the PEG up. The page
then says so, with the figures and their dates, and why it can happen, without reading
anything into it. When they agree, or either change is too small to count, it says nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from backcare.accounts.models import User
from backcare.domain.insights import BaselineChange, Unavailable
from backcare.domain.instruments import UnknownInstrument, instrument
from backcare.domain.instruments.change import compare_totals
from backcare.domain.instruments.wording import score_text


@dataclass(frozen=True)
class Asks:
    """How the page names a questionnaire's score, and how it differs from a daily rating."""

    name: str
    differs: str


#: The questionnaires about pain or what it does, the ones a pain diary can disagree with.
PAIN_QUESTIONNAIRES = {
    "peg": Asks(
        "your PEG score",
        "They ask different things: the PEG also asks how much pain gets in the way of "
        "enjoying life and of everyday activity.",
    ),
    "nrs": Asks(
        "your pain score (NRS)",
        "They cover different times: the pain score asks about the 24 hours before you "
        "answered it, your daily ratings here are averaged over 7 days.",
    ),
    "rmdq": Asks(
        "your RMDQ score",
        "They ask different things: the RMDQ asks what your back stops you doing, not how "
        "strong the pain is.",
    ),
}
SUGGESTION = "Worth mentioning at your next appointment."


class Result(Protocol):
    """A questionnaire's latest and previous totals (the dashboard's ``InstrumentResult``)."""

    @property
    def slug(self) -> str: ...
    @property
    def taken_at(self) -> datetime: ...
    @property
    def total(self) -> float | None: ...
    @property
    def previous_total(self) -> float | None: ...
    @property
    def previous_taken_at(self) -> datetime | None: ...


def disagreement_note(
    change: BaselineChange | Unavailable, results: Iterable[Result], person: User
) -> str:
    """The line, for the most recently taken pain questionnaire whose meaningful change runs
    against the diary's meaningful change; "" when there is none. The answers' days are
    ``person``'s own (``User.local_date``)."""
    if not isinstance(change, BaselineChange):
        return ""
    current = change.current
    if current.meaningful_improvement == current.meaningful_worsening:  # neither counts
        return ""
    diary_way = "better" if current.meaningful_improvement else "worse"
    for result in sorted(results, key=lambda r: r.taken_at, reverse=True):
        if result.slug in PAIN_QUESTIONNAIRES and _moved_meaningfully(result) == _other(diary_way):
            return _sentence(change, result, diary_way, person)
    return ""


def _other(way: str) -> str:
    return "worse" if way == "better" else "better"


def _moved_meaningfully(result: Result) -> str:
    """ "better" or "worse" when the change since the time before reaches the questionnaire's
    validated threshold; "" otherwise."""
    if result.total is None or result.previous_total is None:
        return ""
    try:
        found = instrument(result.slug)
    except UnknownInstrument:
        return ""
    _, direction, meaningful = compare_totals(found, result.previous_total, result.total)
    return direction if meaningful else ""


def _sentence(change: BaselineChange, result: Result, diary_way: str, person: User) -> str:
    asks = PAIN_QUESTIONNAIRES[result.slug]
    diary = "down" if diary_way == "better" else "up"
    score = "up" if (result.total or 0) > (result.previous_total or 0) else "down"
    then = _when(result.previous_taken_at, person)
    earlier = f"{score_text(result.previous_total)}{f' on {then}' if then else ''}"
    return (
        f"Your daily pain ratings are {diary} since your first week "
        f"({change.baseline:.1f}/10 in the week from {_day(change.baseline_start)}, "
        f"{change.current.pain:.1f}/10 in the last 7 days), but {asks.name} went {score} the "
        f"last time you took it ({earlier}, {score_text(result.total)} on "
        f"{_when(result.taken_at, person)}). {asks.differs} {SUGGESTION}"
    )


def _when(moment: datetime | None, person: User) -> str:
    """The person's own day of an answer."""
    if moment is None:
        return ""
    return _day(person.local_date(moment))


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
