"""Every page, signed in as a patient with data: axe-core (WCAG 2.1 A/AA), CSP and focus.

Each page is loaded twice: in a normal context (no Content-Security-Policy errors in the
console; the first Tab lands on a link with a visible outline) and in a context that bypasses
CSP so axe-core can be injected. A few entries are states reached by an action (a form sent
with errors, an emergency shown mid-wizard) rather than plain URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from backcare.assessments.wizard import steps
from backcare.domain.education import articles
from backcare.domain.exercises import exercises
from tests.e2e.helpers import anything_new
from tests.e2e.persona import Persona, create_persona

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
  }));
}"""
FOCUS_OUTLINE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, text: el.textContent.trim(), outline: getComputedStyle(el).outlineStyle};
}"""
MAX_TABS = 40
QUESTIONNAIRE_FORMS = ("phq9", "rmdq", "peg", "startback", "acr2016_fm")
Action = Callable[[Page], None]


@dataclass(frozen=True)
class Visit:
    id: str
    path: str  # str.format()ed with p=the Persona
    signed_in: bool = True
    action: Action | None = None


def send_empty(button: str) -> Action:
    def act(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("heading", name="Please check your answers")).to_be_visible()

    return act


def submit_blank(button: str) -> Action:
    """Send a Django form with nothing filled in: its fields come back marked invalid."""

    def act(page: Page) -> None:
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator("main [aria-invalid=true]").first).to_be_visible()

    return act


def emergency_mid_wizard(page: Page) -> None:
    groups = page.get_by_role("group").filter(has=page.get_by_label("Not sure", exact=True))
    for index in range(groups.count()):
        groups.nth(index).get_by_label("No", exact=True).check()
    page.get_by_role("group", name="new trouble peeing").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("a.call-button").first).to_be_visible()  # the intake ended at once


def escalating_check_in(page: Page) -> None:
    page.get_by_role("group", name="Pain now").get_by_label("4", exact=True).check()
    anything_new(page, "Yes")
    page.get_by_role("group", name="Chest pain").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def session_step(page: Page) -> None:
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator(".step-count")).to_contain_text("Exercise 1 of")


def session_answers_missing(page: Page) -> None:
    session_step(page)
    while page.locator(".step-actions").count():
        page.locator(".step-actions button[value=done]").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()


def save_a_check_in(page: Page) -> None:
    page.get_by_role("group", name="Pain now").get_by_label("3", exact=True).check()
    anything_new(page, "No")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saved")


HTMX_NEEDED_BUT_MISSING = """() => !window.htmx &&
  document.querySelector('[hx-get], [hx-post], [hx-put], [hx-delete]') !== null"""


def visits() -> list[Visit]:
    anonymous = [
        Visit("welcome", "/", False),
        Visit("login", "/accounts/login/", False),
        Visit("login-errors", "/accounts/login/", False, submit_blank("Log in")),
        Visit("signup", "/accounts/signup/", False),
        Visit("signup-errors", "/accounts/signup/", False, submit_blank("Create account")),
        Visit("password-reset", "/accounts/password/reset/", False),
        Visit("password-reset-sent", "/accounts/password/reset/sent/", False),
        Visit("password-reset-confirm", "{p.reset_path}", False),
        Visit("password-reset-complete", "/accounts/password/reset/complete/", False),
    ]
    accounts = [
        Visit("home", "/home/"),
        Visit("start", "/start/"),
        Visit("more", "/more/"),
        Visit("profile", "/accounts/profile/"),
        Visit("delete-account", "/accounts/delete/"),
        Visit("password-change", "/accounts/password/"),
        Visit("password-change-done", "/accounts/password/done/"),
    ]
    wizard = [Visit("assess", "/assess/")]
    wizard += [Visit(f"assess-{s.id}", f"/assess/{s.id}/") for s in steps()]
    last = steps()[-1].id
    wizard += [
        Visit("assess-errors", f"/assess/{last}/", action=send_empty("See my result")),
        Visit("assess-early-emergency", "/assess/safety_nerves/", action=emergency_mid_wizard),
        Visit("assessments", "/assessments/"),
    ]
    levels = ("emergency", "urgent", "soon", "self_care")
    wizard += [Visit(f"result-{lv}", f"/assessments/{{p.result_ids[{lv}]}}/") for lv in levels]
    wizard.append(Visit("result-details", "/assessments/{p.result_ids[emergency]}/details/"))
    questionnaires = [Visit("questionnaires", "/questionnaires/")]
    questionnaires += [  # one of each kind of form: radios, ticks, 0-10 scales, mixed
        Visit(f"take-{slug}", f"/questionnaires/{slug}/") for slug in QUESTIONNAIRE_FORMS
    ]
    questionnaires += [
        Visit("take-errors", "/questionnaires/phq9/", action=send_empty("Save my answers")),
        Visit("phq9-result", "/questionnaires/phq9/results/{p.phq9_ids[calm]}/"),
        Visit("phq9-crisis", "/questionnaires/phq9/results/{p.phq9_ids[crisis]}/"),
        Visit("phq9-history", "/questionnaires/phq9/history/"),
    ]
    diary = [
        Visit("diary", "/diary/"),
        Visit(
            "diary-escalation", "/diary/{p.checkin_day:%Y-%m-%d}/other/", True, escalating_check_in
        ),
        Visit("diary-edit", "/diary/{p.checkin_day:%Y-%m-%d}/evening/"),
        Visit("diary-history", "/diary/history/"),
        Visit("diary-saved", "/diary/", True, save_a_check_in),
        Visit("episodes", "/episodes/"),
    ]
    plans = [
        Visit("plan", "/plan/"),
        Visit("plan-print", "/plan/print/"),
        Visit("plan-what-about", "/plan/what-about/"),
        Visit("plan-session", "/plan/session/"),
        Visit("plan-session-step", "/plan/session/", action=session_step),
        Visit("plan-session-finish-errors", "/plan/session/", action=session_answers_missing),
        Visit("plan-progress", "/plan/progress/"),
        Visit("plan-preferences", "/plan/preferences/"),
        Visit("toolbox", "/toolbox/"),
        Visit("exercises", "/exercises/"),
        Visit("exercise", f"/exercises/{next(iter(exercises()))}/"),
        Visit("learn", "/learn/"),
        Visit("article", f"/learn/{next(iter(articles()))}/"),
    ]
    progress = [
        Visit("dashboard", "/dashboard/"),
        Visit("insights", "/insights/"),
        Visit("experiments", "/experiments/"),
        Visit("imports", "/imports/"),
    ]
    more = [  # the rest of the More page and the footer: reminders, report, care, messages
        Visit("warning-signs", "/warning-signs/"),
        Visit("reminders", "/reminders/"),
        Visit("my-data", "/my-data/"),
        Visit("report", "/report/"),
        Visit("care-team", "/care/"),
        Visit("messages", "/care/messages/"),
        Visit("conversation", "/care/messages/{p.link_id}/"),
    ]
    return anonymous + accounts + wizard + questionnaires + diary + plans + progress + more


@dataclass
class Tab:
    """One reused page per browser context, with the console errors of its latest visit."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", lambda msg: self._console(msg.type, msg.text))

    def _console(self, kind: str, text: str) -> None:
        if kind == "error":
            self.errors.append(text)


