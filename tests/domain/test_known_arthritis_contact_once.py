"""Jean-Marc (58, axial spondyloarthritis on a biologic, back pain for 40 years): both factors
that point to his diagnosed arthritis end with when to contact his rheumatology team. The back
check says that line once, after the first of them (the best supported, read first)."""

from __future__ import annotations

from backcare.domain.factors import contributing_factors
from backcare.domain.findings import red_flag_ids, validate_findings
from backcare.domain.known_conditions import condition_book

FACT = "known_inflammatory_arthritis"
JEAN_MARC = {
    **dict.fromkeys(red_flag_ids(), "no"),
    "age": 58,
    "weak_immune_system": "yes",
    "onset": "gradual",
    "age_when_started": 18,
    "problem_duration": "over_a_year",
    "where": ["lower_back", "buttock"],
    "morning_stiffness_minutes": 60,
    "better_with_movement": "yes",
    "wakes_second_half_night": "yes",
}
CONTACT = next(
    line.text for line in condition_book().sections[FACT].contact if line.level == "soon"
)
BOTH = ("inflammatory_features", "age_stiffness")


def factors(answer: str):  # type: ignore[no-untyped-def]
    found = contributing_factors(validate_findings({**JEAN_MARC, FACT: answer}))
    return [factor for factor in found if factor.id in BOTH]


def test_the_contact_line_is_said_once_after_the_first_factor() -> None:
    first, second = factors("yes")
    assert (first.id, second.id) == BOTH
    assert first.helps.endswith(CONTACT)
    assert CONTACT not in second.helps
    assert "part of what your team knows" in second.helps  # its own words stay


def test_anyone_else_reads_neither_factors_contact_line() -> None:
    assert not any(CONTACT in factor.helps for factor in factors("not_sure"))


def test_the_stiffness_factor_on_its_own_ends_with_it() -> None:
    """Stiff mornings without the rest of the inflammatory pattern: the one factor says it."""
    calm = {**JEAN_MARC, "better_with_movement": "no", "wakes_second_half_night": "no"}
    found = contributing_factors(validate_findings({**calm, FACT: "yes"}))
    assert [f.id for f in found if f.id in BOTH] == ["age_stiffness"]
    assert next(f for f in found if f.id == "age_stiffness").helps.endswith(CONTACT)
