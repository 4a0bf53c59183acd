"""Sam (16, back worse bending backwards) on a 390 px phone after Dr Cy put cat-cow back with
an override: his plan's "Held back for your safety" no longer names cat-cow (it is in his
routine) but still names the other arching moves; cat-cow's page and its library card say Dr
Cy added it back, with no "Not for you now"; its "Take care" line in his routine says Dr Cy
added it back, not the hold's note; and Dr Cy's Tailor page, on a phone too, gives the held
moves' reasons in the content's clinician wording ("Held back because it can arch the
back ..."), not his sentence with "your" turned into "their"."""

from __future__ import annotations

import pytest

from backcare.assessments.intake import assess
from backcare.care import linking
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning, tailoring
from backcare.plans.models import Preferences
from tests.conftest import make_user

pytestmark = pytest.mark.e2e

SAM = {
    **dict.fromkeys(red_flag_ids(), "no"),
    "age": 16,
    "onset": "gradual",
    "onset_days_ago": 42,
    "triggers": ["back_arching", "exercise"],
}
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]


@pytest.fixture
def sam(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user("sam", display_name="Sam", year_of_birth=2010, time_zone="Europe/Dublin")
    Preferences.objects.create(user=person, minutes_per_day=15, equipment=KIT)
    assess(person, SAM)
    planning.current_plan(person)
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    linking.accept_invitation(linking.create_invitation(cy), person)
    change = tailoring.Request(
        kind="add",
        exercise="cat-cow",
        reason="Gentle arching is fine now",
        override=True,
        override_reason="I examined his back: no stress injury",
    )
    tailoring.add(cy, person, change)
    return person


def test_his_plan_holds_back_the_other_arching_moves_only(phone_as, site, sam) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(sam)
    phone.goto(f"{site}/plan/")
    held = phone.locator("details.section-held-back > summary").inner_text()
    assert "Cat-cow" not in held
    assert "Standing hip-flexor stretch" in held


def test_cat_cows_page_and_card_say_dr_cy_added_it_back(phone_as, site, sam) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(sam)
    phone.goto(f"{site}/exercises/cat-cow/")
    note = phone.locator(".for-you").first
    assert note.inner_text().startswith("Dr Cy, your clinician, added this back to your plan")
    assert note.is_visible()
    assert phone.locator(".for-you.held-back").count() == 0
    phone.goto(f"{site}/exercises/")
    card = phone.locator('li.exercise-card[data-slug="cat-cow"]')
    assert card.locator(".for-you.held-back").count() == 0
    assert "Dr Cy, your clinician, added this back" in (card.text_content() or "")


def test_cat_cows_take_care_line_says_dr_cy_added_it_back(phone_as, site, sam) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(sam)
    phone.goto(f"{site}/plan/")
    care = phone.locator('li[data-slug="cat-cow"] .cautions').first
    care.scroll_into_view_if_needed()
    assert care.is_visible()
    said = care.inner_text()
    assert said.startswith("Take care: Dr Cy, your clinician, added this back to your plan")
    assert "Left out for now" not in said


def test_dr_cys_tailor_page_gives_the_held_reasons_in_a_clinicians_words(
    browser, site, sam
) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from backcare.accounts.models import User
    from tests.care.conftest import verify_second_factor

    cy = User.objects.get(username="cy")
    cookie = verify_second_factor(Client(), cy).cookies["sessionid"].value
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
    page = context.new_page()
    page.goto(f"{site}/clinician/patients/{sam.pk}/plan/")
    ruled = page.locator("details.tailor-ruled-out")
    text = ruled.inner_text()
    assert (
        "Standing hip-flexor stretch: Back pain worse bending backwards: Held back because it"
        in text
    )
    assert "can arch their back" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
