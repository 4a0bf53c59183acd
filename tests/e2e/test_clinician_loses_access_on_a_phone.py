"""On a phone between patients: a nameless patient gives the name their clinician will see
as they agree to share, and a clinician whose patient stopped sharing, sending a change from
a page left open, reads in the clinician's own page that it was not saved, with their tabs."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.care.conftest import verify_second_factor
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import too_small

pytestmark = pytest.mark.e2e

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_a_nameless_patient_names_themselves_as_they_share(phone_as, site: str) -> None:
    from backcare.care import linking

    clinician = make_user("cyra", role="clinician", display_name="Pat Morgan")
    sam = make_user("sam")  # the sign-up form asks no name
    invitation = linking.create_invitation(clinician)
    page = phone_as(sam)
    page.goto(f"{site}/care/join/{invitation.code}/")
    field = page.get_by_label("Your name, as Pat Morgan will see it")
    expect(field).to_be_visible()
    assert not too_small(page, "main input[name=display_name], main button")
    page.get_by_role("button", name="Share my diary").click()
    expect(page.get_by_role("alert")).to_contain_text("Write the name Pat Morgan knows you by")
    assert page.get_by_role("alert").bounding_box()["y"] < PHONE["height"]  # seen at once
    page.get_by_label("Your name, as Pat Morgan will see it").fill("Sam Jones")
    page.get_by_role("button", name="Share my diary").click()
    expect(page.get_by_text("Pat Morgan can now see your diary.")).to_be_visible()
    sam.refresh_from_db()
    assert sam.display_name == "Sam Jones"


def test_a_change_sent_after_the_patient_stopped_sharing_says_it_was_not_saved(
    browser: Browser, site: str
) -> None:
    from backcare.care import linking
    from backcare.plans.models import Tailoring

    clinician = make_user("cyra", role="clinician", display_name="Pat Morgan")
    ana = make_user("ana", display_name="Ana")
    link = linking.accept_invitation(linking.create_invitation(clinician), ana)
    cookie = verify_second_factor(Client(), clinician).cookies["sessionid"].value
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
    page = context.new_page()
    page.goto(f"{site}/clinician/patients/{ana.pk}/plan/")
    page.get_by_label("Note to Ana").fill("Keep walking every day.")
    linking.revoke(link)  # meanwhile, on Ana's phone
    page.get_by_role("button", name="Leave the note").click()

    expect(
        page.get_by_role("heading", name="This patient's record is not open to you")
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text("What you just sent was not saved or sent.")
    expect(page.get_by_role("link", name="Invite", exact=True)).to_be_visible()  # their tabs
    expect(page.get_by_role("link", name="Today")).to_have_count(0)  # not the patient's
    assert "Ana" not in page.locator("main").inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    assert not too_small(page, "main a.button")
    assert not Tailoring.objects.exists()
    context.close()
