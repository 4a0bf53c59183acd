"""Load clinical content from ``content/`` and validate what every item shares.

Content is reviewed text (TOML and Markdown), never database rows. Each domain module
(triage, instruments, plans, ...) parses its own files into frozen dataclasses with the
helpers here, so that references, evidence grades and item metadata are checked one way.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"

Grade = Literal["strong", "moderate", "low", "very_low", "insufficient", "against"]
GRADES: tuple[Grade, ...] = ("strong", "moderate", "low", "very_low", "insufficient", "against")
#: Grades that may be offered as a recommendation; the others are shown only as information.
RECOMMENDABLE_GRADES: frozenset[Grade] = frozenset({"strong", "moderate", "low", "very_low"})
UNREVIEWED = "unreviewed"


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the field to fix."""


@dataclass(frozen=True)
class Reference:
    id: str
    citation: str
    url: str
    kind: str  # guideline | trial | review | cohort | instrument | other

    @property
    def doi(self) -> str:
        """The DOI the link carries ("10.1002/..."), or "": the files record no separate DOI,
        and most journal links are doi.org or publisher addresses that end in one."""
        found = _DOI_LINK.search(self.url) or _DOI_PATH.search(self.url)
        return found.group(1) if found else ""


def in_running_text(citation: str) -> str:
    """A citation without its closing full stop, for a list in running text: each citation
    ends with one, which a following "; " would leave as "(patient information page).;"."""
    return citation.strip().removesuffix(".")


def citations_in_line(citations: Iterable[str]) -> str:
    """Citations in one line of running text: "A; B.", each without its own full stop."""
    texts = [in_running_text(citation) for citation in citations if citation.strip()]
    return "; ".join(texts) + "." if texts else ""


_DOI_LINK = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)$")
_DOI_PATH = re.compile(r"/(10\.\d{4,9}/[^/?#]+)")


@dataclass(frozen=True)
class Meta:
    """What every content file carries (CONTENT.md rule 9)."""

    slug: str
    version: str
    licence: str
    reviewed: str  # "who, YYYY-MM-DD" or "unreviewed"
    references: tuple[str, ...]


def content_dir() -> Path:
    """The content folder; ``BACKCARE_CONTENT_DIR`` points tests at a fixture tree."""
    return _content_path(os.environ.get("BACKCARE_CONTENT_DIR") or "")


@cache
def _content_path(override: str) -> Path:
    # One Path per setting: the catalogues are cached by folder, looked up on every request.
    return Path(override) if override else Path(CONTENT_DIR)


def content_fingerprint() -> str:
    """A stable hash of every file of the content folder (its path and its bytes): what a
    stored plan was built from, so that a release that changes the advice (a screen added to
    an exercise, a caution's wording) is noticed when the plan is next read. Computed once
    per folder and process."""
    return _fingerprint(content_dir())


@cache
def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in relative.split("/")):
            continue
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def read_toml(relative: str | Path) -> dict[str, Any]:
    path = content_dir() / relative
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ContentError(f"{relative}: file not found in {content_dir()}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{relative}: not valid TOML ({exc})") from exc


def toml_files(subdir: str) -> list[Path]:
    """Every ``*.toml`` below ``content/<subdir>``, sorted so loading is deterministic."""
    return sorted((content_dir() / subdir).glob("*.toml"))


