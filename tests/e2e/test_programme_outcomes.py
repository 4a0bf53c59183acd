"""Programme outcomes in a real browser, at phone and desktop width, for a programme lead.

Screenshots go to tests/e2e/artifacts/ (outcomes-*.png)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.e2e.test_accessibility import RUN_AXE, WCAG_TAGS

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 900}}


def month_start(months_back: int) -> date:
    """The first day of the month ``months_back`` before this one (the browser keeps real
    time, so the cohort is placed in whole months relative to it)."""
    first = timezone.now().date().replace(day=1)
    for _ in range(months_back):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def lead_session() -> str:
    """A cohort of 24 members enrolled in three whole months, eight a month, long enough ago
    for every 12-week window to be over; Dr Cy follows the first month's eight, so neither
    his cohort nor what it leaves out holds fewer than five of a month. A lead signed in
    with two factors."""
    from backcare.assessments.models import Assessment
    from backcare.outcomes.access import set_lead
    from backcare.questionnaires.models import InstrumentResponse
    from tests.outcomes.conftest import add_member

    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    for n in range(24):
        enrolled = month_start(9 - n // 8) + timedelta(days=n % 8)
        follow_up = {80: 2 + n % 4} if n % 3 else {30: 5}  # a third carried forward
        pains = {0: 6 + n % 3, 3: 6, 10: 5, 25: 4, 52: 3, **follow_up}
        if n % 8 == 7:
            pains = {0: 7}  # missing: nothing after the first week
        member = add_member(f"m{n:02d}", enrolled, pains)
        if n < 8:
            link(cy, member)
        level = "urgent" if n < 7 else "soon" if n < 10 else "self_care" if n < 22 else None
        if level:
            Assessment.objects.create(user=member, findings={}, result={}, level=level)
        for offset, total in ((0, 12 + n % 5), (84, 8 + n % 4)):
            InstrumentResponse.objects.create(
                user=member, instrument="rmdq", answers={}, total=total,
                taken_at=datetime.combine(enrolled + timedelta(days=offset), time(12), UTC),
            )  # fmt: skip
    lead = make_user("lea", role="clinician", display_name="Dr Lea")
    set_lead(lead, True)
    return verify_second_factor(Client(), lead).cookies["sessionid"].value


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_reads_outcomes_with_the_natural_course_beside_the_pain_figures(
    browser: Browser, site: str, width: str, axe_source: str
) -> None:
    cookie = {"name": "sessionid", "value": lead_session(), "url": site}
    context = browser.new_context(viewport=WIDTHS[width], bypass_csp=True)  # type: ignore[arg-type]
    context.add_cookies([cookie])  # type: ignore[list-item]
    page = context.new_page()
    page.goto(f"{site}/clinician/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme outcomes")
    expect(page.get_by_role("link", name="Outcomes")).to_have_attribute("aria-current", "page")
    context_box = page.get_by_role("complementary", name="Read this first")
    expect(context_box).to_contain_text("52 to 23 out of 100")
    expect(context_box.get_by_role("link", name="22586331")).to_be_visible()
    expect(page.locator(".denominator").first).to_contain_text("24 with the 12-week window over")
    shoot(page, f"outcomes-all-{width}")
    page.add_script_tag(content=axe_source)
    assert not page.evaluate(RUN_AXE, WCAG_TAGS)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTHS[width]["width"], "the page scrolls sideways"

    page.get_by_label("Cohort").select_option(label="Members linked to Dr Cy")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("Members linked to Dr Cy, enrolled")).to_be_visible()
    shoot(page, f"outcomes-linked-{width}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0]["section"] == "cohort"
    assert rows[0]["n"] == "8"
    context.close()


def test_a_patient_is_refused(page: Page, site: str) -> None:
    patient = Client()
    patient.force_login(make_user("pat"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": patient.cookies["sessionid"].value, "url": site}]
    )
    response = page.goto(f"{site}/clinician/outcomes/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is for programme leads")
