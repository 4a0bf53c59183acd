"""A clinician reading a pregnant patient's plan in the report (page and PDF) sees what she
was asked to do: each exercise shown to her in its pregnancy version under that version's
name, marked, with its steps, from the same safety conditions her own pages use. It showed
the usual name of lying flat."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from backcare.domain.exercises import exercises
from backcare.plans import planning, toolbox
from backcare.plans.models import Preferences
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
SLUG = "knee-rocking"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def with_plan(user, answer: str) -> None:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=["mat", "pillow"])
    toolbox.pin(user, SLUG)
    planning.rebuild_plan(user)


def plan_section(html: str) -> str:
    return html.split('id="plan-h"')[1].split("</section>")[0]


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_the_report_names_and_marks_her_version_with_its_steps(cy_client, ana, ana_linked, answer):
    with_plan(ana, answer)
    page = cy_client.get(reverse("care:patient_report", args=[ana.pk])).content.decode()
    shown = plan_section(page)
    assert (
        '<th scope="row">Knee rocking (propped up on pillows) '
        '<span class="version-tag">(pregnancy version)</span></th>'
    ) in shown
    caution = exercises()[SLUG].caution_for("pregnancy")
    assert caution is not None
    versions = shown.split("Versions shown in place of the usual exercise")[1]
    assert escape(exercises()[SLUG].name) in versions  # what it stands in for
    for step in caution.steps:
        assert escape(step) in versions


def printed(user) -> str:  # type: ignore[no-untyped-def]
    from backcare.exchange.report import build_report
    from backcare.exchange.views import today_for

    report = build_report(user, today_for(user), identified=True)
    return render_to_string("exchange/report.html", {"report": report, "pdf": True})


def test_the_printed_report_marks_it_and_anyone_elses_shows_the_usual_one(ana, bo):
    with_plan(ana, "yes")
    hers = plan_section(printed(ana))
    assert "Knee rocking (propped up on pillows)" in hers
    assert "(pregnancy version)" in hers
    with_plan(bo, "no")
    his = plan_section(printed(bo))
    assert f'<th scope="row">{escape(exercises()[SLUG].name)}</th>' in his
    assert "version-tag" not in his
    assert "Versions shown in place" not in his
