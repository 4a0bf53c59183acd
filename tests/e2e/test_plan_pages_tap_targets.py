"""The plan's own pages on a phone (390 px): every tick box and choice on the preferences
page is a 44 px row, the "What about…?" entries fold to their names, and the stand-alone
"back" links are 44 px to tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_user
from tests.e2e.helpers import too_small

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(phone_as) -> Page:  # type: ignore[no-untyped-def]
    return phone_as(make_user("uma", display_name="Uma"))


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/plan/preferences/", "main fieldset label[for]"),
        ("/plan/preferences/", "main label[for=id_pregnant]"),
        ("/plan/preferences/", "main .back-link a"),
        ("/plan/what-about/", "main .info-item summary"),
        ("/plan/what-about/", "main .back-link a"),
        ("/plan/progress/", "main .back-link a"),
        ("/exercises/cat-cow/", "main .back-link a"),
    ],
)
def test_each_control_is_44_px_to_tap(phone, site, path, selector) -> None:  # type: ignore[no-untyped-def]
    phone.goto(site + path)
    assert too_small(phone, selector) == []


def test_what_about_folds_each_entry_to_its_name_and_grade(phone, site) -> None:  # type: ignore[no-untyped-def]
    phone.goto(site + "/plan/what-about/")
    tens = phone.locator("article[data-slug=tens]")
    statement = tens.get_by_text("NICE advises against offering TENS")
    entry = tens.locator("details > summary").first
    expect(entry).to_contain_text("Evidence: against")
    expect(statement).to_be_hidden()
    entry.click()
    expect(statement).to_be_visible()
