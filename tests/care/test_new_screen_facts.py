"""Blood thinners (or a bleeding problem) and reduced feeling in the skin, told in a later
back check or ticked later in the plan preferences, are new standing facts for the clinician
like a pregnancy: the plan holds back massage, foam rolling or heat for them from then on,
so the list and the patient page say "New: blood thinners or a bleeding problem — review the
plan" until the clinician marks them reviewed. Told before sharing, they are no news.

Failed before: both were left out of the facts a clinician is told of, so the patient page
read "Nothing needs attention now" though the plan had just started holding back foam
rolling.
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
DECEMBER = datetime(2026, 12, 12, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def shared_in_june(cy, bo):  # type: ignore[no-untyped-def]
    """Bo's June back check told no standing fact; she began sharing with Cy then."""
    assess(bo, red_flag_free_intake())
    Assessment.objects.filter(user=bo).update(created_at=JUNE)
    care_link = link(cy, bo)
    CareLink.objects.filter(pk=care_link.pk).update(accepted_at=JUNE, facts_seen_at=JUNE)
    return bo


def test_a_later_back_check_telling_both_is_a_need_on_the_list_and_the_page(
    cy, cy_client, shared_in_june
):
    bo = shared_in_june
    assess(bo, {**red_flag_free_intake(), "blood_thinners": "yes", "reduced_feeling": "not_sure"})
    Assessment.objects.filter(user=bo, created_at__gt=JUNE).update(created_at=DECEMBER)
    (row,) = patient_rows(cy)
    assert "new_fact" in row.needs
    assert row.need_label("new_fact") == (
        "New: blood thinners or a bleeding problem, reduced feeling in the skin (not sure) — "
        "review the plan"
    )
    page = cy_client.get(reverse("care:patient", args=[bo.pk])).content.decode()
    assert "Nothing needs attention now" not in page
    assert (
        "New since 9 Jun: blood thinners or a bleeding problem (the assessment on 12 December"
        " 2026); reduced feeling in the skin (not sure) (the assessment on 12 December 2026)."
        " Review the plan." in page
    )
    cy_client.post(
        reverse("care:facts_reviewed", args=[bo.pk]),
        {"fact": ["blood_thinners", "reduced_feeling"]},
    )
    (row,) = patient_rows(cy)
    assert "new_fact" not in row.needs


def test_a_box_ticked_later_in_the_plan_preferences_is_new_too(cy, shared_in_june):
    Preferences.objects.create(user=shared_in_june, conditions=["bleeding_risk"])
    Preferences.objects.filter(user=shared_in_june).update(updated_at=DECEMBER)
    (row,) = patient_rows(cy)
    assert (
        row.need_label("new_fact") == "New: blood thinners or a bleeding problem — review the plan"
    )


def test_told_before_sharing_they_are_no_news(cy, bo):
    assess(bo, {**red_flag_free_intake(), "blood_thinners": "yes"})
    Preferences.objects.create(user=bo, conditions=["reduced_sensation"])
    link(cy, bo)
    (row,) = patient_rows(cy)
    assert "new_fact" not in row.needs
    assert [item.fact for item in row.told_facts] == ["blood_thinners", "reduced_feeling"]
