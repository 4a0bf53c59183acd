"""Words for pain higher up the back: someone whose back check marks only the middle or upper
back does not read that a sleep position takes strain off the lower back, and reads under
"What usually happens" that its figures come from studies of low back pain; someone with low
back pain reads both as before.

Failed before: the plan's sleep items gave everyone their lower-back reason, and the course
said nothing of where its figures came from."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.domain import pain_area
from backcare.domain.content import ContentError
from backcare.domain.course import course_book
from backcare.domain.interventions import interventions, parse_intervention
from backcare.plans import planning
from tests.intake_data import calm_answers

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
NOW = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)  # 11 March in Auckland
BETWEEN = "takes a slow, steady strain off the lower back"
UNDER = "eases the pull on the lower back"
HIGHER_UP = "It keeps your hips level while you sleep. Health services suggest it for back pain"
COURSE_NOTE = "These figures come from studies of people with low back pain."


@pytest.mark.parametrize(
    ("findings", "higher"),
    [
        ({"where": ["mid_back"]}, True),
        ({"where": ["upper_back", "neck"]}, True),
        ({"where": ["mid_back", "lower_back"]}, False),
        ({"where": ["upper_back", "buttock"]}, False),
        ({"where": ["lower_back"]}, False),
        ({"thoracic_pain": "yes"}, True),
        ({"where": ["lower_back"], "thoracic_pain": "yes"}, False),
        ({"where": ["neck"]}, False),
        ({}, False),
        (None, False),
    ],
)
def test_who_has_pain_only_higher_up(findings, higher):  # type: ignore[no-untyped-def]
    assert pain_area.higher_up(findings) is higher


def test_an_item_whose_reason_names_the_lower_back_needs_words_for_higher_up():
    item = interventions()["pillow-between-knees"]
    raw = {
        "slug": "pillow-between-knees", "version": "1.0.0", "licence": "CC-BY-SA-4.0",
        "reviewed": "unreviewed", "references": ["nhs-back-pain"], "name": item.name,
        "kind": "sleep", "offer": "plan", "summary": item.summary, "benefit": item.benefit,
        "what_to_do": list(item.what_to_do), "dose": item.dose,
        "addresses": sorted(item.addresses), "equipment": ["pillow"],
        "education": list(item.education),
        "evidence": {"grade": "very_low", "direction": "for", "references": ["nhs-back-pain"],
                     "note": item.evidence.note},
    }  # fmt: skip
    with pytest.raises(ContentError, match="benefit_higher_up"):
        parse_intervention(raw, "pillow-between-knees", "test")
    with pytest.raises(ContentError, match="must not speak of the lower back"):
        parse_intervention(
            {**raw, "benefit_higher_up": "Eases the lower back."}, "pillow-between-knees", "t"
        )
    assert parse_intervention({**raw, "benefit_higher_up": ""}, "pillow-between-knees", "t")


def test_every_offered_reason_has_words_for_pain_higher_up():
    for item in interventions().values():
        said = item.benefit_for(higher_up=True)
        assert "lower back" not in said.lower(), item.slug
        assert "low back" not in said.lower(), item.slug


@pytest.fixture
def checked(ana):  # type: ignore[no-untyped-def]
    """``checked(where)``: Ana's back check (Auckland), sleeping badly, pain in ``where``."""
    ana.time_zone = AUCKLAND.key
    ana.save(update_fields=["time_zone"])

    def check(where: list[str]) -> Assessment:
        from backcare.assessments.intake import assess

        with time_machine.travel(NOW, tick=False):
            return assess(ana, calm_answers(where=where, sleep_quality="poor"))

    return check


def _sleep_whys(ana) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        plan = planning.rebuild_plan(ana)
    return {i["slug"]: i["why"] for i in plan.body["sleep"]}


def test_mid_back_pain_reads_no_lower_back_reason_on_the_plan(ana, ana_client, checked):
    checked(["mid_back"])
    whys = _sleep_whys(ana)
    assert set(whys) >= {"pillow-between-knees", "pillow-under-knees"}
    assert all("lower back" not in why for why in whys.values()), whys
    assert HIGHER_UP in whys["pillow-between-knees"]
    with time_machine.travel(NOW, tick=False):
        html = ana_client.get(reverse("plans:plan")).content.decode()
    assert BETWEEN not in html
    assert UNDER not in html
    assert HIGHER_UP in html


def test_low_back_pain_reads_the_reason_as_before(ana, ana_client, checked):
    checked(["lower_back", "mid_back"])
    whys = _sleep_whys(ana)
    assert BETWEEN in whys["pillow-between-knees"]
    assert UNDER in whys["pillow-under-knees"]
    with time_machine.travel(NOW, tick=False):
        html = ana_client.get(reverse("plans:plan")).content.decode()
    assert BETWEEN in html
    assert HIGHER_UP not in html


def test_mid_back_pain_is_told_where_the_course_figures_come_from(ana, ana_client, checked):
    assessment = checked(["mid_back", "upper_back"])
    assert course_book().notes["higher_up"] in assessment.course["notes"]
    with time_machine.travel(NOW, tick=False):
        html = ana_client.get(reverse("assessments:result", args=[assessment.pk]))
    assert COURSE_NOTE in html.content.decode()


def test_low_back_pain_reads_the_course_as_before(ana, ana_client, checked):
    assessment = checked(["lower_back"])
    assert assessment.course["notes"] == []
    with time_machine.travel(NOW, tick=False):
        html = ana_client.get(reverse("assessments:result", args=[assessment.pk]))
    assert COURSE_NOTE not in html.content.decode()
