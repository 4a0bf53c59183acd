"""The exercise library: ``content/exercises/*.toml`` loaded into frozen dataclasses.

Each exercise carries its dose, its progression (easier / harder), its evidence grade,
its cautions for pregnancy, flare days, recent surgery, osteoporosis, a back that arching
hurts and leg pain on walking that bending forward eases (both until a clinician has checked
it), whether it bends the back forward, and a drawing.
Drawings are inlined into pages, so the loader refuses any SVG that could run code or
fetch something from elsewhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

from backcare.domain.content import (
    ContentError,
    Evidence,
    Meta,
    condition_table,
    content_dir,
    parse_evidence,
    parse_meta,
    read_toml,
    require,
    str_tuple,
    text,
    toml_files,
)
from backcare.domain.known_conditions import of_them

#: A note that speaks to the person ("your back"): a clinician needs it said of them.
_TO_THE_READER = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)

# back_arching: a young person's back worse bending backwards or with sport, held back until
# a clinician has checked it (triage rule young_back_worse_arching_or_sport; plan_model).
# walking_leg_pain: leg pain or heaviness on walking that sitting or bending forward eases,
# the same moves held back while the rule stands (triage rule leg_pain_on_walking).
ConditionId = Literal[
    "pregnancy", "acute_flare", "recent_surgery", "osteoporosis", "back_arching",
    "walking_leg_pain",
]  # fmt: skip
CONDITIONS: tuple[ConditionId, ...] = (
    "pregnancy", "acute_flare", "recent_surgery", "osteoporosis", "back_arching",
    "walking_leg_pain",
)  # fmt: skip
Category = Literal["mobility", "stretching", "strengthening", "walking", "relaxation"]
CATEGORIES: tuple[Category, ...] = (
    "mobility",
    "stretching",
    "strengthening",
    "walking",
    "relaxation",
)
CautionAction = Literal["avoid", "modify"]
EQUIPMENT: frozenset[str] = frozenset(
    {"mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"}
)
LEVELS: tuple[int, ...] = (1, 2, 3)  # 1 gentle, 2 moderate, 3 demanding

_FOLDER = "exercises"
_ILLUSTRATIONS = "illustrations"
_FIELDS = frozenset(
    {
        "slug", "version", "licence", "reviewed", "references", "name", "category",
        "targets", "summary", "steps", "dose", "minutes", "equipment", "level", "easier",
        "harder", "flare_safe", "evidence", "illustration", "alt", "cautions",
        "bends_forward",
    }
)  # fmt: skip
_DOSE_COUNTS = ("reps", "sets", "hold_seconds")
_SVG_NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do; at least one of the amounts is set."""

    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    minutes: float | None = None
    per_side: bool = False
    # Each side in turn, one repetition or hold at a time (dead bug: one arm and leg, then
    # the other), rather than all of one side and then the other.
    alternating: bool = False

    def ease_off(self) -> str:
        """How to do less of it, in the words of what it counts. The routine keeps showing
        the usual dose, hence "than shown". A hold is eased by holding for less time, even
        when it is repeated: "fewer repetitions" of a stretch that hurt while held would
        leave each hold as long as the one that hurt."""
        if self.hold_seconds is not None:
            return "hold it for less time than shown, and more gently"
        if self.reps is not None:
            return "do fewer repetitions than shown, with a smaller movement"
        return "do it for less time than shown, and more gently"

    def describe(self) -> str:
        """Plain wording, e.g. "10 reps × 1 set" or "hold 30 s, 3 times each side"."""
        parts: list[str] = []
        if self.hold_seconds is not None:
            phrase = f"hold {self.hold_seconds} s"
            if self.reps is not None:
                phrase += f", {_count(self.reps, 'time')}"
            parts.append(phrase)
        elif self.reps is not None:
            parts.append(_count(self.reps, "rep"))
        if self.sets is not None:
            set_phrase = _count(self.sets, "set")
            parts = [f"{parts[0]} × {set_phrase}"] if parts else [set_phrase]
        if parts and self.per_side:
            parts[0] += " each side" + (", alternating sides" if self.alternating else "")
        if self.minutes is not None:
            minutes = f"{self.minutes:g} minute" + ("" if self.minutes == 1 else "s")
            parts.append(minutes + (" each side" if self.per_side and not parts else ""))
        return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@dataclass(frozen=True)
