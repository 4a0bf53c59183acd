"""The figures as the page and the CSV show them: labels, context and one flat row each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backcare.assessments.models import LEVEL_CHOICES
from backcare.domain.content import references
from backcare.domain.instruments import instruments
from backcare.domain.outcomes import (
    MIN_CELL,
    Estimate,
    OutcomeFigures,
    PainAnalysis,
    QuestionnaireChange,
    Share,
)

#: What a hidden figure says: about 1 to MIN_CELL - 1 people, here or in one enrolment month
#: (or among the members a clinician's cohort leaves out), or it would give such a one away.
SUPPRESSED = f"hidden: it would show a figure about fewer than {MIN_CELL} people"
N_HIDDEN = "n hidden: it would give a hidden count away"
LEVEL_LABELS = {**dict(LEVEL_CHOICES), "none": "No back check"}
POPULATION_LABELS = {
    "itt": "Everyone enrolled (intention to treat)",
    "completers": "Completers (a pain value in weeks 12-13)",
}
#: The natural course, beside every pain figure: a before/after change is not an effect.
CONTEXT_REFERENCE = "menezes-costa-2012"
CONTEXT_PMID = "22586331"
CONTEXT = (
    "Back pain often improves a lot without any programme. In a meta-analysis of 33 cohorts "
    "of people with acute low back pain, average pain fell from about 52 to 23 out of 100 "
    "within 6 weeks (about 5.2 to 2.3 on the 0-10 scale used here). These figures compare "
    "members with themselves, before and after, with no comparison group: they describe how "
    "members changed, not what the programme caused."
)


@dataclass(frozen=True)
class Context:
    text: str
    citation: str
    url: str
    pmid: str


def honest_context() -> Context:
    reference = references()[CONTEXT_REFERENCE]
    return Context(CONTEXT, reference.citation, reference.url, CONTEXT_PMID)


def instrument_name(slug: str) -> str:
    found = instruments().get(slug)
    return found.short_title or found.title if found else slug


CSV_HEADER = [
    "section", "figure", "population", "n", "denominator", "mean", "mean_95_low",
    "mean_95_high", "median", "median_95_low", "median_95_high", "count", "percent", "note",
]  # fmt: skip


def _number(value: float | None) -> str:
    """One decimal, as the page and the API give the figures."""
    return "" if value is None else f"{value:.1f}"


def _count(value: int | None) -> str:
    """A count of people as text: empty when hidden."""
    return "" if value is None else str(value)


def _said(value: int | None) -> str:
    return "hidden" if value is None else str(value)


def _notes(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def _estimate_row(
    section: str, figure: str, population: str, e: Estimate, of: int | None
) -> list[str]:
    values = [e.mean, e.mean_low, e.mean_high, e.median, e.median_low, e.median_high]
    note = SUPPRESSED if e.suppressed and e.n != 0 else N_HIDDEN if e.n is None else ""
    row = [section, figure, population, _count(e.n), _count(of), *map(_number, values)]
    return [*row, "", "", note]


def _share_row(section: str, figure: str, population: str, s: Share) -> list[str]:
    note = SUPPRESSED if s.count is None or s.of is None else ""
    blank = [""] * 6
    row = [section, figure, population, "", _count(s.of), *blank, _count(s.count)]
    return [*row, _number(s.percent), note]


def _pain_rows(p: PainAnalysis) -> list[list[str]]:
    label = POPULATION_LABELS[p.population]
    note = (
        f"observed {_said(p.observed)}, carried forward {_said(p.carried)}, "
        f"missing {_said(p.missing)}"
    )
    rows = [
        _estimate_row("pain", "baseline (days 0-6)", label, p.baseline, p.denominator),
        _estimate_row("pain", "12 weeks (days 77-91)", label, p.at_12_weeks, p.denominator),
        _estimate_row("pain", "change (12 weeks minus baseline)", label, p.change, p.denominator),
    ]
    rows[-1][-1] = _notes(rows[-1][-1], note)
    for threshold, share in p.improved.items():
        rows.append(_share_row("pain", f"improved by {threshold} % or more", label, share))
    return rows


def _questionnaire_rows(q: QuestionnaireChange, eligible: int | None) -> list[list[str]]:
    name = instrument_name(q.instrument)
    rows = [
        _estimate_row("questionnaire", f"{name} {figure}", "", value, eligible)
        for figure, value in (("first", q.first), ("latest", q.latest), ("change", q.change))
    ]
    rows[-1][-1] = _notes(rows[-1][-1], f"eligible members without a pair {_said(q.without_pair)}")
    return rows


def csv_rows(figures: OutcomeFigures, cohort: str, notes: list[str]) -> list[list[str]]:
    note = " ".join(notes)
    rows = [CSV_HEADER, ["cohort", cohort, "", _count(figures.enrolled), *[""] * 9, note]]
    e = figures.engagement
    rows.append(_estimate_row("engagement", "active weeks of 12", "", e.active_weeks, e.members))
    rows.append(
        _estimate_row(
            "engagement", "check-ins per active week", "", e.checkins_per_active_week, e.members
        )
    )
    for r in figures.retention:
        rows.append(_share_row("retention", f"checked in during week {r.week}", "", r.share))
    rows += _pain_rows(figures.itt) + _pain_rows(figures.completers)
    for q in figures.questionnaires:
        rows += _questionnaire_rows(q, figures.eligible_12_weeks)
    for level, count in figures.triage.items():
        note = SUPPRESSED if count is None else ""
        label = LEVEL_LABELS[level]
        of = _count(figures.enrolled)
        rows.append(["triage", label, "", "", of, *[""] * 6, _count(count), "", note])
    context = honest_context()
    rows.append(
        ["context", context.text, "", *[""] * 10, f"{context.citation} PMID {context.pmid}"]
    )
    return rows


def page_context(figures: OutcomeFigures) -> dict[str, Any]:
    return {
        "figures": figures,
        "context": honest_context(),
        "populations": [
            (POPULATION_LABELS[p.population], p) for p in (figures.itt, figures.completers)
        ],
        "questionnaires": [(instrument_name(q.instrument), q) for q in figures.questionnaires],
        "triage": [(LEVEL_LABELS[level], count) for level, count in figures.triage.items()],
    }
