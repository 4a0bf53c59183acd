"""The clinician's tailoring page tells them why a change cannot be made in the names its
routine uses: for a pregnant patient, her version's ("Bridge (propped up on pillows) is
already in the routine"), not the usual exercise's, which the page no longer lists."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
PAGE = "/clinician/patients/{id}/plan/"
KIT = ["mat", "pillow", "chair", "wall", "towel"]


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def hers(slug: str) -> str:
    return exercises()[slug].name_for(["pregnancy"])


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_already_in_the_routine_names_her_version(cy_client, ana, ana_linked, answer):
    intake(ana, pregnant=answer)
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=KIT)
    routine = [i["slug"] for i in planning.rebuild_plan(ana).body["routine"]]
    slug = next(s for s in routine if hers(s) != exercises()[s].name)
    url = PAGE.format(id=ana.pk)
    response = cy_client.post(url, {"kind": "add", "exercise": slug, "reason": "Again"})
    html = response.content.decode()
    assert f"{escape(hers(slug))} is already in the routine: re-dose it instead" in html
    assert f"{escape(exercises()[slug].name)} is already in the routine" not in html
