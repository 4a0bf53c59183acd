"""/api/me: read and update the caller's own profile."""

from __future__ import annotations

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import ValidationError

from backcare.accounts.forms import PATIENT_ONLY_FIELDS
from backcare.accounts.models import User, record_data_change
from backcare.api.input import StrictInput
from backcare.reminders.service import reschedule

router = Router(tags=["profile"])


class ProfileOut(Schema):
    username: str
    email: str
    #: False until the person opens the link e-mailed to the address: no reminder e-mails
    email_confirmed: bool
    #: A new address asked for on the profile page and waiting for its owner to open the link
    #: e-mailed to it; ``email`` stays in use (sign-in, password resets, notices) until then.
    #: None when no change waits.
    pending_email: str | None
    role: str
    display_name: str
    year_of_birth: int | None
    sex: str
    time_zone: str
    #: The hour the person's day ends at, 0 (midnight) to 6: a check-in after midnight but
    #: before it counts for the day before (its evening), and so do "today"'s pages.
    day_ends_hour: int
    units: str

    @staticmethod
    def resolve_pending_email(user: User) -> str | None:
        return user.pending_email or None


class ProfileIn(StrictInput):
    display_name: str | None = None
    year_of_birth: int | None = None
    sex: str | None = None
    time_zone: str | None = None
    day_ends_hour: int | None = None
    units: str | None = None


@router.get("", response=ProfileOut)
def get_profile(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.patch("", response=ProfileOut)
def update_profile(request: HttpRequest, changes: ProfileIn) -> User:
    user: User = request.user  # type: ignore[assignment]
    fields = changes.model_dump(exclude_unset=True)
    if user.is_clinician:
        _refuse_patient_fields(fields)
    for name, value in fields.items():
        setattr(user, name, "" if value is None and name in {"sex", "display_name"} else value)
    try:
        user.full_clean(exclude=["password", "username", "email"])
    except ModelValidationError as exc:
        user.refresh_from_db()
        raise ValidationError(
            [
                {"type": "value_error", "loc": ["body", "changes", name], "msg": " ".join(msgs)}
                for name, msgs in exc.message_dict.items()
            ]
        ) from exc
    if "time_zone" in fields:  # chosen: a clinician's browser no longer moves it at sign-in
        user.time_zone_chosen_at = timezone.now()
        fields["time_zone_chosen_at"] = user.time_zone_chosen_at
    with transaction.atomic():
        user.save(update_fields=list(fields))
        if "time_zone" in fields:
            reschedule(user)  # reminders fall at wall-clock times in the person's zone
        if {"time_zone", "day_ends_hour"} & set(fields):
            record_data_change(user.pk)  # cached pages drew the days as they were
    return user


def _refuse_patient_fields(fields: dict[str, object]) -> None:
    """A clinician's profile has a name and a time zone, as on the profile page: a patient's
    own settings sent for one are refused by name, and nothing is saved."""
    refused = [name for name in PATIENT_ONLY_FIELDS if name in fields]
    if refused:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "changes", name],
                    "msg": f"{name} is for patients' accounts: a clinician's profile takes "
                    "display_name and time_zone.",
                }
                for name in refused
            ]
        )
