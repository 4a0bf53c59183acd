"""Linking by consent: invite, accept, revoke; and the one door to a linked patient's data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as format_date

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.care.models import INVITATION_LIFETIME, AccessRecord, CareLink
from backcare.care.new_facts import possible_told
from backcare.plans.models import Preferences

#: What a linked clinician sees, shown to the patient before they accept and on their care page.
SHARED_DATA = (
    "Your name, year of birth and sex, as in your profile.",
    "Your daily check-ins: pain, stiffness, stress, sleep, activity, mood, notes and the "
    "answers to “anything new?”, with what backcare said about them.",
    "Your flares and spasms, as you logged them.",
    "Your questionnaire results, including any answer that asked for urgent support.",
    "Your back checks (intake answers) and how urgently they said to get care.",
    "Your report built from these, to read, print or keep in their records, with your "
    "current self-care plan and how much each option helped you.",
    "Your self-care plan, which they may tailor; you see every change, who made it and why.",
)
NOT_SHARED = (
    "Your e-mail address and password.",
    "Anything you enter after you remove the clinician.",
)


class LinkError(ValueError):
    """An invitation that cannot be accepted, with the reason in words."""


class AlreadyShared(LinkError):
    """The patient already shares with this invitation's clinician: nothing to do."""


def create_invitation(clinician: User) -> CareLink:
    return CareLink.objects.create(clinician=clinician)


#: What a typed code may hold: letters and digits, with spaces or dashes between groups.
_CODE_CHARACTERS = re.compile(r"[A-Za-z0-9 -]*")


def clean_code(code: str) -> str:
    """The code as stored (spaces and dashes dropped, capitals), or LinkError saying what
    to fix: a code also travels in a link's path, where "/" or "?" would break it."""
    if not _CODE_CHARACTERS.fullmatch(code):
        raise LinkError(
            "An invitation code has only letters and digits, like 6EX3P4D2GH. "
            "Check it with your clinician and type it again."
        )
    return code.replace(" ", "").replace("-", "").upper()


def find_invitation(code: str, patient: User | None = None) -> CareLink:
    """The usable invitation with this code (case, spaces and dashes ignored), or LinkError
    saying why not; given the patient who asks, in the words that fit them."""
    link = CareLink.objects.select_related("clinician").filter(code=clean_code(code)).first()
    if link is None:
        raise LinkError("No invitation has this code. Check it with your clinician.")
    if patient is not None and shares_care(link.clinician_id, patient.pk):
        raise AlreadyShared(f"You already share your diary with {link.clinician_name}.")
    if not link.usable():
        raise LinkError(_why_unusable(link, patient))
    return link


def _why_unusable(link: CareLink, patient: User | None) -> str:
    name = link.clinician_name
    if patient is not None and link.patient_id == patient.pk:
        return (
            f"You stopped sharing with {name}, so this invitation no longer works. "
            f"To share again, ask {name} for a new one."
        )
    if link.patient_id is not None:
        return f"This invitation was already used: each one works once. Ask {name} for a new one."
    if link.revoked_at is not None:
        return f"{name} cancelled this invitation. Ask them for a new one if you want to share."
    expired = format_date(timezone.localtime(link.expires_at), "j F Y")
    return (
        f"This invitation ran out on {expired}: invitations work for "
        f"{INVITATION_LIFETIME.days} days. Ask {name} for a new one."
    )


def accept_invitation(link: CareLink, patient: User, name: str = "") -> CareLink:
    """Share with the clinician; ``name`` (checked by ``NameForm``) becomes the patient's, in
    the same transaction, if they have none yet: the clinician sees it from the start."""
    if patient.is_clinician:
        raise LinkError("Clinician accounts cannot accept invitations.")
    if shares_care(link.clinician_id, patient.pk):
        raise AlreadyShared(f"You already share your diary with {link.clinician_name}.")
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = CareLink.objects.filter(
                pk=link.pk, patient__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            ).update(patient=patient, accepted_at=now)
            if claimed and name and not patient.display_name:
                patient.display_name = name
                patient.save(update_fields=["display_name"])
    except IntegrityError as exc:
        raise AlreadyShared(f"You already share your diary with {link.clinician_name}.") from exc
    if not claimed:
        raise LinkError("This invitation was already used; ask for a new one.")
    # What the clinician first sees is no news: only facts told later are (care.new_facts).
    prefs = Preferences.objects.filter(user=patient).first()
    told = possible_told(
        clinical_context_for(patient),
        bool(prefs and prefs.pregnant),
        prefs.conditions if prefs is not None else None,
    )
    seen = sorted(told)
    CareLink.objects.filter(pk=link.pk).update(facts_seen=seen, facts_seen_at=now)
    link.refresh_from_db()
    return link