class Caution:
    """What someone with ``condition`` should do about this exercise, and why."""

    condition: ConditionId
    action: CautionAction
    note: str
    # A "modify" caution may say the whole adapted version: its own steps, and optionally its
    # own drawing (file name under illustrations/) with its alt text, and, where the version
    # changes the position or what it needs, its own name, summary and equipment. Pages show
    # these to a person the caution applies to, instead of the usual steps, picture, name,
    # summary line and kit.
    steps: tuple[str, ...] = ()
    illustration: str | None = None
    alt: str = ""
    name: str = ""  # "": the exercise's own name
    summary: str = ""  # "": the exercise's own summary
    equipment: frozenset[str] | None = None  # None: the exercise's own equipment
    # The library's own exercise this version is ("bird-dog" for dead bug's pregnancy
    # version): the same movement, so a routine never holds both.
    same_as: str = ""
    #: The note said of the person, for a clinician (the Tailor page's reasons): required
    #: where an "avoid" note speaks to the person ("your back"), never itself saying "you".
    note_of_them: str = ""

    @property
    def said_of_them(self) -> str:
        """The note as a clinician reads it: its own wording, or the note where that already
        speaks of nobody in particular ("Leave this for a calmer day.")."""
        return self.note_of_them or self.note


@dataclass(frozen=True)
class Exercise:
    slug: str
    name: str
    category: Category
    targets: tuple[str, ...]
    summary: str
    steps: tuple[str, ...]
    dose: Dose
    minutes: float  # time the dose takes
    equipment: frozenset[str]
    level: int
    easier: str | None
    harder: str | None
    flare_safe: bool  # gentle enough for a flare or spasm day
    evidence: Evidence
    cautions: tuple[Caution, ...]
    illustration: str  # file name under content/exercises/illustrations/
    alt: str
    meta: Meta
    #: The movement curls or bends the back forward (flexion) and never arches it: a plan
    #: prefers it for someone whom bending forward eases (``plan_rules.prefers_bending_forward``).
    bends_forward: bool = False

    def caution_for(self, condition: ConditionId) -> Caution | None:
        _check_condition(condition)
        return next((c for c in self.cautions if c.condition == condition), None)

    def adapted_for(self, conditions: Iterable[str]) -> Caution | None:
        """The first "modify" caution among ``conditions`` that says its own steps: the version
        of this exercise to show that person instead of the usual one (None: the usual one)."""
        wanted = set(conditions)
        return next(
            (
                c
                for c in self.cautions
                if c.condition in wanted and c.steps and c.action == "modify"
            ),
            None,
        )

    def name_for(self, conditions: Iterable[str]) -> str:
        """The name of the version shown to someone with ``conditions`` (``adapted_for``)."""
        version = self.adapted_for(conditions)
        return version.name if version is not None and version.name else self.name

    def summary_for(self, conditions: Iterable[str]) -> str:
        """The summary line of the version shown to someone with ``conditions``: a version
        in another position says so ("sitting on a chair", not "while lying down")."""
        version = self.adapted_for(conditions)
        return version.summary if version is not None and version.summary else self.summary

    def done_as(self, conditions: Iterable[str]) -> str:
        """The slug of the movement someone with ``conditions`` does: the library exercise
        their version is (``Caution.same_as``), else this one."""
        version = self.adapted_for(conditions)
        return version.same_as if version is not None and version.same_as else self.slug

    def equipment_for(self, conditions: Iterable[str]) -> frozenset[str]:
        """What the version shown to someone with ``conditions`` needs (``adapted_for``)."""
        version = self.adapted_for(conditions)
        if version is None or version.equipment is None:
            return self.equipment
        return version.equipment

    def allowed_for(self, conditions: Iterable[ConditionId]) -> bool:
        """False if any of ``conditions`` says to avoid this exercise."""
        for condition in conditions:
            caution = self.caution_for(condition)
            if caution is not None and caution.action == "avoid":
                return False
        return True


def _check_condition(condition: str) -> None:
    # A misspelt condition would silently allow an exercise that should be avoided.
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; use one of {', '.join(CONDITIONS)}")


def exercises() -> Mapping[str, Exercise]:
    """Every exercise, validated, keyed and ordered by slug."""
    return _library(content_dir())[0]


def exercise(slug: str) -> Exercise:
    try:
        return exercises()[slug]
    except KeyError:
        raise ContentError(f"unknown exercise '{slug}'") from None


