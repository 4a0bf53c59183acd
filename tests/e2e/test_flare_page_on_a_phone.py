"""The flare page at 390 px leads with what to do now: breathing open, the rest in 44 px rows
a person opens if they want, so someone in a spasm is not faced with a page 5,000 px long."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backcare.assessments.intake import assess
from backcare.diary.models import SpasmEpisode
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.e2e

ROWS = "main details.flare-fold > summary"


def test_a_running_flare_with_a_plan_fits_in_a_few_screens(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    person = make_user("fern", display_name="Fern")
    assess(person, {**dict.fromkeys(red_flag_ids(), "no"), "age": 30, "onset": "gradual"})
    for days in (40, 20, 10):
        start = timezone.now() - timedelta(days=days)
        SpasmEpisode.objects.create(
            user=person, started_at=start, ended_at=start + timedelta(days=2)
        )
    SpasmEpisode.objects.create(user=person, started_at=timezone.now() - timedelta(hours=3))
    phone = phone_as(person)
    phone.goto(site + "/episodes/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 3600, height  # it was 4,968 px with every section open
    rows = phone.locator(ROWS).all()
    assert len(rows) >= 5  # each position, the routine, what usually happens, past flares
    for row in rows:
        assert row.bounding_box()["height"] >= 44
    phone.locator("main details.flare-routine > summary").click()
    assert phone.locator("main .flare-steps").first.is_visible()


def test_without_a_plan_it_fits_in_a_few_screens(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(make_user("fay", display_name="Fay"))
    phone.goto(site + "/episodes/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, height  # it was 3,863 px
