"""The exercise loader: its API, and the clear errors it gives for broken content."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcare.domain import content
from backcare.domain.content import CONTENT_DIR, ContentError
from backcare.domain.exercises import (
    CONDITIONS,
    Dose,
    check_svg,
    exercise,
    exercises,
    illustration_svg,
    parse_exercise,
)


@pytest.mark.parametrize(
    ("dose", "wording"),
    [
        (Dose(reps=10, sets=1), "10 reps × 1 set"),
        (Dose(reps=8, sets=2, per_side=True), "8 reps × 2 sets each side"),
        (Dose(hold_seconds=30, reps=3, per_side=True), "hold 30 s, 3 times each side"),
        (Dose(hold_seconds=5, reps=1), "hold 5 s, 1 time"),
        (Dose(hold_seconds=20), "hold 20 s"),
        (Dose(minutes=10), "10 minutes"),
        (Dose(minutes=1), "1 minute"),
        (Dose(minutes=2.5), "2.5 minutes"),
        (Dose(reps=6, per_side=True), "6 reps each side"),
        (Dose(reps=10, minutes=3), "10 reps, 3 minutes"),
        (Dose(sets=2), "2 sets"),
    ],
)
def test_dose_describes_itself_in_plain_words(dose: Dose, wording: str) -> None:
    assert dose.describe() == wording


doses = st.builds(
    Dose,
    reps=st.none() | st.integers(1, 50),
    sets=st.none() | st.integers(1, 5),
    hold_seconds=st.none() | st.integers(1, 120),
    minutes=st.none() | st.integers(1, 60).map(float),
    per_side=st.booleans(),
).filter(lambda d: any(v is not None for v in (d.reps, d.sets, d.hold_seconds, d.minutes)))


@given(doses)
def test_dose_wording_mentions_every_amount_and_side(dose: Dose) -> None:
    text = dose.describe()
    for amount in (dose.reps, dose.sets, dose.hold_seconds):
        if amount is not None:
            assert str(amount) in text
    if dose.minutes is not None:
        assert f"{dose.minutes:g} minute" in text
    assert ("each side" in text) == dose.per_side


def test_exercises_are_ordered_by_slug() -> None:
    slugs = list(exercises())
    assert slugs == sorted(slugs)
    assert all(exercise(slug).slug == slug for slug in slugs)


def test_an_unknown_exercise_is_a_clear_error() -> None:
    with pytest.raises(ContentError, match="unknown exercise 'moonwalk'"):
        exercise("moonwalk")
    with pytest.raises(ContentError, match="unknown exercise 'moonwalk'"):
        illustration_svg("moonwalk")


def test_illustration_svg_returns_the_drawing_file() -> None:
    text = illustration_svg("cat-cow")
    path = CONTENT_DIR / "exercises" / "illustrations" / exercise("cat-cow").illustration
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("slug", "conditions", "allowed"),
    [
        ("cat-cow", [], True),
        ("cat-cow", ["pregnancy", "osteoporosis"], True),  # modify, not avoid
        ("press-up-prone-extension", ["pregnancy"], False),
        ("press-up-prone-extension", ["osteoporosis"], True),
        ("side-plank-rotation", ["osteoporosis"], False),
        ("side-plank", ["osteoporosis"], True),
        ("foam-roller-thoracic", ["acute_flare"], False),
        ("single-leg-bridge", ["recent_surgery"], False),
        ("easy-walk", list(CONDITIONS), True),
    ],
)
def test_allowed_for_refuses_only_what_a_condition_says_to_avoid(
    slug: str, conditions: list[str], allowed: bool
) -> None:
    assert exercise(slug).allowed_for(conditions) is allowed  # type: ignore[arg-type]


def test_caution_for_returns_the_matching_caution_or_none() -> None:
    caution = exercise("press-up-prone-extension").caution_for("pregnancy")
    assert caution is not None
    assert (caution.condition, caution.action) == ("pregnancy", "avoid")
    assert exercise("easy-walk").caution_for("osteoporosis") is None


def test_a_misspelt_condition_is_refused_rather_than_ignored() -> None:
    with pytest.raises(ValueError, match="unknown condition 'pregnant'"):
        exercise("cat-cow").allowed_for(["pregnant"])  # type: ignore[list-item]


@given(st.sampled_from(sorted(exercises())), st.sets(st.sampled_from(CONDITIONS)))
def test_dropping_a_condition_never_forbids_an_exercise(slug: str, conditions: set[str]) -> None:
    item = exercise(slug)
    if item.allowed_for(conditions):  # type: ignore[arg-type]
        for condition in conditions:
            assert item.allowed_for(conditions - {condition})  # type: ignore[arg-type]


# --- broken content fixtures -------------------------------------------------------------


@pytest.fixture
def fixture_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private content/ tree of links to the real files; ``_break`` swaps in a real copy."""
    for folder in ("exercises", "exercises/illustrations", "references"):
        (tmp_path / folder).mkdir()
        for source in (CONTENT_DIR / folder).glob("*.*"):
            (tmp_path / folder / source.name).symlink_to(source)
    monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(tmp_path))
    content.references.cache_clear()
    yield tmp_path
    content.references.cache_clear()