def illustration_svg(slug: str, condition: str | None = None) -> str:
    """The (already validated) SVG text of the exercise's drawing, or of the drawing its
    ``condition`` caution gives for the adapted version ("" when that caution has none)."""
    exercise(slug)
    drawings = _library(content_dir())[1]
    return drawings.get(f"{slug}:{condition}", "") if condition else drawings[slug]


@cache
def _library(root: Path) -> tuple[Mapping[str, Exercise], Mapping[str, str]]:
    # Keyed by folder so a test pointing BACKCARE_CONTENT_DIR elsewhere gets its own copy.
    found: dict[str, Exercise] = {}
    drawings: dict[str, str] = {}
    for path in toml_files(_FOLDER):
        where = f"{_FOLDER}/{path.name}"
        item = parse_exercise(read_toml(Path(_FOLDER) / path.name), path.stem, where)
        drawings[item.slug] = _read_illustration(root, item.illustration, item.alt, where)
        for caution in item.cautions:
            if caution.illustration is not None:
                at = f"{where} [cautions.{caution.condition}]"
                drawings[f"{item.slug}:{caution.condition}"] = _read_illustration(
                    root, caution.illustration, caution.alt, at
                )
        found[item.slug] = item
    if not found:
        raise ContentError(f"{_FOLDER}/: no exercise files found in {root}")
    _check_progressions(found)
    ordered = {slug: found[slug] for slug in sorted(found)}
    return MappingProxyType(ordered), MappingProxyType(drawings)


def parse_exercise(data: Mapping[str, Any], stem: str, where: str) -> Exercise:
    """Build one Exercise from its TOML table; ``stem`` is the file name without ``.toml``."""
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {', '.join(unknown)}")
    meta = parse_meta(data, where)
    if meta.slug != stem:
        raise ContentError(f"{where}: field 'slug' is '{meta.slug}' but must equal '{stem}'")
    item = Exercise(
        slug=meta.slug,
        name=text(data, "name", where),
        category=cast(Category, _choice(data, "category", CATEGORIES, where)),
        targets=_non_empty(data, "targets", where),
        summary=text(data, "summary", where),
        steps=_non_empty(data, "steps", where),
        dose=parse_dose(require(data, "dose", dict, where), f"{where} [dose]"),
        minutes=_positive_number(data, "minutes", where),
        equipment=_equipment(data, where),
        level=cast(int, _choice(data, "level", LEVELS, where)),
        easier=_optional_slug(data, "easier", where),
        harder=_optional_slug(data, "harder", where),
        flare_safe=require(data, "flare_safe", bool, where),
        evidence=parse_evidence(require(data, "evidence", dict, where), f"{where} [evidence]"),
        cautions=parse_cautions(data.get("cautions", {}), where),
        illustration=_illustration_name(data, where),
        alt=text(data, "alt", where),
        meta=meta,
        bends_forward=_optional_bool(data, "bends_forward", where),
    )
    _check_versions(item, where)
    return item


def _check_versions(item: Exercise, where: str) -> None:
    """A version's own name, summary and equipment are given only where they differ from the
    usual ones: a copy would hide which versions change the position or the kit."""
    for caution in item.cautions:
        at = f"{where} [cautions.{caution.condition}]"
        if caution.name and caution.name == item.name:
            raise ContentError(f"{at}: 'name' repeats the exercise's name; leave it out")
        if caution.summary and caution.summary == item.summary:
            raise ContentError(f"{at}: 'summary' repeats the exercise's summary; leave it out")
        if caution.equipment is not None and caution.equipment == item.equipment:
            raise ContentError(f"{at}: 'equipment' repeats the exercise's; leave it out")


def parse_dose(data: Mapping[str, Any], where: str) -> Dose:
    unknown = sorted(set(data) - {*_DOSE_COUNTS, "minutes", "per_side", "alternating"})
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {', '.join(unknown)}")
    counts: dict[str, int | None] = {}
    for key in _DOSE_COUNTS:
        counts[key] = _positive_int(data, key, where) if key in data else None
    minutes = _positive_number(data, "minutes", where) if "minutes" in data else None
    if minutes is None and all(value is None for value in counts.values()):
        raise ContentError(f"{where}: give at least one of reps, sets, hold_seconds, minutes")
    per_side = require(data, "per_side", bool, where) if "per_side" in data else False
    alternating = require(data, "alternating", bool, where) if "alternating" in data else False
    if alternating and not (per_side and (counts["reps"] or counts["hold_seconds"])):
        raise ContentError(
            f"{where}: 'alternating' needs per_side = true and reps or hold_seconds to alternate"
        )
    return Dose(**counts, minutes=minutes, per_side=per_side, alternating=alternating)


