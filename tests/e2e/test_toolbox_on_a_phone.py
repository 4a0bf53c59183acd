"""The toolbox at 390 px: one short row a pin, its picture small beside its name, so five
pins fit about two screens (each was a 330 px poster); every Remove button is 44 px."""

from __future__ import annotations

import pytest

from backcare.plans.models import ToolboxPin
from tests.conftest import make_user
from tests.e2e.helpers import too_small

pytestmark = pytest.mark.e2e
PINS = ("knee-rocking", "cat-cow", "easy-walk", "walking-programme", "superficial-heat")


def test_five_pins_are_short_rows(phone_as, site) -> None:  # type: ignore[no-untyped-def]
    person = make_user("pia", display_name="Pia")
    for slug in PINS:
        ToolboxPin.objects.create(user=person, exercise=slug)
    page = phone_as(person)
    page.goto(site + "/toolbox/")
    rows = page.locator("main .toolbox-item")
    assert rows.count() == len(PINS)
    heights = rows.evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
    assert max(heights) < 200, heights
    assert too_small(page, "main .toolbox-item .pin-button") == []
