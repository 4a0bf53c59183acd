"""In a flare, walking is short and easy: the flare page does not carry the plan's weekly
walking target ("building towards about 30 minutes"), which the plan itself keeps."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from backcare.assessments.intake import assess
from backcare.diary.models import SpasmEpisode
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import ToolboxPin

PAGE = reverse("diary:episodes")
FLARE_WALK_DOSE = (
    "A few minutes at a time, around the house or just outside, little and often; "
    "build up again once the flare settles."
)
PLAN_DOSE = (
    "Start at the minutes in your plan on most days of the week, "
    "building towards about 30 minutes a day."
)


def test_walking_in_a_flare_is_short_easy_walks_without_the_plans_target(ana_client, ana):
    ToolboxPin.objects.create(user=ana, exercise="walking-programme")  # as the demo's toolbox
    assess(ana, {**dict.fromkeys(red_flag_ids(), "no"), "age": 30, "onset": "gradual"})
    plan = planning.current_plan(ana)
    assert plan is not None
    slugs = [i["slug"] for i in plan.body["flare_protocol"]["items"]]
    assert "walking-programme" in slugs  # the plan's own item carries its weekly target
    SpasmEpisode.objects.create(user=ana, started_at=timezone.now() - timedelta(hours=2))
    page = ana_client.get(PAGE).content.decode()
    assert "towards about 30 minutes" not in page
    assert "Progressive walking" not in page
    assert f"Short, easy walks: {FLARE_WALK_DOSE}" in page
    [item] = [
        i
        for i in ana_client.get("/api/episodes").json()["flare"]["items"]
        if i["slug"] == "walking-programme"
    ]
    assert item["dose"] == FLARE_WALK_DOSE
