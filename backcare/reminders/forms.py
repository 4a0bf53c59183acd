"""Reminder forms: each error names the field and says what to fix."""

from __future__ import annotations

from typing import Any

from django import forms

from backcare.reminders.models import Reminder, ReminderPreferences

WEEKDAYS = [
    ("0", "Mon"),
    ("1", "Tue"),
    ("2", "Wed"),
    ("3", "Thu"),
    ("4", "Fri"),
    ("5", "Sat"),
    ("6", "Sun"),
]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: Which fields each kind of reminder shows, after "on" and the channels.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "movement": ("every_minutes", "window_start", "window_end", "workdays"),
    "routine": ("at",),
    "weekly_check": ("weekday", "at"),
    "anti_nap": ("at",),
}
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ReminderForm(forms.ModelForm[Reminder]):
    workdays = forms.MultipleChoiceField(
        label="On these days",
        help_text="Past midnight, tick the days each shift starts.",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    weekday = forms.TypedChoiceField(
        label="Day", choices=[(str(i), n) for i, n in enumerate(WEEKDAY_NAMES)], coerce=int
    )
    every_minutes = forms.IntegerField(
        label="Every (minutes)",
        min_value=15,
        max_value=240,
        error_messages={
            "min_value": "Choose a break every 15 minutes or more.",
            "max_value": "Choose a break at least every 240 minutes (4 hours).",
        },
    )

    class Meta:
        model = Reminder
        fields = (
            "enabled", "by_push", "by_email", "by_calendar",
            "every_minutes", "window_start", "window_end", "workdays", "weekday", "at",
        )  # fmt: skip
        labels = {"enabled": "Remind me"}
        widgets = {"at": TIME, "window_start": TIME, "window_end": TIME}
        help_texts = {
            "window_end": "Earlier than the start for a night shift: breaks run past midnight.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown = KIND_FIELDS[self.instance.kind]
        for name in ("every_minutes", "window_start", "window_end", "workdays", "weekday", "at"):
            if name not in shown:
                del self.fields[name]
        if "workdays" in self.fields:
            self.initial["workdays"] = [d for d in self.instance.workdays.split(",") if d]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in KIND_FIELDS[self.instance.kind]]

    def channel_fields(self) -> list[forms.BoundField]:
        return [self["by_push"], self["by_email"], self["by_calendar"]]

    def clean_workdays(self) -> str:
        days = self.cleaned_data.get("workdays") or []
        if not days:
            raise forms.ValidationError("Tick at least one day for movement breaks.")
        return ",".join(sorted(days))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if start is not None and end is not None and end == start:
            # An end earlier than the start runs past midnight (a night shift): only the
            # same time at both ends says nothing about how long the breaks go on.
            self.add_error(
                "window_end",
                "Choose an end time different from the start (an earlier one runs past "
                "midnight, for a night shift).",
            )
        channels = ("by_push", "by_email", "by_calendar")
        if data.get("enabled") and not any(data.get(name) for name in channels):
            self.add_error("by_push", "Choose at least one way to be reminded.")
        return data


class QuietHoursForm(forms.ModelForm[ReminderPreferences]):
    """Quiet hours are asked as when the person usually sleeps: any span, by night or by day
    (a night-shift worker sleeping 09:00 to 16:00), or past midnight."""

    class Meta:
        model = ReminderPreferences
        fields = ("quiet_start", "quiet_end")
        labels = {"quiet_start": "I usually go to sleep at", "quiet_end": "and wake up at"}
        widgets = {"quiet_start": TIME, "quiet_end": TIME}
