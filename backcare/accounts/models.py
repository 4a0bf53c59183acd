"""The person using backcare: a patient by default, or a clinician."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from backcare.prebuilt import increment

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def validate_time_zone(value: str) -> None:
    if value not in TIME_ZONES:
        raise ValidationError(
            f"'{value}' is not a known time zone; use a name such as Europe/London."
        )


#: The hours a person's day may end at: midnight (as for most people) or a whole hour up to
#: 06:00, for someone often up after midnight (a night or late shift, a baby to feed). Later
#: than 06:00 would take the first check-in of an early riser's morning for the day before.
DAY_ENDS_HOURS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)


def validate_day_ends_hour(value: int) -> None:
    if value not in DAY_ENDS_HOURS:
        raise ValidationError(
            f"Choose a whole hour from 0 (midnight) to {DAY_ENDS_HOURS[-1]}, got {value}."
        )


def day_at(local: datetime, ends: time) -> date:
    """The day a wall-clock time belongs to, for a day that ends at ``ends``: before it, the
    day before. Read off the clock, so a summer-time change moves no one's day."""
    day = local.date()
    return day - timedelta(days=1) if local.time() < ends else day


def person_day(moment: datetime, zone: str, day_ends_hour: int = 0) -> date:
    """The day ``moment`` belongs to for someone in ``zone`` whose day ends at
    ``day_ends_hour`` (``User.local_date``, for when only those two are at hand). Cheap
    enough to run for every answer of a cohort (``outcomes.queries``): the zone is looked
    up once, and a moment already in it is not converted."""
    local = moment.astimezone(zone_named(zone))
    return day_at(local, time(day_ends_hour)) if day_ends_hour else local.date()


@lru_cache(maxsize=1024)
def zone_named(name: str) -> tzinfo:
    """The time zone of that name; UTC, the default, as the fixed offset (converting to it
    costs a quarter of a ZoneInfo), as is a name no longer known (as the rest of backcare
    reads one: a restored account's, say)."""
    if name == "UTC":
        return UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def day_begins(day: date, zone: str, day_ends_hour: int = 0) -> datetime:
    """The instant the person's ``day`` begins: the hour their day ends, on its own date (the
    first moment ``person_day`` gives ``day``)."""
    return datetime.combine(day, time(day_ends_hour), tzinfo=zone_named(zone))


def validate_year_of_birth(value: int) -> None:
    this_year = timezone.now().year
    if not this_year - 120 <= value <= this_year - 13:
        raise ValidationError(
            f"Enter a year between {this_year - 120} and {this_year - 13}; "
            "backcare is for people aged 13 and over."
        )