def mark_facts_reviewed(link: CareLink, told: Iterable[str], new: Iterable[str]) -> None:
    """The clinician has reviewed the standing facts shown as new (``new``): with the others
    ``told`` (those not new), they are seen; a fact told since the page was read stays new."""
    CareLink.objects.filter(pk=link.pk).update(
        facts_seen=sorted(set(told) | set(new)), facts_seen_at=timezone.now()
    )


def mark_check_reviewed(link: CareLink, told_at: datetime) -> None:
    """The clinician has reviewed the clinician's check the patient told at ``told_at``: it
    and those told before it are no longer new (``care.told_checks``); one told later is."""
    seen = link.checks_seen_at
    if seen is None or told_at > seen:
        CareLink.objects.filter(pk=link.pk).update(checks_seen_at=told_at)


def mark_changes_reviewed(link: CareLink, changed_at: datetime) -> None:
    """The clinician has reviewed the red-flag answers changed to "no" up to ``changed_at``:
    they are no longer a need (``care.changed_answers``); a change made later is."""
    seen = link.changes_seen_at
    if seen is None or changed_at > seen:
        CareLink.objects.filter(pk=link.pk).update(changes_seen_at=changed_at)


def cancel_invitation(clinician: User, link_id: int) -> bool:
    """End the clinician's own invitation before anyone accepts it (given to the wrong
    person, or one too many); False when it is not theirs or no longer waiting."""
    if not 0 < link_id <= _LARGEST_ID:
        return False
    waiting = CareLink.objects.pending().filter(pk=link_id, clinician=clinician)
    return bool(waiting.update(revoked_at=timezone.now()))


def revoke(link: CareLink) -> None:
    CareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def end_links_of(clinician: User) -> None:
    """Before a clinician's account is deleted: unused invitations go, every link ends, so
    each patient keeps a read-only copy of their conversation, as when they stop sharing."""
    CareLink.objects.filter(clinician=clinician, patient__isnull=True).delete()
    CareLink.objects.filter(clinician=clinician, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def shares_care(clinician_id: int | None, patient_id: int) -> bool:
    """Does the patient share their care with this clinician now (an active link)?"""
    links = CareLink.objects.active().filter(clinician_id=clinician_id, patient_id=patient_id)
    return clinician_id is not None and links.exists()


#: Ids past a 64-bit integer match no row, but SQLite raises on them instead of finding none.
_LARGEST_ID = 2**63 - 1


def active_link(clinician: User, patient_id: int) -> CareLink | None:
    if not 0 < patient_id <= _LARGEST_ID:
        return None
    return CareLink.objects.active().filter(clinician=clinician, patient_id=patient_id).first()


class NotLinked(Http404):
    """No active link between this clinician and this patient number: never linked, not yet
    accepted, or the patient stopped sharing. Clinician pages answer it with
    care/not_linked.html, which says so without telling which."""


def linked_patient(clinician: User, patient_id: int, what: str) -> User:
    """The patient, if they have an active link to this clinician; the access is logged.

    Every clinician page and endpoint that shows patient data goes through here, so an
    unlinked or revoked patient is a 404 and every look is on the patient's access log.
    """
    if not 0 < patient_id <= _LARGEST_ID:
        raise NotLinked("No linked patient with this id.")
    link = (
        CareLink.objects.active()
        .select_related("patient")
        .filter(clinician=clinician, patient_id=patient_id)
        .first()
    )
    if link is None or link.patient is None:
        raise NotLinked("No linked patient with this id.")
    record_access(clinician, link.patient, what)
    return link.patient


def record_access(clinician: User, patient: User, what: str) -> AccessRecord:
    return AccessRecord.objects.create(
        clinician=clinician, patient=patient, what=what, clinician_name=clinician.name
    )


def record_list_access(clinician: User, patients: list[User], what: str) -> None:
    """Log that the clinician saw these patients' summaries: one insert for the whole page."""
    AccessRecord.objects.bulk_create(
        AccessRecord(clinician=clinician, patient=patient, what=what, clinician_name=clinician.name)
        for patient in patients
    )
