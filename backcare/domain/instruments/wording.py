"""A questionnaire's score in words for the person who took it, from its content alone.

One rounding rule for every page that shows a total (``score_text``), the range and which
way is better (``scale_text``, from ``score_range`` and ``higher_is_better``), and a change
between two totals (``change_text``), judged by the instrument's own change rule.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .change import compare_totals
from .model import Instrument

#: The most decimals a total is shown with: the PEG keeps two (its content's ``decimals``).
SCORE_DECIMALS = 2


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
    if meaningful:
        return f"{text}, a meaningful change"
    return f"{text}, less than a meaningful change"
