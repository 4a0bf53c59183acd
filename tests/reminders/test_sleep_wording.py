"""Sleep advice fits whoever follows it, night sleepers and day sleepers (night shifts) alike:
the sleep items speak of "each time you sleep" and "your main sleep", never "every night",
with their evidence grades and sources as they were, and they still pass validation."""

from __future__ import annotations

import re

import pytest

from backcare.domain.content import read_toml
from backcare.domain.interventions import interventions, parse_intervention

#: The sleep items, with the grade and sources their evidence has always carried.
SLEEP_EVIDENCE = {
    "anti-nap": ("insufficient", ("nhs-back-pain", "french-2006-heat-cold")),
    "medium-firm-mattress": ("low", ("kovacs-2003-mattress",)),
    "pillow-between-knees": ("very_low", ("nhs-back-pain",)),
    "pillow-under-knees": ("very_low", ("nhs-back-pain",)),
    "stomach-sleeping": ("insufficient", ("nhs-back-pain",)),
}


def sleep_items():  # type: ignore[no-untyped-def]
    return {slug: item for slug, item in interventions().items() if item.kind == "sleep"}


def words(item) -> str:  # type: ignore[no-untyped-def]
    """Everything a person reads of the item."""
    return " ".join((item.name, item.summary, item.benefit, item.dose, *item.what_to_do))


def test_the_sleep_items_are_the_ones_checked_here():
    assert set(sleep_items()) == set(SLEEP_EVIDENCE)


@pytest.mark.parametrize("slug", sorted(SLEEP_EVIDENCE))
def test_each_sleep_item_passes_validation_from_its_file(slug):
    data = read_toml(f"interventions/{slug}.toml")
    item = parse_intervention(data, slug, f"interventions/{slug}.toml")
    assert item == interventions()[slug]


@pytest.mark.parametrize("slug", sorted(SLEEP_EVIDENCE))
def test_no_sleep_item_says_every_night_or_assumes_sleep_is_at_night(slug):
    said = words(interventions()[slug])
    assert "every night" not in said.lower()
    assert not re.search(r"\b(night|nightly|overnight)\b", said, re.IGNORECASE)


def test_the_items_worn_each_time_you_sleep_say_so():
    items = interventions()
    for slug in ("pillow-between-knees", "pillow-under-knees", "stomach-sleeping"):
        assert items[slug].dose.startswith("Each time you sleep;")
    assert "your main sleep" in items["anti-nap"].dose


@pytest.mark.parametrize("slug", sorted(SLEEP_EVIDENCE))
def test_evidence_grades_and_sources_are_unchanged(slug):
    evidence = interventions()[slug].evidence
    assert (evidence.grade, tuple(evidence.references)) == SLEEP_EVIDENCE[slug]
