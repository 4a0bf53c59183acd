"""A pregnant person's check-in offers each exercise under the name she is shown it by her
plan, sessions and the library ("Knee rocking (propped up on pillows)", not "... (lying on
your back)"), ordered by that name, and never offers one whose caution says to avoid it in
pregnancy."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.diary.activities import activities_for
from backcare.domain.exercises import exercises
from backcare.plans.models import Preferences
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
KIT = ["mat", "chair", "wall", "towel", "pillow"]


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def amara(ana):  # type: ignore[no-untyped-def]
    intake(ana, pregnant="yes")
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=KIT)
    return ana


def avoided_in_pregnancy() -> set[str]:
    return {
        slug
        for slug, ex in exercises().items()
        if (c := ex.caution_for("pregnancy")) is not None and c.action == "avoid"
    }


def test_the_checkin_names_her_versions_and_leaves_out_what_to_avoid(amara, ana_client):
    ana_client.get("/plan/")
    html = ana_client.get(reverse("diary:today")).content.decode()
    did = html.split('<fieldset class="did"')[1].split("</fieldset>")[0]
    renamed = {
        slug: ex for slug, ex in exercises().items() if ex.name_for(["pregnancy"]) != ex.name
    }
    assert renamed  # the content has versions of their own name, or this proves nothing
    for slug, ex in renamed.items():
        if f'value="{slug}"' in did:
            assert escape(ex.name_for(["pregnancy"])) in did
            assert f">{escape(ex.name)}<" not in did
    offered = set(re.findall(r'name="did" value="([^"]+)"', did))
    assert "knee-rocking" in offered
    assert avoided_in_pregnancy()  # the content avoids some, or this proves nothing
    assert not avoided_in_pregnancy() & offered


def test_the_catalogue_is_ordered_by_her_names(amara):
    rest = [a for a in activities_for(amara) if a.group == "other"]
    names = [a.name.lower() for a in rest]
    assert names == sorted(names)
    shown = {a.slug: a.name for a in rest}
    for slug in set(shown) & {"knee-rocking", "dead-bug", "bridge"}:
        assert shown[slug] == exercises()[slug].name_for(["pregnancy"])


def test_one_movement_is_offered_once(amara):
    offered = {a.slug for a in activities_for(amara)}
    # Dead bug's pregnancy version is the bird dog: one of the two, never both.
    assert len(offered & {"dead-bug", "bird-dog"}) == 1
