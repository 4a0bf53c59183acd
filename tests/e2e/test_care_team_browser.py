"""The care team in a real browser: two-step sign-in, consent, the clinician's views, revoking.

A clinician signs in, enters the enrolment code given with the account and sets up an
authenticator (the codes are computed here from the key the page shows, as a phone app
would), invites a patient, the patient reads what will be
shared and accepts, the clinician finds them first on the dashboard (a red flag), opens the
patient page and the report, the patient reads the access log and stops sharing, and the
clinician's next request is refused. Every clinician page passes axe-core; screenshots at
390 and 1280 px go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Iterator

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import PASSWORD
from tests.e2e.helpers import log_in
from tests.e2e.persona import create_persona
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS, describe, escalating_check_in
from tests.e2e.test_first_run_and_navigation import DESKTOP, PHONE, shoot

pytestmark = pytest.mark.e2e


def seed_care_team() -> tuple[str, str]:
    """A clinician with two linked patients (a demo diary, a quiet one) and Audra, not yet
    linked, whose back check said emergency and who gave a crisis answer; her session, and
    the clinician's enrolment code."""
    from backcare.accounts.models import User
    from backcare.care import linking
    from backcare.care.enrolment import issue_code
    from backcare.progress.demo import create_demo
    from tests.conftest import make_user

    clinician = make_user("cyra", role="clinician", display_name="Dr Cyra Osei")
    demo = User.objects.get(username=create_demo("demo", 120, password=PASSWORD).username)
    for patient in (demo, make_user("quinn", display_name="Quinn")):
        linking.accept_invitation(linking.create_invitation(clinician), patient)
    return create_persona().session_cookie, issue_code(clinician).code


def totp_code(key_text: str) -> str:
    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{TOTP(b32decode(key)).token():06d}"


def audit(browser: Browser, clinician: BrowserContext, url: str, axe_source: str) -> None:
    """axe-core on the page, in a context that shares the session but lets the script in."""
    context = browser.new_context(bypass_csp=True, storage_state=clinician.storage_state())
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    context.close()
    assert not violations, f"{url}:\n{describe(violations)}"


def both_widths(page: Page, name: str) -> None:
    for size, label in ((PHONE, "390"), (DESKTOP, "1280")):
        page.set_viewport_size(size)
        shoot(page, f"care-{name}-{label}")


@pytest.fixture
def contexts(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    clinician, patient = browser.new_context(), browser.new_context()
    yield clinician, patient
    clinician.close()
    patient.close()


def enter_enrolment_code(page: Page, code: str) -> None:
    """A wrong code is refused with what to do; the right one, as typed, shows the key."""
    expect(page.locator(".qr")).to_have_count(0)
    page.get_by_role("textbox", name="Enrolment code").fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That enrolment code is not right")).to_be_visible()
    expect(page.get_by_text("backcare enrolmentcode cyra").first).to_be_visible()
    both_widths(page, "enrolment-code")
    page.get_by_role("textbox", name="Enrolment code").fill(code.lower())
    page.get_by_role("button", name="Continue").click()


def sign_in_with_two_factors(page: Page, site: str, enrolment_code: str) -> None:
    log_in(page, site, "cyra", PASSWORD)
    expect(page).to_have_url(f"{site}/clinician/two-factor/setup/?next=%2Fclinician%2F")
    enter_enrolment_code(page, enrolment_code)
    key = page.locator(".qr code").inner_text()
    page.get_by_role("textbox", name="Code").fill(
        "000000" if totp_code(key) != "000000" else "111111"
    )
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("That code did not match")).to_be_visible()
    page.wait_for_timeout(2_000)  # django-otp throttles the next try for a second
    page.get_by_role("textbox", name="Code").fill(totp_code(key))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in is on")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Go to your patients").click()


def invite(page: Page) -> str:
    page.get_by_role("link", name="Invite").click()
    page.get_by_role("button", name="Create an invitation").click()
    return page.locator(".invitations .invitation-link a").first.inner_text()


