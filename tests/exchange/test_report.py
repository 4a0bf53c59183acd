"""The clinician report: the page, the PDF rendered to images, and whose data it shows."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcare.exchange.fhir_export import pseudonym
from tests.exchange.conftest import seed_patient

pytestmark = pytest.mark.django_db
ARTIFACTS = Path("/tmp/bc-exchange-report")


def test_it_needs_a_login(client, db):
    for url in ("/report/", "/report/pdf/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_page_shows_every_section(ana_client, ana, frozen):
    seed_patient(ana)
    html = ana_client.get("/report/").content.decode()
    for heading in (
        "Safety: triage and red flags",
        "Questionnaires",
        "Pain, stiffness and stress",
        "Flares and diary adherence",
        "What helps",
        "Current self-care plan",
    ):
        assert heading in html
    assert "Current triage: Self-care with a plan" in html
    assert "New leg weakness" in html  # the check-in red flag is in the history
    assert "check-in of" not in html  # that check-in came before the assessment
    assert html.count('<svg class="chart') == 3
    helps = html[html.index("What helps") :]
    assert re.search(r"<td>6\.0</td><td>6\.0–6\.0</td><td>56</td>", helps)  # walking, always 6


def test_a_person_without_data_gets_a_short_honest_report(ana_client, ana, frozen):
    html = ana_client.get("/report/").content.decode()
    assert "No assessment completed: red flags have not been checked" in html
    assert "No questionnaires taken yet." in html
    assert "No plan built yet" in html
    assert ana_client.get("/report/pdf/").content.startswith(b"%PDF-")


def test_it_is_pseudonymous_unless_asked(ana_client, ana, frozen):
    seed_patient(ana)
    html = ana_client.get("/report/").content.decode()
    assert pseudonym(ana) in html
    assert "Ana" not in re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    named = ana_client.get("/report/?identified=1").content.decode()
    assert "<strong>Ana</strong>" in named


def test_questionnaire_change_is_marked_meaningful(ana_client, ana, frozen):
    seed_patient(ana)
    html = ana_client.get("/report/").content.decode()
    phq9 = html[html.index("PHQ-9") :][:900]
    assert "down 5 points" in phq9  # 7 -> 2: the PHQ-9 threshold is 5 points
    assert "Meaningful improvement" in phq9
    assert 'class="mark meaningful"' in phq9


def test_plan_items_carry_their_evidence_grade(ana_client, ana, frozen):
    seed_patient(ana)
    html = ana_client.get("/report/").content.decode()
    plan = html[html.index("Current self-care plan") :]
    row = (
        r'<tr><th scope="row">(.*?)</th><td data-label="Dose">.*?</td>'
        r'<td data-label="Evidence">(.*?)</td></tr>'
    )
    rows = re.findall(row, plan)
    assert rows
    grades = {"strong", "moderate", "low", "very low"}
    assert all(any(cell.startswith(g) for g in grades) and "ref. " in cell for _, cell in rows)
    assert '<h2 id="plan-h">' in html
    assert "References</h3>" in plan


def test_it_shows_only_the_persons_own_data(ana_client, ana, bo, frozen):
    seed_patient(bo, pain_base=9)
    html = ana_client.get("/report/").content.decode()
    assert pseudonym(bo) not in html
    assert "New leg weakness" not in html
    assert "No questionnaires taken yet." in html


def add_alerts_and_flares(user, count: int) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from backcare.diary.models import SpasmEpisode
    from tests.exchange.conftest import NOW, TODAY
    from tests.progress_data import log

    result = {"reasons": [{"title": "Numbness or tingling in a leg"}, {"title": "Fever"}]}
    for back in range(count):
        day = TODAY - timedelta(days=60 + back)
        log(user, day, 8, moment="midday", safety_level="soon", safety_result=result)
        start = NOW - timedelta(days=30 + 3 * back)
        SpasmEpisode.objects.create(
            user=user, started_at=start, ended_at=start + timedelta(hours=30), severity=6,
            trigger="twisting",
        )  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")
def test_the_pdf_has_one_to_three_non_blank_a4_pages(ana_client, ana, frozen, tmp_path):
    """Even at the most each section shows: ten alerts, six flares, a full plan."""
    from PIL import Image

    seed_patient(ana)
    add_alerts_and_flares(ana, 12)
    response = ana_client.get("/report/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert 1 <= len(pages) <= 3
    for page in pages:
        image = Image.open(page).convert("L")
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
        dark = sum(image.histogram()[:200])  # pixels darker than light grey
        assert dark / (width * height) > 0.01, f"{page.name} is blank"
    ARTIFACTS.mkdir(exist_ok=True)
    for page in pages:
        shutil.copy(page, ARTIFACTS / page.name)


def test_standing_risk_facts_from_the_intake_are_listed(ana_client, ana, frozen):
    from backcare.assessments.intake import assess
    from tests.exchange.conftest import red_flag_free_intake

    assess(ana, {**red_flag_free_intake(), "cancer_history": "yes", "age": 58})
    html = ana_client.get("/report/").content.decode()
    assert "questions answered, yes or not sure to <strong>Cancer now or in the past" in html


def test_the_report_carries_the_clinical_context_with_later_answers(ana_client, ana, frozen):
    """The same context every decision uses: intake facts, then the plan page's answers."""
    from backcare.assessments.intake import assess
    from backcare.plans.models import Preferences
    from tests.exchange.conftest import red_flag_free_intake

    assess(ana, {**red_flag_free_intake(), "long_term_steroids": "not_sure"})
    html = ana_client.get("/report/").content.decode()
    facts = html.split("Standing facts that change what is safe")[1].split("</p>")[0]
    assert "long-term steroid use (not sure)" in facts
    assert "heart disease, high blood pressure" in facts.split("Not yet asked: ")[1]
    Preferences.objects.update_or_create(user=ana, defaults={"conditions": ["heart_disease"]})
    facts = ana_client.get("/report/").content.decode().split("Standing facts")[1]
    assert "heart disease" in facts.split("Not yet asked")[0]


