"""A questionnaire's score in words for the person who took it, from its content alone.

One rounding rule for every page that shows a total (``score_text``), the range and which
way is better (``scale_text``, from ``score_range`` and ``higher_is_better``), and a change
between two totals (``change_text``), judged by the instrument's own change rule.

Each questionnaire has its own threshold, so two changes of 1 point can get different
verdicts on one page (the NRS counts 2 points or 30 %, the PEG 1 point). A change smaller
than twice its questionnaire's threshold in points, the ones whose verdict can puzzle,
says which threshold decided it (``threshold_note``); larger ones do not repeat it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .change import compare_totals
from .model import Direction, Instrument

#: The most decimals a total is shown with: the PEG keeps two (its content's ``decimals``).
SCORE_DECIMALS = 2
#: "30 %" kept on one line: a narrow phone wrapped the sign onto the next.
PERCENT = "\u00a0%"


def score_text(value: float | None) -> str:
    """8.0 -> "8", 3.6666 -> "3.67", 0.5 -> "0.5"; "" for no value. Half rounds up."""
    if value is None:
        return ""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-SCORE_DECIMALS), ROUND_HALF_UP)
    return f"{exact.normalize():f}"


def scale_text(found: Instrument) -> str:
    """ "Scored 0–21; higher is worse", as the clinician's card says it."""
    low, high = found.score_range
    way = "higher is better" if found.higher_is_better else "higher is worse"
    return f"Scored {low}–{high}; {way}"


def change_text(found: Instrument, before: float, after: float) -> str:
    """ "down 3 from 5: better", "up 2 from 6: worse" or "no change", with whether the
    change reaches the questionnaire's published threshold when it has a validated one."""
    delta, direction, meaningful = compare_totals(found, before, after)
    if delta == 0:
        return "no change"
    way = "up" if delta > 0 else "down"
    text = f"{way} {score_text(float(abs(delta)))} from {score_text(before)}: {direction}"
    rule = found.change_rule
    if not rule.validated or rule.points is None:
        return text
    verdict = "a meaningful change" if meaningful else "less than a meaningful change"
    note = threshold_note(found, delta, direction)
    return f"{text}, {verdict}{f' ({note})' if note else ''}"


def threshold_text(found: Instrument, direction: Direction) -> str:
    """ "a change of 2 points or 30 %" (the percentage only for an improvement, as the rule
    defines it), "a change of 1 point"; "" without a validated threshold."""
    rule = found.change_rule
    if not rule.validated or rule.points is None:
        return ""
    points = score_text(rule.points)
    text = f"a change of {points} point{'' if points == '1' else 's'}"
    if direction == "better" and rule.percent is not None:
        return f"{text} or {score_text(rule.percent)}{PERCENT}"
    return text


def thresholds_text(found: Instrument) -> str:
    """ "2 points or 30 % better", "1 point": the threshold both ways (the percentage is for
    an improvement only), for a legend that explains several changes at once; "" without a
    validated threshold."""
    rule = found.change_rule
    if not rule.validated or rule.points is None:
        return ""
    points = score_text(rule.points)
    text = f"{points} point{'' if points == '1' else 's'}"
    if rule.percent is not None:
        return f"{text} or {score_text(rule.percent)}{PERCENT} better"
    return text


def threshold_note(found: Instrument, delta: Fraction | float, direction: Direction) -> str:
    """ "for this questionnaire, a change of 2 points or 30 % is meaningful", for a change
    smaller than twice the threshold in points (where the verdict can puzzle beside another
    questionnaire's); "" for a larger change, no change or no validated threshold."""
    threshold = threshold_text(found, direction)
    points = found.change_rule.points
    if not threshold or points is None or direction == "same":
        return ""
    if abs(Fraction(str(delta))) >= 2 * Fraction(str(points)):
        return ""
    return f"for this questionnaire, {threshold} is meaningful"
