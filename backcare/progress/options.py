"""Names for the things people rate and experiment with: exercises and self-care options,
and the evidence behind those a self-experiment offers."""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from backcare.domain.content import RECOMMENDABLE_GRADES
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.library import evidence_of

Choices = tuple[tuple[str, str], ...]


@cache
def labels() -> dict[str, str]:
    """Slug -> display name for every exercise and intervention."""
    names = {slug: item.name for slug, item in exercises().items()}
    names.update({slug: item.name for slug, item in interventions().items()})
    return names


def label(slug: str) -> str:
    return labels().get(slug) or slug.replace("-", " ").replace("_", " ")


@cache
def experiment_options() -> tuple[tuple[str, Choices], ...]:
    """What a self-experiment may compare, grouped for a <select>.

    Items the catalogue holds as information only (medicines, and options graded
    ``insufficient`` or ``against``) are left out: an experiment must never read as advice
    to try them. So is what cannot be switched from one day to the next (its content says
    ``day_to_day = false``: a mattress, a course of sessions), which a schedule of
    alternating days cannot compare.
    """
    offered = (
        (slug, item.name)
        for slug, item in interventions().items()
        if item.offer != "info" and item.evidence.grade in RECOMMENDABLE_GRADES and item.day_to_day
    )
    self_care = tuple(sorted(offered, key=lambda choice: choice[1]))
    moves = tuple(
        sorted(((slug, item.name) for slug, item in exercises().items()), key=lambda c: c[1])
    )
    return (("Self-care", self_care), ("Exercises", moves))


def offered_options(held_back: Collection[str] = ()) -> list[tuple[str, Choices]]:
    """``experiment_options`` without those ``held_back``, and without a group left empty:
    what the page's lists and the API offer."""
    groups = (
        (group, tuple(choice for choice in choices if choice[0] not in held_back))
        for group, choices in experiment_options()
    )
    return [(group, kept) for group, kept in groups if kept]


def experiment_slugs() -> frozenset[str]:
    return frozenset(slug for _, group in experiment_options() for slug, _ in group)


def graded_label(slug: str) -> str:
    """An option's name with its evidence grade, for a list the person picks from."""
    evidence = evidence_of(slug)
    grade = f" (evidence: {evidence['grade_label']})" if evidence else ""
    return label(slug) + grade


def option_sources(held_back: Collection[str] = ()) -> list[dict[str, str]]:
    """The sources behind every option offered (those not ``held_back``), each once."""
    found: dict[str, dict[str, str]] = {}
    for slug in sorted(experiment_slugs() - set(held_back)):
        for cited in (evidence_of(slug) or {}).get("citations", ()):
            found.setdefault(cited["id"], cited)
    return sorted(found.values(), key=lambda cited: cited["citation"])
