"""The shipped exercise library: complete, honestly graded, safe to show, safe to draw."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from backcare.domain.content import CONTENT_DIR, RECOMMENDABLE_GRADES, references
from backcare.domain.exercises import CATEGORIES, Exercise, exercises

LIBRARY = exercises()
ITEMS = list(LIBRARY.values())
SLUGS = list(LIBRARY)
ILLUSTRATIONS = CONTENT_DIR / "exercises" / "illustrations"
SVG = "{http://www.w3.org/2000/svg}"

# Exercises the library was asked to provide (CONTENT brief), by the slug that provides them.
REQUIRED = {
    "standing child's pose": "standing-childs-pose",
    "child's pose": "childs-pose",
    "cat-cow": "cat-cow",
    "bridge": "bridge",
    "single-leg bridge": "single-leg-bridge",
    "open-book rotation": "open-book-rotation",
    "knee rocking": "knee-rocking",
    "pigeon pose": "pigeon-pose",
    "figure-four stretch": "figure-four-stretch",
    "half-kneeling hip-flexor stretch": "hip-flexor-stretch-half-kneeling",
    "standing hip-flexor stretch": "hip-flexor-stretch-standing",
    "supine hamstring stretch": "hamstring-stretch-supine",
    "seated hamstring stretch": "hamstring-stretch-seated",
    "dead bug": "dead-bug",
    "bird dog": "bird-dog",
    "side plank from knees": "side-plank-knees",
    "side plank": "side-plank",
    "side plank with rotation": "side-plank-rotation",
    "wall sit": "wall-sit",
    "thoracic extension over a chair": "thoracic-extension-chair",
    "diaphragmatic breathing": "diaphragmatic-breathing",
    "slow-exhale breathing": "slow-exhale-breathing",
    "body scan": "body-scan",
    "easy walk": "easy-walk",
    "brisk walk": "brisk-walk",
    "knee-to-chest": "knee-to-chest",
    "pelvic tilts": "pelvic-tilts",
    "clamshells": "clamshells",
    "glute squeeze": "glute-squeeze",
    "sit-to-stand": "sit-to-stand",
    "press-up": "press-up-prone-extension",
    "thread-the-needle": "thread-the-needle",
    "seated side bend": "seated-side-bend",
    "seated twist": "seated-twist",
    "doorway chest stretch": "doorway-chest-stretch",
    "wall angels": "wall-angels",
    "progressive muscle relaxation": "progressive-muscle-relaxation",
    "foam-roller thoracic mobility": "foam-roller-thoracic",
}

# Moves that round or twist the spine (often under body weight): each must say what to do
# with osteoporosis (Too Fit To Fracture: avoid loaded or end-range flexion and twisting).
FLEXES_OR_TWISTS = {
    "cat-cow",
    "childs-pose",
    "standing-childs-pose",
    "knee-to-chest",
    "knee-rocking",
    "hamstring-stretch-seated",
    "pigeon-pose",
    "open-book-rotation",
    "thread-the-needle",
    "seated-twist",
    "seated-side-bend",
    "side-plank-rotation",
    "foam-roller-thoracic",
    "sit-to-stand",
}

# Done lying on the floor without a mat listed (the mat is optional for these).
FLOOR_WITHOUT_MAT = {
    "glute-squeeze",
    "diaphragmatic-breathing",
    "body-scan",
    "progressive-muscle-relaxation",
}


def test_the_library_has_at_least_32_exercises() -> None:
    assert len(LIBRARY) >= 32


@pytest.mark.parametrize(("wanted", "slug"), sorted(REQUIRED.items()))
def test_every_required_exercise_is_present(wanted: str, slug: str) -> None:
    assert slug in LIBRARY, f"{wanted!r} is missing (expected {slug}.toml)"


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_has_at_least_four_exercises(category: str) -> None:
    counts = Counter(str(item.category) for item in ITEMS)
    assert counts[category] >= 4


def test_names_are_unique() -> None:
    names = [item.name.casefold() for item in ITEMS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_item_metadata_is_complete(item: Exercise) -> None:
    assert item.meta.licence == "CC-BY-SA-4.0"  # our own words and drawings
    assert item.meta.reviewed == "unreviewed" or re.search(r"\d{4}-\d{2}-\d{2}", item.meta.reviewed)
    assert item.meta.version
    assert item.summary.endswith(".")
    assert all(step.endswith(".") for step in item.steps)


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_item_is_a_graded_recommendation_with_known_references(item: Exercise) -> None:
    known = references()
    evidence = item.evidence
    assert evidence.grade in RECOMMENDABLE_GRADES
    assert evidence.direction == "for"
    assert evidence.recommendable
    assert evidence.note, "say in plain words what the grade rests on"
    assert set(evidence.references) <= set(item.meta.references)
    assert all(ref in known for ref in item.meta.references)


def test_grades_are_not_inflated_beyond_what_the_evidence_supports() -> None:
    # No single named exercise has its own strong evidence; programmes reach moderate at best.
    assert {item.evidence.grade for item in ITEMS} <= {"moderate", "low", "very_low"}
    for item in ITEMS:
        if item.evidence.grade == "moderate":
            assert item.category in ("strengthening", "walking"), item.slug


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_caution_references_are_cited(item: Exercise) -> None:
    conditions = {c.condition for c in item.cautions}
    if "pregnancy" in conditions:
        assert "acog-2020" in item.meta.references
    if "osteoporosis" in conditions:
        assert "giangregorio-2014" in item.meta.references


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_every_exercise_says_to_ask_first_after_surgery(item: Exercise) -> None:
    caution = item.caution_for("recent_surgery")
    assert caution is not None
    assert "surgeon or physio" in caution.note


@pytest.mark.parametrize("slug", sorted(FLEXES_OR_TWISTS))
def test_spine_rounding_or_twisting_moves_note_osteoporosis(slug: str) -> None:
    assert LIBRARY[slug].caution_for("osteoporosis") is not None


@pytest.mark.parametrize(
    "item",
    [i for i in ITEMS if "mat" in i.equipment or i.slug in FLOOR_WITHOUT_MAT],
    ids=lambda i: i.slug,
)
def test_floor_and_lying_positions_note_pregnancy(item: Exercise) -> None:
    assert item.caution_for("pregnancy") is not None


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_flare_safe_items_are_gentle_and_never_avoided_in_a_flare(item: Exercise) -> None:
    flare = item.caution_for("acute_flare")
    if item.flare_safe:
        assert item.level == 1
        assert flare is None or flare.action == "modify"
    else:
        assert flare is not None, "say what to do instead on a flare day"


def test_there_are_flare_day_options_in_most_categories() -> None:
    covered = {item.category for item in ITEMS if item.flare_safe}
    assert covered >= {"mobility", "stretching", "walking", "relaxation"}


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_progressions_step_in_the_right_direction(item: Exercise) -> None:
    if item.easier is not None:
        assert LIBRARY[item.easier].level <= item.level
    if item.harder is not None:
        assert LIBRARY[item.harder].level >= item.level


@pytest.mark.parametrize("direction", ["easier", "harder"])
def test_progression_chains_have_no_cycles(direction: str) -> None:
    for start in ITEMS:
        seen = {start.slug}
        step = getattr(start, direction)
        while step is not None:
            assert step not in seen, f"{start.slug}: {direction} chain returns to {step}"
            seen.add(step)
            step = getattr(LIBRARY[step], direction)


def test_a_harder_step_leads_back_to_where_it_came_from() -> None:
    # If A's harder step is B and B names an easier step, it must be A (a ladder, not a maze).
    for item in ITEMS:
        if item.harder is not None:
            back = LIBRARY[item.harder].easier
            assert back in (None, item.slug), f"{item.slug} -> {item.harder} -> {back}"


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_dose_and_its_time_agree(item: Exercise) -> None:
    assert 0 < item.minutes <= 60
    if item.dose.minutes is not None:
        assert item.minutes >= item.dose.minutes
    assert item.dose.describe()


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_drawing_is_small_valid_and_labelled(item: Exercise) -> None:
    path = ILLUSTRATIONS / item.illustration
    assert item.illustration == f"{item.slug}.svg"
    assert path.stat().st_size < 6 * 1024  # two frames: start and end
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == item.alt
    labelled_by = root.get("aria-labelledby")
    assert labelled_by is None or labelled_by == title.get("id")


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_drawing_has_no_scripts_links_or_fonts(item: Exercise) -> None:
    root = ET.parse(ILLUSTRATIONS / item.illustration).getroot()
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"script", "foreignObject", "image", "a", "style", "font", "text"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{tag} has event attribute {name}"
            assert "http" not in value
            assert "url(" not in value


def test_every_drawing_belongs_to_an_exercise() -> None:
    used = {item.illustration for item in ITEMS}
    used |= {c.illustration for item in ITEMS for c in item.cautions if c.illustration}
    assert {path.name for path in ILLUSTRATIONS.glob("*.svg")} == used


def test_our_reference_file_uses_ids_no_other_file_defines() -> None:
    ours = tomllib.loads((CONTENT_DIR / "references" / "exercises.toml").read_text())
    others: set[str] = set()
    for path in (CONTENT_DIR / "references").glob("*.toml"):
        if path.name != "exercises.toml":
            others |= set(tomllib.loads(path.read_text()))
    assert not set(ours) & others
    cited = {ref for item in ITEMS for ref in item.meta.references}
    assert set(ours) <= cited, "every reference added for exercises is used"


LYING_ON_THE_BACK = ("on your back", "lie back over", "lie back so")


@pytest.mark.parametrize(
    "item",
    [i for i in ITEMS if any(w in i.steps[0].lower() for w in LYING_ON_THE_BACK)],
    ids=lambda i: i.slug,
)
def test_an_exercise_lying_on_the_back_gives_its_pregnancy_version(item: Exercise) -> None:
    # CONTENT.md: pregnancy-safe options. She is shown these steps, not the usual ones.
    caution = item.caution_for("pregnancy")
    assert caution is not None
    assert caution.action == "modify"
    assert caution.steps
    words = " ".join(caution.steps).lower()
    assert "lie on your back" not in words
    assert "flat on your back" not in words


PREGNANCY_VERSIONS = [i for i in ITEMS if (c := i.caution_for("pregnancy")) is not None and c.steps]


@pytest.mark.parametrize(
    "item", [i for i in PREGNANCY_VERSIONS if "lying" in i.name.lower()], ids=lambda i: i.slug
)
def test_a_name_that_says_lying_down_is_not_the_pregnancy_versions_name(item: Exercise) -> None:
    # Her version is propped up, sitting or standing: "(lying on your back)" would contradict
    # the steps she is shown under it.
    name = item.name_for(["pregnancy"])
    assert name != item.name
    assert "lying" not in name.lower()


@pytest.mark.parametrize("item", PREGNANCY_VERSIONS, ids=lambda i: i.slug)
def test_a_pregnancy_version_lists_what_its_steps_need(item: Exercise) -> None:
    caution = item.caution_for("pregnancy")
    assert caution is not None
    first = caution.steps[0].lower()
    kit = item.equipment_for(["pregnancy"])
    if "head" in first and "pillow" in first:  # "prop your head ... on pillows"
        assert "pillow" in kit
    if "chair" in first and " or " not in first:  # on a chair (not one choice of two)
        assert "chair" in kit
        assert "mat" not in kit
    if first.startswith("stand with your back against a wall"):
        assert kit == {"wall"}


def test_a_pregnancy_versions_name_is_not_another_exercises() -> None:
    # The library lists both: two cards under one name would not say which is which.
    names = {i.name for i in ITEMS}
    for item in PREGNANCY_VERSIONS:
        if item.name_for(["pregnancy"]) != item.name:
            assert item.name_for(["pregnancy"]) not in names


#: Words that put the person on their back, on the floor or on a roller: a summary line saying
#: them over a version propped up, sitting or standing would contradict the steps under it.
USUAL_POSITIONS = ("lying down", "lie on your back", "lying,", "floor supports", "foam roller")


@pytest.mark.parametrize("item", PREGNANCY_VERSIONS, ids=lambda i: i.slug)
def test_the_summary_shown_with_a_pregnancy_version_does_not_lie_her_down(item: Exercise) -> None:
    shown = item.summary_for(["pregnancy"]).lower()
    for words in USUAL_POSITIONS:
        assert words not in shown, words


@pytest.mark.parametrize(
    "item",
    [i for i in PREGNANCY_VERSIONS if i.name_for(["pregnancy"]) != i.name],
    ids=lambda i: i.slug,
)
def test_a_pregnancy_version_with_its_own_name_has_its_own_summary(item: Exercise) -> None:
    # Its name says the position changes ("sitting on a chair"); the line under it must too.
    assert item.summary_for(["pregnancy"]) != item.summary
