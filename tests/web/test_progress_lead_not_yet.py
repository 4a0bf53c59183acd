"""The Progress page's first words while the change from the first week cannot be shown yet
say why for this person, not "after about a week" to someone with twelve days logged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backcare.domain.insights import baseline_change_of
from backcare.progress.dashboard import lead_sentence

START = date(2026, 11, 24)


def pain(days: range, value: float = 4.0) -> dict[date, float]:
    return {START + timedelta(n): value for n in days}


@pytest.mark.parametrize(
    ("logged", "today", "lead"),
    [
        (range(2), 1, "Your trend appears after about a week of check-ins."),  # no first week
        (
            range(12),
            11,  # twelve days: the last 7 still overlap the first week
            "Your first week is logged. How your pain has changed since then shows from "
            "7 December 2026.",
        ),
        (
            range(7),
            30,  # a first week, then nothing lately
            "Log your pain on at least 3 of the last 7 days to see how it has changed since "
            "your first week.",
        ),
    ],
)
def test_the_lead_says_why_the_change_is_not_shown_yet(logged, today, lead):
    change = baseline_change_of(pain(logged), START + timedelta(today))
    assert not change
    assert lead_sentence(change).startswith(lead)
