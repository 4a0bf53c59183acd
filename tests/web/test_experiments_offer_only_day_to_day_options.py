"""A self-experiment alternates its two options from one day to the next, so it offers only
what can be switched day to day: never a mattress, a course of sessions with a professional
or a programme, nor the everyday advice to keep active. Their content says so
(``day_to_day = false``), and the catalogue checks the flag."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import Experiment
from backcare.domain.content import ContentError, read_toml
from backcare.domain.interventions import interventions, parse_intervention
from backcare.progress.experiments import ExperimentInputError, start_experiment
from backcare.progress.options import experiment_slugs

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
NOT_DAY_TO_DAY = (
    "medium-firm-mattress",
    "psychological-support",
    "hands-on-therapy",
    "stay-active",
)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def page_options(client) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get(reverse("progress:experiments")).content.decode()
    select = re.search(r'<select name="option_a".*?</select>', page, re.S)
    assert select is not None
    return [slug for slug in re.findall(r'value="([^"]+)"', select.group(0)) if slug]


@pytest.mark.parametrize("slug", NOT_DAY_TO_DAY)
def test_their_content_says_they_cannot_be_switched_day_to_day(slug):
    assert interventions()[slug].day_to_day is False


def test_the_page_and_the_api_offer_none_of_them(ana_client):
    offered = page_options(ana_client)
    answer = ana_client.get("/api/experiments/options").json()
    from_api = [o["option"] for group in answer["groups"] for o in group["options"]]
    assert offered == from_api
    assert set(NOT_DAY_TO_DAY).isdisjoint(offered)
    assert {"superficial-heat", "walking-programme", "cat-cow"} <= set(offered)


@pytest.mark.parametrize("slug", NOT_DAY_TO_DAY)
def test_an_experiment_with_one_of_them_is_refused(ana, slug):
    with pytest.raises(ExperimentInputError) as refused:
        start_experiment(
            ana.pk,
            option_a=slug,
            option_b="cat-cow",
            days=28,
            outcome="evening_pain",
            today=NOW.date(),
        )
    assert refused.value.field == "option_a"
    assert not Experiment.objects.exists()


def test_every_offered_self_care_option_can_be_switched_day_to_day():
    items = interventions()
    assert all(items[slug].day_to_day for slug in experiment_slugs() if slug in items)


@pytest.mark.parametrize(
    ("slug", "change", "message"),
    [
        ("medium-firm-mattress", {"day_to_day": "no"}, "field 'day_to_day' must be bool"),
        ("tens", {"day_to_day": False}, "'day_to_day' only applies to offered items"),
    ],
)
def test_the_flag_is_checked(slug, change, message):
    data = {**read_toml(f"interventions/{slug}.toml"), **change}
    with pytest.raises(ContentError, match=re.escape(message)):
        parse_intervention(data, slug, f"interventions/{slug}.toml")
