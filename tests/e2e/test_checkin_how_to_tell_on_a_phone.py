"""The check-in's warning-sign questions on a phone (390 px) and a wide screen (1280 px):
tapping "Not sure" beside one shows how to tell under it at once, as the back check does, and
tapping "No" instead hides it again; the line is in the page's ink, not a warning's."""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine
from playwright.sync_api import Page, expect

from backcare.domain.findings import finding_catalogue
from tests.conftest import make_user
from tests.e2e.helpers import anything_new

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 12, 8, 0, 35, tzinfo=datetime.UTC)  # 19:35 on 7 Dec in Toronto
SHOTS = os.environ.get("BACKCARE_SHOTS")  # a folder to keep screenshots in, if given


@pytest.mark.parametrize("width", [390, 1280])
def test_not_sure_beside_a_warning_sign_says_how_to_tell(phone_as, site, width: int) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        person = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
        page: Page = phone_as(person)
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(site + "/diary/")
        anything_new(page, "Not sure")
        question = page.locator("fieldset.tristate").filter(
            has=page.locator("#id_safety_bladder_change_0")
        )
        line = question.locator(".how-to-tell")
        expect(line).to_be_hidden()
        question.get_by_label("Not sure", exact=True).check()
        expect(line).to_be_visible()
        expect(line).to_contain_text(finding_catalogue()["bladder_change"].how_to_tell)
        if SHOTS:
            line.evaluate("el => el.closest('fieldset').scrollIntoView()")
            page.screenshot(path=f"{SHOTS}/checkin-how-to-tell-{width}.png")
        question.get_by_label("No", exact=True).check()
        expect(line).to_be_hidden()
