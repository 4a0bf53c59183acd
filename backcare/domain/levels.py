"""The triage levels, most pressing first, and the two groups of them every page decides by."""

from __future__ import annotations

from typing import Literal

Level = Literal["emergency", "urgent", "soon", "self_care"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "soon", "self_care")
#: Care comes before self-care: the plan pauses and the advice leads every later page.
CARE_NOW: tuple[Level, ...] = ("emergency", "urgent")
#: A warning sign was raised: the person is told at once and asked to see someone.
RAISED: tuple[Level, ...] = ("emergency", "urgent", "soon")
