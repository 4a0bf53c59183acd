"""The intervention catalogue: every item graded, referenced, licensed, screened and honest."""

import re

import pytest

from backcare.domain.content import RECOMMENDABLE_GRADES, ContentError, read_toml, references
from backcare.domain.education import articles
from backcare.domain.interventions import KINDS, intervention, interventions, parse_intervention

# What the catalogue must cover (the list), and how each is graded.
REQUIRED = {
    "superficial-heat": "moderate",
    "cold-pack": "insufficient",
    "self-massage-ball": "very_low",
    "foam-rolling": "very_low",
    "massage-gun": "insufficient",  # its own note: no study has tested it
    "stay-active": "moderate",
    "movement-breaks": "very_low",
    "walking-programme": "moderate",
    "pillow-between-knees": "very_low",
    "pillow-under-knees": "very_low",
    "stomach-sleeping": "insufficient",  # its own note: no study has tested it
    "desk-set-up": "insufficient",
    "hydration": "insufficient",  # its own note: no study has tested it
    "breathing-pauses": "very_low",
    "mindfulness-practice": "moderate",
    "recovery-time": "very_low",
    "anti-nap": "insufficient",  # its own note: no study has tested it
    "contrast-therapy": "insufficient",
    "weighted-vest-walking": "insufficient",
    "anti-inflammatory-medicines": "moderate",
    "tens": "against",
    "belts-and-corsets": "against",
    "routine-imaging": "against",
    "paracetamol-alone": "against",
    "opioids-for-chronic-pain": "against",
    "nad-infusions": "insufficient",
    "work-with-changes": "low",  # guideline and a review of workplace changes; not trialled alone
}
NEVER_RECOMMENDED = [
    slug for slug, grade in REQUIRED.items() if grade in ("insufficient", "against")
]
ALL = sorted(interventions())


@pytest.mark.parametrize(("slug", "grade"), sorted(REQUIRED.items()))
def test_the_catalogue_has_each_required_item_with_its_grade(slug, grade):
    assert intervention(slug).evidence.grade == grade


def test_every_kind_is_represented():
    assert {item.kind for item in interventions().values()} == set(KINDS)


@pytest.mark.parametrize("slug", NEVER_RECOMMENDED)
def test_insufficient_and_against_items_are_never_recommendable(slug):
    item = intervention(slug)
    assert not item.recommendable
    assert item.offer == "info"
    assert item.statement.startswith(("People try this", "Guidelines advise against"))


@pytest.mark.parametrize("slug", ALL)
def test_every_item_has_grade_references_licence_and_review_status(slug):
    item = intervention(slug)
    known = references()
    assert item.meta.licence
    assert item.meta.reviewed
    assert item.meta.version
    assert item.evidence.references, "evidence needs references"
    assert set(item.evidence.references) <= set(known)
    # The evidence may only cite what the file lists as its sources.
    assert set(item.evidence.references) <= set(item.meta.references)


@pytest.mark.parametrize("slug", ALL)
def test_offers_match_grades(slug):
    item = intervention(slug)
    if item.evidence.grade not in RECOMMENDABLE_GRADES or item.evidence.direction != "for":
        assert not item.recommendable
    if item.offer == "consider":
        assert item.evidence.grade in ("low", "very_low"), "also-consider is for weak evidence"
    if item.recommendable:
        assert item.what_to_do
        assert item.dose
        assert item.benefit
    else:
        assert item.evidence.note, "information-only items must say what the evidence shows"


@pytest.mark.parametrize("slug", ALL)
def test_education_links_resolve(slug):
    assert set(intervention(slug).education) <= set(articles())


def test_medicines_are_information_only_and_point_to_a_pharmacist():
    medicines = [i for i in interventions().values() if i.kind == "medicine_info"]
    assert len(medicines) >= 4
    for item in medicines:
        assert not item.recommendable
        assert "pharmacist" in item.statement or "against" in item.statement


@pytest.mark.parametrize("slug", ALL)
def test_no_item_gives_a_medicine_dose(slug):
    item = intervention(slug)
    text = " ".join((item.summary, item.dose, *item.what_to_do, item.evidence.note))
    assert not re.search(r"\d\s*(mg|milligram|tablets? a day)", text, re.I)


# CONTENT.md rule 8: risky self-care carries its safety screens.
@pytest.mark.parametrize(
    ("slug", "condition", "allowed"),
    [
        ("contrast-therapy", "heart_disease", False),
        ("contrast-therapy", "blood_pressure", False),
        ("contrast-therapy", "pregnancy", False),
        ("contrast-therapy", "reduced_sensation", False),
        ("superficial-heat", "reduced_sensation", False),
        ("superficial-heat", "pregnancy", True),  # a warm pack is fine; the note says how
        ("weighted-vest-walking", "acute_flare", False),
        ("weighted-vest-walking", "pregnancy", False),
        ("massage-gun", "bleeding_risk", False),
        ("foam-rolling", "osteoporosis", False),
        ("self-massage-ball", "osteoporosis", True),
        ("walking-programme", "pregnancy", True),
    ],
)
def test_safety_screens(slug, condition, allowed):
    item = intervention(slug)
    assert item.allowed_for({condition}) is allowed
    if condition in {s.condition for s in item.screens}:
        assert item.screens_for({condition})[0].note


def _data(slug):
    return read_toml(f"interventions/{slug}.toml")


@pytest.mark.parametrize(
    ("slug", "change", "message"),
    [
        ("superficial-heat", {"colour": "red"}, "unknown field(s) colour"),
        ("superficial-heat", {"kind": "laser"}, "field 'kind'"),
        ("superficial-heat", {"addresses": ["bad_posture"]}, "field 'addresses'"),
        ("superficial-heat", {"equipment": ["sauna"]}, "field 'equipment'"),
        ("superficial-heat", {"safety": {"asthma": {"action": "exclude", "note": "x"}}}, "asthma"),
        ("superficial-heat", {"benefit": ""}, "'benefit'"),
        ("tens", {"offer": "plan"}, "may only be 'info'"),
        ("anti-inflammatory-medicines", {"offer": "plan"}, "information only"),
        ("cold-pack", {"evidence": {"grade": "insufficient", "direction": "neutral",
                                    "references": ["french-2006-heat-cold"]}}, "'note'"),
        ("superficial-heat", {"slug": "heat"}, "must equal"),
    ],
)  # fmt: skip
def test_malformed_files_are_rejected_with_the_field_named(slug, change, message):
    data = {**_data(slug), **change}
    with pytest.raises(ContentError, match=re.escape(message)):
        parse_intervention(data, slug, f"interventions/{slug}.toml")
