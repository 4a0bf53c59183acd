"""/api/me: read and update the caller's own profile."""

from __future__ import annotations

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError

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
    with transaction.atomic():
        user.save(update_fields=list(fields))
        if "time_zone" in fields:
            reschedule(user)  # reminders fall at wall-clock times in the person's zone
        if {"time_zone", "day_ends_hour"} & set(fields):
            record_data_change(user.pk)  # cached pages drew the days as they were
    return user
