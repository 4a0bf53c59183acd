"""Check-in and episode forms: each error names the field and says what to fix.

Ranges come from ``checkins.LIMITS`` so the page, the API and the service agree. The
"what did you do today?" list is read straight from the posted data (one checkbox and one
0-10 select per item), so a long catalogue does not mean dozens of form fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo
from datetime import time as clock_time  # the form's field ``time`` hides the type
from itertools import groupby
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.safestring import SafeString

from backcare.accounts.models import day_at
from backcare.diary.activities import HEADINGS, Activity
from backcare.diary.checkins import (
    LIMITS,
    MIDNIGHT,
    NOTES_MAX,
    SLEEP_POSITIONS,
    SUBMISSION_KEY,
    calendar_date,
    moment_for,
)
from backcare.diary.episodes import TRIGGERS
from backcare.diary.models import ActivityRating, CheckIn
from backcare.diary.rendering import ActivityRow, RadioGroup, activity_list
from backcare.diary.screen import Screened, no_to_every_sign
from backcare.domain.findings import Finding, checkin_ids_for, finding_catalogue

SCALE = [(str(i), str(i)) for i in range(11)]
SAFETY_CHOICES = [("no", "No"), ("not_sure", "Not sure"), ("yes", "Yes")]
#: The one question in view: anything new from the list of warning signs?
SCREEN_CHOICES = SAFETY_CHOICES  # the same order as each question's, so a tap lands alike
SCREEN_LABEL = "Since your last check-in, anything new from this list?"
RAISED = frozenset({"yes", "not_sure"})
#: How many of "What did you do today?" stay in view (more if more are ticked): a phone's
#: screen of them; the others are under "More".
IN_VIEW = 8
SAFETY_PREFIX = "safety_"
RELIEF_PREFIX = "relief_"
_MOMENT_LABELS = dict(CheckIn.Moment.choices)
#: Optional fields, shown under "More": 0-10 tiles first, then the other fields.
MORE_SCALES: tuple[str, ...] = ("mood", "sleep_quality")
MORE_FIELDS: tuple[str, ...] = (
    "morning_stiffness_min", "sleep_hours", "sleep_position", "hours_sitting",
    "active_minutes", "steps", "water_litres", "notes",
)  # fmt: skip


def scale_field(label: str, help_text: str, *, required: bool = False) -> forms.TypedChoiceField:
    """A 0-10 scale as real radio inputs (styled as a row of buttons)."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCALE,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose your {label.lower()} from 0 to 10.",
            "invalid_choice": f"{label} must be a whole number from 0 to 10.",
        },
    )


def _number(label: str, name: str, help_text: str, step: str = "1") -> forms.Field:
    limit = LIMITS[name]
    widget = forms.NumberInput(attrs={"step": step, "inputmode": "decimal"})
    kind = "a whole number" if limit.whole else "a number"
    # One message for every refusal, naming the field: Django's ("Ensure this value is less
    # than or equal to 24") says neither which answer nor what would do.
    says = f"{label}: enter {kind} from {limit.low:g} to {limit.high:g}."
    messages = {"invalid": says, "min_value": says, "max_value": says}
    if limit.whole:
        low, high = int(limit.low), int(limit.high)
        return forms.IntegerField(
            label=label, help_text=help_text, required=False, min_value=low, max_value=high,
            widget=widget, error_messages=messages,
        )  # fmt: skip
    return forms.FloatField(
        label=label, help_text=help_text, required=False, min_value=limit.low,
        max_value=limit.high, widget=widget, error_messages=messages,
    )  # fmt: skip


