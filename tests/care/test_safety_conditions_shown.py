"""A clinician sees every safety condition the plan applies, not only the intake's facts:
on the patient page, its API twin, the report page, PDF and report API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import Preferences

pytestmark = pytest.mark.django_db

TICKED = ["bleeding_risk", "recent_surgery", "reduced_sensation"]


@pytest.fixture
def ana_told_us(ana):  # type: ignore[no-untyped-def]
    """Pregnant by the intake, three conditions ticked later in the plan preferences."""
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual"}
    assess(ana, {**answers, "pregnant": "yes"})
    Preferences.objects.create(user=ana, pregnant=True, conditions=TICKED)
    planning.rebuild_plan(ana)
    assert set(planning.safety_reasons(ana)) == {"pregnancy", *TICKED}
    return ana


def section(html: str, heading: str) -> str:
    return " ".join(html.split(heading)[1].split("</section>")[0].split())


def test_the_patient_page_lists_each_condition_the_plan_applies_with_why(
    cy_client, ana_told_us, ana_linked
):
    html = cy_client.get(reverse("care:patient", args=[ana_told_us.pk])).content.decode()
    shown = section(html, "Safety conditions the plan applies")
    assert "not a diagnosis" in shown
    for name in ("Pregnancy", "A bleeding problem or blood thinners", "Recent surgery",
                 "Reduced feeling in the skin"):  # fmt: skip
        assert f"<strong>{name}</strong>" in shown
    assert "the person told backcare they are or could be pregnant" in shown
    assert "in their plan preferences" in shown  # where a ticked condition comes from


def test_the_patient_api_carries_standing_facts_and_conditions(cy_client, ana_told_us, ana_linked):
    data = cy_client.get(f"/api/clinician/patients/{ana_told_us.pk}").json()
    assert data["standing_facts"]["possible"] == ["pregnancy"]
    assert "heart disease" in data["standing_facts"]["unknown"]
    by_condition = {item["condition"]: item for item in data["safety_conditions"]}
    assert set(by_condition) == {"pregnancy", *TICKED}
    assert (
        by_condition["pregnancy"]["why"] == "the person told backcare they are or could be pregnant"
    )
    assert by_condition["bleeding_risk"]["name"] == "a bleeding problem or blood thinners"


def test_the_report_page_and_api_list_the_conditions(cy_client, ana_told_us, ana_linked):
    page = cy_client.get(reverse("care:patient_report", args=[ana_told_us.pk])).content.decode()
    shown = " ".join(page.split("Safety conditions the plan applies")[1].split("</p>")[0].split())
    for name in ("pregnancy", "recent surgery", "reduced feeling in the skin"):
        assert f"<strong>{name}</strong>" in shown
    report = cy_client.get(f"/api/clinician/patients/{ana_told_us.pk}/report").json()
    assert {item["condition"] for item in report["safety_conditions"]} == {"pregnancy", *TICKED}


def test_the_printed_report_names_the_conditions(ana_told_us):
    from django.template.loader import render_to_string

    from backcare.exchange.report import build_report
    from backcare.exchange.views import today_for

    report = build_report(ana_told_us, today_for(ana_told_us), identified=True)
    printed = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    assert "<strong>a bleeding problem or blood thinners</strong>" in printed  # as the PDF


def test_no_condition_says_so(cy_client, ana, ana_linked):
    html = cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode()
    assert "None: the plan holds nothing back" in section(html, "Safety conditions the plan")
