"""Account forms: each field error says what to fix."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.http import HttpRequest
from django.utils import timezone

from backcare.accounts.models import DAY_ENDS_HOURS, TIME_ZONES, User
from backcare.accounts.throttle import (
    count_taken_address,
    recheck_password,
    reset_request_refused,
    signup_refused,
)

#: Said under a refused password, after what was wrong with it: what to try instead.
PASSWORD_HINT = "Try three or four unrelated words, for example kettle-river-blue-tulip."
#: The help under the fields of a new password, on the sign-up and password-change pages
#: alike (Django's lists its validators in its own words).
NEW_PASSWORD_HELP = (
    "At least 8 characters. A few unrelated words are easy to remember and hard to guess."
)
PASSWORD_AGAIN_HELP = "Type the same password again, to be sure."
USERNAME_HELP = (
    "The name you log in with. Letters, numbers, dots, dashes and underscores are fine; no spaces."
)
SIGNUP_EMAIL_HELP = (
    "For password resets and reminders you turn on. We e-mail you a link to confirm it, "
    "and never share it."
)
#: What the e-mail field of the profile says of a new address.
NEW_EMAIL_HELP = (
    "A new address takes over when you open the link we e-mail to it; until then, password "
    "resets and notices go to the one you have now."
)
EMAIL_ERRORS = {
    "required": "Enter an e-mail address, so you can reset your password if you forget it.",
    "invalid": "Enter an e-mail address in the form name@example.org.",
    "max_length": "An e-mail address has at most %(limit_value)d characters; this one has "
    "%(show_value)d.",
}
#: The longest address mail can carry (RFC 5321's path limit, and the column's length).
EMAIL_MAX_LENGTH = 254
#: The username rule in the words of the sign-up page's help (Django's own message lists
#: "@/./+/-/_ characters"); "@" and "+" are accepted too, for names like e-mail addresses.
USERNAME_RULE = "use only letters, numbers, dots, dashes and underscores"
#: An empty sex is one the person has not told us: triage then reads it as unknown.
SEX_NOT_TOLD = "Not told"
#: Offered near the top of the profile's list: where backcare knows the emergency numbers
#: (the UK, Ireland, the US) and UTC; every other IANA zone follows, grouped by region.
COMMON_TIME_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "UTC",
)
TIME_ZONE_REGIONS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
    "Indian", "Pacific",
)  # fmt: skip


def place_name(zone: str) -> str:
    """The zone's place in words: "America/Argentina/Buenos_Aires" -> "Argentina – Buenos
    Aires"; a name outside the regions ("US/Eastern", "Etc/GMT+5") as it is, in words."""
    region, _, place = zone.partition("/")
    words = place if region in TIME_ZONE_REGIONS and place else zone
    return words.replace("_", " ").replace("/", " – ")


def zone_label(zone: str) -> str:
    """The place with its region, for a zone shown outside its region's group."""
    if zone == "UTC":
        return "UTC (universal time, no summer time)"
    region = zone.partition("/")[0]
    return f"{place_name(zone)}, {region}" if region in TIME_ZONE_REGIONS else place_name(zone)