_VERSION_FIELDS = ("steps", "illustration", "alt", "name", "summary", "equipment", "same_as")
_CAUTION_FIELDS = frozenset({"action", "note", "note_of_them", *_VERSION_FIELDS})


def _note_of_them(entry: Mapping[str, Any], action: str, note: str, at: str) -> str:
    """A held move's note in a clinician's wording: an "avoid" note that speaks to the person
    needs one (the Tailor page and the clinician's report read it), said of them."""
    if "note_of_them" in entry:
        if action != "avoid":
            raise ContentError(f"{at}: only an 'avoid' caution gives 'note_of_them'")
        return of_them(entry, "note_of_them", at)
    if action == "avoid" and _TO_THE_READER.search(note):
        raise ContentError(
            f"{at}: its note speaks to the person; give 'note_of_them', the same said of them "
            "for a clinician"
        )
    return ""


def parse_cautions(data: object, where: str) -> tuple[Caution, ...]:
    rows = condition_table(data, "cautions", "caution", CONDITIONS, ("avoid", "modify"), where)
    found = []
    for condition, action, note in rows:
        entry = cast(Mapping[str, Any], cast(Mapping[str, Any], data)[condition])
        at = f"{where} [cautions.{condition}]"
        unknown = sorted(set(entry) - _CAUTION_FIELDS)
        if unknown:
            raise ContentError(f"{at}: unknown field(s) {', '.join(unknown)}")
        version = {k for k in _VERSION_FIELDS if k in entry}
        if version and action != "modify":
            raise ContentError(f"{at}: only a 'modify' caution may give its own version")
        if version and "steps" not in version:
            raise ContentError(
                f"{at}: an illustration, alt, same_as, summary, name or equipment needs the "
                "version's own 'steps'"
            )
        steps = _non_empty(entry, "steps", at) if "steps" in entry else ()
        illustration = _illustration_name(entry, at) if "illustration" in entry else None
        if (illustration is None) != ("alt" not in entry):
            raise ContentError(f"{at}: give 'illustration' and 'alt' together, or neither")
        alt = text(entry, "alt", at) if illustration is not None else ""
        name = text(entry, "name", at) if "name" in entry else ""
        summary = text(entry, "summary", at) if "summary" in entry else ""
        equipment = _equipment(entry, at) if "equipment" in entry else None
        same_as = _optional_slug(entry, "same_as", at) or ""
        note_of_them = _note_of_them(entry, action, note, at)
        found.append(
            Caution(
                cast(ConditionId, condition),
                cast(CautionAction, action),
                note,
                steps=steps,
                illustration=illustration,
                alt=alt,
                name=name,
                summary=summary,
                equipment=equipment,
                same_as=same_as,
                note_of_them=note_of_them,
            )
        )
    return tuple(found)


def _non_empty(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = str_tuple(data, key, where)
    if not values or not all(value.strip() for value in values):
        raise ContentError(f"{where}: field '{key}' needs at least one non-empty entry")
    return values


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[Any, ...], where: str) -> Any:
    if key not in data:
        raise ContentError(f"{where}: missing field '{key}'")
    value = data[key]
    if isinstance(value, bool) or value not in allowed:
        choices = ", ".join(str(a) for a in allowed)
        raise ContentError(f"{where}: field '{key}' is {value!r}; use one of {choices}")
    return value