class User(AbstractUser):
    class Role(models.TextChoices):
        PATIENT = "patient", "Patient"
        CLINICIAN = "clinician", "Clinician"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"

    class Units(models.TextChoices):
        METRIC = "metric", "Metric (kg, km, litres)"
        IMPERIAL = "imperial", "Imperial (lb, miles, pints)"

    email = models.EmailField("e-mail address", unique=True)
    # The address the person showed they read, by opening a confirmation link. The account's
    # address counts as confirmed while the two agree, so a new address starts unconfirmed
    # whatever changed it.
    confirmed_email = models.EmailField("confirmed e-mail address", blank=True, editable=False)
    # A new address asked for on the profile page, waiting for its owner to open the link
    # e-mailed to it (backcare/accounts/email_change.py). Until then the account keeps
    # ``email`` for password resets and notices, so a mistyped address loses nothing.
    pending_email = models.EmailField(
        "new e-mail address, not yet confirmed", blank=True, default="", editable=False
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PATIENT)
    display_name = models.CharField(max_length=80, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[validate_year_of_birth]
    )
    sex = models.CharField(
        max_length=8,
        choices=Sex.choices,
        blank=True,
        help_text="Optional. Some questionnaires and risk rules use it.",
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # When the person last saved a time zone themselves (the profile page, PATCH /api/me,
    # ``createclinician --time-zone``); None while the zone is the default or the browser's.
    # A clinician's browser zone is taken at sign-in only while none was ever chosen, so a
    # chosen UTC stays UTC (backcare/care/device_zone.py).
    time_zone_chosen_at = models.DateTimeField(
        "time zone chosen at", null=True, blank=True, editable=False
    )
    units = models.CharField(max_length=8, choices=Units.choices, default=Units.METRIC)
    # The hour the person's day ends at (0: midnight): before it, the clock still shows the
    # day before for their diary, streak, progress and "today" (``local_date``).
    day_ends_hour = models.PositiveSmallIntegerField(
        "my day ends at", default=0, validators=[validate_day_ends_hour]
    )
    # Bumped by every write that changes what the dashboard and insights show; part of their
    # cache key, so a cached page is never older than the person's last entry.
    data_version = models.PositiveIntegerField(default=0, editable=False)

    @property
    def email_confirmed(self) -> bool:
        """Whether backcare may send this address anything but confirmation and reset links."""
        return bool(self.email) and self.confirmed_email.lower() == self.email.lower()

    @property
    def is_clinician(self) -> bool:
        return self.role == self.Role.CLINICIAN

    @property
    def name(self) -> str:
        """The name others read: the display name, or without one a stable code. Never the
        login name, which is half of the person's credentials."""
        return self.display_name or f"No name given ({self.pseudonym})"

    @property
    def pseudonym(self) -> str:
        """A stable code for the person that reveals neither name nor database id."""
        joined = f"{self.pk}:{self.date_joined.timestamp():.6f}"
        return "bc-" + salted_hmac("backcare.exchange.pseudonym", joined).hexdigest()[:12]

    @property
    def day_ends_at(self) -> time:
        """The clock time the person's day ends at: midnight unless they chose later."""
        return time(self.day_ends_hour)

    def local_date(self, moment: datetime | None = None) -> date:
        """The person's day, now or at ``moment``: the date in their own time zone, whichever
        zone the server runs in, until the hour their day ends (``day_ends_hour``; midnight
        unless they chose later). Every "today" of theirs (diary, streak, progress) is this."""
        return person_day(moment or timezone.now(), self.time_zone, self.day_ends_hour)

    def day_begins(self, day: date) -> datetime:
        """The instant the person's ``day`` begins (``local_date`` turns to it then): midnight
        in their time zone, or the later hour their day ends."""
        return day_begins(day, self.time_zone, self.day_ends_hour)

    def ages_on(self, day: date) -> tuple[int, int] | None:
        """The youngest and the oldest the person may be on ``day``: a year of birth alone
        cannot tell whether this year's birthday has passed."""
        if self.year_of_birth is None:
            return None
        oldest = day.year - self.year_of_birth
        return oldest - 1, oldest

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's HMAC of the password hash, which every signed-in request checks against
        # its session: remembered per process, since it changes only with the password hash
        # or the secret key, both part of the key it is remembered by.
        return _session_auth_hash(self.password, settings.SECRET_KEY if secret is None else secret)


@lru_cache(maxsize=2048)
def _session_auth_hash(password: str, secret: str) -> str:
    djangos = AbstractBaseUser._get_session_auth_hash  # type: ignore[attr-defined]
    return str(djangos(_Password(password), secret))


class _Password:
    """What Django's session hash reads of a person: only the password hash."""

    def __init__(self, password: str) -> None:
        self.password = password


def lock_person(user_id: int) -> None:
    """Lock the person's row until the transaction ends: writes that change both the
    person's rows and the person take this first, so that two of them never wait on each
    other in opposite order (a no-op on SQLite, whose writes are serial)."""
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True))


def record_data_change(user_id: int) -> None:
    """Mark the person's diary data as changed (call inside the writing transaction)."""
    increment(User, "data_version", user_id)


class LinkRequest(models.Model):
    """One e-mailed link asked for, kept an hour to limit how many are sent
    (backcare/accounts/throttle.py). Keyed hashes, not addresses, are stored."""

    email_key = models.CharField(max_length=64, db_index=True)
    address_key = models.CharField(max_length=64, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        abstract = True


class PasswordResetRequest(LinkRequest):
    def __str__(self) -> str:
        return f"password-reset request at {self.requested_at:%Y-%m-%d %H:%M}"


class ConfirmationRequest(LinkRequest):
    def __str__(self) -> str:
        return f"confirmation link request at {self.requested_at:%Y-%m-%d %H:%M}"


class AccountSession(AbstractBaseSession):
    """A database session that also names its person, so that each signed-in request reads
    the session and the person in one statement (backcare/accounts/request_user.py).

    No foreign-key constraint: a session saved by a request still running while its person
    deletes the account must not fail; Django's delete cascades to the rows all the same,
    and the read ignores a session whose person is gone.
    """

    user = models.ForeignKey(
        User, null=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )

    class Meta:
        db_table = "accounts_session"
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from backcare.accounts.request_user import SessionStore

        return SessionStore
