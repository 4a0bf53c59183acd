"""The clinician's tailoring page names each exercise as a pregnant patient (yes or not sure)
is shown it, marked as the pregnancy version: the routine, the menus to add and to pin, what
the screens rule out and the changes so far. It named the usual exercise ("Dead bug", lying
on your back) where she was shown bird dog on hands and knees."""

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


def set_up(user, answer: str) -> list[str]:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=KIT)
    plan = planning.rebuild_plan(user)
    return [i["slug"] for i in plan.body["routine"]]


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_the_routine_names_her_versions_marked(cy_client, ana, ana_linked, answer):
    routine = set_up(ana, answer)
    renamed = [s for s in routine if hers(s) != exercises()[s].name]
    assert renamed
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    for slug in renamed:
        head = f'<strong>{escape(hers(slug))}</strong> <span class="tag">pregnancy version</span>'
        assert head in html, slug
        assert f"Shown in place of “{escape(exercises()[slug].name)}”" in html, slug
        assert f"<strong>{escape(exercises()[slug].name)}</strong>" not in html, slug


def test_the_menus_and_the_changes_name_her_versions_marked(cy_client, ana, ana_linked):
    routine = set_up(ana, "yes")
    addable = next(
        s
        for s, ex in exercises().items()
        if s not in routine and ex.name_for(["pregnancy"]) != ex.name and ex.level <= 2
    )
    url = PAGE.format(id=ana.pk)
    # The menus to add and to pin list her version under its name, marked.
    html = cy_client.get(url).content.decode()
    assert f">{escape(hers(addable))} (pregnancy version, level" in html
    assert f">{escape(hers(addable))} (pregnancy version)</option>" in html
    assert f">{escape(exercises()[addable].name)} (level" not in html
    cy_client.post(url, {"kind": "pin", "exercise": addable, "reason": "Eases it"})
    cy_client.post(url, {"kind": "add", "exercise": addable, "reason": "Try it"})
    html = cy_client.get(url).content.decode()
    assert f"Pinned {escape(hers(addable))} (pregnancy version) to the toolbox" in html
    assert f"Added {escape(hers(addable))} (pregnancy version) to the routine" in html
    assert f"Added {escape(exercises()[addable].name)} to" not in html


def test_anyone_not_pregnant_is_listed_under_the_usual_names(cy_client, ana, bo, cy):
    from tests.care.conftest import link

    link(cy, bo)
    routine = set_up(bo, "no")
    html = cy_client.get(PAGE.format(id=bo.pk)).content.decode()
    assert "pregnancy version" not in html
    for slug in routine:
        assert f"<strong>{escape(exercises()[slug].name)}</strong>" in html
    # Ana, pregnant, beside him: her versions, marked.
    link(cy, ana)
    set_up(ana, "yes")
    assert "pregnancy version" in cy_client.get(PAGE.format(id=ana.pk)).content.decode()
