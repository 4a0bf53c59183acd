"""When two of a person's conditions hold one thing back, the strictest screen decides and
every note is said: a content "exclude" (or an exercise's "avoid") is never softened to "Ask a
clinician first" by a gentler screen that comes earlier in the content's order, and no
screen's note is left out. The library and "What about…?" (``for_you``), the plan's held-back
list (``Sections``) and pinning (``tailoring``) all read it the same way."""

from __future__ import annotations

from itertools import combinations
from types import SimpleNamespace

import pytest

from backcare.domain.exercises import exercises
from backcare.domain.interventions import STRICTNESS, interventions
from backcare.domain.plan_sections import Sections
from backcare.domain.tailoring import TailoringError, _check_pin_item
from backcare.plans.library import VERDICTS, for_you


def _pairs():
    """(slug, condition a, condition b) for every item and every pair of its conditions at
    least one of which holds it back."""
    found = []
    for slug, item in {**interventions(), **exercises()}.items():
        screens = item.screens if slug in interventions() else item.cautions
        for a, b in combinations(screens, 2):
            if a.action == "modify" and b.action == "modify":
                continue
            found.append(pytest.param(slug, a, b, id=f"{slug}-{a.condition}+{b.condition}"))
    return found


PAIRS = _pairs()


def test_the_content_has_pairs_of_different_strictness():
    # Without them this table proves nothing: the massage gun's osteoporosis screen asks for
    # a clinician first, its blood-thinner screen excludes it.
    assert any(
        STRICTNESS[a.action] != STRICTNESS[b.action] and "modify" not in (a.action, b.action)
        for a, b in (p.values[1:] for p in PAIRS)
    )


@pytest.mark.parametrize(("slug", "a", "b"), PAIRS)
def test_the_strictest_of_two_screens_decides_and_both_notes_are_said(slug, a, b):
    reasons = {a.condition: f"you told us about {a.condition}", b.condition: "and the other"}
    mine = for_you(slug, reasons)
    blocking = [s for s in (a, b) if s.action != "modify"]
    strictest = min(blocking, key=lambda s: STRICTNESS[s.action])
    assert mine.verdict == VERDICTS[strictest.action]
    assert mine.note == strictest.note
    assert mine.reason == reasons[strictest.condition]
    said = [mine.note, *mine.also]
    assert all(any(s.note in line for line in said) for s in blocking)
    assert len(said) == len(blocking)


def test_the_massage_gun_is_not_for_someone_on_blood_thinners_whatever_else_they_have():
    reasons = {
        "osteoporosis": "you told us about fragile bones",
        "reduced_sensation": "you told us about reduced feeling",
        "bleeding_risk": "you told us about blood thinners or a bleeding problem",
    }
    mine = for_you("massage-gun", reasons)
    assert mine.verdict == "Not for you now"
    assert mine.reason == reasons["bleeding_risk"]
    assert mine.note.startswith("Not with blood thinners")
    assert [line.split(":")[0] for line in mine.also] == [
        "You told us about fragile bones",
        "You told us about reduced feeling",
    ]
    assert mine.to_dict()["also"] == list(mine.also)


def _offered_pairs():
    found = []
    for slug, item in interventions().items():
        if not item.recommendable:
            continue
        for a, b in combinations(item.screens, 2):
            if "modify" not in (a.action, b.action):
                found.append(pytest.param(slug, a, b, id=f"{slug}-{a.condition}+{b.condition}"))
    return found


@pytest.mark.parametrize(("slug", "a", "b"), _offered_pairs())
def test_the_plan_holds_it_back_with_every_note_strictest_first(slug, a, b):
    item = interventions()[slug]
    sections = Sections(SimpleNamespace(conditions=frozenset({a.condition, b.condition})))
    assert not sections._passes(item)
    (held,) = sections.held_back
    first, second = sorted((a, b), key=lambda s: STRICTNESS[s.action])
    assert held.reason == f"{first.note} {second.note}"
    ctx = SimpleNamespace(library=interventions(), conditions=[a.condition, b.condition])
    with pytest.raises(TailoringError) as raised:
        _check_pin_item(ctx, slug)  # type: ignore[arg-type]
    assert raised.value.message.endswith(f": {first.note} {second.note}")
