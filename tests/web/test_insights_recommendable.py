""" "What seems to help you" keeps the person's own figures for everything they rated, but
never recommends what the plan may not: a medicine, or an item graded ``insufficient`` or
``against``, is described only in its own words, and an item whose content keeps it out of
a flare is never kept ready "for the days your back ... spasms"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.models import Preferences
from backcare.progress.options import label
from tests.progress_data import log

PAGE = reverse("progress:insights")
API = "/api/insights"
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)  # Lisbon is on UTC in March before the change
TODAY = date(2026, 3, 12)
KEEP = "Keep it ready for the days your back stiffens or spasms."
OTHER = "cat-cow"  # rated lower, so the item under test is the top one

NOT_RECOMMENDABLE = sorted(
    slug
    for slug, item in interventions().items()
    if item.evidence.grade in ("insufficient", "against") or item.kind == "medicine_info"
) + sorted(slug for slug, ex in exercises().items() if not ex.evidence.recommendable)
FLARE_EXCLUDED = sorted(
    slug
    for slug, item in {**exercises(), **interventions()}.items()
    if not item.allowed_for(("acute_flare",))
    and (item.evidence.recommendable if slug in exercises() else item.recommendable)
)


def flare_note(slug: str) -> str:
    if slug in exercises():
        caution = exercises()[slug].caution_for("acute_flare")
        assert caution is not None
        return caution.note
    [screen] = interventions()[slug].screens_for(("acute_flare",))
    return screen.note


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rate(user, slug: str, relief: int, other: int = 2) -> None:  # type: ignore[no-untyped-def]
    """Five days rating ``slug`` at ``relief``, and ``OTHER`` lower, so ``slug`` is top."""
    for back in range(5):
        log(user, TODAY - timedelta(days=back), 4, ratings={slug: relief, OTHER: other})


def effect_of(client, slug: str) -> dict:  # type: ignore[no-untyped-def]
    effects = client.get(API).json()["effects"]
    return next(effect for effect in effects if effect["item"] == slug)


def card_of(client, slug: str) -> str:  # type: ignore[no-untyped-def]
    """The page's card for ``slug``: from its headline to the end of its list item."""
    cards = client.get(PAGE).content.decode().split('<p class="insight-headline">')[1:]
    return next(card for card in cards if card.startswith(escape(label(slug)))).split("</li>")[0]


def test_the_content_has_items_of_each_kind():
    """Guards the parametrised tests below against silently testing nothing."""
    assert {"tens", "weighted-vest-walking", "anti-inflammatory-medicines"} <= set(
        NOT_RECOMMENDABLE
    )
    assert "foam-rolling" in FLARE_EXCLUDED


@pytest.mark.parametrize("slug", NOT_RECOMMENDABLE)
def test_an_item_the_plan_may_not_recommend_keeps_its_figures_but_not_a_next_step(
    ana_client, ana, slug
):
    item = interventions().get(slug)
    rate(ana, slug, 6)
    effect = effect_of(ana_client, slug)
    assert effect["mean"] == 6.0  # their own ratings still show
    assert effect["n"] == 5
    assert "Keep it ready" not in effect["next_step"]
    if item is not None:  # its own statement for its grade, with its cautions
        assert effect["next_step"].startswith(item.statement)
        assert all(screen.note in effect["next_step"] for screen in item.screens)
    card = card_of(ana_client, slug)
    assert "6.0 out of 10 relief, rated on 5 days" in card
    assert "helps you most" not in card
    assert "Keep it ready" not in card
    assert 'class="insight-next"' not in card
    if item is not None:
        assert escape(item.statement) in card


def test_an_item_rated_top_is_not_said_to_help_most_if_it_may_not_be_recommended(ana_client, ana):
    rate(ana, "tens", 9)
    effect = effect_of(ana_client, "tens")
    page = ana_client.get(PAGE).content.decode()
    assert "TENS machines: 9.0 out of 10 relief, rated on 5 days." in page
    assert "helps you most" not in page
    assert "insight-best" not in page
    assert effect["next_step"].startswith("Guidelines advise against this.")


@pytest.mark.parametrize("slug", FLARE_EXCLUDED)
def test_an_item_kept_out_of_a_flare_is_not_kept_ready_for_spasms(ana_client, ana, slug):
    """Even with no flare ticked: its content says it is not for those days."""
    rate(ana, slug, 8)
    effect = effect_of(ana_client, slug)
    assert effect["next_step"] == flare_note(slug)  # the content's own words on flares
    card = card_of(ana_client, slug)
    assert KEEP not in card
    assert escape(flare_note(slug)) in card


def test_an_ordinary_recommended_item_still_helps_most_and_is_kept_ready(ana_client, ana):
    rate(ana, "walking-programme", 8)
    effect = effect_of(ana_client, "walking-programme")
    assert effect["next_step"] == KEEP
    card = card_of(ana_client, "walking-programme")
    assert "Progressive walking helps you most: 8.0 out of 10 relief, rated on 5 days." in card
    assert KEEP in card


def whole_card_of(client, slug: str) -> str:  # type: ignore[no-untyped-def]
    """``card_of`` up to the card's statistics, past the list of cautions in it."""
    cards = client.get(PAGE).content.decode().split('<p class="insight-headline">')[1:]
    card = next(card for card in cards if card.startswith(escape(label(slug))))
    return card.split('<div class="evidence-row">')[0]


def test_an_untested_item_says_first_what_holds_it_back_for_this_person(ana_client, ana):
    """A massage gun rated by a pregnant person: "Ask a clinician first" and why stand
    open under its statement; its cautions for everyone are folded beneath, all of them."""
    Preferences.objects.create(user=ana, pregnant=True)
    rate(ana, "massage-gun", 7)
    card = whole_card_of(ana_client, "massage-gun")
    item = interventions()["massage-gun"]
    opened, folded = card.split('<details class="insight-cautions">')
    assert escape(item.statement) in opened
    assert "<strong>Ask a clinician first:</strong>" in opened
    assert "pregnant" in opened
    assert f"Cautions ({len(item.screens)})" in folded
    assert all(escape(screen.note) in folded for screen in item.screens)


def test_with_nothing_holding_it_back_the_cautions_are_folded(ana_client, ana):
    rate(ana, "massage-gun", 7)
    card = whole_card_of(ana_client, "massage-gun")
    opened, folded = card.split('<details class="insight-cautions">')
    assert "for-you" not in opened
    assert all(escape(s.note) in folded for s in interventions()["massage-gun"].screens)
