"""Every place that shows relief per option shows the same figures, from the domain's
``relief_effect``: the insights page and its API, the person's report and its PDF, and the
clinician's report and its JSON. Each counts days (several ratings on one day are one day),
widens the interval for runs of good and bad days, and the report says the figures are one
person's (an N-of-1 estimate, not evidence for others)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from backcare.domain.insights import relief_effect
from backcare.progress.options import labels
from tests.care.conftest import link, verify_second_factor
from tests.exchange.conftest import TODAY
from tests.progress_data import log

pytestmark = pytest.mark.django_db
#: Twelve days of walking that drift up and down, rated morning and evening each day.
MORNINGS = [3, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4]
EVENINGS = [4, 3, 5, 5, 7, 7, 8, 9, 7, 6, 5, 4]
FIRST = TODAY - timedelta(days=len(MORNINGS) - 1)


@pytest.fixture
def rated(ana, frozen):  # type: ignore[no-untyped-def]
    """Walking on 12 days (24 ratings); warmth on 4 days, twice each (8 ratings)."""
    for offset, (morning, evening) in enumerate(zip(MORNINGS, EVENINGS, strict=True)):
        day = FIRST + timedelta(days=offset)
        extra = {"superficial-heat": 6} if offset < 4 else {}
        log(ana, day, 4, moment="morning", ratings={"walking-programme": morning, **extra})
        log(ana, day, 4, moment="evening", ratings={"walking-programme": evening, **extra})
    return ana


def expected():  # type: ignore[no-untyped-def]
    by_day: dict[date, list[int]] = {
        FIRST + timedelta(days=offset): [morning, evening]
        for offset, (morning, evening) in enumerate(zip(MORNINGS, EVENINGS, strict=True))
    }
    return relief_effect("walking-programme", by_day, labels())


def printed(effect, dash: str = " to ") -> str:  # type: ignore[no-untyped-def]
    return f"{effect.ci_low:.1f}{dash}{effect.ci_high:.1f}"


def test_the_insights_page_and_api_count_days_and_widen_for_runs(ana_client, rated):
    effect = expected()
    assert (effect.n, effect.ratings) == (12, 24)
    assert effect.autocorrelation > 0.5  # a drifting fortnight: the interval is widened
    page = ana_client.get(reverse("progress:insights")).content.decode()
    row = page.split('<th scope="row">Progressive walking</th>')[1].split("</tr>")[0]
    assert '<td data-label="Days rated">12</td>' in row
    assert printed(effect) in row
    assert "Warmth on the sore area: 4 days rated so far, 1 more needed." in page
    assert "12 days rated, 24 ratings" in page
    body = ana_client.get("/api/insights").json()
    (walking,) = body["effects"]
    assert (walking["n"], walking["ratings"], body["min_days"]) == (12, 24, 5)
    assert (walking["ci_low"], walking["ci_high"]) == pytest.approx((effect.ci_low, effect.ci_high))
    assert walking["autocorrelation"] == pytest.approx(effect.autocorrelation)
    assert body["pending"] == [
        {"item": "superficial-heat", "label": "Warmth on the sore area", "n": 4, "needed": 1}
    ]


def test_the_report_and_the_clinicians_copies_show_the_same_interval(ana_client, cy, rated):
    effect = expected()
    link(cy, rated)
    clinician = verify_second_factor(Client(), cy)
    for html in (
        ana_client.get("/report/").content.decode(),
        clinician.get(f"/clinician/patients/{rated.pk}/report/").content.decode(),
    ):
        helps = html[html.index('id="helps-h"') :]
        assert re.search(
            rf"<th scope=\"row\">Progressive walking</th><td>{effect.mean:.1f}</td>"
            rf"<td>{re.escape(printed(effect, '–'))}</td><td>12</td>",
            helps,
        )
        assert "Days rated" in helps
        assert "An N-of-1 estimate from this one person's own ratings" in helps
        assert "not evidence for anyone else" in helps
    (walking,) = clinician.get(f"/api/clinician/patients/{rated.pk}/report").json()["helps"]
    assert (walking["days"], walking["ratings"]) == (12, 24)
    assert (walking["ci_low"], walking["ci_high"]) == pytest.approx((effect.ci_low, effect.ci_high))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_the_pdf_shows_the_same_interval(ana_client, rated, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(ana_client.get("/report/pdf/").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert printed(expected(), "–") in text
    assert "N-of-1" in text
