"""'Delete all my data' ends sharing with every clinician, as stopping sharing does."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from backcare.care.models import AccessRecord, CareLink
from backcare.diary.models import CheckIn
from backcare.reminders.models import PushSubscription
from tests.care.conftest import link, verify_second_factor
from tests.conftest import PASSWORD, make_user

DELETE = "/my-data/delete/"


def delete_all(client):  # type: ignore[no-untyped-def]
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    return response


def test_every_clinician_loses_access_and_the_links_show_as_ended(client, ana, bo, cy):
    from django.test import Client

    dr_two = make_user("dr_two", role="clinician", display_name="Dr Two")
    links = [link(cy, ana), link(dr_two, ana)]
    bo_link = link(cy, bo)
    cy_client = verify_second_factor(Client(), cy)
    patient_page = reverse("care:patient", args=[ana.pk])
    assert cy_client.get(patient_page).status_code == 200
    client.force_login(ana)

    delete_all(client)
    # What the patient enters from now on is theirs alone.
    CheckIn.objects.create(user=ana, day=date(2026, 6, 15), pain=2, notes="after deleting")

    assert cy_client.get(patient_page).status_code == 404
    assert cy_client.get(f"/api/clinician/patients/{ana.pk}").status_code == 404
    assert patient_page not in cy_client.get(reverse("care:dashboard")).content.decode()
    for ended in links:
        ended.refresh_from_db()
        assert ended.revoked_at is not None
        assert not ended.is_active
    care_page = client.get(reverse("care:team")).content.decode()
    assert "No clinician can see your diary." in care_page
    # The log of what the clinician saw stays, as after stopping sharing.
    assert AccessRecord.objects.filter(patient=ana, clinician=cy).exists()
    assert "Dr Cy" in care_page
    # Another patient of the same clinician is not touched.
    assert CareLink.objects.get(pk=bo_link.pk).is_active


def test_the_devices_that_get_notifications_are_forgotten(client, ana, bo):
    for person in (ana, bo):
        PushSubscription.objects.create(
            user=person, endpoint=f"https://push.example/{person.username}", p256dh="k", auth="a"
        )
    client.force_login(ana)
    delete_all(client)
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [bo.pk]


def test_the_page_says_that_clinicians_lose_access(client, ana):
    client.force_login(ana)
    page = client.get(DELETE).content.decode()
    assert "Clinicians you share your diary with lose access at once" in page
    assert "your messages with them are deleted for both of you" in page
