"""Help that is safe for anyone in a spasm, even before a clinician's check: breathing and
positions of ease, each from the reviewed content with its evidence grade and sources."""

from __future__ import annotations

from dataclasses import dataclass

from backcare.domain.content import Evidence, references
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.library import grade_word

BREATHING = "slow-exhale-breathing"
POSITIONS = ("pillow-under-knees", "pillow-between-knees")


@dataclass(frozen=True)
class Source:
    citation: str
    url: str


@dataclass(frozen=True)
class CalmItem:
    slug: str
    title: str
    steps: tuple[str, ...]
    grade: str
    grade_label: str
    evidence_note: str
    sources: tuple[Source, ...]
    cautions: tuple[str, ...]  # e.g. what to do instead in pregnancy
    href: str = ""


def _sources(evidence: Evidence) -> tuple[Source, ...]:
    known = references()
    return tuple(Source(known[r].citation, known[r].url) for r in evidence.references if r in known)


def calm_items() -> tuple[CalmItem, ...]:
    """Slow-exhale breathing first, then the two positions of ease."""
    breath = exercises()[BREATHING]
    items = [
        CalmItem(
            breath.slug,
            breath.name,
            breath.steps,
            breath.evidence.grade,
            grade_word(breath.evidence.grade),
            breath.evidence.note,
            _sources(breath.evidence),
            tuple(c.note for c in breath.cautions),
            f"/exercises/{breath.slug}/",
        )
    ]
    for slug in POSITIONS:
        found = interventions()[slug]
        items.append(
            CalmItem(
                found.slug,
                found.name,
                found.what_to_do,
                found.evidence.grade,
                grade_word(found.evidence.grade),
                found.evidence.note,
                _sources(found.evidence),
                tuple(screen.note for screen in found.screens),
            )
        )
    return tuple(items)
