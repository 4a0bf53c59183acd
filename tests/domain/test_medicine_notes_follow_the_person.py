"""The plan's medicines and other information list each item's safety notes only for the
conditions the person has: the note about painkillers in pregnancy is for a pregnant person,
not for everyone."""

from __future__ import annotations

from backcare.domain.plans import PlanInput, Preferences, build_plan

PREGNANCY_NOTE = "In pregnancy these painkillers are usually avoided"


def _medicine_notes(conditions: frozenset[str]) -> str:
    prefs = Preferences(equipment=frozenset({"mat"}), conditions=conditions)
    plan = build_plan(PlanInput("self_care", frozenset(), None, {}, prefs))
    nsaids = next(m for m in plan.medicines if m.slug == "anti-inflammatory-medicines")
    return " ".join(nsaids.cautions)


def test_a_pregnant_person_reads_the_pregnancy_note_on_painkillers() -> None:
    assert PREGNANCY_NOTE in _medicine_notes(frozenset({"pregnancy"}))


def test_someone_not_pregnant_does_not() -> None:
    assert PREGNANCY_NOTE not in _medicine_notes(frozenset())
