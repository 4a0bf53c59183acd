"""A person whose back check gave an urgent result told us a clinician has checked them: every
copy of their report (their own page, the clinician's, a share link, the PDF) says so in its
safety section, right after the triage, as honestly as the clinician's patient page does:
told by the person, the day told and the day of the check, what the clinician said, whether
the plan resumed gently or stays paused, the signs it covers, and that backcare has not seen
the clinician's own record. The triage level is never softened.

Failed before: the report showed the triage alone, with no word of the check.

Siobhán (71, osteoporosis, years of steroids, sudden pain) lives in Auckland: her back check
is on 16 June there, and she tells us on her 17 June that a clinician saw her on 16 June.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from backcare.exchange.sharing import create_link
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BACK_CHECK = datetime.fromisoformat("2026-06-15T20:00:00+00:00")  # 16 June in Auckland
TOLD = BACK_CHECK + timedelta(days=1)  # 17 June in Auckland
CHECKED_ON = date(2026, 6, 16)
SIGN = "It covers: Sudden pain with a raised risk of fracture."
RECORD = "The triage above stays as it was: backcare has not seen the clinician's own record."
OF_THEM = (
    "Clinician's check, told by the person: Told us on 17 Jun 2026 that a clinician checked "
    "them on 16 Jun 2026: "
)
TO_YOU = (
    "Clinician's check, told by you: You told us on 17 Jun 2026 that a clinician checked you "
    "on 16 Jun 2026: "
)


def text_of(page: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(BACK_CHECK, tick=False) as traveller:
        yield traveller


@pytest.fixture
def siobhan(frozen):  # type: ignore[no-untyped-def]
    person = make_user(
        "siobhan", display_name="Siobhán", year_of_birth=1955, time_zone="Pacific/Auckland"
    )
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    assess(person, answers)
    return person


def tell(person, frozen, answer: str = "self_care_fine") -> None:  # type: ignore[no-untyped-def]
    """She tells us, a day later, from her own page."""
    frozen.move_to(TOLD)
    client = Client()
    client.force_login(person)
    url = reverse("assessments:clinician_check", args=[Assessment.objects.get(user=person).pk])
    response = client.post(url, {"checked_on": CHECKED_ON.isoformat(), "answer": answer})
    assert response.status_code == 302


def safety_of(text: str) -> str:
    return text.split("Safety: triage and red flags")[1].split("Questionnaires")[0]


def own_page(person) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    response = client.get(reverse("exchange:report"))
    assert response.status_code == 200
    return safety_of(text_of(response.content.decode()))


def clinicians_page(person) -> str:  # type: ignore[no-untyped-def]
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    link(cy, person)
    client = verify_second_factor(Client(), cy)
    response = client.get(reverse("care:patient_report", args=[person.pk]))
    assert response.status_code == 200
    return safety_of(text_of(response.content.decode()))


def shared_page(person) -> str:  # type: ignore[no-untyped-def]
    new = create_link(person, days=7, label="GP", identified=False, now=TOLD)
    response = Client().get(reverse("exchange:shared_report", args=[new.token]))
    assert response.status_code == 200
    return safety_of(text_of(response.content.decode()))


def assert_beside_an_unchanged_triage(safety: str, told: str) -> None:
    assert "Current triage: Speak to a clinician today" in safety  # never softened
    assert safety.index("Current triage: Speak to a clinician today") < safety.index(told)
    assert safety.index(told) < safety.index("Intake:")  # right after the triage result
    assert SIGN in safety
    assert RECORD in safety


def test_the_clinicians_copy_says_what_was_told_beside_the_urgent_triage(siobhan, frozen):
    tell(siobhan, frozen)
    told = OF_THEM + "self-care and exercise are fine for them, and the plan resumed gently."
    assert_beside_an_unchanged_triage(clinicians_page(siobhan), told)


def test_a_share_link_without_the_name_says_it_too(siobhan, frozen):
    tell(siobhan, frozen)
    told = OF_THEM + "self-care and exercise are fine for them, and the plan resumed gently."
    assert_beside_an_unchanged_triage(shared_page(siobhan), told)


def test_the_persons_own_page_says_it_to_them(siobhan, frozen):
    tell(siobhan, frozen)
    told = TO_YOU + "self-care and exercise are fine for you, and your plan resumed gently."
    assert_beside_an_unchanged_triage(own_page(siobhan), told)


def test_other_advice_says_the_plan_stays_paused(siobhan, frozen):
    tell(siobhan, frozen, "other_advice")
    safety = clinicians_page(siobhan)
    said = "they asked them to wait or gave other advice, and the plan stays paused."
    assert_beside_an_unchanged_triage(safety, OF_THEM + said)
    assert "resumed gently" not in safety
    own = own_page(siobhan)
    assert TO_YOU + "they asked you to wait or gave you other advice, and your plan stays" in own


def test_a_sign_raised_since_the_check_keeps_the_plan_paused(siobhan, frozen):
    tell(siobhan, frozen)
    frozen.shift(timedelta(days=1))
    reason = {"rule_id": "new_weakness", "title": "New weakness", "level": "urgent"}
    CheckIn.objects.create(
        user=siobhan,
        day=date(2026, 6, 18),
        pain=6,
        safety_level="urgent",
        safety_result={"level": "urgent", "crisis": False, "reasons": [reason]},
    )
    safety = clinicians_page(siobhan)
    fine = "self-care and exercise are fine for them, but the plan stays paused"
    assert OF_THEM + fine in safety
    assert "resumed gently" not in safety


def test_the_pdf_says_it(siobhan, frozen, tmp_path: Path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    tell(siobhan, frozen)
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(build_report(siobhan, date(2026, 6, 17))))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    text = squeezed(out.stdout.decode().replace("\u2019", "'"))  # a line may break at a hyphen
    assert squeezed(OF_THEM + "self-care and exercise are fine for them, and the plan") in text
    assert squeezed(SIGN) in text
    assert squeezed(RECORD) in text


def squeezed(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def test_no_check_told_says_nothing_of_one(siobhan):
    with time_machine.travel(TOLD, tick=False):
        report = build_report(siobhan, date(2026, 6, 17), identified=True)
        assert report["told_check"] is None
        assert "Clinician's check" not in own_page(siobhan)