def _break(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {relative}"
    path.unlink()  # drop the link, never touch the real file
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN_EXERCISES = [
    ("cat-cow", "level = 1", "level = 7", r"cat-cow\.toml: field 'level'"),
    ("cat-cow", 'category = "mobility"', 'category = "cardio"', r"cat-cow\.toml: field 'category'"),
    ("cat-cow", 'slug = "cat-cow"', 'slug = "cat-cows"', r"cat-cow\.toml: field 'slug'"),
    ("cat-cow", "flare_safe = true", 'flare_safe = "yes"', r"cat-cow\.toml: field 'flare_safe'"),
    (
        "cat-cow",
        'equipment = ["mat"]',
        'equipment = ["trampoline"]',
        r"field 'equipment'.*trampoline",
    ),
    ("cat-cow", "dose = { reps = 10, sets = 1 }", "dose = {}", r"cat-cow\.toml \[dose\]"),
    ("cat-cow", "dose = { reps = 10, sets = 1 }", "dose = { reps = 0 }", r"\[dose\]: field 'reps'"),
    ("cat-cow", "minutes = 2", "minutes = 0", r"cat-cow\.toml: field 'minutes'"),
    ("cat-cow", 'alt = "A person', 'alt = "" # A person', r"cat-cow\.toml: field 'alt'"),
    ("cat-cow", 'name = "Cat-cow"', 'name = "  "', r"cat-cow\.toml: field 'name'"),
    ("cat-cow", "steps = [", "old_steps = [", r"unknown field\(s\) old_steps"),
    ("cat-cow", '\nreferences = ["acp-2017"', '\nreferences = ["nobody-1999"', r"nobody-1999"),
    ("cat-cow", 'grade = "low"', 'grade = "great"', r"cat-cow\.toml \[evidence\]: evidence grade"),
    (
        "cat-cow",
        "[cautions.pregnancy]",
        "[cautions.pregnant]",
        r"unknown caution condition.*pregnant",
    ),
    ("cat-cow", 'action = "modify"', 'action = "skip"', r"\[cautions\.pregnancy\]: field 'action'"),
    ("cat-cow", 'illustration = "cat-cow.svg"', 'illustration = "gone.svg"', r"illustrations/gone"),
    ("cat-cow", 'illustration = "cat-cow.svg"', 'illustration = "../x.svg"', r"'illustration'"),
    ("bridge", 'harder = "single-leg-bridge"', 'harder = "moonwalk"', r"'harder'.*'moonwalk'"),
    (
        "bridge",
        'harder = "single-leg-bridge"',
        'harder = "bridge"',
        r"bridge\.toml: field 'harder'",
    ),
    (
        "single-leg-bridge",
        'easier = "bridge"',
        'easier = "bridge"\nharder = "glute-squeeze"',
        "loops",
    ),
]


@pytest.mark.parametrize(("slug", "old", "new", "message"), BROKEN_EXERCISES)
def test_a_broken_exercise_names_its_file_and_field(
    fixture_content: Path, slug: str, old: str, new: str, message: str
) -> None:
    _break(fixture_content, f"exercises/{slug}.toml", old, new)
    with pytest.raises(ContentError, match=message):
        exercises()


UNSAFE_DRAWINGS = [
    ("<title", "<script>alert(1)</script><title", "<script>"),
    ('role="img"', 'role="img" onload="alert(1)"', "on\\* event"),
    ("<title", '<image href="https://example.org/x.png"/><title', "external"),
    ("<title", '<a href="page.html"><path d="M0 0"/></a><title', "link to another"),
    ("<title", '<path style="fill:url(evil.svg#a)"/><title', "url\\(\\)"),
    ("<svg ", '<!DOCTYPE svg [<!ENTITY x "y">]><svg ', "DOCTYPE"),
    ('role="img"', 'role="presentation"', 'role="img"'),
    ("</svg>", "<path", "not well-formed"),
    ("<title id", "<desc>x</desc><title id", None),  # extra description is fine
]


@pytest.mark.parametrize(("old", "new", "message"), UNSAFE_DRAWINGS)
def test_an_unsafe_or_broken_drawing_is_refused(
    fixture_content: Path, old: str, new: str, message: str | None
) -> None:
    _break(fixture_content, "exercises/illustrations/cat-cow.svg", old, new)
    if message is None:
        assert "<desc>" in illustration_svg("cat-cow")
        return
    with pytest.raises(ContentError, match=rf"illustrations/cat-cow\.svg: .*{message}"):
        exercises()


def test_a_drawing_whose_title_differs_from_the_alt_text_is_refused(
    fixture_content: Path,
) -> None:
    _break(fixture_content, "exercises/cat-cow.toml", 'alt = "A person', 'alt = "Someone')
    with pytest.raises(ContentError, match=r"cat-cow\.svg: <title> must equal"):
        exercises()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("steps", [], "field 'steps' needs at least one"),
        ("targets", ["lumbar spine", " "], "field 'targets' needs at least one non-empty"),
        ("summary", 3, "field 'summary' must be str"),
        ("cautions", ["pregnancy"], "field 'cautions' must be a table"),
        ("level", True, "field 'level'"),
    ],
)
def test_parse_exercise_names_the_field_to_fix(field: str, value: object, message: str) -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    assert parse_exercise(data, "cat-cow", "exercises/cat-cow.toml").slug == "cat-cow"
    data[field] = value
    with pytest.raises(ContentError, match=message):
        parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")


