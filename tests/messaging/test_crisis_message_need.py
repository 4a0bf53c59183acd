"""A patient's message whose words may describe thoughts of self-harm is a crisis on the
clinician's list, as a crisis answer to a questionnaire is: named so, found by the "Crisis
answer" filter, and listed first, above a patient whose back check advised care today."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.care.dashboard import patient_rows
from backcare.messaging.service import send_message
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

END_IT = "I just want to end it all"


def test_a_self_harm_message_is_a_crisis_need_listed_first(cy, cy_client, ana, ana_link):
    al = make_user("al", display_name="Al")  # before Ana by name
    link(cy, al)
    Assessment.objects.create(user=al, findings={}, level="urgent", result={})
    send_message(ana_link, ana, END_IT)

    [first, second] = patient_rows(cy)
    assert (first.patient, second.patient) == (ana, al)
    assert first.needs == ["crisis"]  # a crisis, not only "may describe a warning sign"
    assert first.need_items == [("crisis", "Crisis answer in a message")]

    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert dashboard.index(">Ana<") < dashboard.index(">Al<")
    assert '<li class="need-crisis">Crisis answer in a message</li>' in dashboard
    found = cy_client.get(reverse("care:dashboard"), {"need": "crisis"}).content.decode()
    assert ">Ana<" in found
    assert ">Al<" not in found

    page = cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode()
    assert "may describe thoughts of self-harm" in page
    assert '<li class="need-crisis">Crisis answer in a message</li>' in page


def test_a_message_with_a_back_sign_and_self_harm_is_both_needs(cy, ana, ana_link):
    send_message(ana_link, ana, "I can't feel my bum and I want to end it all")
    [row] = patient_rows(cy)
    assert row.needs == ["crisis", "warning_message"]


def test_a_message_that_denies_it_is_no_crisis(cy, ana, ana_link):
    send_message(ana_link, ana, "No suicidal thoughts, just a sore back")
    [row] = patient_rows(cy)
    assert "crisis" not in row.needs
