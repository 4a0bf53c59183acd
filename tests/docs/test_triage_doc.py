"""docs/triage.md stays in sync with the triage content: every id and reference is documented."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from backcare.domain.course import course_book
from backcare.domain.factors import factor_book
from backcare.domain.findings import finding_catalogue, finding_schema
from backcare.domain.triage import LEVELS, rule_book, rules

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "triage.md").read_text()
VIGNETTES = ROOT / "tests" / "domain" / "triage_vignettes.toml"


def missing(ids: set[str]) -> list[str]:
    return sorted(i for i in ids if f"`{i}`" not in DOC)


def cited_references() -> set[str]:
    book = rule_book()
    refs = set(book.meta.references) | set(finding_schema().meta.references)
    refs |= {ref for rule in book.rules for ref in rule.references}
    refs |= {ref for info in book.levels.values() for ref in info.references}
    factors = factor_book()
    refs |= set(factors.meta.references)
    refs |= {r for f in factors.factors for r in (*f.references, *f.evidence.references)}
    course = course_book()
    refs |= set(course.meta.references) | set(course.episodes.references)
    refs |= {ref for stage in course.stages.values() for ref in stage.references}
    refs |= {ref for item in course.safety_net for ref in item.references}
    with (ROOT / "backcare" / "content" / "references" / "triage.toml").open("rb") as handle:
        refs |= set(tomllib.load(handle))
    return refs


def test_every_finding_id_is_documented():
    assert not missing(set(finding_catalogue())), "add these findings to docs/triage.md"


def test_every_rule_id_is_documented_with_its_level():
    assert not missing({rule.id for rule in rules()}), "add these rules to docs/triage.md"
    section = DOC.split("\n## Rules\n", 1)[1].split("\n## ", 1)[0]
    for rule in rules():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{rule.id}` |"))
        assert f"| {rule.level} |" in row, f"docs/triage.md shows the wrong level for {rule.id}"


def test_every_reference_is_documented():
    assert not missing(cited_references()), "add these references to docs/triage.md"


def test_every_factor_level_and_vignette_is_documented():
    with VIGNETTES.open("rb") as handle:
        vignettes = {v["id"] for v in tomllib.load(handle)["vignette"]}
    ids = {f.id for f in factor_book().factors} | set(LEVELS) | vignettes
    assert not missing(ids)


@pytest.mark.parametrize(
    "command", ["backcare triage --json FILE", "backcare triage --list-findings"]
)
def test_the_cli_contract_is_documented(command):
    assert f"`{command}`" in DOC
