""" "What seems to help you" never says "keep it ready" for an option the person's safety
conditions hold back: it says why instead, as the library and toolbox do."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from backcare.plans.models import Preferences
from tests.progress_data import log, today_for

PAGE = reverse("progress:insights")
KEEP = "Keep it ready for the days your back stiffens or spasms."
WHY = (
    "you ticked \u201cReduced feeling in my skin (for example from diabetes)\u201d in your plan "
    "preferences"
)


def rate_warmth(user) -> None:  # type: ignore[no-untyped-def]
    today = today_for(user)
    for back in range(6):
        log(user, today - timedelta(days=back), 4, ratings={"superficial-heat": 8})


def cannot_feel_heat(user) -> None:  # type: ignore[no-untyped-def]
    Preferences.objects.update_or_create(user=user, defaults={"conditions": ["reduced_sensation"]})


def test_a_held_back_option_says_why_instead_of_keep_it_ready(ana_client, ana):
    rate_warmth(ana)
    cannot_feel_heat(ana)
    page = ana_client.get(PAGE).content.decode()
    assert "Warmth on the sore area" in page
    assert KEEP not in page
    assert "<strong>Ask a clinician first:</strong>" in page
    assert "Reduced feeling in my skin (for example from diabetes)" in page


def test_the_api_twin_says_the_same(ana_client, ana):
    rate_warmth(ana)
    cannot_feel_heat(ana)
    [effect] = ana_client.get("/api/insights").json()["effects"]
    assert effect["item"] == "superficial-heat"
    assert effect["next_step"] == f"Ask a clinician first: {WHY}."
    assert effect["for_you"]["held_back"] is True
    assert effect["for_you"]["verdict"] == "Ask a clinician first"


def test_ticking_a_condition_changes_a_page_already_cached(ana_client, ana):
    rate_warmth(ana)
    assert KEEP in ana_client.get(PAGE).content.decode()
    assert ana_client.get("/api/insights").json()["effects"][0]["next_step"] == KEEP
    cannot_feel_heat(ana)  # no diary entry: the data version stays the same
    assert KEEP not in ana_client.get(PAGE).content.decode()
    api = ana_client.get("/api/insights").json()["effects"][0]
    assert api["next_step"] != KEEP
    assert api["for_you"]["held_back"] is True


def test_without_conditions_a_helpful_option_is_kept_ready(ana_client, ana):
    rate_warmth(ana)
    [effect] = ana_client.get("/api/insights").json()["effects"]
    assert effect["next_step"] == KEEP
    assert effect["for_you"]["held_back"] is False