class CheckInForm(forms.Form):
    # Left empty, the day and time are those the page was opened for (``when``).
    day = forms.DateField(
        label="Day",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the day as YYYY-MM-DD."},
    )
    time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Give the time as HH:MM."},
    )
    pain = scale_field("Pain now", "0 means no pain, 10 the worst you can imagine.", required=True)
    stiffness = scale_field("Stiffness", "0 means not stiff, 10 as stiff as it gets.")
    stress = scale_field("Stress", "0 means calm, 10 extremely stressed.")
    morning_stiffness_min = _number(
        "Morning stiffness (minutes)",
        "morning_stiffness_min",
        "How long your back stayed stiff after getting up.",
    )
    sleep_hours = _number("Hours slept last night", "sleep_hours", "", step="0.5")
    sleep_quality = scale_field("Sleep quality", "0 means very poor, 10 very good.")
    sleep_position = forms.ChoiceField(
        label="Main sleep position",
        required=False,
        choices=[("", "Not recorded"), *((p, p.capitalize()) for p in SLEEP_POSITIONS)],
    )
    hours_sitting = _number("Hours sitting today", "hours_sitting", "", step="0.5")
    active_minutes = _number("Active minutes", "active_minutes", "Walking, exercise or chores.")
    steps = _number("Steps", "steps", "")
    water_litres = _number("Water (litres)", "water_litres", "", step="0.1")
    mood = scale_field("Mood", "0 means very low, 10 very good.")
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        # Django's "Ensure this value has at most ..." names neither the answer nor the fix.
        error_messages={
            "max_length": "Notes can hold up to %(limit_value)d characters and yours have "
            "%(show_value)d: shorten them, then save. Your text is still here."
        },
    )
    did = forms.MultipleChoiceField(label="What did you do today?", required=False)
    # The weekly warning-sign screen: one question in view; its answer opens the list's
    # questions (Yes, Not sure) or answers them all "no" (No).
    screen = forms.ChoiceField(
        label=SCREEN_LABEL,
        choices=SCREEN_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    # "1" when the page asked the screen as required (its first check-in of 7 days): the
    # post is held to what the page showed, also when sent later from a page kept offline.
    screen_due = forms.CharField(required=False, widget=forms.HiddenInput)
    # Made afresh for each new check-in page (and again by app.js when a page kept for
    # offline use opens): sent twice, the check-in is added once.
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        activities: tuple[Activity, ...] = (),
        when: datetime | None = None,
        possible_facts: frozenset[str] = frozenset(),
        existing: CheckIn | None = None,
        from_session: tuple[str, ...] = (),
        screen_required: bool = False,
        last_screened: Screened | None = None,
        day_ends: clock_time = MIDNIGHT,
        **kwargs: Any,
    ) -> None:
        """``possible_facts``: the person's standing facts that are "yes" or "not sure", which
        add questions (pregnancy warning signs when pregnancy is possible). ``existing``: the
        check-in being changed. ``from_session``: exercises a guided session of the day
        recorded as done, ticked in advance so they need not be ticked twice.
        ``screen_required``: the page must ask the warning-sign screen (a new check-in whose
        person has not answered it for 7 days; see ``views.screen_asked`` for a post).
        ``last_screened``: when (and where) it was last answered, for the note beside it.
        ``day_ends``: when the person's day ends (``User.day_ends_at``): a time before it
        belongs to the day before, as its evening."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.last_screened = last_screened
        if screen_required and not self.is_bound:
            self.initial = {**self.initial, "screen_due": "1"}
        self.screen_required = screen_required and existing is None
        self.activities = activities
        self.from_session = () if self.is_bound else from_session
        if self.from_session:
            self.initial = {**self.initial, "did": list(self.from_session)}
        self.when = when or timezone.now()
        self.day_ends = day_ends
        self.existing = existing
        self.fields["did"].choices = [(a.slug, a.name) for a in activities]  # type: ignore[attr-defined]
        self.possible_facts = possible_facts
        self.safety_findings = _checkin_findings(possible_facts)
        for finding in self.safety_findings:
            # The question, then its help for this person's possible standing facts
            # (needing to pee more often is common in pregnancy: ``help_for_facts``).
            help_for_them = finding.help_for_facts(possible_facts)
            self.fields[SAFETY_PREFIX + finding.id] = forms.ChoiceField(
                label=finding.label,
                help_text=" ".join(filter(None, (finding.question, help_for_them))),
                choices=SAFETY_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MORE_FIELDS]

    def more_scale_groups(self) -> list[RadioGroup]:
        return [RadioGroup(self[name]) for name in MORE_SCALES]

    def more_has_errors(self) -> bool:
        return any(name in self.errors for name in (*MORE_SCALES, *MORE_FIELDS))

    def error_summary(self) -> list[tuple[str, str]]:
        """The summary above the form: (where to jump, what to fix) for each error, naming
        the answer when its message does not (a service error says "has not happened yet";
        "Choose your pain now …" names it already)."""
        items = [("", str(message)) for message in self.non_field_errors()]
        for bound in self:
            for error in bound.errors:
                message = str(error)
                label, lowered = str(bound.label).lower(), message.lower()
                named = lowered.startswith(label) or f"your {label}" in lowered or "“" in message
                said = message if named else f"{bound.label}: {message}"
                items.append((self._anchor(bound), said))
        return items

    @staticmethod
    def _anchor(bound: forms.BoundField) -> str:
        """The first radio of a row of them, the error list of the ticked activities (their
        boxes are made by hand), otherwise the field."""
        if isinstance(bound.field.widget, forms.RadioSelect):
            return f"{bound.auto_id}_0"
        return f"{bound.auto_id}_error" if bound.name == "did" else str(bound.auto_id)

    def time_text(self) -> str:
        value = self["time"].value()
        return value.strftime("%H:%M") if isinstance(value, time) else str(value or "")

    def when_has_errors(self) -> bool:
        return "day" in self.errors or "time" in self.errors

    def scale_groups(self) -> list[RadioGroup]:
        return [RadioGroup(self[name]) for name in ("pain", "stiffness", "stress")]

    def safety_open(self) -> bool:
        """Show the questions when any was answered other than "no" (editing) or needs
        fixing; otherwise they show once the screen is answered Yes or Not sure."""
        names = [SAFETY_PREFIX + f.id for f in self.safety_findings]
        if any(name in self.errors for name in (*names, "screen")):
            return True
        values = self.data if self.is_bound else self.initial
        return any(values.get(name) not in (None, "", "no") for name in names)

    def screen_open(self) -> bool:
        """Unfold the screen where it is optional: once answered, or needing a fix."""
        values = self.data if self.is_bound else self.initial
        return self.safety_open() or bool(values.get("screen"))

    def screen_group(self) -> RadioGroup:
        return RadioGroup(self["screen"])

    @property
    def short_signs(self) -> list[str]:
        """The list the screen asks about, in the findings' own short words."""
        return [f.label for f in self.safety_findings]

    @property
    def extra_safety_labels(self) -> list[str]:
        """The questions asked because of a standing fact (``checkin_if``), named in the
        prompt so the person knows to open them."""
        return [f.label for f in self.safety_findings if f.checkin_if]

    def safety_groups(self) -> list[RadioGroup]:
        """Each warning-sign question, with how to settle a "not sure" where it has a way."""
        return [
            RadioGroup(self[SAFETY_PREFIX + f.id], how_to_tell=f.how_to_tell)
            for f in self.safety_findings
        ]

    def activity_lists(self) -> tuple[SafeString, list[tuple[str, SafeString]]]:
        """The list in view, as list items: whatever this check-in ticks, then the person's
        own items in their order (today's routine, what they logged lately, ...) up to
        ``IN_VIEW`` in all. All the others are grouped under their headings (mobility,
        sleep, ...), the person's own first under each, each as list items."""
        rows = self.activity_rows()
        room = IN_VIEW - sum(row.checked for row in rows)
        shown = {row.activity.slug for row in rows if row.checked}
        for row in rows:
            if room <= 0 or row.activity.group == "other":
                break
            if row.activity.slug not in shown:
                shown.add(row.activity.slug)
                room -= 1
        mine = [row for row in rows if row.activity.slug in shown]
        others = [row for row in rows if row.activity.slug not in shown]
        order = {heading: i for i, heading in enumerate(dict.fromkeys(HEADINGS.values()))}
        others.sort(  # stable: the person's own first under each heading, then by name
            key=lambda row: (
                order.get(row.activity.heading, len(order)),
                row.activity.group == "other",
            )
        )
        grouped = [
            (heading, activity_list(list(group), RELIEF_PREFIX))
            for heading, group in groupby(others, key=lambda row: row.activity.heading)
        ]
        return activity_list(mine, RELIEF_PREFIX), grouped

    @property
    def exercise_paused(self) -> bool:
        """No exercise is offered: the plan puts care first for now."""
        return bool(self.activities) and not any(a.is_exercise for a in self.activities)

    def activity_rows(self) -> list[ActivityRow]:
        if self.is_bound:
            chosen = set(self.data.getlist("did"))  # type: ignore[attr-defined]
            relief = {a.slug: self.data.get(RELIEF_PREFIX + a.slug, "") for a in self.activities}
            chosen.update(self._rated_not_ticked())
        else:
            chosen = set(self.initial.get("did", ()))
            relief = self.initial.get("relief", {})
        return [
            ActivityRow(a, a.slug in chosen, str(relief.get(a.slug, "") or ""))
            for a in self.activities
        ]

    def _rated_not_ticked(self) -> list[str]:
        """Items given a "how much it helped" but not ticked, on a new check-in: choosing how
        much something helped says it was done, and a rating is never dropped unsaid. On a
        change to a saved check-in, unticking an item takes it out, whatever its rating."""
        if not self.is_bound or self.existing is not None:
            return []
        ticked = set(self.data.getlist("did"))  # type: ignore[attr-defined]
        return [
            a.slug
            for a in self.activities
            if a.slug not in ticked and str(self.data.get(RELIEF_PREFIX + a.slug, "")).strip()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = {a.slug: a.name for a in self.activities}
        ratings = []
        done = [*cleaned["did"], *self._rated_not_ticked()] if "did" in cleaned else []
        for slug in done:
            raw = str(self.data.get(RELIEF_PREFIX + slug, "")).strip()
            if raw and raw not in {value for value, _label in SCALE}:
                self.add_error("did", f"How much “{names[slug]}” helped must be from 0 to 10.")
                continue
            ratings.append({"item": slug, "relief": int(raw) if raw else None})
        cleaned["ratings"] = ratings
        self._check_screen(cleaned)
        return cleaned

    def _check_screen(self, cleaned: dict[str, Any]) -> None:
        """The screen asked as required must be answered (or its questions); Yes or Not
        sure must say which sign, by a Yes or Not sure beside it."""
        if "screen" not in cleaned:
            return  # its own error already says what to fix
        screen = cleaned["screen"]
        rows = [cleaned.get(SAFETY_PREFIX + f.id) or "" for f in self.safety_findings]
        if not screen and self.screen_required and not any(rows):
            self.add_error(
                "screen",
                "Answer “Anything new?”: No, Yes or Not sure. It is asked once a week.",
            )
        elif screen in RAISED and not RAISED & set(rows):
            self.add_error(
                "screen",
                "You answered “Yes” or “Not sure”: choose Yes or Not sure beside the sign "
                "that may be new. If nothing on the list is new, choose “No”.",
            )

    def clean_submission_key(self) -> str:
        """A key that is not one is dropped, not an error: the person never sees it."""
        key = self.cleaned_data.get("submission_key") or ""
        return key if SUBMISSION_KEY.fullmatch(key) and self.existing is None else ""

    def checkin_data(self) -> dict[str, object]:
        """The validated answers as ``save_checkin`` input. An unanswered safety row is left
        out (not answered), never stored as "no"."""
        data = self.cleaned_data
        values: dict[str, object] = {name: data.get(name) for name in LIMITS}
        values.update(self._day_and_time())
        values.update(
            sleep_position=data.get("sleep_position") or "",
            notes=data.get("notes") or "",
            ratings=data["ratings"],
            submission_key=data.get("submission_key") or "",
            safety=self._safety_answers(),
        )
        return values

    def _safety_answers(self) -> dict[str, str]:
        """Each question as answered, a row left empty left out (not answered). "No" to the
        screen, with no sign said to be new, answers every question on its list "no"."""
        data = self.cleaned_data
        answers = {
            f.id: data[SAFETY_PREFIX + f.id]
            for f in self.safety_findings
            if data.get(SAFETY_PREFIX + f.id)
        }
        if data.get("screen") == "no" and not RAISED & set(answers.values()):
            return no_to_every_sign(self.possible_facts)
        return answers

    def _day_and_time(self) -> dict[str, object]:
        """Day, moment and time to store. Saving a check-in with its day and time left as
        shown keeps the stored ones: rebuilt from the clock shown in the current zone, an
        entry made in another zone, after midnight or in a repeated hour would move."""
        day: date | None = self.cleaned_data.get("day")
        clock: time | None = self.cleaned_data.get("time")
        stored = self.existing
        if stored is not None and _as_shown(stored, day, clock, self.when.tzinfo):
            # None keeps the stored time as it is (update_checkin), without checking it
            # against a time zone the person may have left since.
            return {"day": stored.day, "moment": stored.moment, "recorded_at": None}
        day = day or day_at(self.when, self.day_ends)
        clock = clock or self.when.time()
        on = calendar_date(day, clock, self.day_ends)  # 04:00 of a day ending at 06:00: the next
        recorded_at = datetime.combine(on, clock, self.when.tzinfo)
        return {"day": day, "moment": moment_for(clock, self.day_ends), "recorded_at": recorded_at}


def _as_shown(checkin: CheckIn, day: date | None, clock: time | None, zone: tzinfo | None) -> bool:
    """Whether the posted day and time are those ``initial_from`` showed, or left empty."""
    shown = _shown_clock(checkin.recorded_at, zone)
    return day in (None, checkin.day) and clock in (None, shown)


def _shown_clock(at: datetime, zone: tzinfo | None) -> time:
    """The clock time the form shows for ``at``: to the minute, as the widget gives it."""
    return at.astimezone(zone).time().replace(second=0, microsecond=0)


def _checkin_findings(possible_facts: frozenset[str]) -> list[Finding]:
    catalogue = finding_catalogue()
    return [catalogue[fid] for fid in checkin_ids_for(possible_facts)]


def initial_from(
    checkin: CheckIn | None,
    ratings: list[ActivityRating],
    when: datetime,
    day_ends: time = MIDNIGHT,
) -> dict[str, Any]:
    """Form initial values from a stored check-in, or the day and time for a new one (the
    person's day: before ``day_ends``, the day before)."""
    if checkin is None:
        clock = when.time().replace(second=0, microsecond=0)
        day = day_at(when, day_ends)
        return {"day": day, "time": clock, "submission_key": uuid.uuid4().hex}
    initial: dict[str, Any] = {name: getattr(checkin, name) for name in LIMITS}
    initial.update(
        day=checkin.day,
        time=_shown_clock(checkin.recorded_at, when.tzinfo),
        sleep_position=checkin.sleep_position,
        notes=checkin.notes,
        did=[r.item for r in ratings],
        relief={r.item: "" if r.relief is None else str(r.relief) for r in ratings},
    )
    safety: Mapping[str, object] = checkin.safety or {}
    initial.update({SAFETY_PREFIX + fid: value for fid, value in safety.items()})
    said = {str(value) for value in safety.values()}
    if said:
        initial["screen"] = "yes" if "yes" in said else "not_sure" if RAISED & said else "no"
    return initial


def moment_label(moment: str) -> str:
    return _MOMENT_LABELS.get(moment, moment).lower()


# --- episodes -----------------------------------------------------------------------------


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class StartEpisodeForm(_Form):
    severity = forms.TypedChoiceField(
        label="How bad is it?",
        help_text="0 means no pain, 10 the worst you can imagine. Leave it to use today's pain.",
        choices=[("", "Use today's pain"), *SCALE],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Severity must be a whole number from 0 to 10."},
    )


class EndEpisodeForm(_Form):
    trigger = forms.ChoiceField(
        label="What seemed to set it off?",
        required=False,
        choices=[("", "Not sure / skip"), *TRIGGERS],
    )
    severity = forms.TypedChoiceField(
        label="How bad was it at its worst?",
        choices=[("", "Keep as recorded"), *SCALE],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Severity must be a whole number from 0 to 10."},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JumpForm(_Form):
    """A day to go to in the diary, or to add a check-in for (a plain GET form): from the
    first day a diary may hold to today, each refusal saying what to choose instead."""

    day = forms.DateField(
        label="Go to a day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Choose a day to go to.",
            "invalid": "Give the day as YYYY-MM-DD, for example 2026-11-14.",
        },
    )

    def __init__(
        self, *args: Any, today: date | None = None, earliest: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.earliest = today, earliest
        if today is not None:
            self.fields["day"].widget.attrs["max"] = today.isoformat()

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if self.today is not None and day > self.today:
            raise forms.ValidationError(
                f"{day:%A} {day.day} {day:%B %Y} has not happened yet: choose today or an "
                "earlier day."
            )
        if self.earliest is not None and day < self.earliest:
            raise forms.ValidationError(
                f"{day.isoformat()} is too long ago for a diary; check the year."
            )
        return day
