"""Steps shared by the browser journeys: signing up and logging in through the real forms."""

from __future__ import annotations

from playwright.sync_api import Page

PASSWORD = "a long browser passphrase 1"


def sign_up(page: Page, site: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail address").fill(f"{username}@example.org")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{site}/home/")


#: The check-in's warning-sign screen, asked as required on the first check-in of 7 days.
ANYTHING_NEW = "Since your last check-in, anything new from this list?"


def anything_new(page: Page, answer: str = "No") -> None:
    """Answer the check-in's "anything new?" question, unfolding it where it is optional."""
    fold = page.locator("details.screen-fold")
    if fold.count() and fold.get_attribute("open") is None:
        fold.locator("summary").click()
    page.get_by_role("group", name=ANYTHING_NEW).get_by_label(answer, exact=True).check()


def log_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


SMALLEST = 44  # px: the smallest target a finger should have to hit
# The height of what a finger hits, for each visible element: a tick box or radio inside a
# label counts as the label.
HEIGHTS = """els => els.filter(el => el.getClientRects().length > 0).map(el => {
  const target = el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')
    || el;
  const name = (el.labels && el.labels[0] || el).textContent.trim().replace(/\\s+/g, ' ');
  return {name: name.slice(0, 40) || el.name, height: target.getBoundingClientRect().height};
})"""


def too_small(page: Page, selector: str) -> list[str]:
    """Each visible match of ``selector`` under SMALLEST px to tap, named, with its height."""
    measured = page.locator(selector).evaluate_all(HEIGHTS)
    assert measured, f"nothing matches {selector}"
    return [f"{m['name']} ({m['height']:.0f} px)" for m in measured if m["height"] < SMALLEST]


#: Stands in for the browser's sound: counts the tones started.
COUNT_TONES = """
window.tones = 0;
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  createGain() { return {gain: {setValueAtTime() {}, exponentialRampToValueAtTime() {}},
                         connect(to) { return to; }}; }
  createOscillator() { return {frequency: {}, connect(to) { return to; },
                               start() { window.tones += 1; }, stop() {}}; }
};
"""