def test_check_svg_accepts_a_minimal_labelled_drawing() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
        '<title>A dot.</title><circle cx="5" cy="5" r="2"/></svg>'
    )
    assert check_svg(svg, "A dot.", "test.svg").get("viewBox") == "0 0 10 10"
    with pytest.raises(ContentError, match="viewBox"):
        check_svg(svg.replace(' viewBox="0 0 10 10"', ""), "A dot.", "test.svg")


def test_an_empty_exercise_folder_is_an_error(fixture_content: Path) -> None:
    for path in (fixture_content / "exercises").glob("*.toml"):
        path.unlink()
    with pytest.raises(ContentError, match="no exercise files"):
        exercises()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"steps": []}, r"\[cautions\.pregnancy\]: field 'steps' needs at least one"),
        ({"steps": ["Stand tall.", "  "]}, r"field 'steps' needs at least one non-empty"),
        ({"steps": ["Stand tall.", 3]}, "every entry of 'steps' must be a string"),
        (
            {"steps": ["Stand tall."], "illustration": "cat-cow.svg"},
            r"\[cautions\.pregnancy\]: give 'illustration' and 'alt' together",
        ),
        ({"steps": ["Stand tall."], "alt": "A person."}, "give 'illustration' and 'alt' together"),
        ({"illustration": "cat-cow.svg", "alt": "A person."}, "needs the version's own 'steps'"),
        ({"steps": ["Stand tall."], "illustration": "Cat Cow.png", "alt": "x"}, "file name like"),
        ({"steps": ["Stand tall."], "picture": "x"}, "unknown field"),
        ({"action": "avoid", "steps": ["Stand tall."]}, "only a 'modify' caution"),
        ({"name": "Cat-cow standing"}, "name or equipment needs the version's own 'steps'"),
        ({"equipment": ["chair"]}, "name or equipment needs the version's own 'steps'"),
        ({"steps": ["Stand tall."], "name": "  "}, r"\[cautions\.pregnancy\]: field 'name'"),
        ({"steps": ["Stand tall."], "name": "Cat-cow"}, "'name' repeats the exercise's name"),
        ({"steps": ["Stand tall."], "equipment": ["trampoline"]}, r"'equipment'.*trampoline"),
        ({"steps": ["Stand tall."], "equipment": ["mat"]}, "'equipment' repeats the exercise's"),
        ({"summary": "Rocks sitting."}, r"summary, name or equipment needs the version's own"),
        ({"steps": ["Stand tall."], "summary": " "}, r"\[cautions\.pregnancy\]: field 'summary'"),
        ({"action": "avoid", "summary": "Rocks sitting."}, "only a 'modify' caution"),
    ],
)
def test_a_cautions_own_version_is_validated(entry: dict[str, object], message: str) -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    data["cautions"]["pregnancy"] = {"action": "modify", "note": "Go gently.", **entry}
    with pytest.raises(ContentError, match=message):
        parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")


