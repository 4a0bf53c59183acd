"""A clinician tailors a patient's plan in Chromium (two-step sign-in included), and the
patient sees the change on a phone. Screenshots go to tests/e2e/artifacts/."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from backcare.assessments.models import Assessment
from backcare.care import linking
from backcare.plans.models import Preferences, Tailoring
from tests.conftest import PASSWORD, make_user
from tests.e2e.helpers import log_in
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS
from tests.e2e.test_first_run_and_navigation import DESKTOP, PHONE, shoot

pytestmark = pytest.mark.e2e
NOW = datetime.datetime(2026, 3, 10, 8, tzinfo=datetime.UTC)


@pytest.fixture
def people(transactional_db):  # type: ignore[no-untyped-def]
    """Gus (early pregnancy, mat and chair) shares his diary with Dr Ines."""
    with time_machine.travel(NOW):
        gus = make_user("gus", display_name="Gus", time_zone="Europe/London")
        Assessment.objects.create(
            user=gus, findings={}, level="self_care", result={}, factors=[{"id": "sedentary"}]
        )
        Preferences.objects.create(
            user=gus, minutes_per_day=15, equipment=["mat", "chair", "wall"], pregnant=True
        )
        ines = make_user("ines", role="clinician", display_name="Dr Ines Park")
        device = TOTPDevice.objects.create(user=ines, name="phone", confirmed=True)
        linking.accept_invitation(linking.create_invitation(ines), gus)
    return gus, ines, device


def clinician_page(
    browser: Browser, site: str, device: TOTPDevice, size: dict[str, int], bypass: bool = False
) -> Page:
    """Signed in with both steps; ``bypass`` lifts the CSP so axe-core can be injected."""
    page = browser.new_context(viewport=size, bypass_csp=bypass).new_page()  # type: ignore[arg-type]
    log_in(page, site, "ines", PASSWORD)
    page.goto(f"{site}/clinician/two-factor/verify/")
    page.get_by_label("Code").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site}/clinician/")
    return page


def test_a_clinician_tailors_and_the_patient_sees_why(
    browser: Browser, site: str, people: tuple
) -> None:
    gus, _, device = people
    page = clinician_page(browser, site, device, DESKTOP)
    page.goto(f"{site}/clinician/patients/{gus.pk}/")
    page.get_by_role("link", name="Tailor the plan").click()
    expect(page.get_by_role("heading", name="Tailor Gus's plan")).to_be_visible()
    shoot(page, "tailor-clinician-1280")

    add = page.locator("form", has=page.locator("#add-exercise"))
    add.locator("#add-exercise").select_option("wall-sit")
    add.get_by_label("Why (the patient reads this)").fill("Stronger thighs make stairs easier.")
    add.get_by_role("button", name="Add to the routine").click()
    expect(page.get_by_text("Saved: Added Wall sit to the routine")).to_be_visible()

    add = page.locator("form", has=page.locator("#add-exercise"))
    add.locator("#add-exercise").select_option("press-up-prone-extension")
    add.get_by_label("Why (the patient reads this)").fill("Extension eased your pain today.")
    add.get_by_role("button", name="Add to the routine").click()
    expect(page.get_by_role("alert")).to_contain_text("Pregnancy")
    shoot(page, "tailor-clinician-refused-1280")
    add = page.locator("form", has=page.locator("#add-exercise"))
    add.locator("#add-exercise").select_option("press-up-prone-extension")
    add.get_by_label("Why (the patient reads this)").fill("Extension eased your pain today.")
    add.get_by_label("Override the safety screen").check()
    add.get_by_label("Why the override is safe").fill("Examined at 10 weeks; lying prone is fine.")
    add.get_by_role("button", name="Add to the routine").click()
    expect(page.get_by_text("Saved: Added Gentle press-up")).to_be_visible()
    assert Tailoring.objects.filter(override=True).count() == 1

    page.set_viewport_size(PHONE)  # a code works once, so the same signed-in page narrows
    page.goto(f"{site}/clinician/patients/{gus.pk}/plan/")
    shoot(page, "tailor-clinician-390")

    patient = browser.new_context(viewport=PHONE).new_page()
    log_in(patient, site, "gus", PASSWORD)
    patient.goto(f"{site}/plan/")
    changes = patient.locator("#care-team")
    expect(changes).to_contain_text("Added Wall sit to your routine")
    expect(changes).to_contain_text("Dr Ines Park")
    expect(changes).to_contain_text("Why: Stronger thighs make stairs easier.")
    expect(changes).to_contain_text("would normally rule it out")
    expect(patient.locator(".today")).to_contain_text("Wall sit")
    shoot(patient, "tailor-patient-390")
    wide = browser.new_context(viewport=DESKTOP).new_page()
    log_in(wide, site, "gus", PASSWORD)
    wide.goto(f"{site}/plan/")
    shoot(wide, "tailor-patient-1280")


def test_the_tailor_page_and_the_changes_pass_axe(
    browser: Browser, site: str, people: tuple, axe_source: str
) -> None:
    """WCAG 2.1 A/AA on the clinician's page (after a refusal) and the patient's plan."""
    gus, ines, device = people
    with time_machine.travel(NOW):
        Tailoring.objects.create(
            user=gus, clinician=ines, clinician_name=ines.name, kind="note", reason="Well done"
        )
    page = clinician_page(browser, site, device, DESKTOP, bypass=True)
    page.goto(f"{site}/clinician/patients/{gus.pk}/plan/")
    note = page.locator("form", has=page.locator("#note-text"))
    note.locator("#note-text").fill("   ")  # passes "required", refused by the server
    note.get_by_role("button").click()
    expect(page.get_by_role("alert")).to_contain_text("write why")
    pages = [page]
    patient = browser.new_context(viewport=PHONE, bypass_csp=True).new_page()
    log_in(patient, site, "gus", PASSWORD)
    patient.goto(f"{site}/plan/")
    pages.append(patient)
    for checked in pages:
        checked.add_script_tag(content=axe_source)
        assert checked.evaluate(RUN_AXE, WCAG_TAGS) == [], checked.url
