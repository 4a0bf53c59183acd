"""Compare two scores of one questionnaire with its published minimal important change."""

from __future__ import annotations

from fractions import Fraction

from .loading import instrument
from .model import Change, ChangeError, ChangeRule, Direction, Instrument, Score


def change(slug: str | Instrument, before: Score, after: Score) -> Change:
    """How ``after`` differs from ``before``, and whether the difference is meaningful."""
    found = slug if isinstance(slug, Instrument) else instrument(slug)
    start, end = exact_total(found, "before", before), exact_total(found, "after", after)
    delta = end - start
    percent = None if start == 0 else delta / start * 100
    direction = direction_of(delta, found.higher_is_better)
    return Change(
        instrument=found.slug,
        before=float(start),
        after=float(end),
        delta=round(float(delta), 2),
        percent=None if percent is None else round(float(percent), 1),
        direction=direction,
        meaningful=is_meaningful(found.change_rule, direction, delta, percent),
        rule=found.change_rule.rule,
    )


def exact_total(found: Instrument, name: str, score: Score) -> Fraction:
    """The total as an exact number, so that 6.67 - 5.67 is exactly 1, not 0.99999."""
    if score.instrument != found.slug:
        raise ChangeError(f"{name}: is a {score.instrument} score, expected {found.slug}")
    if score.total is None:
        raise ChangeError(
            f"{name}: has no total (answers incomplete), so change cannot be measured"
        )
    return Fraction(str(score.total))


def compare_totals(
    found: Instrument, before: float, after: float
) -> tuple[Fraction, Direction, bool]:
    """Two totals of ``found``: the exact difference, which way it goes, and whether it
    reaches the questionnaire's published threshold."""
    start, end = Fraction(str(before)), Fraction(str(after))
    delta = end - start
    percent = None if start == 0 else delta / start * 100
    direction = direction_of(delta, found.higher_is_better)
    return delta, direction, is_meaningful(found.change_rule, direction, delta, percent)


def direction_of(delta: Fraction, higher_is_better: bool) -> Direction:
    if delta == 0:
        return "same"
    improved = delta > 0 if higher_is_better else delta < 0
    return "better" if improved else "worse"


def is_meaningful(
    rule: ChangeRule, direction: Direction, delta: Fraction, percent: Fraction | None
) -> bool:
    """Points count both ways; the percentage rule is defined for improvement (Ostelo 2008)."""
    if not rule.validated or direction == "same" or rule.points is None:
        return False
    if abs(delta) >= Fraction(str(rule.points)):
        return True
    return (
        direction == "better"
        and rule.percent is not None
        and percent is not None
        and abs(percent) >= Fraction(str(rule.percent))
    )
