"""Answering again the "not sure" questions of an older back check never silently replaces a
back check in progress: the person is told what would be lost and may go back to it; only
when they choose to is it deleted. And the answers of two checks are never mixed: a page
of the answering again that is posted after another check was started since (on another
device) is saved into neither, and nothing is worked out from it."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.forms import form_data
from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment, BackCheckDraft
from backcare.assessments.views import RECHECK_REPLACED
from tests.intake_data import calm_answers

START = reverse("assessments:start")


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def no_to(step_id: str) -> dict[str, str]:
    return {f.id: "no" for f in wizard.step_findings(step_id) if f.red_flag}


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-03-10 09:00 +0000", tick=False) as traveller:
        yield traveller


@pytest.fixture
def unsure(ana, clock):  # type: ignore[no-untyped-def]
    """Ana's back check of 10 March: not sure about a change in peeing (urgent)."""
    assessment = assess(ana, calm_answers(age=45, bladder_change="not_sure"))
    assert wizard.unsure_steps(assessment.findings)
    clock.shift(60 * 60 * 24 * 3)  # three days on
    return assessment


def recheck_url(assessment: Assessment) -> str:
    return reverse("assessments:recheck", kwargs={"pk": assessment.pk})


def test_answering_again_tells_her_before_deleting_the_check_she_started(ana_client, ana, unsure):
    first = wizard.steps()[0].id
    ana_client.post(step_url(first), no_to(first))
    started = BackCheckDraft.objects.get(user=ana).answers
    assert started
    assert started != unsure.findings

    response = ana_client.post(recheck_url(unsure))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have a back check you have not finished" in html
    assert "would delete the back check in progress" in html
    assert "last saved on 13 March" in html
    resume = wizard.steps()[1].id
    assert f'href="{step_url(resume)}"' in html  # go back to it instead
    assert 'name="discard" value="yes"' in html
    assert BackCheckDraft.objects.get(user=ana).answers == started  # nothing lost yet
    assert ana_client.get(START).content.decode().count("You stopped at step 2") == 1

    chosen = ana_client.post(recheck_url(unsure), {"discard": "yes"})
    step = wizard.step_of("bladder_change").id
    assert chosen.url == step_url(step)
    assert BackCheckDraft.objects.get(user=ana).answers == unsure.findings


def test_pressing_it_again_midway_goes_on_and_keeps_what_she_answered_again(ana_client, ana):
    assessment = assess(
        ana, calm_answers(age=45, bladder_change="not_sure", weight_loss="not_sure")
    )
    nerves, general = wizard.step_of("bladder_change").id, wizard.step_of("weight_loss").id
    assert ana_client.post(recheck_url(assessment)).url == step_url(nerves)
    answered = form_data(calm_answers(age=45, weight_loss="not_sure"), nerves)
    assert ana_client.post(step_url(nerves), answered).url == step_url(general)
    again = ana_client.post(recheck_url(assessment))  # from the plan, say: no question asked
    assert again.url == step_url(general)
    assert BackCheckDraft.objects.get(user=ana).answers["bladder_change"] == "no"


def test_a_page_answered_again_after_a_new_check_began_elsewhere_goes_into_neither(
    ana_client, ana, unsure
):
    step = wizard.step_of("bladder_change").id
    assert ana_client.post(recheck_url(unsure)).url == step_url(step)
    laptop = Client()
    laptop.force_login(ana)
    laptop.post(START)  # "Start again" on the laptop: a new back check
    first = wizard.steps()[0].id
    laptop.post(step_url(first), no_to(first))
    started = BackCheckDraft.objects.get(user=ana).answers

    response = ana_client.post(step_url(step), form_data(calm_answers(age=45), step), follow=True)
    assert RECHECK_REPLACED in response.content.decode()
    assert BackCheckDraft.objects.get(user=ana).answers == started  # not mixed in
    assert Assessment.objects.filter(user=ana).count() == 1  # nothing worked out from it
