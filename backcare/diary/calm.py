"""Help that is safe for anyone in a spasm, even before a clinician's check: breathing and
positions of ease, each from the reviewed content with its evidence grade and sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backcare.domain.content import Evidence, references
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.library import for_you, grade_word

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
    cautions: tuple[str, ...]  # how to adapt it, for each of the person's conditions
    href: str = ""


@dataclass(frozen=True)
class Calm:
    """What the flare page offers first: breathing, then positions of ease. An item that one
    of the person's conditions holds back in the plan is left out here too."""

    breath: CalmItem | None
    positions: tuple[CalmItem, ...]


def _sources(evidence: Evidence) -> tuple[Source, ...]:
    known = references()
    return tuple(Source(known[r].citation, known[r].url) for r in evidence.references if r in known)


def calm_items(reasons: Mapping[str, str]) -> Calm:
    """Slow-exhale breathing, then the two positions of ease, with the cautions the plan
    would show this person (``reasons``: ``planning.safety_reasons``), and none of theirs
    that apply to others only; a position with a caution for them comes last."""
    breath = exercises()[BREATHING]
    shown = _for(
        reasons,
        breath.slug,
        breath.name,
        breath.steps,
        breath.evidence,
        href=f"/exercises/{breath.slug}/",
    )
    positions = (
        _for(reasons, slug, found.name, found.what_to_do, found.evidence)
        for slug, found in ((slug, interventions()[slug]) for slug in POSITIONS)
    )
    # A position the person's own screens say to change comes after one they can use as it
    # is: in pregnancy side-lying is advised over lying on the back, so it comes first.
    kept = sorted((item for item in positions if item is not None), key=lambda i: bool(i.cautions))
    return Calm(shown, tuple(kept))


def _for(
    reasons: Mapping[str, str],
    slug: str,
    title: str,
    steps: tuple[str, ...],
    evidence: Evidence,
    href: str = "",
) -> CalmItem | None:
    verdict = for_you(slug, reasons)
    if verdict.held_back:
        return None
    return CalmItem(
        slug, title, steps, evidence.grade, grade_word(evidence.grade), evidence.note,
        _sources(evidence), verdict.notes, href,
    )  # fmt: skip
