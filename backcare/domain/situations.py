"""Situations in which an item of the "What about…?" catalogue says one more thing to the
person (``[when.<situation>]`` in its file): not safety screens, since nothing is held back,
but facts about them that change what its wording means for them.

- ``age_65_plus``: they may be 65 or older (any age they may be, as triage weighs a
  threshold on an age known only to within a year).
- ``warning_signs``: what stands of their back check or check-ins advised care today or now
  (``urgent`` or ``emergency``), or they told backcare of a cancer or of fragile bones ("yes"
  or "not sure"): a clinician may arrange tests, such as a scan, for them.
"""

from __future__ import annotations

from backcare.domain.context import ClinicalContext
from backcare.domain.interventions import Situation
from backcare.domain.levels import CARE_NOW

OLDER_AGE = 65
#: Standing facts that make a clinician's tests (a scan) part of their care, whatever the level.
WARNING_FACTS = ("cancer_history", "osteoporosis")


def situations(context: ClinicalContext, standing_level: str | None) -> frozenset[Situation]:
    """The situations the person is in; ``standing_level``: the triage level that stands for
    them (None without a back check)."""
    found: set[Situation] = set()
    if any(age >= OLDER_AGE for age in context.possible_ages()):
        found.add("age_65_plus")
    if standing_level in CARE_NOW or any(context.possible(f) for f in WARNING_FACTS):
        found.add("warning_signs")
    return frozenset(found)