def require(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    """Return ``data[key]`` or raise a ContentError naming the file and field."""
    if key not in data:
        raise ContentError(f"{where}: missing field '{key}'")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentError(f"{where}: field '{key}' must be {kind.__name__}, got {value!r}")
    return value


def str_tuple(
    data: Mapping[str, Any], key: str, where: str, *, default: bool = False
) -> tuple[str, ...]:
    if default and key not in data:
        return ()
    values = require(data, key, list, where)
    if not all(isinstance(v, str) for v in values):
        raise ContentError(f"{where}: every entry of '{key}' must be a string")
    return tuple(values)


@cache
def references() -> Mapping[str, Reference]:
    """All references from ``content/references/*.toml``, keyed by id; ids are unique."""
    found: dict[str, Reference] = {}
    for path in toml_files("references"):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for ref_id, entry in data.items():
            where = f"references/{path.name} [{ref_id}]"
            if ref_id in found:
                raise ContentError(f"{where}: reference id defined twice")
            found[ref_id] = Reference(
                id=ref_id,
                citation=require(entry, "citation", str, where),
                url=require(entry, "url", str, where),
                kind=require(entry, "kind", str, where),
            )
    return found


def review_status(reviews: Iterable[str]) -> str:
    """One ``reviewed`` value for a page built from several content files: "unreviewed"
    while any of them is (or none is known), else each distinct review."""
    found = set(reviews)
    if not found or UNREVIEWED in found:
        return UNREVIEWED
    return "; ".join(sorted(found))


def check_references(ids: Iterable[str], where: str) -> tuple[str, ...]:
    """Return the ids as a tuple, or raise if one is not in ``content/references``."""
    ids = tuple(ids)
    known = references()
    missing = [ref for ref in ids if ref not in known]
    if missing:
        raise ContentError(f"{where}: unknown reference id(s) {', '.join(missing)}")
    return ids


def parse_grade(value: object, where: str) -> Grade:
    if value not in GRADES:
        raise ContentError(f"{where}: evidence grade must be one of {', '.join(GRADES)}")
    return cast(Grade, value)


def parse_meta(data: Mapping[str, Any], where: str) -> Meta:
    """Validate the fields every content file carries."""
    refs = str_tuple(data, "references", where)
    if not refs:
        raise ContentError(f"{where}: at least one reference is required")
    return Meta(
        slug=require(data, "slug", str, where),
        version=require(data, "version", str, where),
        licence=require(data, "licence", str, where),
        reviewed=require(data, "reviewed", str, where),
        references=check_references(refs, where),
    )


Direction = Literal["for", "against", "neutral"]


@dataclass(frozen=True)
class Evidence:
    """How well an item is supported, which way, and by what (CONTENT.md rule 2)."""

    grade: Grade
    direction: Direction
    references: tuple[str, ...]
    note: str = ""

    @property
    def recommendable(self) -> bool:
        return self.grade in RECOMMENDABLE_GRADES and self.direction == "for"


def parse_evidence(data: Mapping[str, Any], where: str) -> Evidence:
    """Parse an ``evidence = {grade, direction, references, note}`` table."""
    direction = data.get("direction")
    if direction not in ("for", "against", "neutral"):
        raise ContentError(f"{where}: evidence direction must be for, against or neutral")
    grade = parse_grade(data.get("grade"), where)
    if grade == "against" and direction != "against":
        raise ContentError(f"{where}: grade 'against' needs direction 'against'")
    refs = str_tuple(data, "references", where)
    if not refs:
        raise ContentError(f"{where}: evidence needs at least one reference")
    return Evidence(
        grade=grade,
        direction=cast(Direction, direction),
        references=check_references(refs, where),
        note=str(data.get("note", "")),
    )


def text(data: Mapping[str, Any], key: str, where: str) -> str:
    """A required, non-empty string field, stripped."""
    value = cast(str, require(data, key, str, where)).strip()
    if not value:
        raise ContentError(f"{where}: field '{key}' must not be empty")
    return value


def condition_table(
    data: object,
    field: str,
    noun: str,
    conditions: tuple[str, ...],
    actions: tuple[str, ...],
    where: str,
) -> tuple[tuple[str, str, str], ...]:
    """Parse ``[<field>.<condition>] action = ..., note = ...`` into (condition, action, note).

    Rows come in the fixed order of ``conditions``, whatever order the file uses, so that
    loading is deterministic. Exercises use it for cautions, interventions for safety screens.
    """
    if not isinstance(data, dict):
        raise ContentError(f"{where}: field '{field}' must be a table of conditions")
    unknown = sorted(set(data) - set(conditions))
    if unknown:
        listed, allowed = ", ".join(unknown), ", ".join(conditions)
        raise ContentError(f"{where}: unknown {noun} condition(s) {listed}; use {allowed}")
    rows = []
    for condition in (c for c in conditions if c in data):
        entry = require(data, condition, dict, f"{where} [{field}]")
        at = f"{where} [{field}.{condition}]"
        action = require(entry, "action", str, at)
        if action not in actions:
            raise ContentError(
                f"{at}: field 'action' is {action!r}; use one of {', '.join(actions)}"
            )
        rows.append((condition, action, text(entry, "note", at)))
    return tuple(rows)
