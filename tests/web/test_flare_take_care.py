"""Flare help carries the plan's "Take care" notes for each item, as the guided session's
step does, on the page and in /api/episodes."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.diary.models import SpasmEpisode
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import Preferences, ToolboxPin

PAGE = reverse("diary:episodes")


def flare(user) -> None:  # type: ignore[no-untyped-def]
    SpasmEpisode.objects.create(user=user, started_at=timezone.now() - timedelta(hours=2))


def test_a_pregnant_persons_flare_items_carry_the_plans_notes(ana_client, ana):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 30, "onset": "gradual"}
    assess(ana, {**answers, "pregnant": "yes"})
    items = planning.current_plan(ana).body["flare_protocol"]["items"]
    noted = {i["slug"]: i["cautions"] for i in items if i.get("cautions")}
    assert {"glute-squeeze", "superficial-heat"} <= set(noted)
    flare(ana)
    page = ana_client.get(PAGE).content.decode()
    for notes in noted.values():
        assert escape(" ".join(notes)) in page
    assert "<strong>Take care:</strong>" in page
    api = {i["slug"]: i for i in ana_client.get("/api/episodes").json()["flare"]["items"]}
    assert {slug: api[slug]["cautions"] for slug in noted} == noted


def test_without_a_plan_a_pinned_exercise_carries_the_ticked_conditions_notes(ana_client, ana):
    Preferences.objects.create(user=ana, conditions=["recent_surgery"])
    ToolboxPin.objects.create(user=ana, exercise="knee-rocking")
    flare(ana)
    page = ana_client.get(PAGE).content.decode()
    assert "ask your surgeon or physio first; twisting may need to wait." in page
    [item] = ana_client.get("/api/episodes").json()["flare"]["items"]
    assert item["slug"] == "knee-rocking"
    assert any("twisting may need to wait" in note for note in item["cautions"])


def test_items_without_notes_have_an_empty_list(ana_client, ana):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 30, "onset": "gradual"}
    assess(ana, answers)
    planning.current_plan(ana)
    flare(ana)
    items = ana_client.get("/api/episodes").json()["flare"]["items"]
    assert items
    assert all(item["cautions"] == [] for item in items)
