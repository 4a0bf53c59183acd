"""The page for answering again what someone was not sure about says, under each question they
were not sure about, how to tell, and that still not sure stays "Not sure" with the advice
standing. The back check's own step carries the same line, shown once "Not sure" is tapped.

Found in a review: Mateus (38, Toronto) was not sure about a change in peeing; answering again
repeated the question with nothing to help him settle it."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments import wizard
from backcare.assessments.intake import assess
from backcare.domain.findings import finding_catalogue
from tests.intake_data import calm_answers

STANDS = "Still not sure? Answer “Not sure” again: the advice you were given stands."
NEVER_NO = "Still not sure? Choose “Not sure”: backcare never treats it as “No”."


def tell(html: str, fid: str) -> re.Match[str] | None:
    return re.search(rf'<p class="how-to-tell( shown)?" id="q-{fid}-tell">(.*?)</p>', html, re.S)


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-12-08 00:36 +0000", tick=False) as traveller:  # 19:36 Toronto
        yield traveller


def test_answering_again_says_how_to_tell_under_the_unsure_question(ana, client, clock):
    ana.time_zone = "America/Toronto"
    ana.save()
    client.force_login(ana)
    assessment = assess(ana, calm_answers(age=38, bladder_change="not_sure"))
    assert assessment.level == "urgent"
    step = client.post(reverse("assessments:recheck", kwargs={"pk": assessment.pk}), follow=True)
    html = step.content.decode()
    assert wizard.step_of("bladder_change").id in step.redirect_chain[-1][0]
    shown = tell(html, "bladder_change")
    assert shown is not None
    assert shown.group(1) == " shown"
    assert escape(finding_catalogue()["bladder_change"].how_to_tell) in shown.group(2)
    assert STANDS in shown.group(2)
    assert 'aria-describedby="q-bladder_change-tell"' in html
    hidden = tell(html, "saddle_numbness")  # answered "no": there, but shown only on a tap
    assert hidden is not None
    assert hidden.group(1) is None
    assert 'aria-describedby="q-saddle_numbness-tell"' not in html


def test_the_step_itself_carries_the_line_shown_once_not_sure_is_tapped(ana, client, clock):
    client.force_login(ana)
    html = client.get(reverse("assessments:step", kwargs={"step": "safety_nerves"})).content
    page = html.decode()
    line = tell(page, "saddle_numbness")
    assert line is not None
    assert line.group(1) is None
    assert NEVER_NO in line.group(2)
    assert STANDS not in page
