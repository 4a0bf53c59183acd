"""A back check with nothing to worry about, unless a test says otherwise."""

from __future__ import annotations

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids


def calm_answers(**answers: object) -> dict[str, object]:
    """Every warning sign answered "no", aged 34, a gradual onset; ``answers`` override."""
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual", **answers}


def intake(user, **answers: object) -> None:  # type: ignore[no-untyped-def]
    """Take the back check for ``user`` with ``calm_answers(**answers)``."""
    assess(user, calm_answers(**answers))
