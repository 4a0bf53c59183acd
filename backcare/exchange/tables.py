"""Every table a person owns, and how one row becomes export values and back.

The export, the import and "delete all my data" all walk this one list, so a new table
that belongs to a person is added here once (a test fails until it is). Columns come from
the model fields, so a new column is exported without code changes; docs/exchange.md
documents each one (also checked by a test).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.db import models

from backcare.spreadsheet import read_cell, safe_cell

#: Profile fields that travel with the export; login name, e-mail and password do not.
#: Profile fields every export holds; files made before "My day ends at" lack the last one.
REQUIRED_PROFILE_FIELDS = ("display_name", "year_of_birth", "sex", "time_zone", "units")
PROFILE_FIELDS = (*REQUIRED_PROFILE_FIELDS, "day_ends_hour")
#: Profile fields "delete all my data" clears (time zone and units are settings, kept).
PERSONAL_PROFILE_FIELDS = ("display_name", "year_of_birth", "sex")


@dataclass(frozen=True)
class Table:
    name: str  # file and key name in the export, e.g. "checkins"
    model_label: str  # "diary.CheckIn"
    owner: str  # lookup from the row to the person, e.g. "user" or "checkin__user"
    parents: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    secret: tuple[str, ...] = ()  # columns never exported
    importable: bool = True  # share links are not carried to another installation

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def columns(self) -> list[models.Field[Any, Any]]:
        """Exported fields in model order: everything but the owner and secrets."""
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.name != "user" and f.name not in self.secret
        ]

    def rows(self, user_id: int) -> models.QuerySet[models.Model]:
        return self.model._default_manager.filter(**{self.owner: user_id}).order_by("pk")


TABLES: tuple[Table, ...] = (
    Table("assessments", "assessments.Assessment", "user"),
    # A back check in progress: exported for the record, not loaded (it lasts 30 days).
    Table("back_check_draft", "assessments.BackCheckDraft", "user", importable=False),
    Table("questionnaire_responses", "questionnaires.InstrumentResponse", "user"),
    Table("plan_preferences", "plans.Preferences", "user"),
    Table("plans", "plans.Plan", "user", parents=MappingProxyType({"assessment": "assessments"})),
    Table("toolbox", "plans.ToolboxPin", "user"),
    # The clinician's account does not travel; their name (as the patient saw it) does.
    Table("plan_changes", "plans.Tailoring", "user", secret=("clinician",)),
    Table(
        "routine_sessions",
        "plans.RoutineSession",
        "user",
        parents=MappingProxyType({"plan": "plans"}),
    ),
    Table(
        "session_answers",
        "plans.SessionAnswer",
        "session__user",
        parents=MappingProxyType({"session": "routine_sessions"}),
    ),
    Table("checkins", "diary.CheckIn", "user"),
    # A clinician's check the person told us about (docs/plans.md): it may resume a paused plan.
    Table(
        "clinician_checks",
        "assessments.ClinicianCheck",
        "user",
        parents=MappingProxyType({"assessment": "assessments", "checkin": "checkins"}),
    ),
    Table(
        "activity_ratings",
        "diary.ActivityRating",
        "checkin__user",
        parents=MappingProxyType({"checkin": "checkins"}),
    ),
    Table("episodes", "diary.SpasmEpisode", "user"),
    Table("measures", "diary.Measure", "user"),
    Table("experiments", "diary.Experiment", "user"),
    Table(
        "reminder_settings",
        "reminders.ReminderPreferences",
        "user",
        secret=("feed_nonce", "legacy_feed_hash"),
    ),
    Table("reminders", "reminders.Reminder", "user"),
    Table("share_links", "exchange.ShareLink", "user", secret=("token_hash",), importable=False),
    Table(
        "share_link_views",
        "exchange.ShareView",
        "link__user",
        parents=MappingProxyType({"link": "share_links"}),
        importable=False,
    ),
    # Care-team messages: the patient's copy travels for the record; a conversation belongs
    # to a link on this installation, so it is not loaded into another.
    Table(
        "conversations",
        "messaging.Conversation",
        "link__patient",
        secret=("link",),
        importable=False,
    ),
    Table(
        "messages",
        "messaging.Message",
        "conversation__link__patient",
        parents=MappingProxyType({"conversation": "conversations"}),
        secret=("handled_by",),  # the clinician's account; who they are is the conversation's
        importable=False,
    ),
)
#: Models that point at a person but are not the person's data (checked by a test).
#: Sign-in secrets and devices and transient jobs do not travel. Care links and the care-team
#: access log join the person to a clinician's account: not tables a restore loads, but the
#: export holds them for the record (``data_export.care_links`` and ``access_log``). The
#: programme-outcomes audit trail records a lead's looks at aggregate figures, naming no patient.
NOT_PERSONAL = frozenset(
    {
        "admin.LogEntry",
        "otp_totp.TOTPDevice",
        "otp_static.StaticDevice",
        "accounts.AccountSession",
        "progress.ImportJob",
        "reminders.PushSubscription",
        "care.CareLink",
        "care.AccessRecord",
        "outcomes.OutcomesView",
    }
)


def table(name: str) -> Table:
    for found in TABLES:
        if found.name == name:
            return found
    raise KeyError(name)


def plain_value(model_field: models.Field[Any, Any], obj: models.Model) -> Any:
    """A JSON-ready value: dates as ISO text, JSON columns as they are, None for empty."""
    value = model_field.value_from_object(obj)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def is_text(model_field: models.Field[Any, Any]) -> bool:
    """Columns that hold words (a note, a message, a name); the rest are numbers, dates,
    JSON or yes-no, formatted by the program, which a spreadsheet must still read as such."""
    return isinstance(model_field, models.CharField | models.TextField)


def csv_cell(value: Any, model_field: models.Field[Any, Any]) -> str:
    """CSV text: empty means not recorded; booleans true/false; JSON columns as JSON; text
    that a spreadsheet would run as a formula starts with a quote (``safe_cell``)."""
    if isinstance(model_field, models.JSONField):
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_text(model_field) and isinstance(value, str):
        return safe_cell(value)
    return str(value)


def from_csv_cell(text: str, model_field: models.Field[Any, Any]) -> Any:
    """The inverse of ``csv_cell``, before the field's own checks run on it."""
    if isinstance(model_field, models.JSONField):
        return None if text == "" else json.loads(text)
    if text == "" and model_field.null:
        return None
    if isinstance(model_field, models.BooleanField):
        return {"true": True, "false": False}.get(text, text)
    return read_cell(text) if is_text(model_field) else text
