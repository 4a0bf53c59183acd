"""The clinician's report JSON names each source of the plan once, with its citation, link and
DOI, as ``/api/plan`` does and the printed report lists them; the items still cite them by id."""

from __future__ import annotations

import pytest
import time_machine

from backcare.domain.content import references
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.exchange.conftest import NOW
from tests.intake_data import intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cy_client, ana, ana_linked):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        Preferences.objects.create(user=ana, minutes_per_day=15, equipment=["mat"])
        intake(ana)
        planning.rebuild_plan(ana)
        return cy_client.get(f"/api/clinician/patients/{ana.pk}/report").json()


def test_each_plan_source_is_given_once_in_full(report):
    plan = report["plan"]
    cited = list(dict.fromkeys(ref for item in plan["items"] for ref in item["references"]))
    assert cited, "the plan's items cite their sources by id, as before"
    known = references()
    assert plan["references"] == [
        {
            "id": ref,
            "citation": known[ref].citation,
            "url": known[ref].url,
            "doi": known[ref].doi or None,
        }
        for ref in cited
    ]
    assert any(ref["doi"] for ref in plan["references"])


def test_the_other_plan_fields_stay(report):
    assert {"created_at", "week", "status", "items", "stop_rules"} < set(report["plan"])
    for item in report["plan"]["items"]:
        assert set(item) == {"title", "dose", "grade", "references"}
