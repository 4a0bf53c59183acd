"""A person who stopped the back check half-way is offered to continue it, on the home and
getting-started pages, with the time left as the check's own pages say it; an emergency
answer already in it comes first. The back check's start page says how long it takes without
counting steps and questions, and links earlier results only to someone who has some. While
care today or now stands, "See what to do now" opens the result that asked for it."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.drafts import AccountDrafts
from backcare.assessments.wizard import intake_estimate
from tests.intake_data import intake

HOME = reverse("web:home")
GETTING_STARTED = reverse("web:start")
START = reverse("assessments:start")
EMERGENCY = 'class="level-emergency early-emergency" role="alert"'


@pytest.fixture(autouse=True)
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-03-10 09:00 +0000", tick=False) as traveller:
        yield traveller


def no_to(step: wizard.Step) -> dict[str, object]:
    return {f.id: "no" for f in wizard.step_findings(step.id) if f.red_flag}


def stop_after(user, count: int) -> wizard.Step:  # type: ignore[no-untyped-def]
    """The first ``count`` steps answered, then the check left: the step Continue goes to."""
    store = AccountDrafts(user)
    for step in wizard.steps()[:count]:
        wizard.save_step(store, step.id, no_to(step))
    return wizard.steps()[count]


def main_of(client: Client, url: str) -> str:
    return client.get(url).content.decode().split('<main id="main"')[1].split("</main>")[0]


def test_home_offers_to_continue_with_the_time_left_the_step_page_shows(ana_client, ana):
    resume = stop_after(ana, 6)
    left = intake_estimate(resume).minutes
    assert left < intake_estimate().minutes
    home = main_of(ana_client, HOME)
    step_page = main_of(ana_client, reverse("assessments:step", args=[resume.id]))
    assert f"about {left} minutes left" in step_page  # the step page's own words
    assert "Start here" not in home
    assert f"About {intake_estimate().minutes} minutes" not in home
    button = re.search(r'<a class="button big" href="([^"]+)">([^<]+)</a>', home)
    assert button
    assert button.groups() == (
        reverse("assessments:step", args=[resume.id]),
        "Continue your back check",
    )
    assert (
        f"You stopped at step {resume.number} of {len(wizard.steps())}: about {left} minutes left."
        in home
    )
    assert "kept until 9 April" in home
    assert "continue it above" in home.split('class="step next"')[1]


def test_the_getting_started_page_says_the_time_left(ana_client, ana):
    resume = stop_after(ana, 6)
    left = intake_estimate(resume).minutes
    page = main_of(ana_client, GETTING_STARTED)
    assert f"You have begun the back check: about {left} minutes left." in page
    assert f"The back check takes about {intake_estimate().minutes} minutes" not in page
    assert (
        'class="button big" href="{}">Continue your back check'.format(
            reverse("assessments:step", args=[resume.id])
        )
        in page
    )


@pytest.mark.parametrize("url", [HOME, GETTING_STARTED])
def test_an_emergency_answer_in_the_draft_comes_first(ana_client, ana, url):
    """A "yes" kept as it was tapped, then the page left: the emergency and the number to call
    lead, as on the back check's start page, with no checklist beside them."""
    store = AccountDrafts(ana)
    first, second = wizard.steps()[:2]
    wizard.save_step(store, first.id, no_to(first))
    wizard.save_step(store, second.id, {"bladder_change": "yes"}, finished=False)
    page = main_of(ana_client, url)
    assert EMERGENCY in page
    assert page.index(EMERGENCY) < page.index("Continue your back check")
    assert 'href="tel:' in page.split(EMERGENCY)[1].split("</section>")[0]
    assert "steps-list" not in page


def test_no_draft_no_continue(ana_client):
    home = main_of(ana_client, HOME)
    assert "Check my back" in home
    assert "Continue" not in home
    assert EMERGENCY not in home


def test_the_start_page_says_how_long_not_how_many(ana_client):
    page = main_of(ana_client, START)
    assert f"About {intake_estimate().minutes} minutes." in page
    assert "short steps" not in page
    assert "questions in all" not in page
    assert "You can stop and come back: your answers are kept for 30 days" in page


def test_earlier_results_are_linked_only_to_someone_who_has_them(ana_client, ana):
    history = reverse("assessments:history")
    assert history not in main_of(ana_client, START)
    intake(ana)
    assert f'<a href="{history}">Your earlier assessments</a>' in main_of(ana_client, START)


@pytest.mark.parametrize("answers", [{"fever": "yes"}, {"bladder_change": "yes"}])
def test_see_what_to_do_now_opens_the_result_that_asked_for_care(ana_client, ana, answers):
    intake(ana, **answers)
    result = reverse("assessments:result", args=[ana.assessments.get().pk])
    for url in (HOME, GETTING_STARTED):
        assert f'class="button big" href="{result}">See what to do now</a>' in main_of(
            ana_client, url
        )


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_warning_signs_page_says_how_long_not_how_many(client, ana, signed_in):
    if signed_in:
        client.force_login(ana)
    page = main_of(client, "/warning-signs/")
    assert f"about {intake_estimate().minutes} minutes, warning signs first".lower() in page.lower()
    assert "short steps" not in page
    assert "You can stop and come back" in page