def accept(patient: Page, link: str) -> None:
    patient.goto(link)
    expect(patient.get_by_role("heading", level=1)).to_have_text(
        "Share your diary with Dr Cyra Osei?"
    )
    expect(patient.get_by_text("Your report built from these")).to_be_visible()
    expect(patient.get_by_text("Your e-mail address and password.")).to_be_visible()
    both_widths(patient, "join")
    patient.get_by_role("button", name="Share my diary").click()
    expect(patient.get_by_text("Dr Cyra Osei can now see your diary.")).to_be_visible()


def test_a_clinician_follows_a_patient_until_they_stop_sharing(
    browser: Browser, contexts: tuple[BrowserContext, BrowserContext], site: str, axe_source: str
) -> None:
    audra_session, enrolment_code = seed_care_team()
    clinician_context, patient_context = contexts
    patient_context.add_cookies([{"name": "sessionid", "value": audra_session, "url": site}])
    doc, patient = clinician_context.new_page(), patient_context.new_page()
    errors: list[str] = []
    doc.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    sign_in_with_two_factors(doc, site, enrolment_code)
    expect(doc.get_by_role("heading", level=1)).to_have_text("Your patients")
    expect(doc.get_by_role("heading", level=2, name="Audra")).to_have_count(0)
    accept(patient, invite(doc))
    patient.goto(f"{site}/diary/")
    escalating_check_in(patient)  # "chest pain": the check-in says emergency

    doc.goto(f"{site}/clinician/")
    first = doc.locator(".patient-row").first
    expect(first.get_by_role("heading", level=2)).to_have_text("Audra")  # red flag first
    expect(first.locator(".need-tags")).to_contain_text("Red flag")
    expect(first.locator("p.fired")).to_contain_text("chest pain")
    # Her back checks answered "yes" then, in the latest, "no" (the persona's): each change
    # is listed; the check-in's chest pain, made after them, stands and is not among them.
    changed = first.locator("ul.changed-answers")
    expect(changed).to_contain_text("New bladder change: yes at")
    expect(changed).not_to_contain_text("Chest pain")
    expect(doc.locator(".patient-row")).to_have_count(3)
    both_widths(doc, "dashboard")
    audit(browser, clinician_context, doc.url, axe_source)

    first.get_by_role("link", name="Audra").click()
    expect(doc.get_by_role("heading", name="Needs attention")).to_be_visible()
    expect(doc.locator(".attention .need-tags")).to_contain_text("Crisis answer")
    expect(doc.get_by_role("img", name=re.compile("Pain"))).to_be_visible()
    both_widths(doc, "patient")
    audit(browser, clinician_context, doc.url, axe_source)
    patient_url = doc.url

    doc.get_by_role("link", name="Open the report").click()
    expect(doc.get_by_role("heading", level=1)).to_have_text("Back pain report")
    expect(doc.locator(".who strong")).to_have_text("Audra")
    both_widths(doc, "report")
    audit(browser, clinician_context, doc.url, axe_source)

    patient.goto(f"{site}/care/")
    log = patient.locator(".access-log")
    expect(log).to_contain_text("viewed the report")
    expect(log).to_contain_text("Dr Cyra Osei")
    both_widths(patient, "patient-log")
    patient.get_by_role("link", name="Stop sharing with Dr Cyra Osei").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("Stop sharing with Dr Cyra Osei?")
    both_widths(patient, "stop-sharing")
    patient.get_by_role("button", name="Stop sharing with Dr Cyra Osei").click()
    expect(patient.get_by_text("Dr Cyra Osei can no longer see your diary.")).to_be_visible()

    response = doc.goto(patient_url)
    assert response is not None
    assert response.status == 404
    doc.goto(f"{site}/clinician/")
    expect(doc.locator(".patient-row")).to_have_count(2)
    assert not [text for text in errors if "Content Security Policy" in text]
