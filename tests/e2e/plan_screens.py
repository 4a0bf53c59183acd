"""What every plan at 390 px keeps, however it is shortened: every warning sign in sight
without a click, and the moves held back named on one folded line whose reasons open under
it."""

from __future__ import annotations

from playwright.sync_api import Page


def assert_signs_in_sight_and_held_moves_folded(phone: Page, held: list[str]) -> None:
    signs = phone.locator("section.stop-rules li.stop-rule")
    assert signs.count() >= 5
    for n in range(signs.count()):
        assert signs.nth(n).is_visible(), signs.nth(n).inner_text()
    fold = phone.locator("details.section-held-back")
    assert fold.get_attribute("open") is None
    summary = fold.locator("> summary").inner_text()
    for name in held:
        assert name in summary
        assert not fold.locator("li", has_text=f"{name}:").is_visible()
    fold.locator("> summary").click()
    for name in held:
        assert fold.locator("li", has_text=f"{name}:").is_visible()
