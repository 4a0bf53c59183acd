"""The check-in after a guided session with a move stopped because it hurt, on a phone
(390 px) and a wide screen (1280 px): the moves done are ticked, the one stopped is not and
the page says so under "What did you do?", and saving keeps only the moves done, on the
person's own day (Mateus in Toronto: 19:35 on 7 December is already 8 December in UTC)."""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.diary.models import ActivityRating, CheckIn
from backcare.plans.models import RoutineSession, SessionAnswer
from tests.conftest import make_user
from tests.e2e.helpers import anything_new

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 12, 8, 0, 35, tzinfo=datetime.UTC)  # 19:35 on 7 Dec in Toronto
DAY = datetime.date(2026, 12, 7)
SHOTS = os.environ.get("BACKCARE_SHOTS")  # a folder to keep screenshots in, if given
STOPPED = "Stopped in your guided session: Standing hip-flexor stretch (it hurt)"


def guided_session_with_a_stop(person) -> None:  # type: ignore[no-untyped-def]
    """Today's session: a side bend done, the hip-flexor stretch stopped with "This hurts"
    (kept as begun, stopped for pain), then the breathing done."""
    made = RoutineSession.objects.create(user=person, day=DAY, finished_at=NOW, pain_after=3)
    SessionAnswer.objects.bulk_create(
        [
            SessionAnswer(session=made, position=1, exercise="seated-side-bend", done=True),
            SessionAnswer(
                session=made,
                position=2,
                exercise="hip-flexor-stretch-standing",
                done=True,
                feeling="hurt",
                stopped="hurt",
            ),
            SessionAnswer(session=made, position=3, exercise="diaphragmatic-breathing", done=True),
        ]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_a_move_stopped_because_it_hurt_is_not_ticked_and_the_page_says_so(
    phone_as, site, width: int
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        mateus = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
        guided_session_with_a_stop(mateus)
        page: Page = phone_as(mateus)
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(site + "/diary/")
        did = page.locator("fieldset.did")
        expect(did.locator("legend")).to_contain_text("2 ticked from your guided session")
        stopped = did.locator(".session-stopped")
        expect(stopped).to_have_text(STOPPED)
        expect(page.locator("#did-seated-side-bend")).to_be_checked()
        expect(page.locator("#did-diaphragmatic-breathing")).to_be_checked()
        expect(page.locator("#did-hip-flexor-stretch-standing")).not_to_be_checked()
        stopped.scroll_into_view_if_needed()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/checkin-stopped-move-{width}.png", full_page=True)
            stopped.evaluate("el => el.closest('fieldset').scrollIntoView()")
            page.screenshot(path=f"{SHOTS}/checkin-stopped-move-{width}-screen.png")
        page.locator('input[name="pain"][value="4"]').check()
        anything_new(page, "No")
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    saved = CheckIn.objects.get(user=mateus)
    assert saved.day == DAY  # his day, not the UTC one
    items = set(ActivityRating.objects.filter(checkin=saved).values_list("item", flat=True))
    assert items == {"seated-side-bend", "diaphragmatic-breathing"}
