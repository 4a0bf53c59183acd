"""The site's footer on a phone (390 px) is two short lines that keep the emergency number
and the warning signs on every page, and the bottom tab bar never covers them; on a wide
screen it is one line."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

PAGES = ["/home/", "/diary/", "/dashboard/", "/plan/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_footer_is_short_and_clear_of_the_tab_bar(phone_as, site, fay, path) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(fay)
    phone.goto(site + path)
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = phone.locator("footer.site-footer")
    assert "In an emergency, call" in footer.inner_text()
    text = footer.locator("p").bounding_box()
    assert text is not None
    assert text["height"] <= 2 * 26, "two short lines"
    box = footer.bounding_box()
    assert box is not None
    assert box["height"] <= 125, f"the footer takes {box['height']} px"
    bar = phone.locator("nav.tabs").bounding_box()
    assert bar is not None
    links = [footer.locator("a[href^='tel:']"), footer.get_by_role("link", name="Warning signs")]
    for link in links:
        seen = link.bounding_box()
        assert seen is not None
        assert seen["y"] + seen["height"] <= bar["y"], link.inner_text()


def test_on_a_wide_screen_it_is_one_line(phone_as, site, fay) -> None:  # type: ignore[no-untyped-def]
    wide = phone_as(fay)
    wide.set_viewport_size({"width": 1280, "height": 900})
    wide.goto(site + "/plan/")
    text = wide.locator("footer.site-footer p").bounding_box()
    assert text is not None
    assert text["height"] <= 30
