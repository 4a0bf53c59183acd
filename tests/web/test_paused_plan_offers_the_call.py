"""A plan paused for an emergency offers the call at once, as the result page does; a plan
paused for less urgent care, and the printed plan, do not."""

from __future__ import annotations

from django.urls import reverse

from tests.intake_data import intake


def test_an_emergency_pause_offers_the_call(ana_client, ana):
    intake(ana, bladder_change="yes")
    html = ana_client.get(reverse("plans:plan")).content.decode()
    assert "Your plan is paused" in html
    assert 'class="button call-button" href="tel:' in html
    assert "builds up week by week" not in html
    printed = ana_client.get(reverse("plans:print")).content.decode()
    assert "call-button" not in printed


def test_a_pause_for_care_within_days_has_no_call_button(ana_client, ana):
    intake(ana, fever="yes")
    html = ana_client.get(reverse("plans:plan")).content.decode()
    assert "Your plan is paused" in html
    assert "call-button" not in html


def test_a_running_plan_has_no_call_button(ana_client, ana):
    intake(ana)
    html = ana_client.get(reverse("plans:plan")).content.decode()
    assert "call-button" not in html
    assert "builds up week by week" in html
