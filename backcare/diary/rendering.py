"""Fast HTML for the check-in form's many radios and its activity list.

A check-in page has about 70 radio buttons and a row per exercise or self-care item; the
widget templates would take tens of milliseconds to render them, plain strings take well
under one. The markup is the same as Django's (labelled inputs, aria-invalid on errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from backcare.diary.activities import Activity

RELIEF_VALUES: tuple[str, ...] = tuple(str(i) for i in range(11))
_RADIO = (
    '<label for="{0}_{1}"><input type="radio" name="{2}" value="{3}" id="{0}_{1}"{4}>'
    "<span>{5}</span></label>"
)
_ACTIVITY = (
    '<li class="did-row"><input type="checkbox" name="did" value="{0}" id="did-{0}"{1}>'
    '<label for="did-{0}"><span>{2}{3}</span></label>'
    '<select name="{4}{0}" aria-label="How much did {2} help, 0 to 10?">{5}</select></li>'
)
_TAGS = {
    "routine": ' <span class="diary-tag">routine</span>',
    "toolbox": ' <span class="diary-tag">toolbox</span>',
    "plan": ' <span class="diary-tag">plan</span>',
}


def _options(selected: str) -> SafeString:
    first = '<option value="">helped?</option>'
    rest = "".join(
        f"<option{' selected' if value == selected else ''}>{value}</option>"
        for value in RELIEF_VALUES
    )
    return mark_safe(first + rest)  # constants only


_RELIEF_OPTIONS = {value: _options(value) for value in ("", *RELIEF_VALUES)}


@dataclass(frozen=True)
class RadioGroup:
    """A bound radio field and its buttons, for a fieldset with legend in the template."""

    field: forms.BoundField
    #: How to settle a "not sure" (``Finding.how_to_tell``), for a warning-sign question.
    how_to_tell: str = ""

    @property
    def unsure(self) -> bool:
        """Answered "not sure" (as stored, or as sent with this page)."""
        return str(self.field.value()) == "not_sure"

    @property
    def tell_id(self) -> str:
        return f"{self.field.auto_id}_tell"

    @property
    def described_by(self) -> str:
        """The field's own help and errors, and the how-to-tell line where it shows."""
        ids = [self.field.aria_describedby or ""]
        ids.append(self.tell_id if self.how_to_tell and self.unsure else "")
        return " ".join(i for i in ids if i)

    @property
    def radios(self) -> SafeString:
        field = self.field
        value = field.value()
        current = "" if value is None else str(value)
        extra = (" required" if field.field.required else "") + (
            ' aria-invalid="true"' if field.errors else ""
        )
        choices = field.field.choices  # type: ignore[attr-defined]
        return format_html_join(
            "",
            _RADIO,
            (
                (
                    field.auto_id,
                    index,
                    field.html_name,
                    str(choice),
                    _attrs(extra, choice, current),
                    label,
                )
                for index, (choice, label) in enumerate(choices)
            ),
        )


def _attrs(extra: str, choice: object, current: str) -> SafeString:
    return mark_safe(extra + (" checked" if str(choice) == current else ""))


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    checked: bool
    relief: str  # "" or "0".."10", as posted or stored


def activity_list(rows: Iterable[ActivityRow], relief_prefix: str) -> SafeString:
    """One <li> per activity: a checkbox and an optional 0-10 "how much did it help" select.
    The stylesheet shows the select only once its box is ticked, so an unticked item is one
    short row; every select is in the markup, so the form posts as it always has."""
    return format_html_join(
        "",
        _ACTIVITY,
        (
            (
                row.activity.slug,
                mark_safe(" checked" if row.checked else ""),
                row.activity.name,
                mark_safe(_TAGS.get(row.activity.group, "")),
                relief_prefix,
                _RELIEF_OPTIONS.get(row.relief, _RELIEF_OPTIONS[""]),
            )
            for row in rows
        ),
    )
