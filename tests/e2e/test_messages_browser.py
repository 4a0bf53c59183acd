"""A patient and their clinician exchange messages in two real browsers (phone and desk).

Screenshots at 390 and 1280 px go to tests/e2e/artifacts/messages-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"messages-{name}.png"), full_page=True)


def linked_pair():  # type: ignore[no-untyped-def]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from backcare.care import linking

    ana = make_user("ana", display_name="Ana", time_zone="Europe/Lisbon")
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    device = TOTPDevice.objects.create(user=cy, name="phone", confirmed=True)
    link = linking.accept_invitation(linking.create_invitation(cy), ana)
    return ana, cy, device, link


def clinician_signs_in(page: Page, site: str, device) -> None:  # type: ignore[no-untyped-def]
    from django_otp.oath import TOTP

    log_in(page, site, "cy", PASSWORD)
    page.wait_for_url(re.compile(r"/clinician/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name=re.compile("Verify|Continue|Sign in", re.I)).click()
    page.wait_for_url(f"{site}/clinician/")


def test_a_patient_and_clinician_exchange_messages(browser: Browser, site: str) -> None:
    ana, _cy, device, link = linked_pair()
    phone = browser.new_context(viewport=PHONE).new_page()
    desk = browser.new_context(viewport=DESKTOP).new_page()

    # The patient finds Messages under More, sees the emergency note and writes.
    log_in(phone, site, "ana", PASSWORD)
    phone.wait_for_url(re.compile(r"/home/"))
    phone.get_by_role("link", name="More").click()
    phone.get_by_role("link", name=re.compile("^Messages")).click()
    expect(phone.locator(".not-emergency").first).to_contain_text("not for emergencies")
    phone.get_by_role("link", name=re.compile("Dr Cy")).click()
    expect(phone.get_by_role("link", name="112").first).to_have_attribute("href", "tel:112")
    shoot(phone, "1-patient-empty-390")
    phone.get_by_label("Message to Dr Cy").fill("My back is stiff every morning.\nIs that normal?")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".bubble.mine")).to_contain_text("Is that normal?")
    expect(phone.locator(".bubble.mine .bubble-read")).to_have_text("Not read yet")
    shoot(phone, "2-patient-sent-390")

    # The clinician sees the unread flag and badge, reads and replies.
    clinician_signs_in(desk, site, device)
    expect(desk.locator(".site-header .badge")).to_contain_text("1")
    flag = desk.get_by_role("link", name="1 unread message", exact=True)
    expect(flag).to_be_visible()
    shoot(desk, "3-dashboard-1280")
    flag.click()
    expect(desk.locator(".bubble.theirs")).to_contain_text("My back is stiff every morning.")
    expect(desk.locator(".not-emergency")).to_contain_text("tell them to call 112")
    desk.get_by_label("Message to Ana").fill("Morning stiffness is common. Keep moving gently.")
    desk.get_by_role("button", name="Send").click()
    expect(desk.locator(".bubble.mine")).to_contain_text("Keep moving gently.")
    expect(desk.locator(".site-header .badge")).to_have_count(0)
    shoot(desk, "4-clinician-conversation-1280")
    desk.get_by_role("link", name="All messages").click()
    expect(desk.locator(".conversations")).to_contain_text("Ana")
    shoot(desk, "4b-clinician-inbox-1280")

    # The patient sees the badge on More, reads the reply; their message shows as read.
    phone.goto(f"{site}/home/")
    expect(phone.locator(".tabs .badge")).to_contain_text("1")
    shoot(phone, "5-patient-badge-390")
    phone.get_by_role("link", name="More").click()
    expect(phone.get_by_role("link", name=re.compile("^Messages 1 unread"))).to_be_visible()
    shoot(phone, "5b-more-390")
    phone.goto(f"{site}/care/messages/{link.pk}/")
    expect(phone.locator(".bubble.theirs")).to_contain_text("Keep moving gently.")
    expect(phone.locator(".bubble.mine .bubble-read")).to_contain_text("Read")
    shoot(phone, "6-patient-reply-390")
    phone.set_viewport_size(DESKTOP)
    shoot(phone, "7-patient-reply-1280")

    # Sharing stops: the clinician's next request is refused; the patient keeps a copy.
    phone.goto(f"{site}/care/")
    phone.get_by_role("link", name=re.compile("Stop sharing")).click()
    phone.get_by_role("button", name=re.compile("Stop sharing")).click()
    expect(phone.get_by_text(re.compile("can no longer see your diary"))).to_be_visible()
    response = desk.goto(f"{site}/clinician/patients/{ana.pk}/messages/")
    assert response is not None
    assert response.status == 404
    phone.goto(f"{site}/care/messages/{link.pk}/")
    expect(phone.locator(".bubble")).to_have_count(2)
    expect(phone.locator("textarea")).to_have_count(0)
    phone.set_viewport_size(PHONE)
    shoot(phone, "8-patient-read-only-390")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_message_pages_pass_the_accessibility_audit(
    browser: Browser, site: str, axe_source: str, scheme: str
) -> None:
    from backcare.messaging.service import send_message

    ana, cy, device, link = linked_pair()
    send_message(link, cy, "How is the stiffness?")
    send_message(link, ana, "Better, thanks.\nStill sore at night.")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport=PHONE)
    page = context.new_page()
    log_in(page, site, "ana", PASSWORD)
    page.wait_for_url(re.compile(r"/home/"))
    desk = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport=DESKTOP).new_page()
    clinician_signs_in(desk, site, device)
    pages = [
        (page, "/care/messages/"),
        (page, f"/care/messages/{link.pk}/"),
        (desk, "/clinician/messages/"),
        (desk, f"/clinician/patients/{ana.pk}/messages/"),
    ]
    for tab, path in pages:
        tab.goto(site + path)
        tab.add_script_tag(content=axe_source)
        violations = tab.evaluate(RUN_AXE, WCAG_TAGS)
        assert not violations, (path, violations)
    shoot(page, f"9-patient-{scheme}-390")
    shoot(desk, f"10-clinician-{scheme}-1280")


def test_a_flagged_message_stays_on_the_list_until_the_clinician_marks_it_handled(
    browser: Browser, site: str
) -> None:
    from backcare.messaging.service import send_message

    ana, _cy, device, link = linked_pair()
    send_message(link, ana, "I'm numb around my bottom since this morning. Is that normal?")
    send_message(link, ana, "I can't feel my bum on the toilet seat either")
    page = browser.new_context(viewport=PHONE, service_workers="block").new_page()
    clinician_signs_in(page, site, device)  # once: a code is not taken twice
    row = page.locator(".patient-row", has_text="Ana")
    expect(row).to_contain_text("2 messages may describe a warning sign, not yet handled")
    row.get_by_role("link", name=re.compile("may describe a warning sign")).click()
    # Opening the page is reading, not handling: both still wait.
    expect(page.get_by_role("button", name="Mark as handled")).to_have_count(2)
    page.get_by_role("button", name="Mark as handled").first.click()
    expect(page.get_by_text("Handled · marked by you")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as handled")).to_have_count(1)
    page.goto(f"{site}/clinician/")
    expect(row).to_contain_text("1 message may describe a warning sign, not yet handled")
    expect(row.locator(".need-warning_message")).to_be_visible()
    for name, viewport in (("phone", PHONE), ("desk", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(f"{site}/clinician/")
        shoot(page, f"handled-dashboard-{name}")
        page.goto(f"{site}/clinician/patients/{ana.pk}/messages/")
        shoot(page, f"handled-thread-{name}")
