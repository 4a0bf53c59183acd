"""The "Add an exercise" menu says why each ruled-out exercise is ruled out, in a few words,
where the clinician chooses it; the override path (choose it, tick, give a reason) stays."""

from __future__ import annotations

import re

import pytest

from backcare.assessments.models import Assessment
from backcare.plans import planning
from backcare.plans.models import Preferences

pytestmark = pytest.mark.django_db

PAGE = "/clinician/patients/{id}/plan/"


@pytest.fixture
def ana_pregnant_without_kit(ana, ana_linked):  # type: ignore[no-untyped-def]
    Preferences.objects.create(user=ana, equipment=[], minutes_per_day=15, pregnant=True)
    Assessment.objects.create(user=ana, findings={}, level="self_care", result={}, factors=[])
    planning.rebuild_plan(ana)
    return ana


def menu(html: str) -> str:
    return html.split('<select id="add-exercise"')[1].split("</select>")[0]


def test_each_ruled_out_option_names_its_screen(cy_client, ana_pregnant_without_kit):
    html = cy_client.get(PAGE.format(id=ana_pregnant_without_kit.pk)).content.decode()
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', menu(html))
    ruled = [text for _slug, text in options if "ruled out" in text]
    assert ruled
    assert all("(ruled out: " in text and "(ruled out)" not in text for text in ruled)
    assert "Gentle press-up (lying on your front) (ruled out: pregnancy" in menu(html)
    assert "Wall sit (ruled out: needs wall)" in menu(html)
    screened, kit = menu(html).split("<optgroup label=")[2:4]
    assert screened.startswith('"Ruled out by a safety screen')
    assert "Gentle press-up" in screened
    assert "Wall sit" not in screened
    assert "Wall sit" in kit
    assert 'aria-describedby="add-exercise-help"' in menu(html) or "add-exercise-help" in html


def test_a_ruled_out_exercise_is_still_added_with_an_override(cy_client, ana_pregnant_without_kit):
    response = cy_client.post(
        PAGE.format(id=ana_pregnant_without_kit.pk),
        {
            "kind": "add",
            "exercise": "wall-sit",
            "reason": "She has a wall at home.",
            "override": "on",
            "override_reason": "Checked with her in clinic.",
        },
    )
    assert response.status_code == 302
    html = cy_client.get(response["Location"]).content.decode()
    assert "Added Wall sit to the routine" in html
