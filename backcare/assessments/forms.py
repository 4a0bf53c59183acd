"""Intake forms, generated from the finding catalogue: one form class per wizard step.

Each field is a :class:`FindingField`; the domain's ``validate_value`` decides what is valid
and its message is shown next to the field. Templates render fields through
:func:`questions`, which gives each one the markup-ready pieces (kind, choices, ids, errors).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from backcare.assessments.wizard import step_findings
from backcare.domain.findings import (
    Finding,
    FindingError,
    FindingValue,
    validate_findings,
    validate_value,
)
from backcare.domain.pregnancy import due_date_problem

REQUIRED_MESSAGE = "Answer this question: choose Yes, No or Not sure."
NEEDED_MESSAGE = "Answer this question: it is needed to judge how urgent it is."
#: An age under the back check's minimum (16): who it is for, and where to get help instead.
TOO_YOUNG_MESSAGE = (
    "backcare is for people aged 16 and over, so it cannot check your back. Please tell a "
    "parent, guardian or another adult you trust about your back pain, and ask them to help "
    "you see your doctor."
)
_BOOL_VALUES = {"true": True, "false": False}
_BOOL_OPTIONS = (("true", "Yes"), ("false", "No"))


def is_scale(finding: Finding) -> bool:
    """0-10 ratings are shown as a row of radio buttons rather than a number box."""
    return finding.type == "int" and (finding.minimum, finding.maximum) == (0, 10)


def _widget(finding: Finding) -> forms.Widget:
    if finding.type == "multi":
        return forms.CheckboxSelectMultiple()
    if finding.type == "int" and not is_scale(finding):
        return forms.NumberInput(attrs={"min": finding.minimum, "max": finding.maximum})
    if finding.type == "date":
        return forms.DateInput(attrs={"type": "date"})
    return forms.RadioSelect()


class FindingField(forms.Field):
    """One finding; cleaned values are the domain's canonical form (None when unanswered)."""

    #: The person's own date, for answers checked against it (a due date); set per request.
    today: datetime.date | None = None

    def __init__(self, finding: Finding, **kwargs: Any) -> None:
        self.finding = finding
        kwargs.setdefault("required", finding.red_flag or finding.required)
        kwargs.setdefault("label", finding.question)
        kwargs.setdefault("help_text", finding.help)
        super().__init__(widget=_widget(finding), **kwargs)

    def to_python(self, value: Any) -> object:
        if value in self.empty_values:
            return None
        if self.finding.type == "bool" and isinstance(value, str):
            return _BOOL_VALUES.get(value, value)
        return value

    def clean(self, value: Any) -> FindingValue | None:
        raw = self.to_python(value)
        if raw is None:
            if self.required:
                message = REQUIRED_MESSAGE if self.finding.red_flag else NEEDED_MESSAGE
                raise forms.ValidationError(message, code="required")
            return None
        if self.finding.id == "age" and _under(raw, self.finding.minimum):
            raise forms.ValidationError(TOO_YOUNG_MESSAGE, code="too_young")
        try:
            answer = validate_value(self.finding, raw)
        except FindingError as exc:
            raise forms.ValidationError(sentence(exc.message), code="invalid") from exc
        problem = _date_problem(self.finding, answer, self.today)
        if problem:
            raise forms.ValidationError(problem, code="out_of_range")
        return answer


def _date_problem(finding: Finding, value: FindingValue, today: datetime.date | None) -> str:
    """A due date no pregnancy can have on the person's ``today`` (set by the view)."""
    if finding.id != "due_date" or today is None or not isinstance(value, str):
        return ""
    return due_date_problem(datetime.date.fromisoformat(value), today)


def _under(raw: object, minimum: int | None) -> bool:
    """A whole number below ``minimum`` (any other wrong answer gets the usual message)."""
    try:
        return minimum is not None and int(str(raw)) < minimum
    except ValueError:
        return False


class StepForm(forms.Form):
    """Base of the generated step forms; ``step`` is the wizard step id."""

    step = ""

    def answers(self) -> dict[str, object]:
        """The answered fields in JSON form (multi answers as sorted lists)."""
        return {
            name: sorted(value) if isinstance(value, frozenset) else value
            for name, value in self.cleaned_data.items()
            if value is not None
        }


@cache
def step_form(step_id: str) -> type[StepForm]:
    """The form class for one wizard step, with a field per finding in content order."""
    fields: dict[str, Any] = {f.id: FindingField(f) for f in step_findings(step_id)}
    name = "".join(part.title() for part in step_id.split("_")) + "Form"
    return type(name, (StepForm,), {"step": step_id, **fields})


