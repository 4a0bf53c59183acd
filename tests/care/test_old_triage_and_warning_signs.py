"""An old triage does not read as current: the list and the patient page say its age
("6 months ago"), and when the warning-sign questions were last answered (a back check, or
a check-in's weekly screen) 28 days ago or more, "Warning signs not checked since …" is a
need and the self-care level is not shown in green.

Failed before: "Self-care · latest triage, 9 Jun 2026" in green, nothing else, after 180
check-ins that never answered the warning-sign questions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.care.dashboard import patient_rows
from backcare.care.needs import UNSCREENED_DAYS
from backcare.care.time_words import age_in_words
from backcare.diary.models import CheckIn
from tests.care.conftest import link
from tests.exchange.conftest import red_flag_free_intake

pytestmark = pytest.mark.django_db

JUNE = datetime(2026, 6, 9, 14, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
TODAY = date(2026, 12, 14)  # bo's, in New York, at NOW


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def unscreened(cy, bo):  # type: ignore[no-untyped-def]
    assess(bo, red_flag_free_intake())
    Assessment.objects.filter(user=bo).update(created_at=JUNE)
    link(cy, bo)
    CheckIn.objects.bulk_create(  # daily check-ins that left the questions closed
        CheckIn(user=bo, day=TODAY - timedelta(days=offset), pain=3) for offset in range(180)
    )
    return bo


@pytest.mark.parametrize(
    ("then", "said"),
    [
        (NOW - timedelta(hours=3), "3 hours ago"),
        (NOW - timedelta(days=12), "12 days ago"),
        (NOW - timedelta(days=59), "59 days ago"),
        (JUNE, "6 months ago"),
        (NOW - timedelta(days=800), "2 years ago"),
    ],
)
def test_an_age_is_said_plainly(then, said):
    assert age_in_words(then, NOW) == said


def test_an_old_triage_says_its_age_and_the_warning_signs_are_a_need(cy, cy_client, unscreened):
    (row,) = patient_rows(cy)
    assert row.level == "self_care"
    assert "unscreened" in row.needs
    assert row.need_label("unscreened") == "Warning signs not checked since 9 Jun"
    for url in (reverse("care:dashboard"), reverse("care:patient", args=[unscreened.pk])):
        page = cy_client.get(url).content.decode()
        if 'id="attention-h"' in page:  # the patient page: its status, not its history
            page = page.split('id="attention-h"')[1].split("</section>")[0]
        assert "6 months ago" in page
        assert "Warning signs not checked since 9 Jun" in page
        assert "tag-self_care" not in page  # not the reassuring green
        assert '<span class="level-tag tag-stale">Self-care</span>' in page
        assert "9 Jun, 188 days ago (back check)" in page
    page = cy_client.get(reverse("care:patient", args=[unscreened.pk])).content.decode()
    assert "Nothing needs attention now" not in page


def test_a_check_in_that_answered_the_screen_recently_is_enough(cy, unscreened):
    answered = TODAY - timedelta(days=UNSCREENED_DAYS - 1)
    CheckIn.objects.filter(user=unscreened, day=answered).update(
        safety={"new_numbness": "no"}, safety_level="self_care"
    )
    (row,) = patient_rows(cy)
    assert "unscreened" not in row.needs
    assert row.level_class == "self_care"
    assert row.screened_text.endswith(f"{UNSCREENED_DAYS - 1} days ago (check-in)")


def test_a_screen_answered_28_days_ago_is_out_of_date(cy, unscreened):
    answered = TODAY - timedelta(days=UNSCREENED_DAYS)
    CheckIn.objects.filter(user=unscreened, day=answered).update(safety_level="self_care")
    (row,) = patient_rows(cy)
    assert "unscreened" in row.needs
