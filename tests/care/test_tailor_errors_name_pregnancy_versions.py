"""The clinician's tailoring page tells them why a change cannot be made in the names its
routine uses: for a pregnant patient, her version's ("Bridge (propped up on pillows) is
already in the routine"), not the usual exercise's, which the page no longer lists."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from backcare.domain.exercises import exercises
from tests.care.test_tailor_page_names_pregnancy_versions import (  # the same patient and clock
    PAGE,
    frozen_clock,  # noqa: F401 (an autouse fixture)
    hers,
    set_up,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_already_in_the_routine_names_her_version(cy_client, ana, ana_linked, answer):
    routine = set_up(ana, answer)
    slug = next(s for s in routine if hers(s) != exercises()[s].name)
    url = PAGE.format(id=ana.pk)
    response = cy_client.post(url, {"kind": "add", "exercise": slug, "reason": "Again"})
    html = response.content.decode()
    assert f"{escape(hers(slug))} is already in the routine: re-dose it instead" in html
    assert f"{escape(exercises()[slug].name)} is already in the routine" not in html
