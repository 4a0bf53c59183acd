"""The library, an exercise's page and the toolbox say what the plan already does: an
exercise the person's safety conditions rule out is marked, cannot be pinned, and its
adaptations for them are shown."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.domain.exercises import exercises
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning, toolbox
from backcare.plans.library import for_you
from backcare.plans.models import Preferences, ToolboxPin

PREGNANT = "you told us you are or could be pregnant"


def pregnant_by_intake(user):  # type: ignore[no-untyped-def]
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual"}
    assess(user, {**answers, "pregnant": "yes"})


def held_back_cards(html: str) -> list[str]:
    cards = re.findall(r'data-slug="([^"]+)">(.*?)</li>', html, re.S)
    return sorted(slug for slug, body in cards if "Not for you now:" in body)


def to_avoid(condition: str) -> list[str]:
    return sorted(
        slug
        for slug, ex in exercises().items()
        if any(c.condition == condition and c.action == "avoid" for c in ex.cautions)
    )


def test_a_visitor_sees_the_library_unmarked(client, db):
    html = client.get("/exercises/").content.decode()
    assert held_back_cards(html) == []
    assert "Adapt it for you" not in html
    assert "Marked for you" not in html


def test_pregnancy_told_at_the_intake_marks_exactly_the_exercises_to_avoid(ana_client, ana):
    pregnant_by_intake(ana)
    html = ana_client.get("/exercises/").content.decode()
    assert to_avoid("pregnancy")  # the content has some, or this test proves nothing
    assert held_back_cards(html) == to_avoid("pregnancy")
    assert f"Marked for you: {escape(PREGNANT)}." in html
    adapted = [
        s for s, ex in exercises().items() if any(c.condition == "pregnancy" for c in ex.cautions)
    ]
    assert html.count("Adapt it for you") == len(adapted) - len(to_avoid("pregnancy"))


def test_a_held_back_exercise_page_says_why_and_offers_no_pin(ana_client, ana):
    pregnant_by_intake(ana)
    slug = to_avoid("pregnancy")[0]
    note = next(c.note for c in exercises()[slug].cautions if c.condition == "pregnancy")
    html = ana_client.get(f"/exercises/{slug}/").content.decode()
    assert f"<strong>Not for you now:</strong> {escape(PREGNANT)}. {escape(note)}" in html
    assert "Your plan leaves it out." in html
    assert f'action="/toolbox/{slug}/pin"' not in html


def test_an_exercise_to_adapt_shows_the_persons_own_note(ana_client, ana):
    pregnant_by_intake(ana)
    note = next(c.note for c in exercises()["cat-cow"].cautions if c.condition == "pregnancy")
    html = ana_client.get("/exercises/cat-cow/").content.decode()
    assert "Adapt it for you" in html
    assert escape(f"You told us you are or could be pregnant: {note}") in html
    assert 'action="/toolbox/cat-cow/pin"' in html


def test_without_conditions_the_page_offers_the_pin_and_no_note(ana_client, ana):
    html = ana_client.get(f"/exercises/{to_avoid('pregnancy')[0]}/").content.decode()
    assert "Not for you now" not in html
    assert "Adapt it for you" not in html
    assert f'action="/toolbox/{to_avoid("pregnancy")[0]}/pin"' in html


def test_pinning_a_held_back_exercise_is_refused_everywhere(ana_client, ana):
    pregnant_by_intake(ana)
    slug = to_avoid("pregnancy")[0]
    response = ana_client.post(f"/toolbox/{slug}/pin", {"next": "/toolbox/"})
    assert response["Location"] == f"/exercises/{slug}/"
    page = ana_client.get(response["Location"]).content.decode()
    assert "cannot go in your toolbox. Not for you now: " + escape(PREGNANT) in page
    response = ana_client.post(f"/toolbox/{slug}/pin", HTTP_HX_REQUEST="true")
    assert response.status_code == 200, "HTMX swaps the button for the reason"
    assert response.content.decode().startswith('<p class="for-you held-back" role="status">')
    assert (
        "cannot go in your toolbox. Not for you now: " + escape(PREGNANT)
        in response.content.decode()
    )
    response = ana_client.put(f"/api/toolbox/{slug}")
    assert response.status_code == 409
    assert PREGNANT in response.json()["detail"]
    assert not ToolboxPin.objects.filter(user=ana).exists()
    with pytest.raises(toolbox.HeldBack):
        toolbox.pin(ana, slug)


def test_a_pin_made_before_the_condition_is_marked_in_the_toolbox(ana_client, ana):
    slug = to_avoid("pregnancy")[0]
    assert ana_client.post(f"/toolbox/{slug}/pin").status_code == 302
    pregnant_by_intake(ana)
    html = ana_client.get("/toolbox/").content.decode()
    assert f"<strong>Not for you now:</strong> {escape(PREGNANT)}." in html
    assert "Your flare protocol leaves it out while this applies." in html
    exercise_page = ana_client.get(f"/exercises/{slug}/").content.decode()
    assert "and so does your flare protocol, though it is in your toolbox" in exercise_page
    assert f'action="/toolbox/{slug}/unpin"' in exercise_page, "it can still be removed"


def test_a_condition_ticked_in_the_preferences_says_where_it_came_from(ana_client, ana):
    Preferences.objects.create(user=ana, conditions=["recent_surgery"])
    reasons = planning.safety_reasons(ana)
    assert reasons == {
        "recent_surgery": "you ticked \u201cI have had surgery in the last few months\u201d "
        "in your plan preferences"
    }
    html = ana_client.get("/exercises/").content.decode()
    assert held_back_cards(html) == to_avoid("recent_surgery")


def test_a_self_care_item_screened_out_is_held_back_too(db):
    from backcare.domain.interventions import interventions

    screened = [
        (slug, screen)
        for slug, item in interventions().items()
        for screen in item.screens
        if screen.action in ("exclude", "clinician_first")
    ]
    assert screened
    for slug, screen in screened:
        verdict = for_you(slug, {screen.condition: "because"})
        assert verdict.held_back, slug
        assert verdict.note == screen.note
    assert not for_you(screened[0][0], {}).held_back


def test_relief_ratings_never_offer_a_held_back_exercise(ana_client, ana):
    from tests.web.test_toolbox import rate

    pregnant_by_intake(ana)
    slug = to_avoid("pregnancy")[0]
    rate(ana, slug, [8, 8, 9, 8, 9])
    verdict = next(r for r in toolbox.relief_verdicts(ana) if r.slug == slug)
    assert verdict.helps
    assert not verdict.can_pin
    assert toolbox.pin_what_helps(ana) == []


def test_the_api_twin_says_the_same_for_a_signed_in_person_and_nothing_for_a_visitor(
    ana_client, ana
):
    from django.test import Client

    client = Client()
    slug = to_avoid("pregnancy")[0]
    assert "for_you" not in client.get(f"/api/exercises/{slug}").json()
    assert all("for_you" not in ex for ex in client.get("/api/exercises").json())
    pregnant_by_intake(ana)
    mine = ana_client.get(f"/api/exercises/{slug}").json()["for_you"]
    assert mine["held_back"] is True
    assert mine["verdict"] == "Not for you now"
    assert mine["reason"] == PREGNANT
    listed = {ex["slug"]: ex["for_you"] for ex in ana_client.get("/api/exercises").json()}
    assert sorted(s for s, verdict in listed.items() if verdict["held_back"]) == to_avoid(
        "pregnancy"
    )
    assert listed["cat-cow"]["notes"][0].startswith("You told us you are or could be pregnant: ")
