"""The plan's "When to stop and get help" leads with the warning signs the person's own
answers make more urgent, on the page, in print and in the API."""

from __future__ import annotations

from django.urls import reverse

from backcare.domain.personal_warnings import PREFIX
from tests.intake_data import intake


def test_a_cancer_history_leads_the_stop_rules_with_an_emergency(ana_client, ana):
    intake(ana, cancer_history="yes")
    stop_rules = ana_client.get("/api/plan").json()["plan"]["stop_rules"]
    first = stop_rules[0]
    assert first["level"] == "emergency"
    assert first["text"].startswith(PREFIX + "Back pain with numbness, weakness")
    assert "nice-ng234" in first["references"]
    for page in ("plans:plan", "plans:print"):
        html = ana_client.get(reverse(page)).content.decode()
        assert html.index(PREFIX) < html.index("Call your emergency number now if you get")


def test_without_risk_factors_the_stop_rules_are_everyones(ana_client, ana):
    intake(ana)
    stop_rules = ana_client.get("/api/plan").json()["plan"]["stop_rules"]
    assert not any(rule["text"].startswith(PREFIX) for rule in stop_rules)
