"""docs/api.md names every field of the insights answer and of the relief in the clinician's
report JSON, in their own sections, so a field added to either is documented with it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, get_args

import time_machine
from pydantic import BaseModel

from backcare.progress.schemas import InsightsOut

ROOT = Path(__file__).resolve().parents[2]


def section(heading: str, next_heading: str) -> str:
    doc = (ROOT / "docs" / "api.md").read_text()
    return doc.split(f"\n{heading}\n", 1)[1].split(f"\n{next_heading}\n", 1)[0]


def documented(text: str) -> set[str]:
    """Every name in backticks at the start of a table row, or listed with it (`a`, `b`)."""
    rows = (line.split("|")[1] for line in text.splitlines() if line.startswith("| `"))
    return {name for cell in rows for name in re.findall(r"`([a-z_]+)`", cell)}


def field_names(model: type[BaseModel]) -> set[str]:
    """The model's fields, and those of every model nested in them (lists and nulls too)."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for inner in _models(info.annotation):
            names |= field_names(inner)
    return names


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in get_args(annotation) for found in _models(arg)]


def test_every_field_of_the_insights_answer_is_documented():
    names = field_names(InsightsOut)
    assert {"min_days", "ratings", "autocorrelation", "effective_n", "needed"} <= names
    text = section("### Insights", "#### Relief in the clinician's report")
    missing = sorted(names - documented(text))
    assert not missing, f"document these fields of /api/insights in docs/api.md: {missing}"


def test_every_field_of_the_clinician_reports_relief_is_documented(ana):
    from backcare.care.reports import clinician_report, report_json
    from backcare.diary.models import ActivityRating, CheckIn

    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        for offset in range(5):
            day = datetime.date(2026, 3, 1) + datetime.timedelta(offset)
            checkin = CheckIn.objects.create(user=ana, day=day, moment="evening", pain=4)
            ActivityRating.objects.create(checkin=checkin, item="cat-cow", relief=6)
        (helps,) = report_json(clinician_report(ana))["helps"]
    assert {"days", "ci_low", "ci_high"} <= set(helps)
    text = section("#### Relief in the clinician's report", "### Care team")
    missing = sorted(set(helps) - documented(text))
    assert not missing, f"document these fields of the report's helps in docs/api.md: {missing}"
