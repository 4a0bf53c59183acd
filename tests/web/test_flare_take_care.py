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


def calm(page: str) -> str:
    """The breathing and the positions of ease, before the person's own flare routine."""
    return page.split('id="flare-title"')[0]


def test_breathing_and_positions_carry_this_persons_cautions_only(ana_client, ana):
    """After an operation, slow breathing says to ask how deep to breathe (it said nothing);
    a person who is not pregnant is not read the pregnancy note on lying on their back."""
    Preferences.objects.create(user=ana, conditions=["recent_surgery"])
    page = calm(ana_client.get(PAGE).content.decode())
    surgery = "ask your surgeon or physio how deep to breathe"
    assert page.index("Breathe with me") < page.index(surgery) < page.index("Positions that ease")
    assert "From the middle of pregnancy" not in page


def test_a_pregnant_person_reads_the_position_note_as_theirs(ana_client, ana):
    Preferences.objects.create(user=ana, pregnant=True)
    page = calm(ana_client.get(PAGE).content.decode())
    position = page.split("<h3>Back sleeping with a pillow under the knees</h3>")[1]
    note = position.split("</p>")[0]
    assert "<strong>Take care:</strong> You told us you are or could be pregnant" in note
    assert "From the middle of pregnancy, sleeping on your side is advised" in note
    assert "how deep to breathe" not in page
