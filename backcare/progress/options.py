"""Names for the things people rate and experiment with: exercises and self-care options."""

from __future__ import annotations

from functools import cache

from backcare.domain.content import RECOMMENDABLE_GRADES
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions

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
    to try them.
    """
    offered = (
        (slug, item.name)
        for slug, item in interventions().items()
        if item.offer != "info" and item.evidence.grade in RECOMMENDABLE_GRADES
    )
    self_care = tuple(sorted(offered, key=lambda choice: choice[1]))
    moves = tuple(
        sorted(((slug, item.name) for slug, item in exercises().items()), key=lambda c: c[1])
    )
    return (("Self-care", self_care), ("Exercises", moves))


def experiment_slugs() -> frozenset[str]:
    return frozenset(slug for _, group in experiment_options() for slug, _ in group)