def test_a_cautions_own_version_is_parsed() -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    version = {"steps": [" Stand tall. "], "illustration": "wall-sit.svg", "alt": "A person."}
    data["cautions"]["pregnancy"] = {"action": "modify", "note": "Go gently.", **version}
    item = parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")
    caution = item.caution_for("pregnancy")
    assert caution is not None
    assert (caution.steps, caution.illustration, caution.alt) == (
        (" Stand tall. ",),
        "wall-sit.svg",
        "A person.",
    )
    assert item.adapted_for(["pregnancy"]) == caution
    assert item.adapted_for(["acute_flare", "osteoporosis"]) is None


def test_a_versions_own_name_and_equipment_are_what_the_version_shows() -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    version = {"steps": ["Sit tall."], "name": "Cat-cow (sitting)", "equipment": ["chair"]}
    data["cautions"]["pregnancy"] = {"action": "modify", "note": "Go gently.", **version}
    item = parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")
    assert item.name_for(["pregnancy"]) == "Cat-cow (sitting)"
    assert item.equipment_for(["pregnancy"]) == frozenset({"chair"})
    assert item.name_for(["osteoporosis"]) == item.name == "Cat-cow"  # the usual one
    assert item.equipment_for([]) == item.equipment == frozenset({"mat"})


def test_a_versions_own_summary_is_the_summary_it_shows() -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    version = {"steps": ["Sit tall."], "summary": "Rocks your spine while you sit on a chair."}
    data["cautions"]["pregnancy"] = {"action": "modify", "note": "Go gently.", **version}
    item = parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")
    assert item.summary_for(["pregnancy"]) == "Rocks your spine while you sit on a chair."
    assert item.summary_for(["osteoporosis"]) == item.summary != version["summary"]


def test_a_versions_summary_may_not_copy_the_usual_one() -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    copy = {"steps": ["Sit tall."], "summary": data["summary"]}
    data["cautions"]["pregnancy"] = {"action": "modify", "note": "Go gently.", **copy}
    with pytest.raises(ContentError, match="'summary' repeats the exercise's summary"):
        parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")


def test_a_version_without_its_own_name_or_equipment_keeps_the_usual_ones() -> None:
    data = tomllib.loads((CONTENT_DIR / "exercises" / "cat-cow.toml").read_text(encoding="utf-8"))
    data["cautions"]["pregnancy"] = {"action": "modify", "note": "Go.", "steps": ["Kneel."]}
    item = parse_exercise(data, "cat-cow", "exercises/cat-cow.toml")
    assert item.name_for(["pregnancy"]) == "Cat-cow"
    assert item.equipment_for(["pregnancy"]) == frozenset({"mat"})
    assert item.summary_for(["pregnancy"]) == item.summary


def test_a_cautions_drawing_must_exist_and_carry_its_alt(fixture_content: Path) -> None:
    _break(fixture_content, "exercises/pelvic-tilts.toml", "pelvic-tilts-pregnancy.svg", "nope.svg")
    with pytest.raises(ContentError, match=r"pelvic-tilts\.toml \[cautions\.pregnancy\]: .*nope"):
        exercises()


def test_a_cautions_drawing_whose_title_differs_from_its_alt_is_refused(
    fixture_content: Path,
) -> None:
    _break(
        fixture_content,
        "exercises/pelvic-tilts.toml",
        'alt = "A person standing with their back',
        'alt = "Someone standing with their back',
    )
    with pytest.raises(ContentError, match=r"pelvic-tilts-pregnancy\.svg: <title> must equal"):
        exercises()


def test_the_drawing_of_a_version_is_returned_for_its_condition_only() -> None:
    assert "against a wall" in illustration_svg("pelvic-tilts", "pregnancy")
    assert "lying on their back" in illustration_svg("pelvic-tilts")
    assert illustration_svg("knee-rocking", "pregnancy") == ""  # steps, but no drawing
    assert illustration_svg("pelvic-tilts", "osteoporosis") == ""