Tabs = dict[tuple[bool, bool], Tab]  # by (signed in, bypass CSP)


@dataclass(frozen=True)
class Audit:
    site: str
    persona: Persona
    tabs: Tabs

    def url(self, visit: Visit) -> str:
        return self.site + visit.path.format(p=self.persona)


@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[Tabs]:
    made = {}
    for signed_in in (False, True):
        for bypass in (False, True):
            # No service worker: its background fetches outlive the page, and one answered
            # after the database was emptied would delete the next test's session cookie.
            # The worker has its own tests (test_offline_*.py).
            context = browser.new_context(bypass_csp=bypass, service_workers="block")
            context.set_default_timeout(10_000)
            made[signed_in, bypass] = Tab(context.new_page())
    yield made
    for tab in made.values():
        tab.page.context.close()


@pytest.fixture
def audit(site: str, tabs: Tabs) -> Audit:
    """A fresh persona for each page (seeding takes milliseconds), signed in by cookie."""
    persona = create_persona(with_clinician=True)  # for the messages pages
    for (signed_in, _), tab in tabs.items():
        # Leave the last test's page first: an answer to one of its requests, arriving after
        # the database was emptied, would delete the new session cookie (its session is gone).
        tab.page.goto("about:blank")
        tab.page.context.clear_cookies()
        if signed_in:
            cookie = {"name": "sessionid", "value": persona.session_cookie, "url": site}
            tab.page.context.add_cookies([cookie])  # type: ignore[list-item]
    return Audit(site, persona, tabs)


