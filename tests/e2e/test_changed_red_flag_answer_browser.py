"""Mateus answered "not sure" to the bladder question at 19:36 (Toronto) and "no" a minute
later. His physiotherapist reads it under "Needs attention" on the list and his page, at
390 and 1280 px, marks it reviewed, and it leaves; the report's red-flag history gives each
row of that day its time and says the answer was changed. At 00:36 UTC it is already
8 December in UTC, still the evening of 7 December in Toronto.

Nadia answered "not sure" to the bladder question in her evening check-in on 7 December
and "no" in a back check the next evening: the check-in no longer stands on the list, so
the change is what her physiotherapist reads, with the diary's days in four-digit years."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.e2e

NOT_SURE_AT = datetime.datetime(2026, 12, 8, 0, 36, 10, tzinfo=datetime.UTC)
SHOTS = Path("/tmp/shots-clinician2")
LINE = (
    "New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec, America/Toronto)"
    " — not checked by a clinician"
)


CHECKIN_LINE = (
    "New bladder change: not sure in a check-in at 19:36 on 7 Dec, changed to no in a back"
    " check at 19:46 on 8 Dec (America/Toronto) — not checked by a clinician"
)


def signed_in(browser, site, clinician):  # type: ignore[no-untyped-def]
    """A page maker for ``clinician`` past both sign-in steps, and its contexts to close."""
    cookie = verify_second_factor(Client(), clinician).cookies["sessionid"].value
    contexts = []

    def page_at(width: int):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            viewport={"width": width, "height": 900}, service_workers="block"
        )
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
        contexts.append(context)
        return context.new_page()

    return page_at, contexts


@pytest.fixture
def mateus_shared(browser, site):  # type: ignore[no-untyped-def]
    """Phyllis's pages of Mateus, signed in past both steps: (page maker, his id)."""
    from backcare.assessments.intake import assess
    from backcare.domain.findings import red_flag_ids

    with time_machine.travel(NOT_SURE_AT, tick=True) as traveller:
        clinician = make_user("phyllis", role="clinician", display_name="Phyllis Physio")
        mateus = make_user(
            "mateus", display_name="Mateus Silva", time_zone="America/Toronto", year_of_birth=1988
        )
        link(clinician, mateus)
        answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "sudden_movement"}
        answers["stops_daily_activities"] = "yes"
        assess(mateus, {**answers, "bladder_change": "not_sure"})
        traveller.shift(datetime.timedelta(minutes=1))
        assess(mateus, answers)
        page_at, contexts = signed_in(browser, site, clinician)
        yield page_at, mateus.pk
        for context in contexts:
            context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_changed_answer_is_read_first_and_leaves_once_reviewed(mateus_shared, site, width):
    page_at, patient = mateus_shared
    page = page_at(width)
    SHOTS.mkdir(exist_ok=True)
    page.goto(site + "/clinician/")
    row = page.locator(".patient-row").first
    assert LINE in row.locator(".changed-answers").inner_text()
    assert "level-red" in (row.get_attribute("class") or "")
    page.screenshot(path=SHOTS / f"list-{width}.png", full_page=True)

    page.goto(f"{site}/clinician/patients/{patient}/")
    attention = page.locator("section.attention")
    assert LINE in attention.inner_text()
    box = attention.get_by_role("button", name="Mark as reviewed").bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    attention.screenshot(path=SHOTS / f"patient-attention-{width}.png")
    page.screenshot(path=SHOTS / f"patient-{width}.png")

    page.goto(f"{site}/clinician/patients/{patient}/report/")
    history = page.locator("table.alerts")
    assert "7 Dec 2026, 19:36" in history.inner_text()
    assert "7 Dec 2026, 19:37" in history.inner_text()
    assert "changed to no at 19:37 in the next back check" in history.inner_text()
    history.screenshot(path=SHOTS / f"report-history-{width}.png")
    if width == 1280:
        pdf = page.request.get(f"{site}/clinician/patients/{patient}/report.pdf")
        assert pdf.ok
        (SHOTS / "report.pdf").write_bytes(pdf.body())
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                SHOTS / "report.pdf",
                SHOTS / "report",
            ],
            check=True,
        )

    page.goto(f"{site}/clinician/patients/{patient}/")
    page.locator("section.attention").get_by_role("button", name="Mark as reviewed").click()
    page.wait_for_load_state()
    assert LINE not in page.locator("section.attention").inner_text()
    page.goto(site + "/clinician/")
    assert page.locator(".changed-answers").count() == 0


@pytest.fixture
def nadia_shared(browser, site):  # type: ignore[no-untyped-def]
    """Her check-in's "not sure" at 19:36 on 7 Dec, her back check's "no" at 19:46 on 8 Dec."""
    from backcare.assessments.intake import assess
    from backcare.diary.checkins import save_checkin
    from backcare.domain.findings import red_flag_ids

    with time_machine.travel(NOT_SURE_AT, tick=True) as traveller:
        clinician = make_user("phyllis", role="clinician", display_name="Phyllis Physio")
        nadia = make_user("nadia", display_name="Nadia Haddad", time_zone="America/Toronto")
        link(clinician, nadia)
        said = {"bladder_change": "not_sure"}
        save_checkin(nadia, {"day": "2026-12-07", "moment": "evening", "pain": 5, "safety": said})
        traveller.shift(datetime.timedelta(days=1, minutes=10))
        answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "sudden_movement"}
        assess(nadia, answers)
        page_at, contexts = signed_in(browser, site, clinician)
        yield page_at, nadia.pk
        for context in contexts:
            context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_check_ins_answer_changed_by_a_back_check_needs_attention(nadia_shared, site, width):
    page_at, patient = nadia_shared
    page = page_at(width)
    SHOTS.mkdir(exist_ok=True)
    page.goto(site + "/clinician/")
    row = page.locator(".patient-row").first
    assert CHECKIN_LINE in row.locator(".changed-answers").inner_text()
    assert "level-red" in (row.get_attribute("class") or "")
    page.screenshot(path=SHOTS / f"checkin-list-{width}.png", full_page=True)

    page.goto(f"{site}/clinician/patients/{patient}/")
    attention = page.locator("section.attention")
    assert CHECKIN_LINE in attention.inner_text()
    assert "Check-ins that advised care" in attention.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    attention.screenshot(path=SHOTS / f"checkin-patient-attention-{width}.png")
    diary = page.locator("table.history").last
    assert "7 Dec 2026" in diary.inner_text()
    diary.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"checkin-diary-{width}.png")

    page.goto(f"{site}/clinician/patients/{patient}/report/")
    history = page.locator("table.alerts")
    assert "changed to no at 19:46 on 8 Dec 2026 in the next back check" in history.inner_text()
    history.screenshot(path=SHOTS / f"checkin-report-history-{width}.png")
