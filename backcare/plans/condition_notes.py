"""The plan's section for a condition a clinician has diagnosed (``domain/known_conditions``),
shaped for the plan page: each line with its grade in words and its sources. Read from the
person's clinical context now, like the warning signs, so a plan stored before they told us
shows it too. Each sentence carries its clinician's wording beside it (``of_them``), which
``said_of_them`` puts in its place for a clinician's copy."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from backcare.assessments.models import Assessment
from backcare.domain.content import review_status
from backcare.domain.context import ClinicalContext
from backcare.domain.known_conditions import ConditionSection, condition_book, sections_for
from backcare.plans.library import citations, grade_word


def condition_notes(
    context: ClinicalContext, factors: Collection[str] = ()
) -> list[dict[str, Any]]:
    """The sections for the person's conditions; empty for anyone without one. ``factors``:
    the contributing factors of their latest back check, which a section such as pelvic
    girdle pain in pregnancy also needs (``ConditionSection.factor``)."""
    return [_section(section) for section in sections_for(context, factors)]


def with_condition_notes(
    view: dict[str, Any], context: ClinicalContext, factors: Collection[str] = ()
) -> None:
    """Add the sections to a plan view (``presenting.plan_view``): not to a plan paused for
    care, which shows only where to get help. The review status counts the section's file."""
    notes = [] if view.get("care_first") else condition_notes(context, factors)
    view["conditions"] = notes
    if notes:
        view["reviewed"] = review_status(
            [*str(view.get("reviewed") or "").split("; "), condition_book().meta.reviewed]
        )


def back_check_factors(assessment: Assessment | None) -> frozenset[str]:
    """The contributing factor ids a back check suggested (none without one)."""
    found = assessment.factors if assessment is not None else []
    return frozenset(str(f["id"]) for f in found if isinstance(f, dict) and f.get("id"))


def _section(section: ConditionSection) -> dict[str, Any]:
    lines: list[dict[str, Any]] = [
        {
            "text": line.text,
            "of_them": line.of_them,
            "grade": line.grade or "",
            "grade_label": grade_word(line.grade) if line.grade else "",
            "citations": citations(line.references),
        }
        for line in section.lines
    ]
    contact = [
        {
            "text": line.text,
            "of_them": line.of_them,
            "level": line.level,
            "citations": citations(line.references),
        }
        for line in section.contact
    ]
    refs = [*(r for line in section.lines for r in line.references)]
    refs += [r for line in section.contact for r in line.references]
    cited = citations(dict.fromkeys(refs))
    return {
        "fact": section.fact,
        "title": section.title,
        "lead": section.lead,
        "lines": lines,
        "contact_title": section.contact_title,
        "contact": contact,
        "hint": section.hint,
        "citations": cited,
        "of_them": {
            "title": section.title_of_them,
            "lead": section.lead_of_them,
            "contact_title": section.contact_title_of_them,
        },
    }


def said_of_them(note: dict[str, Any]) -> dict[str, Any]:
    """A section (``condition_notes``) in its clinician's wording, under the same keys: what
    the person is told, said of them ("They are told to move every day ..."), each contact
    line with how soon ("Today, an eye check ...")."""
    return {
        **note,
        **note["of_them"],
        "lines": [{**line, "text": line["of_them"]} for line in note["lines"]],
        "contact": [{**line, "text": line["of_them"]} for line in note["contact"]],
    }
