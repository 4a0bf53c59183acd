"""The daily things with a keyboard only (Tab, Space, Enter), as someone who cannot use a
mouse or who listens with a screen reader: the guided session's hold timer, the end of a
session sent with answers missing, and a reminder saved with a mistake and then saved.

Each step checks where the focus is, because that is where a keyboard carries on and what a
screen reader says next: a button that hides itself must hand the focus on, and a form sent
back with a mistake must open on what went wrong.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from backcare.reminders.models import Reminder
from tests.e2e.helpers import COUNT_TONES
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS, describe

pytestmark = pytest.mark.e2e

MAX_TABS = 40
FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, id: el.id, text: el.textContent.trim().replace(/\\s+/g, ' '),
          outline: getComputedStyle(el).outlineStyle};
}"""
#: Counts every change to the timer's spoken status line from now on.
COUNT_STATUS_CHANGES = """() => {
  window.statusChanges = 0;
  new MutationObserver(() => { window.statusChanges += 1; })
    .observe(document.querySelector('.timer-status'),
             {childList: true, characterData: true, subtree: true});
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(FOCUSED)  # type: ignore[no-any-return]


def tab_to(page: Page, starts: str, *, tag: str = "") -> dict[str, str]:
    """Press Tab until the focus is on an element whose text starts with ``starts``."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["text"].startswith(starts) and (not tag or now["tag"] == tag):
            return now
    raise AssertionError(f"{starts!r} not reached after {MAX_TABS} presses of Tab")


def press_and_load(page: Page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def no_axe_violations(page: Page, axe_source: str) -> None:
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations)


def start_the_session(page: Page, site: str) -> None:
    page.goto(f"{site}/plan/session/")
    tab_to(page, "Start", tag="BUTTON")
    press_and_load(page, "Enter")
    expect(page.locator(".step-count")).to_contain_text("Exercise 1 of")


def test_the_hold_timer_keeps_the_focus_and_speaks_only_news(phone_as, site, fay) -> None:  # type: ignore[no-untyped-def]
    page = phone_as(fay, bypass_csp=True)
    page.clock.install()
    start_the_session(page, site)
    timer = page.locator(".session-timer")
    go = timer.locator(".timer-go")
    while not go.is_visible():  # reps are counted; skip on to an exercise that is held
        assert page.locator(".step-actions").count(), "no held exercise in the routine"
        page.locator(".step-actions button[value=skip]").focus()
        press_and_load(page, "Enter")
        page.locator("button[value=next]").focus()  # a skip asks why; go on without a reason
        press_and_load(page, "Enter")
    seconds = int(timer.get_attribute("data-seconds") or 0)
    expect(go).to_have_text("Start the holds")  # more than one hold: the case that got stuck
    status = timer.locator(".timer-status")
    holds = int(status.inner_text().split(" of ")[1].split()[0])

    tab_to(page, "Start the holds", tag="BUTTON")
    page.keyboard.press("Space")
    # The Start button hides itself: the focus moves to Pause, not to the page.
    assert focused(page)["text"] == "Pause"
    assert focused(page)["outline"] != "none"
    # The count-down is not read out every second; the status line says each hold once.
    assert timer.locator(".timer-display").get_attribute("aria-live") == "off"
    assert status.get_attribute("aria-live") == "polite"
    page.clock.run_for(10_000)  # time to get into position, then the first hold starts
    expect(status).to_contain_text(f"Hold 1 of {holds}")
    page.evaluate(COUNT_STATUS_CHANGES)
    page.clock.run_for(3000)
    expect(timer.locator(".timer-display")).to_have_text(f"0:{seconds - 3:02d}")
    assert page.evaluate("window.statusChanges") == 0

    page.keyboard.press("Space")  # pause
    assert focused(page)["text"] == "Resume"
    expect(status).to_have_text("Paused.")
    page.clock.run_for(5000)
    expect(timer.locator(".timer-display")).to_have_text(f"0:{seconds - 3:02d}")
    page.keyboard.press("Space")  # resume
    assert focused(page)["text"] == "Pause"

    page.clock.run_for((seconds - 3) * 1000)
    # The first hold is over: a short rest, then the next one starts by itself, and Pause
    # keeps the focus all along.
    expect(status).to_contain_text(f"hold 2 of {holds}")
    expect(status).to_contain_text("starts by itself")
    assert focused(page)["text"] == "Pause"
    page.clock.run_for(holds * (seconds + 10) * 1000)
    expect(timer.locator(".timer-display")).to_have_text("Done")
    # Every hold done: the focus is on the button that moves on, now the main one.
    assert focused(page)["text"].startswith("Done")
    expect(page.locator(".step-actions button[value=done]")).to_have_class("primary-action")


