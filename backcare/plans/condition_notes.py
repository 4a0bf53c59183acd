"""The plan's section for a condition a clinician has diagnosed (``domain/known_conditions``),
shaped for the plan page: each line with its grade in words and its sources. Read from the
person's clinical context now, like the warning signs, so a plan stored before they told us
shows it too. Each sentence carries its clinician's wording beside it (``of_them``), which
``said_of_them`` puts in its place for a clinician's copy.

Every page and file that shows the sections (the plan page, the report, the clinician's
patient and Tailor pages, the FHIR CarePlan) takes them from ``condition_notes(person)``,
which reads the person's clinical context and the contributing factors of their latest back
check itself: a section that needs a factor (pelvic girdle pain in pregnancy) shows in each
of them, or in none."""

from __future__ import annotations

from typing import Any

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.domain.content import review_status
from backcare.domain.known_conditions import ConditionSection, condition_book, sections_for
from backcare.plans.library import citations, grade_word
from backcare.plans.planning import latest_assessment


def condition_notes(person: User) -> list[dict[str, Any]]:
    """The sections for the person's conditions; empty for anyone without one. A section such
    as pelvic girdle pain in pregnancy also needs its factor among those their latest back
    check suggested (``ConditionSection.factor``), read here so that no caller leaves it out."""
    latest = latest_assessment(person)
    factors = latest.factor_ids if latest is not None else frozenset()
    return [_section(s) for s in sections_for(clinical_context_for(person), factors)]


def with_condition_notes(view: dict[str, Any], person: User) -> None:
    """Add the person's sections (``condition_notes``) to their plan view
    (``presenting.plan_view``): not to a plan paused for care, which shows only where to get
    help. The review status counts the section's file."""
    notes = [] if view.get("care_first") else condition_notes(person)
    view["conditions"] = notes
    if notes:
        view["reviewed"] = review_status(
            [*str(view.get("reviewed") or "").split("; "), condition_book().meta.reviewed]
        )


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
        "factor": section.factor,  # a contributor the back check must also suggest, or ""
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
