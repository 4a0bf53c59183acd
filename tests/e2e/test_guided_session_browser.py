"""Today's routine in a phone-sized Chromium: the plan's first screen, the guided session
with its timer, and the same session without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from backcare.plans.models import RoutineSession, SessionAnswer
from tests.conftest import PASSWORD
from tests.e2e.helpers import COUNT_TONES, log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
#: A picture's width once it has loaded (0 if it failed): "visible" comes before "loaded".
LOADED_WIDTH = """img => img.complete ? img.naturalWidth : new Promise(done => {
    img.addEventListener("load", () => done(img.naturalWidth), {once: true});
    img.addEventListener("error", () => done(0), {once: true});
})"""


def phone_page(browser: Browser, site: str, **options: object) -> Page:
    context = browser.new_context(viewport=PHONE, **options)  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, site, "fay", PASSWORD)
    return page


def test_the_plan_opens_with_today_and_stays_under_four_screens(
    browser: Browser, site: str, fay: object
) -> None:
    page = phone_page(browser, site)
    page.goto(f"{site}/plan/")
    start = page.get_by_role("button", name="Start today's routine")
    box = start.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], "the start button is on the first screen"
    pictures = page.locator(".today img.routine-picture")
    assert pictures.count() >= 1
    for n in range(pictures.count()):
        assert pictures.nth(n).get_attribute("alt")
        assert pictures.nth(n).evaluate(LOADED_WIDTH) > 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the plan is {height} px tall"


def test_the_guided_session_with_timer_pause_and_answers(
    browser: Browser, site: str, fay: object
) -> None:
    page = phone_page(browser, site)
    page.clock.install()
    page.goto(f"{site}/plan/")
    page.get_by_role("button", name="Start today's routine").click()
    total = SessionAnswer.objects.count()
    for number in range(1, total + 1):
        expect(page.locator(".step-count")).to_have_text(f"Exercise {number} of {total}")
        picture = page.locator(".session-picture img")
        expect(picture).to_be_visible()
        assert picture.evaluate(LOADED_WIDTH) > 0
        timer = page.locator(".session-timer")
        expect(timer).to_be_visible()
        finish = page.locator(".step-actions button[value=done]")
        # The timer leads: a big "Done" beside "Hold 1 of 10" invited skipping the exercise.
        expect(finish).to_have_class("secondary")
        go = timer.locator(".timer-go")
        if number == 1 and go.is_visible():
            go.click()
            page.clock.run_for(10 * 60 * 1000)  # every hold, with nobody pressing a thing
            expect(timer.locator(".timer-display")).to_have_text("Done")
            expect(finish).to_have_class("primary-action")
        elif go.is_visible():
            before = timer.locator(".timer-display").inner_text()
            go.click()
            page.clock.run_for(3000)
            expect(timer.locator(".timer-display")).not_to_have_text(before)
            timer.get_by_role("button", name="Pause").click()
            expect(timer.locator(".timer-status")).to_have_text("Paused.")
            expect(timer.get_by_role("button", name="Resume")).to_be_visible()
        else:
            timer.get_by_role("button", name="+1 rep").click()
            expect(timer.locator(".timer-display")).to_contain_text("1 /")
        page.locator(".step-actions button[value=done]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("That's today's exercises done")
    expect(page.get_by_role("heading", level=2, name="How did it feel?")).to_be_visible()
    # A first session: nothing to compare with yet.
    page.get_by_label("Easy", exact=True).first.check()
    for group in page.locator("fieldset.feeling:not(.pain-now)").all()[1:]:
        group.get_by_label("About right").check()
    page.locator("fieldset.pain-now").get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("today's routine is logged")
    expect(page.get_by_role("button", name="Add to my toolbox").first).to_be_visible()
    session = RoutineSession.objects.get()
    assert session.finished_at is not None
    assert session.pain_after == 3
    assert set(SessionAnswer.objects.values_list("feeling", flat=True)) <= {"easier", "same"}


def test_it_works_without_javascript_and_honours_reduced_motion(
    browser: Browser, site: str, fay: object
) -> None:
    page = phone_page(browser, site, java_script_enabled=False)
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator(".session-timer")).to_be_hidden()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Next exercise").click()  # a skip asks why; no reason given
    assert SessionAnswer.objects.filter(position=1, done=False).exists()

    durations = {}
    for motion in ("no-preference", "reduce"):
        other = phone_page(browser, site, reduced_motion=motion)
        other.goto(page.url)
        timer = other.locator(".session-timer")
        expect(timer).to_be_visible()
        timer.locator("button:visible").first.click()
        durations[motion] = timer.evaluate("el => getComputedStyle(el).transitionDuration")
    assert durations == {"no-preference": "0.4s", "reduce": "0s"}


#: A button's words on screen: without its visually hidden part (clipped to one pixel).
SHOWN_WORDS = """el => {
  const copy = el.cloneNode(true);
  for (const hidden of copy.querySelectorAll(".visually-hidden")) {
    const box = el.querySelector(".visually-hidden").getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) { hidden.remove(); }
  }
  return copy.textContent.trim();
}"""
#: The focused element, the outline of its row (the label around it) and the row's height.
FOCUSED_ROW = """() => {
  const el = document.activeElement;
  const row = el.closest("label.choice");
  if (!row) { return {radio: false}; }
  return {radio: el.type === "radio", row: getComputedStyle(row).outlineStyle,
          dot: getComputedStyle(el).outlineStyle, height: row.getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_buttons_name_the_exercise_and_the_focus_rings_the_whole_row(
    browser: Browser, site: str, fay: object, width: int, tmp_path: object
) -> None:
    """A screen reader hears "Skip Cat-cow", not "Skip" on every step; on the end screen,
    Tab rings the 44 px row of a feeling, not the small dot inside it."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    log_in(page, site, "fay", PASSWORD)
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    total = SessionAnswer.objects.count()
    for number in range(1, total + 1):
        expect(page.locator(".step-count")).to_have_text(f"Exercise {number} of {total}")
        name = page.get_by_role("heading", level=1).inner_text()
        skip = page.get_by_role("button", name=f"Skip {name}", exact=True)
        expect(skip).to_have_text(f"Skip {name}")  # the name is heard...
        assert skip.evaluate(SHOWN_WORDS) == "Skip"  # ...but not shown
        words = "Done: last one" if number == total else "Done, next"
        done = page.get_by_role("button", name=f"{words} (finished {name})", exact=True)
        assert done.evaluate(SHOWN_WORDS) == words
        done.click()
    expect(page.get_by_role("heading", level=2, name="How did it feel?")).to_be_visible()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_ROW)
        if focused["radio"]:
            break
    else:
        pytest.fail("Tab never reached a feeling")
    assert focused["row"] == "solid", "the row the finger taps shows the focus"
    assert focused["dot"] == "none", "one ring, not a second on the dot"
    assert focused["height"] >= 44
    context.close()


#: Stands in for the browser's sound and its screen wake lock: counts the tones started and
#: the locks asked for and let go.
FAKES = (
    COUNT_TONES
    + """
window.locks = {asked: 0, released: 0, held: 0};
Object.defineProperty(Navigator.prototype, "wakeLock", {configurable: true, get: () => ({
  request: () => {
    window.locks.asked += 1; window.locks.held += 1;
    const sentinel = {released: false, release() {
      if (this.released) { return Promise.resolve(); }
      this.released = true; window.locks.released += 1; window.locks.held -= 1;
      return Promise.resolve();
    }};
    window.lastLock = sentinel;
    return Promise.resolve(sentinel);
  },
})});
"""
)
#: The phone's screen goes off (true) or on again (false), as the page sees it; a screen
#: that goes off lets go of the wake lock, as a browser does.
SCREEN_OFF = """off => {
  Object.defineProperty(document, "visibilityState", {configurable: true,
                        get: () => off ? "hidden" : "visible"});
  Object.defineProperty(document, "hidden", {configurable: true, get: () => off});
  if (off && window.lastLock) { window.lastLock.release(); }
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def go_to(page: Page, slug: str) -> None:
    """Skip on to the step of the exercise ``slug``."""
    while f"/exercises/{slug}/picture.svg" not in (
        page.locator(".session-picture img").get_attribute("src") or ""
    ):
        page.locator(".step-actions button[value=skip]").click()
        page.locator("button[value=next]").click()  # a skip asks why; go on without a reason
        page.wait_for_load_state()


def test_the_timer_keeps_the_time_while_the_screen_is_off_and_keeps_it_on(
    browser: Browser, site: str, fay: object
) -> None:
    """Five minutes of belly breathing are five minutes on the clock, even if the phone's
    screen went off and the page's timers stopped; the end says so once, with one tone."""
    page = phone_page(browser, site)
    page.add_init_script(FAKES)
    page.clock.install()
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    go_to(page, "diaphragmatic-breathing")
    timer = page.locator(".session-timer")
    expect(page.get_by_label("A sound when the time is up")).to_be_checked()
    timer.get_by_role("button", name="Start timer").click()
    page.clock.run_for(2000)
    expect(timer.locator(".timer-display")).to_have_text("4:58")
    assert page.evaluate("window.locks") == {"asked": 1, "released": 0, "held": 1}
    # Paused, the screen may sleep; resumed, it is kept on again.
    timer.get_by_role("button", name="Pause").click()
    assert page.evaluate("window.locks.held") == 0
    timer.get_by_role("button", name="Resume").click()
    assert page.evaluate("window.locks") == {"asked": 2, "released": 1, "held": 1}

    page.evaluate(SCREEN_OFF, True)
    page.clock.fast_forward("02:00")  # timers stopped: at most one late tick
    page.evaluate(SCREEN_OFF, False)
    expect(timer.locator(".timer-display")).to_have_text("2:58")
    assert page.evaluate("window.locks.held") == 1, "the screen is kept on again"
    assert page.evaluate("window.tones") == 0

    page.evaluate(SCREEN_OFF, True)
    page.clock.fast_forward("10:00")  # the time ran out while nobody looked
    page.evaluate(SCREEN_OFF, False)
    expect(timer.locator(".timer-display")).to_have_text("Done")
    # Belly breathing ends Fay's routine: its button reads "Done: last one".
    expect(timer.locator(".timer-status")).to_have_text("Time is up: tap Done to finish.")
    expect(page.locator(".step-actions button[value=done]")).to_have_class("primary-action")
    page.clock.run_for(60_000)
    page.evaluate(SCREEN_OFF, True)
    page.evaluate(SCREEN_OFF, False)
    assert page.evaluate("window.tones") == 1, "the end's tone, once"
    assert page.evaluate("window.locks.held") == 0, "the screen may sleep again"


def test_holds_carry_on_by_themselves_after_a_short_rest(
    browser: Browser, site: str, fay: object
) -> None:
    """Lying on the floor, nobody should have to reach for the phone between holds: each
    rest is counted down, a tone starts the next hold, and Pause stops it all."""
    page = phone_page(browser, site)
    page.add_init_script(FAKES)
    page.clock.install()
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    go_to(page, "figure-four-stretch")  # hold 30 s, twice on each side
    timer = page.locator(".session-timer")
    display = timer.locator(".timer-display")
    status = timer.locator(".timer-status")
    expect(page.get_by_label("A sound as each hold starts and ends")).to_be_checked()
    timer.get_by_role("button", name="Start the holds").click()
    page.clock.run_for(10_000)  # time to get into position
    expect(status).to_have_text("Hold 1 of 4 (first side)")
    page.clock.run_for(30_000)
    expect(display).to_have_text("Rest 4")
    expect(status).to_have_text("Let go and rest: hold 2 of 4 (first side) starts by itself.")
    expect(timer.get_by_role("button", name="Pause")).to_be_visible()
    assert page.evaluate("window.tones") == 2
    page.clock.run_for(4000)
    expect(status).to_have_text("Hold 2 of 4 (first side)")
    expect(display).to_have_text("0:30")
    assert page.evaluate("window.tones") == 3, "a tone starts the next hold"

    page.clock.run_for(31_000)  # the second hold ends: time to turn over
    expect(status).to_contain_text("Change to the other side: hold 3 of 4 (second side)")
    timer.get_by_role("button", name="Pause").click()  # the person can stop
    expect(status).to_have_text("Paused.")
    page.clock.run_for(60_000)
    expect(display).to_have_text("Rest 9")
    timer.get_by_role("button", name="Resume").click()
    page.clock.run_for(9000)
    expect(status).to_have_text("Hold 3 of 4 (second side)")
    page.clock.run_for(30_000 + 4000 + 30_000)
    expect(display).to_have_text("Done")
    expect(status).to_have_text("All done: tap Done, next.")
    assert page.evaluate("window.tones") == 8, "four starts and four ends"


@pytest.mark.parametrize("sound", [True, False])
def test_the_first_hold_starts_with_a_tone_after_time_to_get_into_position(
    browser: Browser, site: str, fay: object, sound: bool
) -> None:
    """A person taps Start, puts the phone down and gets onto the floor: the first hold is
    counted in like the rests, and starts with the tone the later holds start with, once,
    and only if the sound is on."""
    page = phone_page(browser, site)
    page.add_init_script(FAKES)
    page.clock.install()
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    go_to(page, "figure-four-stretch")  # hold 30 s, twice on each side
    timer = page.locator(".session-timer")
    display = timer.locator(".timer-display")
    status = timer.locator(".timer-status")
    if not sound:
        page.get_by_label("A sound as each hold starts and ends").uncheck()
    timer.get_by_role("button", name="Start the holds").click()
    expect(display).to_have_text("Ready 10")
    expect(status).to_have_text("Get into position: hold 1 of 4 (first side) starts by itself.")
    assert page.evaluate("window.locks.held") == 1, "the screen is kept on from the start"
    page.clock.run_for(9000)
    expect(display).to_have_text("Ready 1")
    assert page.evaluate("window.tones") == 0
    page.clock.run_for(1000)
    expect(status).to_have_text("Hold 1 of 4 (first side)")
    expect(display).to_have_text("0:30")
    assert page.evaluate("window.tones") == (1 if sound else 0)
    page.evaluate(SCREEN_OFF, True)  # a look away and back does not ring it again
    page.evaluate(SCREEN_OFF, False)
    page.clock.run_for(29_000)
    expect(display).to_have_text("0:01")
    assert page.evaluate("window.tones") == (1 if sound else 0), "the start's tone, once"


#: Whether a finger can tap each element where it shows: on screen, and not covered by the
#: sticky foot's neighbours or the tab bar.
TAPPABLE = """els => els.map(el => {
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const top = y >= 0 && y < innerHeight && document.elementFromPoint(x, y);
  return !!top && (el === top || el.contains(top) || top.contains(el));
})"""


def test_the_sound_is_in_sight_and_reach_while_the_timer_runs(
    browser: Browser, site: str, fay: object
) -> None:
    """On a phone the sound's switch sat under the timer, behind the tab bar: it is in the
    timer's panel, at the foot of the screen with Done and Skip, running or paused."""
    page = phone_page(browser, site)
    page.add_init_script(FAKES)
    page.clock.install()
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    go_to(page, "figure-four-stretch")
    timer = page.locator(".session-timer")
    sound = page.get_by_label("A sound as each hold starts and ends")
    controls = [
        ".timer-sound",
        ".step-actions button[value=done]",
        ".step-actions button[value=skip]",
    ]
    timer.get_by_role("button", name="Start the holds").click()
    page.clock.run_for(15_000)
    for state in ("running", "paused"):
        page.evaluate("window.scrollTo(0, 0)")
        tappable = page.locator(", ".join(controls)).evaluate_all(TAPPABLE)
        assert tappable == [True, True, True], f"{state}: sound, Done, Skip: {tappable}"
        if state == "running":
            sound.click()  # turned off mid-hold, by a tap where it shows
            expect(sound).not_to_be_checked()
            timer.get_by_role("button", name="Pause").click()
    expect(timer.locator(".timer-status")).to_have_text("Paused.")
    page.reload()
    expect(sound).not_to_be_checked()  # the choice is kept on this phone


def test_the_last_exercise_says_the_button_it_shows(
    browser: Browser, site: str, fay: object
) -> None:
    """On the last exercise the button reads "Done: last one", so the timer's end does not
    send the person to a "Done, next" that is not there."""
    page = phone_page(browser, site)
    page.add_init_script(FAKES)
    page.clock.install()
    page.goto(f"{site}/plan/session/")
    page.get_by_role("button", name="Start", exact=True).click()
    done = page.locator(".step-actions button[value=done]")
    while "last one" not in done.inner_text():
        page.locator(".step-actions button[value=skip]").click()
        page.locator("button[value=next]").click()  # a skip asks why; go on without a reason
        page.wait_for_load_state()
    timer = page.locator(".session-timer")
    plus = timer.get_by_role("button", name=re.compile(r"^\+1 (rep|pair)$"))
    if plus.count():
        while "All done" not in timer.locator(".timer-status").inner_text():
            plus.click()
    else:
        timer.get_by_role("button", name=re.compile("^Start")).click()
        page.clock.run_for(60 * 60 * 1000)
    expect(timer.locator(".timer-status")).to_contain_text("tap Done to finish.")
