"""'What did you do today?' on the check-in: the person's own items in view (their plan, what
they logged before), the rest under one grouped "More", without items graded "insufficient"
or ruled out by their plan's state; what a check-in holds is never dropped."""

from __future__ import annotations

import re

from django.urls import reverse

from backcare.diary.activities import plan_items
from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import CheckIn
from backcare.plans import planning
from tests.intake_data import intake

TODAY_URL = reverse("diary:today")


def _parts(page: str) -> tuple[str, str]:
    """The list in view and the folded "More" of the activities."""
    section = page.split('<fieldset class="did"', 1)[1].split("</fieldset>", 1)[0]
    in_view, _, more = section.partition('<details class="did-others"')
    return in_view, more


def _offered(html: str) -> set[str]:
    return set(re.findall(r'name="did" value="([^"]+)"', html))


def test_own_plan_and_logged_items_are_in_view_and_the_rest_grouped_under_more(ana_client, ana):
    intake(ana)
    plan = planning.current_plan(ana)
    assert plan is not None
    assert plan.status == "full"
    day = local_today(ana)
    save_checkin(
        ana,
        {"day": day, "moment": "morning", "pain": 3,
         "ratings": [{"item": "massage-gun", "relief": 4}]},
    )  # fmt: skip
    page = ana_client.get(TODAY_URL).content.decode()
    in_view, more = _parts(page)
    assert "<details" not in page.split('<fieldset class="did"', 1)[0].rsplit("</details>", 1)[-1]
    mine = _offered(in_view)
    assert {slug for slug, _ in plan_items(plan.body)} <= mine
    assert "massage-gun" in mine  # graded insufficient, but logged before: still theirs
    assert in_view.index('value="massage-gun"') < in_view.index('diary-tag">plan')
    assert "<summary>More things you can log</summary>" in more
    assert '<h3 class="did-heading">Stretches</h3>' in more
    assert _offered(more).isdisjoint(mine)


def test_items_graded_insufficient_are_not_offered_from_the_catalogue(ana_client, ana):
    intake(ana)
    offered = _offered(ana_client.get(TODAY_URL).content.decode())
    for slug in ("nad-infusions", "weighted-vest-walking", "contrast-therapy", "massage-gun"):
        assert slug not in offered
    assert "self-massage-ball" in offered  # graded very low, and offered: still in "More"


def test_while_the_plan_puts_care_first_no_exercise_is_offered(ana_client, ana):
    intake(ana, weight_loss="yes")
    assert planning.current_plan(ana).status == "care_first"  # type: ignore[union-attr]
    offered = _offered(ana_client.get(TODAY_URL).content.decode())
    for slug in ("cat-cow", "bird-dog", "walking-programme", "knee-rocking"):
        assert slug not in offered
    assert "pillow-between-knees" in offered  # self-care is still there to log
    page = ana_client.get(TODAY_URL).content.decode()
    assert "Exercises are paused for now: getting the right care comes first." in page
    assert "<summary>More: self-care</summary>" in page


def test_a_check_in_that_advised_urgent_care_pauses_exercise_without_a_plan(ana_client, ana):
    day = local_today(ana)
    save_checkin(ana, {"day": day, "moment": "morning", "pain": 5, "safety": {"fever": "yes"}})
    offered = _offered(ana_client.get(TODAY_URL).content.decode())
    assert "cat-cow" not in offered
    assert "superficial-heat" in offered


def test_a_stored_exercise_stays_on_its_check_in_while_the_plan_is_paused(ana_client, ana):
    day = local_today(ana)
    save_checkin(
        ana,
        {"day": day, "moment": "morning", "pain": 3,
         "ratings": [{"item": "cat-cow", "relief": 6}, {"item": "nad-infusions", "relief": 2}]},
    )  # fmt: skip
    intake(ana, weight_loss="yes")
    entry = CheckIn.objects.get(user=ana)
    page = ana_client.get(reverse("diary:edit_entry", args=[entry.pk])).content.decode()
    assert 'value="cat-cow" id="did-cat-cow" checked' in page
    assert 'value="nad-infusions" id="did-nad-infusions" checked' in page
    assert "cat-cow" not in _offered(ana_client.get(TODAY_URL).content.decode())
