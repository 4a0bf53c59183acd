"""An item's ``[when.<situation>]`` notes: one more sentence, with its own sources, for
someone in a named situation (65 or older; warning signs). Malformed ones are refused with the
field named, and who is in which situation is decided in one place."""

from __future__ import annotations

import re

import pytest

from backcare.domain.content import ContentError, read_toml
from backcare.domain.context import ClinicalContext
from backcare.domain.interventions import interventions, parse_intervention
from backcare.domain.situations import situations


def test_every_note_has_a_known_situation_and_sources_the_item_lists():
    notes = [(item, n) for item in interventions().values() for n in item.when]
    assert notes  # the painkillers' age note at least
    for item, note in notes:
        assert note.note
        assert note.references
        assert set(note.references) <= set(item.meta.references), item.slug


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ({"over_50": {"note": "x", "references": ["nice-ng59"]}}, "unknown situation(s) over_50"),
        ({"age_65_plus": {"note": "x", "references": []}}, "needs at least one source"),
        ({"age_65_plus": {"note": "x", "references": ["nobody-2020"]}}, "nobody-2020"),
        ({"age_65_plus": {"note": " ", "references": ["nice-ng59"]}}, "'note'"),
        ({"age_65_plus": {"note": "x", "references": ["nice-ng59"], "age": 60}}, "age"),
    ],
)
def test_malformed_notes_are_refused(when, message):
    slug = "anti-inflammatory-medicines"
    data = {**read_toml(f"interventions/{slug}.toml"), "when": when}
    with pytest.raises(ContentError, match=re.escape(message)):
        parse_intervention(data, slug, f"interventions/{slug}.toml")


@pytest.mark.parametrize(
    ("context", "level", "expected"),
    [
        (ClinicalContext(), None, set()),
        (ClinicalContext(age=63, age_up_to=64), "self_care", set()),
        (ClinicalContext(age=64, age_up_to=65), "self_care", {"age_65_plus"}),  # may be 65
        (ClinicalContext(age=67), "soon", {"age_65_plus"}),
        (ClinicalContext(age=40), "urgent", {"warning_signs"}),
        (ClinicalContext(age=40), "emergency", {"warning_signs"}),
        (ClinicalContext(age=40, cancer_history="not_sure"), "self_care", {"warning_signs"}),
        (ClinicalContext(age=40, osteoporosis="yes"), None, {"warning_signs"}),
        (ClinicalContext(age=40, osteoporosis="no", cancer_history="no"), "soon", set()),
    ],
)
def test_who_is_in_which_situation(context, level, expected):
    assert situations(context, level) == expected
