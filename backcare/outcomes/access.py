"""Who may see programme outcomes: a programme lead (a clinician holding the permission,
after the second factor) or staff; and the audit trail of each look."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from backcare.care import idle
from backcare.care.twofactor import verified_required
from backcare.outcomes.models import OutcomesView
from backcare.outcomes.queries import Cohort

PERMISSION = "outcomes.view_programme_outcomes"


def is_lead(user: Any) -> bool:
    """Staff, or a clinician granted the programme-lead permission."""
    return bool(user.is_staff or (user.is_clinician and user.has_perm(PERMISSION)))


#: Pages: signed in, a lead, (clinicians) verified with the second factor, not idle.
lead_required = verified_required(
    is_lead,
    refusal="outcomes/leads_only.html",
    second_factor_for=lambda user: user.is_clinician,
)


def verified_lead(request: HttpRequest) -> Any:
    """API: the same rule, as a 403 with the reason."""
    user: Any = request.user
    if not is_lead(user):
        raise HttpError(403, "Only programme leads and staff can read programme outcomes.")
    if user.is_clinician and not user.is_verified():
        raise HttpError(403, "Sign in with your second factor first (/clinician/two-factor/).")
    if idle.signed_out_for_idling(request):
        raise HttpError(401, idle.idle_message(request))
    return user


def record_view(viewer: Any, cohort: Cohort, channel: str, members: int | None) -> None:
    OutcomesView.objects.create(
        viewer=viewer,
        viewer_name=viewer.name,
        channel=channel,
        cohort=cohort.describe()[:200],
        enrolled_from=cohort.enrolled_from,
        enrolled_to=cohort.enrolled_to,
        members=members,
    )


def set_lead(user: Any, lead: bool) -> None:
    """Grant or take away the programme-lead permission (clinician accounts only)."""
    from django.contrib.auth.models import Permission

    if lead and not user.is_clinician:
        raise ValueError(f"'{user.username}' is not a clinician; only clinicians can be leads")
    app_label, codename = PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    if lead:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