def test_a_repeated_alert_takes_one_row_with_its_days(ana_client, ana, frozen):
    """Twelve days running of the same answer: one row, every day in a run, and the count;
    the urgent answer keeps its own row."""
    seed_patient(ana)
    add_alerts_and_flares(ana, 12)
    html = ana_client.get("/report/").content.decode()
    history = html[html.index("Red-flag history") : html.index("</table>", html.index("Red-flag"))]
    assert "Red-flag history (intake and check-ins that advised care): 13, most urgent" in history
    assert history.count("<tr class=") == 2
    assert '<td data-label="When">8–19 Jan 2026</td><td data-label="From">Check-in ×12</td>' in (
        history
    )
    assert "New leg weakness" in history


def test_a_red_flag_after_the_assessment_is_the_current_triage(ana_client, ana, frozen):
    from datetime import timedelta

    from backcare.diary.models import CheckIn
    from tests.exchange.conftest import NOW, TODAY

    seed_patient(ana)
    result = {"reasons": [{"title": "Numbness around genitals"}]}
    CheckIn.objects.create(
        user=ana, day=TODAY, moment="other", recorded_at=NOW + timedelta(minutes=30), pain=5,
        safety_level="emergency", safety_result=result,
    )  # fmt: skip
    html = ana_client.get("/report/").content.decode()
    safety = html[html.index("Safety: triage") : html.index("Red-flag history")]
    assert "Current triage: Emergency</strong> (check-in of 20 Mar 2026)" in safety
    assert "Numbness around genitals" in safety


@pytest.mark.parametrize(
    ("recorded_utc_hour", "shown"),
    [
        (15, True),  # 08:00 in Los Angeles on the assessment's day (11:00 there)
        (5, False),  # 22:00 the evening before in Los Angeles, though the same day in UTC
    ],
)
def test_a_red_flag_check_in_dated_earlier_the_same_day_is_still_the_current_triage(
    ana_client, ana, frozen, recorded_utc_hour, shown
):
    """A check-in is dated to its part of the day: a morning check-in logged in the evening
    must not be hidden by a calm assessment made at midday. The day is the person's own."""
    from backcare.diary.models import CheckIn
    from tests.exchange.conftest import NOW

    seed_patient(ana)
    ana.time_zone = "America/Los_Angeles"
    ana.save(update_fields=["time_zone"])
    recorded = NOW.replace(hour=recorded_utc_hour)
    assert recorded < NOW  # dated before the assessment, which was made at NOW
    CheckIn.objects.create(
        user=ana, day=recorded.astimezone(ZoneInfo(ana.time_zone)).date(), moment="morning",
        recorded_at=recorded, pain=5, safety_level="emergency",
        safety_result={"reasons": [{"title": "Numbness around genitals"}]},
    )  # fmt: skip
    html = ana_client.get("/report/").content.decode()
    safety = html[html.index("Safety: triage") : html.index("Red-flag history")]
    assert ("Current triage: Emergency" in safety) is shown
    assert "Numbness around genitals" in html  # always in the red-flag history


def test_a_later_calmer_check_in_does_not_soften_the_current_triage(ana_client, ana, frozen):
    from datetime import timedelta

    from backcare.diary.models import CheckIn
    from tests.exchange.conftest import NOW, TODAY

    seed_patient(ana)
    for minutes, level, title in (
        (30, "emergency", "Numbness around genitals"),
        (90, "soon", "Tingling"),
    ):
        CheckIn.objects.create(
            user=ana, day=TODAY, moment="other", recorded_at=NOW + timedelta(minutes=minutes),
            pain=5, safety_level=level, safety_result={"reasons": [{"title": title}]},
        )  # fmt: skip
    html = ana_client.get("/report/").content.decode()
    safety = html[html.index("Safety: triage") : html.index("Red-flag history")]
    assert "Current triage: Emergency" in safety
    assert "Numbness around genitals" in safety
