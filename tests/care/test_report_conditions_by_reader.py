"""The report says why each safety condition applies in the reader's words: said of the
person for a clinician (their copy, the share link, the PDF that is handed over), and to the
person on their own report page."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import Preferences

pytestmark = pytest.mark.django_db

TOLD = "told backcare they are or could be pregnant"


@pytest.fixture
def ana_told_us(ana):  # type: ignore[no-untyped-def]
    """Pregnant by the intake, and a condition ticked in the plan preferences."""
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual"}
    assess(ana, {**answers, "pregnant": "yes"})
    Preferences.objects.create(user=ana, pregnant=True, conditions=["bleeding_risk"])
    planning.rebuild_plan(ana)
    return ana


def conditions(html: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text.split("Safety conditions the plan applies", 1)[1].split(". ", 1)[0]


def share_link(client) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/my-data/share/", {"days": "7", "label": "Dr Moreau"})
    found = re.search(r'value="https?://[^/]+(/shared/[^"]+)"', response.content.decode())
    assert found
    return found.group(1)


def test_the_persons_own_report_page_speaks_to_them(ana_client, ana_told_us):
    shown = conditions(ana_client.get("/report/").content.decode())
    assert "you told us you are or could be pregnant" in shown
    assert "you ticked" in shown
    assert "(what you told us, not a diagnosis)" in shown
    assert "the person" not in shown


def test_the_clinicians_copy_speaks_of_the_person(cy_client, ana_told_us, ana_linked):
    url = reverse("care:patient_report", args=[ana_told_us.pk])
    shown = conditions(cy_client.get(url).content.decode())
    assert f"the person {TOLD}" in shown
    assert "the person ticked" in shown
    assert "you " not in shown


def test_a_share_link_speaks_of_the_person(ana_client, ana_told_us):
    from django.test import Client

    url = share_link(ana_client)
    shown = conditions(Client().get(url).content.decode())
    assert f"the person {TOLD}" in shown
    assert "you " not in shown


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_the_pdf_the_person_hands_over_speaks_of_them(ana_client, ana_told_us, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(ana_client.get("/report/pdf/").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    shown = conditions(text)
    assert f"the person {TOLD}" in shown
    assert "you " not in shown
