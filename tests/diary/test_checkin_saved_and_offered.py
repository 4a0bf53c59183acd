"""The saved check-in speaks to a first check-in as a first, points high stress to the
person's own relaxation item, and the check-in offers the person's own items first and
nothing their screen holds back."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.diary.activities import activity_choices
from backcare.diary.checkins import save_checkin
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.library import for_you, grade_word
from backcare.plans.models import Plan, Preferences

NOON = "2026-03-10 12:00 +0000"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def main_of(client, url: str) -> str:
    return client.get(url).content.decode().split("<main")[1].split("</main>")[0]


def saved(client, checkin: CheckIn) -> str:
    return main_of(client, reverse("diary:saved", args=[checkin.pk]))


def stressed_plan(client, user) -> dict:
    Assessment.objects.create(
        user=user, findings={}, level="self_care", result={}, factors=[{"id": "stress_anxiety"}]
    )
    Preferences.objects.create(user=user, minutes_per_day=10, equipment=["mat"])
    client.get("/plan/")
    return Plan.objects.get().body


def test_the_very_first_check_in_is_called_a_first(ana_client, ana):
    first = save_checkin(ana, {"day": "2026-03-10", "moment": "morning", "pain": 3})
    html = saved(ana_client, first)
    assert "Your first check-in" in html
    assert "new streak" not in html
    assert "Check in again tomorrow" in html
    second = save_checkin(ana, {"day": "2026-03-10", "moment": "evening", "pain": 3})
    assert "Your first day of check-ins" in saved(ana_client, second)
    # An earlier day logged since: today starts a new streak after a gap, as before.
    save_checkin(ana, {"day": "2026-03-05", "moment": "evening", "pain": 3})
    html = saved(ana_client, second)
    assert "First day of a new streak of check-ins" in html
    assert "Your first" not in html


def test_high_stress_points_to_the_persons_own_relaxation_item(ana_client, ana):
    planless = save_checkin(ana, {"day": "2026-03-09", "moment": "evening", "pain": 3, "stress": 8})
    assert "calm-pointer" not in saved(ana_client, planless)  # no plan: nothing to point to
    body = stressed_plan(ana_client, ana)
    item = body["relaxation"][0]
    calm = save_checkin(ana, {"day": "2026-03-10", "moment": "morning", "pain": 3, "stress": 5})
    assert "Stress 5/10" not in saved(ana_client, calm)
    tense = save_checkin(ana, {"day": "2026-03-10", "moment": "evening", "pain": 3, "stress": 6})
    html = saved(ana_client, tense)
    pointer = html.split('class="calm-pointer"')[1].split("</p>")[0]
    assert "Stress 6/10. Your plan has" in pointer
    assert item["title"] in pointer
    assert f"Evidence: {grade_word(item['grade'])}" in pointer


def offered(html: str) -> tuple[list[str], list[str]]:
    """The slugs offered first, and those folded under "More things you can log"."""
    did = html.split('<fieldset class="did"')[1]
    mine, rest = did.split('<details class="did-others"')
    return re.findall(r'name="did" value="([^"]+)"', mine), re.findall(
        r'name="did" value="([^"]+)"', rest
    )


def test_a_pregnant_person_is_not_offered_what_her_screen_holds_back(ana_client, ana):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 32, "onset": "gradual"}
    assess(ana, {**answers, "pregnant": "yes"})
    ana_client.get("/plan/")
    reasons = planning.safety_reasons(ana)
    assert "pregnancy" in reasons
    held = {a.slug for a in activity_choices() if for_you(a.slug, reasons).held_back}
    assert "contrast-therapy" in held  # the content holds some back, or this proves nothing
    html = main_of(ana_client, reverse("diary:today"))
    mine, rest = offered(html)
    assert mine  # her own plan's items come first
    assert not held & (set(mine) | set(rest))
    assert "More things you can log</summary>" in html
    # A check-in that already holds one keeps it when changed.
    checkin = save_checkin(
        ana,
        {
            "day": "2026-03-10",
            "moment": "evening",
            "pain": 3,
            "ratings": [{"item": "contrast-therapy", "relief": 4}],
        },
    )
    edit = main_of(ana_client, reverse("diary:edit_entry", args=[checkin.pk]))
    assert 'value="contrast-therapy" id="did-contrast-therapy" checked' in edit
