"""What a plan says about a condition a clinician has diagnosed (content/known_conditions.toml):
every section belongs to a standing fact, every line carries its sources and a recommendation
its grade, the eye line keeps the triage rule's timeframe, and a broken file is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare.domain import triage
from backcare.domain.content import RECOMMENDABLE_GRADES, ContentError, references
from backcare.domain.context import FACT_IDS
from backcare.domain.known_conditions import CONDITIONS_FILE, condition_book

FACT = "known_inflammatory_arthritis"


def test_the_file_loads_with_metadata_and_a_section_for_inflammatory_arthritis() -> None:
    book = condition_book()
    assert book.meta.slug == "known-conditions"
    assert book.meta.version
    assert book.meta.reviewed == "unreviewed"
    assert set(book.sections) <= set(FACT_IDS)
    assert FACT in book.sections


def test_every_line_has_sources_and_every_recommendation_a_grade() -> None:
    known = references()
    for section in condition_book().sections.values():
        for line in section.lines:
            assert line.references, line.text
            assert set(line.references) <= set(known), line.text
            if line.evidence is not None:
                assert line.evidence.grade in RECOMMENDABLE_GRADES
                assert line.evidence.direction == "for"
        for contact in section.contact:
            assert contact.references, contact.text
            assert set(contact.references) <= set(known), contact.text


def test_inflammatory_arthritis_says_what_helps_what_is_usual_and_when_to_call() -> None:
    section = condition_book().sections[FACT]
    exercise = section.lines[0]
    assert "exercise" in exercise.text.lower()
    assert exercise.evidence is not None
    assert exercise.evidence.grade == "moderate"
    assert {"ramiro-2023-asas-eular", "regnaux-2019-exercise-as"} <= set(exercise.references)
    words = " ".join(line.text for line in section.lines)
    assert "stiffness" in words.lower()
    assert "eases as you move is usual" in words
    assert "does not replace" in section.lead
    assert any(
        "flare" in c.text and "rheumatology team" in c.text and c.level == "soon"
        for c in section.contact
    )


def test_the_eye_line_keeps_the_red_painful_eye_rules_timeframe() -> None:
    """Uveitis is the known urgent complication: the section says what the triage rule for a
    red, painful eye says, no later."""
    rule = next(r for r in triage.rules() if r.id == "red_painful_eye")
    eye = [c for c in condition_book().sections[FACT].contact if "eye" in c.text]
    assert len(eye) == 1
    assert eye[0].level == rule.level == "urgent"
    assert "today" in eye[0].text
    assert "uveitis" in eye[0].text.lower()
    assert set(rule.references) <= set(eye[0].references)


def test_it_never_advises_on_medicines() -> None:
    """Medicines appear only as "as your team prescribed" (CONTENT.md rule 3)."""
    section = condition_book().sections[FACT]
    for said in (section.lead, *(line.text for line in section.lines)):
        assert not re.search(r"\b(mg|dose|ibuprofen|naproxen|NSAID|biologic)\b", said, re.I)
    medicines = [line.text for line in section.lines if "medicine" in line.text]
    assert medicines == [
        "Keep your rheumatology appointments and take your medicines as your team prescribed; "
        "ask them or a pharmacist about medicines, not backcare."
    ]


def break_file(copy: Path, old: str, new: str) -> None:
    path = copy / CONDITIONS_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (f"[conditions.{FACT}]", "[conditions.gout]", "not a standing fact"),
        ('"regnaux-2019-exercise-as"', '"no-such-paper"', "unknown reference"),
        ('grade = "moderate"', 'grade = "insufficient"', "recommendable"),
        (
            'references = ["nice-ng65"]\n',
            'evidence = { grade = "low", direction = "for", references = ["nice-ng65"] }\n'
            'references = ["nice-ng65"]\n',
            "one of the two",
        ),
        ('level = "soon"', 'level = "whenever"', "level must be one of"),
        ('contact_title = "When to contact your team"', 'contact_title = " "', "empty"),
    ],
)
def test_a_broken_file_is_refused_naming_the_file(content_copy, old, new, message) -> None:
    break_file(content_copy, old, new)
    with pytest.raises(ContentError, match=message) as error:
        condition_book()
    assert CONDITIONS_FILE in str(error.value)
