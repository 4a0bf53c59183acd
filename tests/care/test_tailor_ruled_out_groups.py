"""The tailoring page lists first, and open, the exercises a safety screen keeps from the
patient, each with why; those left out only for missing equipment are folded below, grouped
by what is missing, so "needs a mat" thirty times does not bury a pregnancy screen."""

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


def sections(html: str) -> tuple[str, str]:
    screened = html.split("by a safety screen (")[1].split("</details>")[0]
    kit = html.split("Left out only for equipment")[1].split("</details>")[0]
    return screened, kit


def test_a_safety_screen_comes_first_and_open_with_why(cy_client, ana_pregnant_without_kit):
    html = cy_client.get(PAGE.format(id=ana_pregnant_without_kit.pk)).content.decode()
    assert (
        '<details class="tailor-ruled-out" open>\n  <summary>Ruled out for Ana by a safety' in html
    )
    screened, kit = sections(html)
    assert "<strong>Gentle press-up (lying on your front)</strong>: Pregnancy:" in screened
    assert "Gentle press-up" not in kit  # its screens are not equipment alone


def test_equipment_alone_is_folded_and_grouped_by_what_is_missing(
    cy_client, ana_pregnant_without_kit
):
    html = cy_client.get(PAGE.format(id=ana_pregnant_without_kit.pk)).content.decode()
    screened, kit = sections(html)
    assert '<details class="tailor-ruled-out">\n  <summary>Left out only for equipment' in html
    assert "<strong>Needs wall</strong>: " in kit
    assert "Wall sit" in kit
    assert "equipment they have not said they have" not in screened.split("Pregnancy:")[0]
    assert "Wall sit" not in screened


def test_every_ruled_out_exercise_is_in_one_list(cy_client, ana_pregnant_without_kit):
    from backcare.care.tailor_views import shown_name
    from backcare.plans import tailoring

    html = cy_client.get(PAGE.format(id=ana_pregnant_without_kit.pk)).content.decode()
    screened, kit = sections(html)
    ruled = tailoring.ruled_out_exercises(tailoring.current(ana_pregnant_without_kit))
    assert ruled
    # A name may hold a comma inside its brackets ("Bird dog (on hands and knees, in place
    # of dead bug)"): the list splits only on commas outside them.
    kit_names = {
        n
        for line in re.findall(r"</strong>: (.*?)\.</li>", kit)
        for n in re.split(r", (?![^()]*\))", line)
    }
    for row in ruled:
        # Under the name of the version she is shown (her pregnancy version's own).
        name = shown_name(row["exercise"], {"pregnancy": ""})["name"].replace("'", "&#x27;")
        assert (f"<strong>{name}</strong>" in screened) != (name in kit_names), row["name"]
