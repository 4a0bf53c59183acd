"""'What did you do today?' on the check-in: a phone's screen of the person's own items in view
(today's routine, what they logged lately) and whatever the check-in ticks, the rest under one
grouped "More", without items graded "insufficient" or ruled out by their plan's state; what
a check-in holds is never dropped, nor folded away."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from backcare.diary.activities import plan_items
from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.forms import IN_VIEW
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


def _rows(html: str) -> list[tuple[str, bool]]:
    """(slug, ticked) of each item, in order."""
    found = re.findall(r'name="did" value="([^"]+)" id="did-[^"]+"( checked)?', html)
    return [(slug, bool(ticked)) for slug, ticked in found]


def test_todays_routine_and_what_was_logged_lately_are_in_view_the_rest_under_more(ana_client, ana):
    intake(ana)
    plan = planning.current_plan(ana)
    assert plan is not None
    assert plan.status == "full"
    routine = [slug for slug, _ in plan_items({"routine": plan.body["routine"]})]
    day = local_today(ana)
    save_checkin(
        ana,
        {"day": day, "moment": "morning", "pain": 3,
         "ratings": [{"item": "massage-gun", "relief": 4}]},
    )  # fmt: skip
    page = ana_client.get(TODAY_URL).content.decode()
    in_view, more = _parts(page)
    assert "<details" not in page.split('<fieldset class="did"', 1)[0].rsplit("</details>", 1)[-1]
    shown = [slug for slug, _ in _rows(in_view)]
    assert len(shown) == IN_VIEW
    assert shown[: len(routine) + 1] == [*routine, "massage-gun"]  # graded insufficient: theirs
    assert in_view.count('diary-tag">routine') == len(routine)
    assert "<summary>More things you can log</summary>" in more
    rest = {slug for slug, _ in plan_items(plan.body)} - set(shown)
    assert rest
    assert rest <= _offered(more)  # the rest of their plan, first under its heading
    heat = more.split('<h3 class="did-heading">Warmth and cold</h3>', 1)[1].split("</ul>", 1)[0]
    assert _rows(heat)[0][0] == "superficial-heat"
    assert '<h3 class="did-heading">Stretches</h3>' in more
    assert _offered(more).isdisjoint(shown)


def test_without_a_back_check_the_general_plans_routine_is_in_view(ana_client, ana):
    """No back check yet: the plan page shows the general starting plan, so its routine is
    today's routine here too, first and tagged, the rest of it first under "More"."""
    assert planning.current_plan(ana) is None
    body = planning.general_plan(ana).to_dict()
    routine = [slug for slug, _ in plan_items({"routine": body["routine"]})]
    assert routine
    in_view, more = _parts(ana_client.get(TODAY_URL).content.decode())
    shown = [slug for slug, _ in _rows(in_view)]
    assert shown[: len(routine)] == routine
    assert in_view.count('diary-tag">routine') == len(routine)
    rest = {slug for slug, _ in plan_items(body)} - set(shown)
    assert rest <= _offered(more)


def test_the_most_recently_logged_fill_the_list_the_older_ones_go_under_more(ana_client, ana):
    intake(ana)
    logged = ["cat-cow", "bird-dog", "knee-rocking", "pelvic-tilts", "self-massage-ball", "bridge"]
    for n, slug in enumerate(logged):  # one a day, the last logged yesterday
        save_checkin(
            ana,
            {"day": date(2026, 6, 9 + n), "moment": "evening", "pain": 3,
             "ratings": [{"item": slug, "relief": 5}]},
        )  # fmt: skip
    in_view, more = _parts(ana_client.get(TODAY_URL).content.decode())
    shown = [slug for slug, ticked in _rows(in_view) if not ticked]
    assert len(shown) == IN_VIEW
    assert shown[4:] == ["bridge", "self-massage-ball", "pelvic-tilts", "knee-rocking"]
    assert {"cat-cow", "bird-dog"} <= _offered(more)


def test_whatever_the_check_in_ticks_stays_in_view_however_many(ana_client, ana):
    intake(ana)
    ticked = [
        "cat-cow", "bird-dog", "knee-rocking", "pelvic-tilts", "self-massage-ball", "bridge",
        "dead-bug", "side-plank-knees", "childs-pose", "nad-infusions",
    ]  # fmt: skip
    # Sent back with a mistake, a first check-in shows every item it ticked or rated, in view,
    # though none is the person's own yet.
    posted = {"pain": "3", "did": ticked[:9], "relief_nad-infusions": "4", "steps": "-1"}
    in_view, more = _parts(ana_client.post(TODAY_URL, posted).content.decode())
    assert sorted(slug for slug, on in _rows(in_view) if on) == sorted(ticked)
    assert not any(on for _, on in _rows(more))
    save_checkin(
        ana,
        {"day": local_today(ana), "moment": "morning", "pain": 3,
         "ratings": [{"item": slug, "relief": None} for slug in ticked]},
    )  # fmt: skip
    entry = CheckIn.objects.get(user=ana)
    in_view, more = _parts(
        ana_client.get(reverse("diary:edit_entry", args=[entry.pk])).content.decode()
    )
    assert sorted(slug for slug, on in _rows(in_view) if on) == sorted(ticked)
    assert not any(on for _, on in _rows(more))


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
