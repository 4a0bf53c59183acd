"""A returning person's day on a 390 px phone: an evening check-in's ratings are kept as the
page shows them (a "helped?" menu only beside a ticked item), and a running flare is one tap
from the top of the long flare page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from backcare.diary.models import ActivityRating, SpasmEpisode
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import anything_new, too_small

pytestmark = pytest.mark.e2e
NOW = datetime(2026, 3, 10, 19, tzinfo=UTC)


def test_a_rating_menu_shows_only_beside_what_was_ticked(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        person = make_user("eve", display_name="Eve", time_zone="Europe/London")
        page = phone_as(person)
        page.goto(site + "/diary/")
        page.locator('input[name="pain"][value="4"]').check()
        page.locator("details.did-others > summary").click()
        rows = page.locator("fieldset.did li.did-row")
        assert rows.count() > 20
        # Unticked, each item is one row with its name and no menu, still a full-size target.
        expect(page.locator("fieldset.did li.did-row select:visible")).to_have_count(0)
        assert too_small(page, "fieldset.did li.did-row > label") == []
        walk, heat = page.locator("#did-easy-walk"), page.locator("#did-superficial-heat")
        walk_rating = page.locator('select[name="relief_easy-walk"]')
        heat_rating = page.locator('select[name="relief_superficial-heat"]')
        page.locator('label[for="did-easy-walk"]').click()
        expect(walk).to_be_checked()
        expect(walk_rating).to_be_visible()  # ticked: how much it helped, if they like
        walk_rating.select_option("7")
        heat.check()
        heat_rating.select_option("3")
        heat.uncheck()  # changed their mind: the rating goes with the tick
        expect(heat_rating).to_be_hidden()
        expect(heat_rating).to_have_value("")
        expect(page.locator("fieldset.did li.did-row select:visible")).to_have_count(1)
        anything_new(page, "No")
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("heading", name="Saved")).to_be_visible()
        saved = dict(ActivityRating.objects.values_list("item", "relief"))
        assert saved == {"easy-walk": 7}


def test_a_running_flare_is_one_tap_from_the_top(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        person = make_user("fin", display_name="Fin", time_zone="Europe/London")
        SpasmEpisode.objects.create(user=person, started_at=NOW - timedelta(days=2), severity=6)
        page = phone_as(person)
        page.goto(site + "/episodes/")
        jump = page.get_by_role("link", name="This flare: 2 days so far. End it when it is over")
        assert jump.bounding_box()["y"] + 44 < PHONE["height"]  # on the first screen
        assert too_small(page, "main .flare-jump a") == []
        jump.click()
        end = page.get_by_role("button", name="End this flare")
        expect(end).to_be_in_viewport()
        end.click()
        message = page.locator(".messages")
        expect(message).to_contain_text("Flare ended: it lasted 2 days, at worst 6/10.")
        expect(message).to_be_in_viewport()