def unbound_form(step_id: str, answers: dict[str, object]) -> StepForm:
    """A step's form showing the draft's answers, without "required" errors yet."""
    names = {f.id for f in step_findings(step_id)}
    return step_form(step_id)(initial={k: v for k, v in answers.items() if k in names})


def form_data(answers: dict[str, object], step_id: str) -> MultiValueDict[str, Any]:
    """Draft answers as the form data a browser would post for this step."""
    data: MultiValueDict[str, Any] = MultiValueDict()
    for finding in step_findings(step_id):
        value = answers.get(finding.id)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data.setlist(finding.id, [str(item) for item in value])
        elif isinstance(value, bool):
            data[finding.id] = "true" if value else "false"
        else:
            data[finding.id] = str(value)
    return data


def answers_to_keep(
    step_id: str, data: MultiValueDict[str, Any], saved: dict[str, object]
) -> dict[str, object]:
    """The answers of a step left unfinished (Back, or each tap kept as it is made): every
    one that is valid on its own and with the answers ``saved`` on other steps; nothing is
    required yet. An answer that is not valid is not kept: the one saved before it stays."""
    form = step_form(step_id)(data)
    for field in form.fields.values():  # a bound form's fields are its own copies
        field.required = False
    form.is_valid()
    kept = form.answers()
    kept.update({name: saved[name] for name in form.errors if name in saved})
    others = {k: v for k, v in saved.items() if k not in form.fields}
    while kept:
        try:
            validate_findings({**others, **kept})
            return kept
        except FindingError as exc:  # e.g. age when it began above the age: keep the rest
            if exc.field not in kept:
                return {}
            del kept[exc.field]
    return kept


def sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


# --- what templates render ----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    id: str
    checked: bool


@dataclass(frozen=True)
class Question:
    name: str
    kind: str  # "radio" | "checkbox" | "scale" | "number" | "date"
    label: str  # short meaning, for the error summary
    text: str
    help: str
    id: str
    choices: tuple[Choice, ...]
    value: str
    minimum: int | None
    maximum: int | None
    unit: str
    required: bool
    errors: tuple[str, ...]
    #: How to settle a "not sure" (``Finding.how_to_tell``); "" for most questions.
    how_to_tell: str = ""

    @property
    def unsure(self) -> bool:
        """Answered "not sure" (as saved, or as sent with this page)."""
        return self.value == "not_sure"

    @property
    def input_type(self) -> str:
        return "checkbox" if self.kind == "checkbox" else "radio"

    @property
    def described_by(self) -> str:
        ids = [
            f"{self.id}-help" if self.help else "",
            f"{self.id}-tell" if self.how_to_tell and self.unsure else "",
            f"{self.id}-error" if self.errors else "",
        ]
        return " ".join(i for i in ids if i)


def _kind(finding: Finding) -> str:
    if finding.type == "multi":
        return "checkbox"
    if finding.type == "int":
        return "scale" if is_scale(finding) else "number"
    if finding.type == "date":
        return "date"
    return "radio"


def _options(finding: Finding) -> tuple[tuple[str, str], ...]:
    if finding.type == "bool":
        return _BOOL_OPTIONS
    if is_scale(finding):
        return tuple((str(n), str(n)) for n in range(0, 11))
    return tuple((o.value, o.label) for o in finding.options)


def _submitted(bound: forms.BoundField) -> list[str]:
    value = bound.value()
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [str(value)]


def question(form: StepForm, name: str) -> Question:
    bound = form[name]
    finding: Finding = form.fields[name].finding  # type: ignore[attr-defined]
    chosen = _submitted(bound)
    base = f"q-{name}"
    return Question(
        name=name,
        kind=_kind(finding),
        label=finding.label,
        text=str(form.fields[name].label),  # the finding's, or the view's (for the person)
        help=str(form.fields[name].help_text),  # the finding's, or the view's (the profile)
        id=base,
        choices=tuple(
            Choice(value=value, label=label, id=f"{base}-{value}", checked=value in chosen)
            for value, label in _options(finding)
        ),
        value=chosen[0] if chosen else "",
        minimum=finding.minimum,
        maximum=finding.maximum,
        unit=finding.unit,
        required=finding.red_flag or finding.required,
        errors=tuple(str(e) for e in bound.errors),
        how_to_tell=finding.how_to_tell,
    )


def questions(form: StepForm) -> list[Question]:
    return [question(form, name) for name in form.fields]