def time_zone_choices(current: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Every IANA zone, in groups: the person's own zone first, then the common ones, then
    each region's zones by place name, then the other names ("US/Eastern", "Etc/GMT+5")."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    if current in TIME_ZONES:
        groups.append(("Your time zone now", [(current, zone_label(current))]))
    common = [(z, zone_label(z)) for z in COMMON_TIME_ZONES if z in TIME_ZONES and z != current]
    groups.append(("Common time zones", common))
    by_region: dict[str, list[tuple[str, str]]] = {r: [] for r in (*TIME_ZONE_REGIONS, "")}
    for zone in TIME_ZONES:
        region = zone.partition("/")[0]
        by_region[region if region in TIME_ZONE_REGIONS and "/" in zone else ""].append(
            (zone, place_name(zone))
        )
    for region, zones in by_region.items():
        if zones:
            zones.sort(key=lambda choice: choice[1].casefold())
            groups.append((region or "Other names", zones))
    return groups


class KeepSignedInForm(forms.Form):
    """The box "Keep me signed in on this device", unticked, of the sign-in and sign-up forms
    (unticked: the session ends with the browser, or after a short time unused;
    session_expiry.keep_or_not applies the choice)."""

    keep_signed_in = forms.BooleanField(required=False, label="Keep me signed in on this device")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep_signed_in"].help_text = keep_signed_in_help()

    @property
    def kept(self) -> bool:
        return bool(self.cleaned_data.get("keep_signed_in"))


class SignupForm(KeepSignedInForm, UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(
        label="E-mail address",
        help_text=SIGNUP_EMAIL_HELP,
        error_messages=EMAIL_ERRORS,
        max_length=EMAIL_MAX_LENGTH,
    )

    #: Filled in by the browser (accounts/time-zone.js): reminders, diary days and the
    #: emergency number follow it from the first page. Without it (no script, an unknown
    #: name) the account starts in UTC, as before, and the profile can change it.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ("username", "email", "time_zone")

    def clean_time_zone(self) -> str:
        zone = str(self.cleaned_data.get("time_zone") or "").strip()
        return zone if zone in TIME_ZONES else "UTC"

    def full_clean(self) -> None:
        super().full_clean()
        if self.errors:  # the error summary above the form takes the focus instead
            self.fields["username"].widget.attrs.pop("autofocus", None)

    def validate_password_for_user(self, user: Any, **kwargs: Any) -> None:
        """Check the password typed first (the one kept) and say so under it, with what to
        try; Django would put the message under the confirmation."""
        check_new_password(self, user, "password1")

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.request = request
        self.refused = False
        super().__init__(*args, **kwargs)
        for name, help_text in (
            ("username", USERNAME_HELP),
            ("password1", NEW_PASSWORD_HELP),
            ("password2", PASSWORD_AGAIN_HELP),
        ):
            self.fields[name].help_text = help_text
        self.fields["username"].error_messages.update(
            required="Choose a username: the name you will log in with, for example ana.silva.",
            max_length="Choose a shorter username: at most %(limit_value)d characters "
            "(this one has %(show_value)d).",
        )

    def clean_username(self) -> str:
        """Django's rule and its case-blind check for a taken name, said in plain words."""
        username = str(self.cleaned_data["username"])
        problem = username_problem(username)
        if problem:
            raise forms.ValidationError(problem)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                "That username is taken: choose another, for example with a number added. "
                "If it is yours, log in instead."
            )
        return username

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if self.request is not None and signup_refused(self.request):
            self.refused = True
            raise forms.ValidationError(
                "Too many sign-ups came from your network in the last hour with addresses that "
                "already have an account. Try again in an hour, or log in."
            )
        if User.objects.filter(email__iexact=email).exists():
            if self.request is not None:
                count_taken_address(self.request)
            raise forms.ValidationError(
                "An account with this e-mail address already exists; log in or reset your password."
            )
        return email


def username_problem(username: str) -> str:
    """What is wrong with a username under Django's rule (``User.username_validator``), in
    the sign-up page's words and naming what to leave out; "" when nothing is."""
    try:
        User.username_validator(username)
    except forms.ValidationError:
        pass
    else:
        return ""
    allowed = re.compile(r"[\w.@+-]")
    signs = sorted({c for c in username if not c.isspace() and not allowed.fullmatch(c)})
    parts = ["the spaces"] if any(c.isspace() for c in username) else []
    parts += [f"“{sign}”" for sign in signs]
    leave_out = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return f"Leave out {leave_out}: {USERNAME_RULE}, for example ana.silva or ana_silva."


def check_new_password(form: forms.Form, user: Any, name: str) -> None:
    """Django's password rules for the new password typed first (the one kept), said under
    it with what to try instead; Django would put them under the confirmation."""
    password = form.cleaned_data.get(name)
    if not password:
        return
    try:
        password_validation.validate_password(password, user)
    except forms.ValidationError as error:
        form.add_error(name, [*error.messages, PASSWORD_HINT])


#: A clinician's time zone: the clock of their own pages (when an invitation stops working);
#: a patient's days and times stay in the patient's zone, named beside them.
CLINICIAN_ZONE_HELP = (
    "Times of your own, such as when an invitation stops working, follow this time zone. "
    "A patient's dates and times stay in their own time zone, named beside them. Find yours "
    "by its region and a city near you."
)


#: The profile's fields for a patient only: age and sex for the warning signs, when the
#: diary's day ends, units; a clinician's profile has name, e-mail and time zone.
PATIENT_ONLY_FIELDS = ("year_of_birth", "sex", "day_ends_hour", "units")


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    # Not the model's field: a new address is only asked for here (email_change.ask_for),
    # and the person's own row keeps the address in use until the new one is confirmed.
    email = forms.EmailField(
        label="E-mail address",
        help_text=NEW_EMAIL_HELP,
        error_messages=EMAIL_ERRORS,
        max_length=EMAIL_MAX_LENGTH,
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices(),
        help_text="Reminders and your diary days follow this time zone. Find yours by its "
        "region and a city near you.",
    )
    day_ends_hour = forms.TypedChoiceField(
        label="My day ends at",
        coerce=int,
        required=False,  # a page from before it was asked keeps the person's choice
        empty_value=None,
        choices=[(0, "Midnight (most people)"), *((h, f"{h:02}:00") for h in DAY_ENDS_HOURS[1:])],
        help_text="Often up after midnight (a night shift, a baby to feed)? A check-in "
        "before this hour counts as the evening of the day before, in your diary, streak and "
        "progress. Whole hours up to 06:00, so an early riser's morning stays their own.",
    )
    current_password = forms.CharField(
        label="Current password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Needed only to change your e-mail address.",
    )
    field_order = ["display_name", "email", "current_password"]

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.previous_email = self.instance.email
        # A new address waiting for its link shows in the field: saving the rest keeps it
        # waiting, and typing the address in use back cancels it (``cancels_change``).
        self.pending_email = self.instance.pending_email
        self.initial.setdefault("email", self.pending_email or self.previous_email)
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = time_zone_choices(
            self.instance.time_zone
        )
        if self.instance.is_clinician:  # their own pages' clock; a patient's times keep theirs
            self.fields["time_zone"].help_text = CLINICIAN_ZONE_HELP
            # A patient's own settings mean nothing for a clinician: not shown, not required,
            # and kept as stored (a field left out of the form is left out of the save).
            for name in PATIENT_ONLY_FIELDS:
                del self.fields[name]
        else:
            cast(forms.ChoiceField, self.fields["sex"]).choices = [
                ("", SEX_NOT_TOLD),
                *User.Sex.choices,
            ]
        self.previous_confirmed = self.instance.email_confirmed

    class Meta:
        model = User
        fields = ("display_name", "year_of_birth", "sex", "time_zone", "day_ends_hour", "units")
        labels = {"display_name": "Name to show", "year_of_birth": "Year of birth"}
        help_texts = {"year_of_birth": "Optional. Age changes which warning signs matter."}

    def clean_day_ends_hour(self) -> int:
        chosen = self.cleaned_data.get("day_ends_hour")
        return self.instance.day_ends_hour if chosen is None else int(chosen)

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        """A new address needs the password first: only then is it said whether another
        account uses it, so that a session left open does not tell whose addresses have one."""
        cleaned = super().clean() or {}
        if not self.email_changed:
            return cleaned
        password = self.cleaned_data.get("current_password") or ""
        if recheck_password(self.request, self.instance, password) != "right":
            self.add_error(
                "current_password",
                "Enter your current password to change your e-mail address.",
            )
        elif User.objects.filter(email__iexact=cleaned["email"]).exclude(pk=self.instance.pk):
            self.add_error("email", "Another account uses this e-mail address.")
        return cleaned

    @property
    def email_changed(self) -> bool:
        """A new address is asked for: neither the one in use nor the one already waiting."""
        typed = str(self.cleaned_data.get("email", self.previous_email)).lower()
        return typed not in {self.previous_email.lower(), self.pending_email.lower()}

    @property
    def cancels_change(self) -> bool:
        """The address in use typed back while a new one waits: the change is called off."""
        typed = str(self.cleaned_data.get("email", "")).lower()
        return bool(self.pending_email) and typed == self.previous_email.lower()

    def save(self, commit: bool = True) -> User:
        # The zone shown was saved by the person, even unchanged: it is theirs, and a
        # clinician's browser no longer moves it at sign-in (backcare/care/device_zone.py).
        if "time_zone" in self.cleaned_data:
            self.instance.time_zone_chosen_at = timezone.now()
        return cast(User, super().save(commit))


class SignInForm(KeepSignedInForm, AuthenticationForm):
    """Django's sign-in form, with "Keep me signed in on this device"."""


def keep_signed_in_help() -> str:
    days = int(settings.SESSION_DAYS)
    every = "every day" if days == 1 else f"every {days} days"
    return (
        "Tick this only on your own phone or computer: you stay signed in as long as you use "
        f"backcare at least once {every}. Unticked, you are signed out when you close the "
        f"browser, or after {short_time()} without using it."
    )


def short_time() -> str:
    minutes = int(settings.SHORT_SESSION_MINUTES)
    if minutes == 60:
        return "an hour"
    if minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, refusing more than a few requests an hour per e-mail address and
    per client address (so nobody can flood an inbox through backcare)."""

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        self.refused = False
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"])
        refusal = reset_request_refused(self.request, email)
        if refusal:
            self.refused = True
            raise forms.ValidationError(refusal)
        return email

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        subject_template_name: str = "registration/password_reset_subject.txt",
        email_template_name: str = "registration/password_reset_email.html",
        use_https: bool = False,
        from_email: str | None = None,
        request: HttpRequest | None = None,
        **unused: Any,
    ) -> None:
        """Queue the e-mail for the worker, whether or not the address has an account: the
        account is looked up there (backcare.accounts.tasks)."""
        from backcare.accounts.tasks import send_password_reset

        send_password_reset.enqueue(
            email=self.cleaned_data["email"],
            domain=domain_override or (request or self.request).get_host(),
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            from_email=from_email,
        )


class PasswordAgainForm(forms.Form):
    """The signed-in person's password, asked again before a change a session left open
    must not make alone; a wrong one counts as a failed log-in (recheck_password)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if recheck_password(self.request, self.request.user, password) != "right":
            raise forms.ValidationError("That is not your current password.")
        return password


class DeleteAccountForm(PasswordAgainForm):
    confirm = forms.BooleanField(
        label="I understand that all my data will be deleted and cannot be recovered."
    )


class RecheckedPasswordChangeForm(PasswordChangeForm):
    """Django's form, with the old password counted as a log-in attempt (recheck_password),
    in the sign-up page's words: its help, and the rules said under the new password."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "That is not your current password. Type it again, or log out "
        "and reset it by e-mail if you have forgotten it.",
    }

    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].help_text = "The password you log in with now."
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].help_text = PASSWORD_AGAIN_HELP

    def full_clean(self) -> None:
        super().full_clean()
        if self.errors:  # the error summary above the form takes the focus instead
            self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def validate_password_for_user(self, user: Any, password_field_name: str = "") -> None:
        check_new_password(self, user, "new_password1")

    def clean_old_password(self) -> str:
        old_password = str(self.cleaned_data["old_password"])
        if recheck_password(self.request, self.user, old_password) != "right":
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


def validate_new_password(password: str, user: User | None = None) -> None:
    password_validation.validate_password(password, user)
