"""A bad day's help offers heat only where the person's plan does.

Walter has reduced feeling in his skin from diabetes and ticked it in his plan preferences:
his plan holds heat back ("ask a clinician first: burns can happen without you noticing").
On a bad day (a check-in of 7 or more) home's "Help for a bad day" and the saved check-in
said "positions, heat and breathing" all the same. Both now read the plan's own screen
(``planning.safety_reasons`` and ``library.for_you``): heat is left out of the words for
him, and kept for Ana, who has no condition, and for someone whose condition only adapts
heat (poor circulation: mild and short), as their plan keeps it.

Each failed before: Walter read "heat" on both pages.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.diary.checkins import save_checkin
from backcare.plans.library import for_you
from backcare.plans.models import Preferences
from backcare.plans.planning import safety_reasons

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
#: (ticked conditions, heat offered on a bad day)
PEOPLE = [([], True), (["reduced_sensation"], False), (["poor_circulation"], True)]
IDS = ["no-condition", "reduced-feeling", "poor-circulation"]


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOON, tick=False):
        yield


def bad_day(user, conditions: list[str]):  # type: ignore[no-untyped-def]
    """A calm back check, the conditions ticked in the plan's preferences, then 8/10 today."""
    Assessment.objects.create(user=user, level="self_care", findings={}, result={})
    Preferences.objects.create(user=user, conditions=conditions)
    return save_checkin(user, {"day": "2026-03-10", "moment": "midday", "pain": 8})


def first_card(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("web:home")).content.decode()
    return html.split('class="first-action')[1].split("</section>")[0]


@pytest.mark.parametrize(("conditions", "heat"), PEOPLE, ids=IDS)
def test_home_offers_heat_on_a_bad_day_only_where_the_plan_does(ana_client, ana, conditions, heat):
    bad_day(ana, conditions)
    assert for_you("superficial-heat", safety_reasons(ana)).held_back is not heat  # the plan
    card = first_card(ana_client)
    assert "Help for a bad day" in card
    ways = "positions, heat and breathing" if heat else "positions and breathing"
    assert f"Ease it first: {ways}. Exercise only as far as it eases." in card
    assert ("heat" in card.lower()) is heat


@pytest.mark.parametrize(("conditions", "heat"), PEOPLE, ids=IDS)
def test_the_saved_check_in_offers_heat_only_where_the_plan_does(ana_client, ana, conditions, heat):
    checkin = bad_day(ana, conditions)
    page = ana_client.get(reverse("diary:saved", args=[checkin.pk])).content.decode()
    main = " ".join(page.split("<main")[1].split("</main>")[0].split())
    ease = "Ease it first: a position that takes the strain off"
    ways = f"{ease}, heat, slow breathing." if heat else f"{ease} and slow breathing."
    assert f"8/10 is a lot. {ways} Keep moving gently, only as far as it eases." in main
    assert ("heat" in main.lower()) is heat
