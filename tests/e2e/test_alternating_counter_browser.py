"""The guided session's counter counts an exercise done alternating sides (dead bug: one
arm and leg, then the other) the way its steps say, not "first side" then "second side"."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parents[2] / "backcare/plans/static/plans/session.js"
#: The step page's timer panel, as plans/session_step.html writes it.
PANEL = """<div class="session-timer" data-seconds="{seconds}" data-reps="{reps}"
  data-sets="{sets}" data-per-side="1" data-alternating="{alternating}" hidden>
  <p class="timer-display"></p><p class="timer-status"></p>
  <div class="timer-buttons"><button type="button" class="timer-go">Start</button>
  <button type="button" class="timer-pause" hidden>Pause</button>
  <button type="button" class="timer-count" hidden>+1 rep</button></div></div>
<form class="step-actions"><button value="done">Done, next</button></form>"""


def panel(browser: Browser, **dose: int) -> Page:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.set_content(PANEL.format(**dose))
    page.add_script_tag(content=SCRIPT.read_text())
    return page


def test_dead_bug_counts_pairs_each_side_not_one_side_then_the_other(browser: Browser) -> None:
    page = panel(browser, seconds=0, reps=8, sets=2, alternating=1)  # dead bug's dose
    display, status = page.locator(".timer-display"), page.locator(".timer-status")
    expect(display).to_have_text("0 / 16")
    expect(status).to_have_text("Tap +1 after each pair: one side, then the other.")
    plus = page.get_by_role("button", name="+1 pair")
    for _ in range(9):
        plus.click()
    expect(display).to_have_text("9 / 16")
    expect(status).not_to_contain_text("side)")  # never "(first side)" or "(second side)"
    for _ in range(7):
        plus.click()
    expect(status).to_have_text("All done: tap Done, next.")


def test_alternating_holds_change_side_every_time(browser: Browser) -> None:
    page = panel(browser, seconds=15, reps=3, sets=1, alternating=1)  # seated twist's dose
    page.clock.install()
    page.get_by_role("button", name="Start the holds").click()
    page.clock.run_for(10_000 + 15_000)
    status = page.locator(".timer-status")
    expect(status).to_have_text("Change to the other side: hold 2 of 6 starts by itself.")
    page.clock.run_for(4000 + 15_000)
    expect(status).to_have_text("Change to the other side: hold 3 of 6 starts by itself.")
