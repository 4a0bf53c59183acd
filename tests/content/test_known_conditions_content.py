"""What a plan says about a condition a clinician has diagnosed (content/known_conditions.toml):
every section belongs to a standing fact, every line carries its sources and a recommendation
its grade, the eye line keeps the triage rule's timeframe, every sentence has its clinician's
wording beside it (said of the person, a contact line's with its timeframe), and a broken file
is refused.

Failed before (the clinician's wording): there was none; the clinician's report and the FHIR
CarePlan quoted what the person reads ("You told us ...", "Contact your rheumatology team").
"""

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


TO_THE_READER = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def test_every_sentence_has_a_clinicians_wording_said_of_the_person() -> None:
    for section in condition_book().sections.values():
        said = [
            section.title_of_them,
            section.lead_of_them,
            section.contact_title_of_them,
            *(line.of_them for line in (*section.lines, *section.contact)),
        ]
        for sentence in said:
            assert sentence
            assert not TO_THE_READER.findall(sentence), sentence
        words = {"urgent": "Today, ", "soon": "Within days, "}
        for contact in section.contact:
            assert contact.of_them.startswith(words[contact.level]), contact.of_them


def test_the_clinicians_wording_keeps_the_medicines_line_and_the_eye() -> None:
    """The same content as the person's: medicines only as their team prescribed, and the
    eye line's same-day check for possible uveitis."""
    section = condition_book().sections[FACT]
    assert any("as their team prescribed" in line.of_them for line in section.lines)
    (eye,) = [c for c in section.contact if "eye" in c.text]
    assert eye.of_them.startswith("Today, an eye check")
    assert "uveitis" in eye.of_them


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
        ('of_them = "They are told to move', 'of_them = "You are told to move', "speaks of the"),
        ('title_of_them = "Their inflammatory arthritis"\n', "", "title_of_them"),
        ('of_them = "Today, an eye check', 'of_them = "An eye check', "must say how soon"),
        ('of_them = "Within days, their', 'of_them = "Their', "within days"),
    ],
)
def test_a_broken_file_is_refused_naming_the_file(content_copy, old, new, message) -> None:
    break_file(content_copy, old, new)
    with pytest.raises(ContentError, match=message) as error:
        condition_book()
    assert CONDITIONS_FILE in str(error.value)