def test_a_session_saved_with_answers_missing_opens_on_what_is_missing(  # type: ignore[no-untyped-def]
    phone_as, site, fay
) -> None:
    page = phone_as(fay)
    start_the_session(page, site)
    while page.locator(".step-actions").count():
        tab_to(page, "Done", tag="BUTTON")
        press_and_load(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("That's today's exercises done")
    tab_to(page, "Save", tag="BUTTON")
    press_and_load(page, "Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Please answer")
    page.keyboard.press("Tab")
    first_link = summary.get_by_role("link").first
    expect(first_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("fieldset.feeling input[type=radio]").first).to_be_focused()


def test_a_reminder_refused_then_saved_with_the_keyboard(  # type: ignore[no-untyped-def]
    phone_as, site, fay, axe_source
) -> None:
    page = phone_as(fay, bypass_csp=True)
    page.goto(f"{site}/reminders/")
    card = page.locator("section#weekly_check")
    expect(card.locator(".reminder-when .state")).to_have_text("Off")
    # Out of context (a screen reader's list of controls) each opener and Save says which.
    opener = tab_to(page, "Set up and turn on: weekly progress check")
    assert opener["tag"] == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_weekly_check-enabled"  # "Remind me"
    expect(page.locator("#id_weekly_check-enabled")).to_be_checked()  # "turn on": ticked
    tab_to(page, "Save weekly progress check", tag="BUTTON")
    press_and_load(page, "Enter")  # no way to be reminded is ticked

    # The page opens on the mistake, in its card, not at the top of a long page.
    problem = card.get_by_role("alert")
    expect(problem).to_be_focused()
    expect(problem).to_contain_text("Not saved yet")
    expect(problem).to_be_in_viewport()
    # ...and the card still says how the reminder stands: nothing was saved.
    expect(card.locator(".reminder-when .state")).to_have_text("Off")
    assert not Reminder.objects.get(user=fay, kind="weekly_check").enabled
    no_axe_violations(page, axe_source)

    page.keyboard.press("Tab")
    link = problem.get_by_role("link", name="Choose at least one way to be reminded.")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_weekly_check-by_push")).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_weekly_check-by_email"
    page.keyboard.press("Space")
    tab_to(page, "Save weekly progress check", tag="BUTTON")
    press_and_load(page, "Enter")

    expect(card.get_by_role("status")).to_have_text("Saved: Weekly progress check on.")
    expect(card.locator(".reminder-when .state")).to_have_text("On")
    assert Reminder.objects.get(user=fay, kind="weekly_check").by_email
    no_axe_violations(page, axe_source)


def test_plan_preferences_refused_open_on_what_to_fix(phone_as, site, fay) -> None:  # type: ignore[no-untyped-def]
    page = phone_as(fay)
    page.goto(f"{site}/plan/preferences/")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_minutes_per_day":
            break
    page.keyboard.press("Control+A")
    page.keyboard.type("99")
    tab_to(page, "Save preferences", tag="BUTTON")
    press_and_load(page, "Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="Minutes a day for your routine")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_minutes_per_day")).to_be_focused()


def test_a_message_after_saving_has_the_focus(phone_as, site, fay) -> None:  # type: ignore[no-untyped-def]
    """'Your preferences are saved' comes with a new page: a screen reader reads it first
    only if it has the focus."""
    page = phone_as(fay)
    page.goto(f"{site}/plan/preferences/")
    page.get_by_role("button", name="Save preferences").focus()
    press_and_load(page, "Enter")
    message = page.locator("#main > .messages")
    expect(message).to_contain_text("Your preferences are saved")
    expect(message).to_be_focused()
    page.keyboard.press("Tab")  # and the keyboard carries on from there, into the page
    assert page.evaluate("document.querySelector('#main').contains(document.activeElement)")


@pytest.mark.parametrize("sound", [True, False])
def test_a_sound_marks_the_end_of_each_hold_unless_turned_off(phone_as, site, fay, sound) -> None:  # type: ignore[no-untyped-def]
    """Lying on the floor, a person may not see the screen, and an iPhone does not vibrate."""
    page = phone_as(fay, bypass_csp=True)
    page.add_init_script(COUNT_TONES)
    page.clock.install()
    start_the_session(page, site)
    timer = page.locator(".session-timer")
    go = timer.locator(".timer-go")
    while not go.is_visible():  # reps are counted; skip on to an exercise that is held
        page.locator(".step-actions button[value=skip]").click()
        page.locator("button[value=next]").click()  # a skip asks why; go on without a reason
        page.wait_for_load_state()
    seconds = int(timer.get_attribute("data-seconds") or 0)
    choice = page.get_by_label("A sound as each hold starts and ends")
    expect(choice).to_be_checked()
    if not sound:
        choice.uncheck()
    go.click()
    page.clock.run_for(10_000)  # time to get into position: a tone starts the first hold
    assert page.evaluate("window.tones") == (1 if sound else 0)
    page.clock.run_for(seconds * 1000 - 1000)
    assert page.evaluate("window.tones") == (1 if sound else 0)  # nothing while it runs
    page.clock.run_for(1000)
    assert page.evaluate("window.tones") == (2 if sound else 0)
    page.reload()  # the choice is kept on this phone
    expect(page.get_by_label("A sound as each hold starts and ends")).to_be_checked(checked=sound)


def test_a_message_after_leaving_a_page_has_the_focus(phone_as, site, fay) -> None:  # type: ignore[no-untyped-def]
    """A redirect to the top of the content (#main) still reads its message first: cancelling
    a file chosen for loading ends on "Cancelled: …" at /my-data/#main."""
    page = phone_as(fay)
    page.goto(f"{site}/my-data/")
    page.evaluate(
        """() => { const f = document.createElement('form'); f.method = 'post';
        f.action = '/my-data/restore/cancel/';
        const t = document.querySelector('input[name=csrfmiddlewaretoken]').cloneNode();
        f.appendChild(t); document.body.appendChild(f); f.submit(); }"""
    )
    page.wait_for_url("**/my-data/#main")
    message = page.locator("#main > .messages")
    expect(message).to_contain_text("Cancelled: nothing was loaded")
    expect(message).to_be_focused()
