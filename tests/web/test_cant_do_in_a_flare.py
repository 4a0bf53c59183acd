"""Ticking an exercise as "can't do" while a logged flare holds the plan gentle keeps the week
and the flare's easing: the flare's version stays, only the exercise ruled out gives way to a
flare-safe one of its kind, and the change line names both. Once the flare is over the
routine from before it comes back in the same week, with one of its kind in place of an
exercise ticked in the flare, and says so."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.diary.models import SpasmEpisode
from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Plan
from tests.web.test_swap_keeps_the_week import FORM, NOW, WEEK_26, routine, week_26  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def in_a_flare(ana, ana_client: Client, week_26):  # type: ignore[no-untyped-def]  # noqa: F811
    """Week 26, and a flare logged an hour ago that is still running."""
    with time_machine.travel(NOW - datetime.timedelta(hours=1), tick=False):
        ana_client.post(reverse("diary:episode_start"), {"severity": "7"}, follow=True)
        flare = planning.current_plan(ana)
    assert flare is not None
    assert planning.held_for_flare(flare)
    assert (flare.week, flare.status) == (26, "gentle")
    return flare


def sentences(record: Plan) -> list[str]:
    return [c["sentence"] for c in record.changes]


def tick(client: Client, *slugs: str) -> Plan:
    response = client.post("/plan/preferences/", {**FORM, "cannot_do_exercises": list(slugs)})
    assert response.status_code == 302
    record = planning.current_plan(Plan.objects.latest("pk").user)
    assert record is not None
    return record


def test_a_cant_do_in_a_flare_keeps_the_week_and_the_flares_easing(
    ana, ana_client: Client, in_a_flare
):
    due = planning.next_progress_at(ana)
    before = routine(in_a_flare)
    out = before[0]
    record = tick(ana_client, out)
    assert record.pk != in_a_flare.pk
    assert (record.week, record.status) == (26, "gentle")
    assert planning.held_for_flare(record)  # still the flare's version
    after = routine(record)
    assert out not in after
    assert after[1:] == before[1:]  # every other exercise as it was
    catalogue = exercises()
    for item in record.body["routine"]:
        assert (item["level"], catalogue[item["slug"]].flare_safe) == (1, True), item["slug"]
    flare_list = [i["slug"] for i in record.body["flare_protocol"]["items"] if i["slug"] in after]
    assert sorted(flare_list) == sorted(after)  # one flare routine: the plan's and the page's
    said = sentences(record)
    name, other = catalogue[out].name, catalogue[after[0]].name
    assert said[0].startswith(f"You ticked {name} as one you can't do, so {other} takes its place")
    assert any("It stays at week 26" in s for s in said)  # why the flare eased it, still said
    assert not any("starts again" in s for s in said)
    assert planning.next_progress_at(ana) == due  # the week keeps its day
    page = ana_client.get("/plan/").content.decode()
    assert "Week 26" in page
    assert "gentle while your flare lasts" in page


def test_once_the_flare_is_over_the_week_comes_back_with_the_swap(
    ana, ana_client: Client, in_a_flare
):
    record = tick(ana_client, "dead-bug")  # not in the flare routine: in the one before it
    assert (record.week, planning.held_for_flare(record)) == (26, True)
    assert routine(record) == routine(in_a_flare)
    flare = SpasmEpisode.objects.get(ended_at__isnull=True)
    ana_client.post(reverse("diary:episode_end", args=[flare.pk]))
    over = planning.current_plan(ana)
    assert over is not None
    assert (over.week, over.status, planning.held_for_flare(over)) == (26, "full", False)
    # What she had reached, with one of its kind in the place of the one she can't do.
    assert routine(over) == [*WEEK_26[:2], "bird-dog", WEEK_26[3]]
    said = " ".join(sentences(over))
    assert "It picks up where you were before the flare: week 26" in said
    assert "You ticked Dead bug as one you can't do, so Bird dog takes its place" in said
