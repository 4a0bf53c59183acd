"""Wherever an exercise's drawing is shown to a pregnant person (yes or not sure), it follows
the rule of its pregnancy version (``library.picture``): that version's own drawing if it has
one, else no picture at all, never the usual drawing of lying flat. The plan page, the guided
session's start page and the exercise library list, as the exercise page and the session step
already do; a person not pregnant sees the usual drawings."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
DRAWN = "pelvic-tilts"  # its pregnancy version has its own drawing (standing at a wall)
UNDRAWN = "knee-rocking"  # its pregnancy version has none


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_content_is_as_these_tests_assume() -> None:
    drawn = exercises()[DRAWN].caution_for("pregnancy")
    undrawn = exercises()[UNDRAWN].caution_for("pregnancy")
    assert drawn is not None
    assert drawn.steps
    assert drawn.illustration
    assert undrawn is not None
    assert undrawn.steps
    assert undrawn.illustration is None


def pages(client, user, answer: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=["mat", "pillow", "wall"])
    for slug in (DRAWN, UNDRAWN):
        toolbox.pin(user, slug)
    planning.rebuild_plan(user)
    found = {}
    for name, url in (("plan", "/plan/"), ("start", "/plan/session/"), ("library", "/exercises/")):
        response = client.get(url)
        assert response.status_code == 200, url
        found[name] = response.content.decode()
    shown = ["pregnancy"] if answer != "no" else []  # the version's own name, if it has one
    for html in found.values():  # both exercises are on each page, pictured or not
        for slug in (DRAWN, UNDRAWN):
            assert escape(exercises()[slug].name_for(shown)) in html
    return found


def usual(slug: str, html: str) -> bool:
    """The usual drawing, by address (plan, session start) or inlined (library)."""
    return f'src="/exercises/{slug}/picture.svg"' in html or f'id="{slug}-title"' in html


def pregnancy(slug: str, html: str) -> bool:
    return (
        f'src="/exercises/{slug}/picture.svg?for=pregnancy"' in html
        or f'id="{slug}-pregnancy-title"' in html
    )


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
@pytest.mark.parametrize("page", ["plan", "start", "library"])
def test_a_pregnant_person_never_sees_the_lying_flat_drawing(ana, ana_client, answer, page):
    html = pages(ana_client, ana, answer)[page]
    assert not usual(UNDRAWN, html)
    assert not pregnancy(UNDRAWN, html)  # it has none: no picture at all
    assert not usual(DRAWN, html)
    assert pregnancy(DRAWN, html)


@pytest.mark.parametrize("page", ["plan", "start", "library"])
def test_a_person_not_pregnant_sees_the_usual_drawings(ana, ana_client, page):
    html = pages(ana_client, ana, "no")[page]
    for slug in (DRAWN, UNDRAWN):
        assert usual(slug, html)
        assert not pregnancy(slug, html)


def test_the_toolbox_follows_the_same_rule(ana, ana_client):
    pages(ana_client, ana, "yes")
    html = ana_client.get("/toolbox/").content.decode()
    assert f'id="{DRAWN}-pregnancy-title"' in html
    assert f'id="{DRAWN}-title"' not in html
    assert f'id="{UNDRAWN}-title"' not in html