def _optional_bool(data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ContentError(f"{where}: field '{key}' must be true or false")
    return value


def _positive_int(data: Mapping[str, Any], key: str, where: str) -> int:
    value = cast(int, require(data, key, int, where))
    if value <= 0:
        raise ContentError(f"{where}: field '{key}' must be above 0, got {value}")
    return value


def _positive_number(data: Mapping[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ContentError(f"{where}: field '{key}' must be a number above 0, got {value!r}")
    return float(value)


def _equipment(data: Mapping[str, Any], where: str) -> frozenset[str]:
    items = str_tuple(data, "equipment", where)
    unknown = sorted(set(items) - EQUIPMENT)
    if unknown:
        raise ContentError(
            f"{where}: field 'equipment' has unknown item(s) {', '.join(unknown)}; "
            f"use {', '.join(sorted(EQUIPMENT))}"
        )
    return frozenset(items)


def _optional_slug(data: Mapping[str, Any], key: str, where: str) -> str | None:
    if key not in data:
        return None
    value = text(data, key, where)
    if value == data.get("slug"):
        raise ContentError(f"{where}: field '{key}' must name another exercise, not itself")
    return value


def _illustration_name(data: Mapping[str, Any], where: str) -> str:
    name = text(data, "illustration", where)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*\.svg", name):
        raise ContentError(f"{where}: field 'illustration' must be a file name like 'cat-cow.svg'")
    return name


def _check_progressions(found: Mapping[str, Exercise]) -> None:
    """Every easier/harder link and every version's ``same_as`` names a known exercise (not
    itself), and no chain loops back."""
    for item in found.values():
        for caution in item.cautions:
            if caution.same_as and (caution.same_as not in found or caution.same_as == item.slug):
                raise ContentError(
                    f"{_FOLDER}/{item.slug}.toml [cautions.{caution.condition}]: field "
                    f"'same_as' names unknown exercise '{caution.same_as}'"
                )
        for key, target in (("easier", item.easier), ("harder", item.harder)):
            if target is not None and target not in found:
                raise ContentError(
                    f"{_FOLDER}/{item.slug}.toml: field '{key}' names unknown exercise '{target}'"
                )
    for key in ("easier", "harder"):
        for start in found.values():
            seen = [start.slug]
            step: str | None = getattr(start, key)
            while step is not None:
                if step in seen:
                    chain = " -> ".join([*seen, step])
                    raise ContentError(
                        f"{_FOLDER}/{start.slug}.toml: field '{key}' loops ({chain})"
                    )
                seen.append(step)
                step = getattr(found[step], key)


def _read_illustration(root: Path, name: str, alt: str, where: str) -> str:
    path = root / _FOLDER / _ILLUSTRATIONS / name
    if not path.is_file():
        raise ContentError(
            f"{where}: field 'illustration' names {_FOLDER}/{_ILLUSTRATIONS}/"
            f"{name}, which does not exist"
        )
    svg = path.read_text(encoding="utf-8")
    check_svg(svg, alt, f"{_FOLDER}/{_ILLUSTRATIONS}/{name}")
    return svg


# Anything that could run code or load from elsewhere once the SVG is inlined in a page.
# Namespace declarations are the only URLs allowed, and they are removed before the check.
_UNSAFE_SVG = (
    (re.compile(r"<\s*script", re.I), "a <script> element"),
    (re.compile(r"<!(DOCTYPE|ENTITY)", re.I), "a DOCTYPE or ENTITY declaration"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on* event attribute"),
    (re.compile(r"(https?|ftp|data|javascript):", re.I), "an external or script URL"),
    (re.compile(r"(href|src)\s*=\s*[\"'](?!#)", re.I), "a link to another resource"),
    (re.compile(r"url\(\s*(?!#)", re.I), "a url() that is not a local #id"),
    (re.compile(r"<\s*(foreignObject|image|iframe|style|font)\b", re.I), "a disallowed element"),
)
_NAMESPACE_DECLARATION = re.compile(r"\sxmlns(:[a-z]+)?\s*=\s*\"[^\"]*\"", re.I)


def check_svg(text: str, alt: str, where: str) -> ET.Element:
    """Raise ContentError unless ``text`` is a self-contained, script-free, labelled SVG."""
    scanned = _NAMESPACE_DECLARATION.sub(" ", text)
    for pattern, what in _UNSAFE_SVG:
        if pattern.search(scanned):
            raise ContentError(f"{where}: unsafe SVG, contains {what}")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ContentError(f"{where}: not well-formed XML ({exc})") from exc
    if root.tag != f"{_SVG_NS}svg":
        raise ContentError(f"{where}: root element must be <svg> in the SVG namespace")
    for attribute, wanted in (("viewBox", None), ("role", "img")):
        value = root.get(attribute)
        if value is None or (wanted is not None and value != wanted):
            raise ContentError(f'{where}: <svg> needs {attribute}="{wanted or "..."}"')
    title = root.find(f"{_SVG_NS}title")
    if title is None or (title.text or "").strip() != alt:
        raise ContentError(f"{where}: <title> must equal the exercise's alt text")
    return root
