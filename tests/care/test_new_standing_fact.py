"""A standing fact told after the clinician last reviewed the patient's facts is a need:
"New: pregnancy — review the plan" on the list and the patient page, until the clinician
marks it reviewed (as a flagged message is marked handled). The patient page says where
each fact came from: a pregnancy ticked in the plan preferences months after a back check
that reported none is "a later answer in the plan preferences", with its day.

Failed before: the page read "pregnancy — From the assessment on 9 June 2026" and
"Nothing needs attention now", and the list showed nothing, though the clinician had just
tailored the plan.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.care.dashboard import patient_rows
from backcare.care.models import CareLink
from backcare.plans.models import Preferences
from tests.care.conftest import link
from tests.exchange.conftest import red_flag_free_intake

pytestmark = pytest.mark.django_db

JUNE = datetime(2026, 6, 9, 14, 0, tzinfo=UTC)
DECEMBER_TICK = datetime(2026, 12, 12, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pregnant_later(cy, bo):  # type: ignore[no-untyped-def]
    """Bo's back check in June reported no standing fact; she shared then; in December she
    ticked "I am pregnant" in the plan preferences."""
    assess(bo, red_flag_free_intake())
    Assessment.objects.filter(user=bo).update(created_at=JUNE)
    care_link = link(cy, bo)
    CareLink.objects.filter(pk=care_link.pk).update(accepted_at=JUNE, facts_seen_at=JUNE)
    Preferences.objects.create(user=bo, pregnant=True)
    Preferences.objects.filter(user=bo).update(updated_at=DECEMBER_TICK)
    return bo


def page_of(client, bo) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("care:patient", args=[bo.pk])).content.decode()


def test_the_patient_page_says_the_fact_came_from_the_plan_preferences(cy_client, pregnant_later):
    page = page_of(cy_client, pregnant_later)
    facts = page.split('id="context-h"')[1].split('id="conditions-h"')[0]
    assert "<strong>pregnancy</strong>" in facts
    assert "From a later answer in the plan preferences, saved 12 December 2026." in facts
    assert "From the assessment on" not in facts


def test_a_fact_told_since_the_last_review_is_a_need_until_marked_reviewed(
    cy, cy_client, pregnant_later
):
    (row,) = patient_rows(cy)
    assert "new_fact" in row.needs
    assert row.need_label("new_fact") == "New: pregnancy — review the plan"
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "New: pregnancy — review the plan" in dashboard
    page = page_of(cy_client, pregnant_later)
    assert "Nothing needs attention now" not in page
    assert (
        "New since 9 Jun: pregnancy (a later answer in the plan preferences, saved 12 December"
        " 2026). Review the plan." in page
    )
    assert [row.patient for row in patient_rows(cy, need="new_fact")] == [pregnant_later]

    reviewed = cy_client.post(
        reverse("care:facts_reviewed", args=[pregnant_later.pk]), {"fact": ["pregnant"]}
    )
    assert reviewed.status_code == 302
    (row,) = patient_rows(cy)
    assert "new_fact" not in row.needs
    assert "Review the plan." not in page_of(cy_client, pregnant_later)
    assert pregnant_later.access_records.filter(what="marked new standing facts reviewed")

    # A fact told after the review is new again; the reviewed one is not.
    Preferences.objects.filter(user=pregnant_later).update(conditions=["osteoporosis"])
    (row,) = patient_rows(cy)
    assert row.need_label("new_fact") == "New: osteoporosis — review the plan"


def test_a_fact_the_page_did_not_show_stays_new(cy, cy_client, pregnant_later):
    """Told between reading the page and pressing the button: not reviewed."""
    cy_client.post(reverse("care:facts_reviewed", args=[pregnant_later.pk]), {})
    (row,) = patient_rows(cy)
    assert [item.fact for item in row.new_facts] == ["pregnant"]


def test_facts_told_before_sharing_are_not_news(cy, bo):
    Preferences.objects.create(user=bo, pregnant=True)
    link(cy, bo)
    (row,) = patient_rows(cy)
    assert "new_fact" not in row.needs
    assert [item.fact for item in row.told_facts] == ["pregnant"]


def test_a_link_from_before_facts_were_kept_counts_from_when_it_began(cy, pregnant_later):
    CareLink.objects.filter(patient=pregnant_later).update(facts_seen=None)
    (row,) = patient_rows(cy)
    assert "new_fact" in row.needs
    Preferences.objects.filter(user=pregnant_later).update(updated_at=JUNE.replace(day=1))
    (row,) = patient_rows(cy)
    assert "new_fact" not in row.needs
