"""The plan's status in the report: said of the person in the clinician's copy, to them in
their own.

Sam, 16, has had back pain for 6 weeks that is worse bending backwards and with sport; his
plan is gentle because his answers suggest seeing a clinician within days. His clinician's
copy says "because their answers suggest ...", as the clinician's Tailor page does; his own
report keeps "your answers".

Failed before: the clinician's copy said "because your answers suggest ...", which reads as
said of the clinician.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.plans import planning
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.exchange.test_report_known_condition import plan_part, text_of
from tests.web.test_services_by_place import full

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}


@time_machine.travel(NOW, tick=False)
def test_the_clinicians_copy_says_the_status_of_him_and_his_own_to_him() -> None:
    sam = make_user("sam", year_of_birth=2010, time_zone="Europe/Dublin")
    assess(sam, full(**SAM))
    planning.current_plan(sam)
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    link(cy, sam)
    clinician = verify_second_factor(Client(), cy)
    theirs = plan_part(
        text_of(clinician.get(reverse("care:patient_report", args=[sam.pk])).content.decode())
    )
    assert "A gentle plan, because their answers suggest seeing a clinician" in theirs
    assert "your answers" not in theirs
    own = Client()
    own.force_login(sam)
    his = plan_part(text_of(own.get(reverse("exchange:report")).content.decode()))
    assert "A gentle plan, because your answers suggest seeing a clinician" in his
