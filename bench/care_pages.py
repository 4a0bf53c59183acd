"""A care team to measure the clinician's and the patient's care pages (bench/pages.py,
bench/lighthouse.py): one clinician and programme lead, signed in with both factors, linked to
the person being measured, with a message each way and a note on the plan."""

from __future__ import annotations

from typing import Any


def patient_pages(link_id: int) -> tuple[tuple[str, str], ...]:
    return (
        ("care team", "/care/"),
        ("messages", "/care/messages/"),
        ("conversation", f"/care/messages/{link_id}/"),
    )


def clinician_pages(patient_id: int) -> tuple[tuple[str, str], ...]:
    return (
        ("patients", "/clinician/"),
        ("patient", f"/clinician/patients/{patient_id}/"),
        ("tailor the plan", f"/clinician/patients/{patient_id}/plan/"),
        ("patient's report", f"/clinician/patients/{patient_id}/report/"),
        ("clinician messages", "/clinician/messages/"),
        ("invite", "/clinician/invitations/"),
        ("programme outcomes", "/clinician/outcomes/"),
    )


def seed_care_team(patient: Any) -> tuple[Any, int]:
    """A verified clinician client linked to ``patient``, and the link's id."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from backcare.care import linking
    from backcare.messaging.service import send_message
    from backcare.outcomes.access import set_lead
    from backcare.plans import tailoring

    user_model: Any = get_user_model()
    clinician = user_model.objects.create_user(
        "bench-clinician", "dr@example.org", "bench pass 12345",
        role=user_model.Role.CLINICIAN, display_name="Dr Bench",
    )  # fmt: skip
    set_lead(clinician, True)
    link = linking.accept_invitation(linking.create_invitation(clinician), patient)
    send_message(link, patient, "My back is stiff every morning. Is that normal?")
    send_message(link, clinician, "Morning stiffness is common. Keep moving gently.")
    tailoring.add(clinician, patient, tailoring.Request(kind="note", reason="Well done this week."))
    device = TOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)
    client = Client()
    client.force_login(clinician)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, link.pk