def start_loading(audit: Audit, visit: Visit, *, bypass: bool) -> Tab:
    """Navigate until the response arrives; skip pages that do not exist yet."""
    tab = audit.tabs[visit.signed_in, bypass]
    tab.errors.clear()
    response = tab.page.goto(audit.url(visit), wait_until="commit")
    assert response is not None
    if response.status in (404, 405):
        pytest.skip(f"{visit.path} does not exist yet ({response.status})")
    assert response.ok, f"{visit.path} answered {response.status}"
    if visit.signed_in:
        assert "/accounts/login/" not in tab.page.url, f"{visit.path}: not signed in"
    return tab


def finish_loading(tab: Tab, visit: Visit) -> Page:
    tab.page.wait_for_load_state("load")
    if visit.action:
        visit.action(tab.page)
    return tab.page


def focus_problem(page: Page) -> str | None:
    """Tab to the first link (past any autofocused field) and look for its outline."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_OUTLINE)
        if focused["tag"] == "A":
            if focused["outline"] == "none":
                return f"the focused link {focused['text']!r} has no visible outline"
            return None
    return f"no link reached after {MAX_TABS} presses of Tab"


def describe(violations: list[dict[str, object]]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} at {v['targets']}" for v in violations
    )


@pytest.mark.parametrize("visit", visits(), ids=lambda v: v.id)
def test_the_page_is_accessible(audit: Audit, visit: Visit, axe_source: str) -> None:
    # Both loads run at once: the CSP-bypassing tab loads while the normal one is checked.
    for_axe = start_loading(audit, visit, bypass=True)
    normal = start_loading(audit, visit, bypass=False)
    page = finish_loading(normal, visit)
    problems = [f"CSP: {text}" for text in normal.errors if "Content Security Policy" in text]
    if visit.action is None and (problem := focus_problem(page)):
        problems.append(f"focus: {problem}")
    if page.evaluate(HTMX_NEEDED_BUT_MISSING):  # htmx loads only where a page asks for it
        problems.append("htmx: the page has hx- requests but does not load htmx")

    page = finish_loading(for_axe, visit)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    if violations:
        problems.append("axe-core:\n" + describe(violations))
    assert not problems, f"{visit.path}:\n" + "\n".join(problems)


def test_the_audit_itself_catches_a_violation_and_a_csp_error(
    audit: Audit, axe_source: str
) -> None:
    """Guards against a vacuous audit (a mistyped tag runs no rules; a changed message
    text would hide CSP errors)."""
    welcome = Visit("welcome", "/", signed_in=False)
    normal = finish_loading(start_loading(audit, welcome, bypass=False), welcome)
    with pytest.raises(PlaywrightError):  # the inline script is refused
        normal.add_script_tag(content="document.title = 'inline'")
    assert any("Content Security Policy" in text for text in audit.tabs[False, False].errors)

    page = finish_loading(start_loading(audit, welcome, bypass=True), welcome)
    page.evaluate("() => document.querySelector('main').append(document.createElement('input'))")
    page.add_script_tag(content=axe_source)
    assert "label" in {v["id"] for v in page.evaluate(RUN_AXE, WCAG_TAGS)}
