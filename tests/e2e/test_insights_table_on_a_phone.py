"""The insights page's table of relief ratings fits a phone: at 390 px its last column
("Days rated", once "Ratings") was cut off and the table scrolled sideways; on a phone each
option is a card whose values name their column."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from backcare.accounts.models import User
from backcare.diary.models import ActivityRating, CheckIn
from tests.e2e.persona import create_persona

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# Tables (or their cells) wider than the box they sit in, and boxes that scroll sideways.
CLIPPED = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const wide = [];
  for (const t of document.querySelectorAll('main table')) {
    const box = t.parentElement;
    if (t.getBoundingClientRect().width > box.clientWidth + 1) wide.push('table');
    if (box.scrollWidth > box.clientWidth + 1) wide.push('scrolls');
  }
  return wide;
}"""


def test_the_relief_table_fits_a_phone(browser: Browser, site: str) -> None:
    persona = create_persona()
    user = User.objects.get(username="audra")
    today = timezone.localdate()
    ratings = {"walking-programme": 7, "superficial-heat": 6, "cat-cow": 5, "bridge": 3}
    for back in range(6):
        checkin = CheckIn.objects.create(
            user=user, day=today - timedelta(days=30 + back), moment="midday", pain=4
        )
        for item, relief in ratings.items():
            ActivityRating.objects.create(checkin=checkin, item=item, relief=relief - back % 2)
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_cookies([{"name": "sessionid", "value": persona.session_cookie, "url": site}])
    page = context.new_page()
    page.goto(site + "/insights/")
    assert page.evaluate(CLIPPED) == []
    cell = page.locator("main td[data-label='Days rated']").first
    expect(cell).to_be_visible()
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Days rated: "'  # the value names its column
    box = cell.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]
    context.close()
