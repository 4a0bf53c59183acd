"""A back check in progress is kept on the person's account: it survives signing out and
follows them to another device, "Start again" and a finished check remove it, it lasts 30
days after its last change, and deleting the account or its data deletes it. A resumed
draft still shows an emergency answer at once and never passes over a warning-sign question
left unanswered."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.drafts import SESSION_KEY
from backcare.assessments.models import Assessment, BackCheckDraft
from backcare.assessments.wizard import steps
from tests.conftest import PASSWORD

START = reverse("assessments:start")
EMERGENCY = 'class="level-emergency early-emergency" role="alert"'


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def no_to(step_id: str) -> dict[str, str]:
    return {f.id: "no" for f in wizard.step_findings(step_id) if f.red_flag}


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    """A new device: its own browser, its own session."""
    device = Client()
    sign_in(device, user.username)
    return device


def sign_in(device: Client, username: str) -> None:
    response = device.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert device.session.get("_auth_user_id")


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-03-10 09:00 +0000", tick=False) as traveller:
        yield traveller


@pytest.fixture
def halfway(ana, clock):  # type: ignore[no-untyped-def]
    """Ana on her phone: the first step finished, two answers tapped on the second."""
    phone = signed_in(ana)
    phone.post(step_url("safety_now"), no_to("safety_now"))
    tapped = {"bladder_change": "no", "bowel_change": "not_sure", "go": "keep"}
    assert phone.post(step_url("safety_nerves"), tapped).status_code == 204
    return phone


def test_the_draft_survives_signing_out_and_in_again(halfway, ana):
    halfway.post(reverse("accounts:logout"))
    assert not halfway.session.get("_auth_user_id")
    sign_in(halfway, "ana")
    html = halfway.get(START).content.decode()
    assert f"You stopped at step 2 of {len(steps())}" in html
    assert f'class="button" href="{step_url("safety_nerves")}"' in html
    step = halfway.get(step_url("safety_nerves")).content.decode()
    assert 'id="q-bladder_change-no" value="no" checked' in step
    assert 'id="q-bowel_change-not_sure" value="not_sure" checked' in step


def test_another_device_goes_on_where_the_first_stopped(halfway, ana):
    laptop = signed_in(ana)
    html = laptop.get(START).content.decode()
    assert "Continue where you left off" in html
    assert f'class="button" href="{step_url("safety_nerves")}"' in html
    step = laptop.get(step_url("safety_nerves")).content.decode()
    assert 'id="q-bowel_change-not_sure" value="not_sure" checked' in step
    # What the laptop saves, the phone reads: one draft for the person.
    laptop.post(step_url("safety_nerves"), no_to("safety_nerves"))
    assert f'href="{step_url("safety_legs")}"' in halfway.get(START).content.decode()
    assert BackCheckDraft.objects.filter(user=ana).count() == 1


def test_start_again_on_one_device_clears_the_draft_everywhere(halfway, ana):
    laptop = signed_in(ana)
    response = laptop.post(START)
    assert response["Location"] == step_url(steps()[0].id)
    assert not BackCheckDraft.objects.filter(user=ana).exists()
    html = halfway.get(START).content.decode()
    assert "Continue where you left off" not in html
    assert 'id="q-bladder_change-no" value="no" checked' not in (
        halfway.get(step_url("safety_nerves")).content.decode()
    )


def test_finishing_the_check_removes_the_draft(halfway, ana):
    assert BackCheckDraft.objects.filter(user=ana).exists()
    for step in steps()[1:]:
        data = no_to(step.id)
        if step.id == "start_and_history":
            data["onset"] = "gradual"
        response = halfway.post(step_url(step.id), data)
    assessment = Assessment.objects.get(user=ana)
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})
    assert not BackCheckDraft.objects.filter(user=ana).exists()
    assert "Continue where you left off" not in signed_in(ana).get(START).content.decode()


def test_the_page_says_how_long_the_answers_are_kept(halfway, ana, clock):
    html = halfway.get(START).content.decode()
    assert "Your answers are kept for 30 days, until 9 April, on any device" in html
    clock.shift(timedelta(days=10))  # a tap ten days later: kept 30 days from then
    halfway.force_login(ana)  # a session not kept on the device has ended by then
    halfway.post(step_url("safety_nerves"), {"bladder_change": "no", "go": "keep"})
    assert "kept for 30 days, until 19 April" in halfway.get(START).content.decode()


def test_a_fresh_start_page_says_answers_are_kept_if_you_stop(ana_client, clock):
    html = ana_client.get(START).content.decode()
    assert "You can stop and come back: your answers are kept for 30 days" in html


def test_a_draft_is_gone_30_days_after_its_last_change(halfway, ana, clock):
    clock.shift(timedelta(days=30) - timedelta(seconds=1))
    assert "Continue where you left off" in signed_in(ana).get(START).content.decode()
    clock.shift(timedelta(seconds=1))
    html = signed_in(ana).get(START).content.decode()
    assert "Continue where you left off" not in html
    assert f'class="button" href="{step_url(steps()[0].id)}">Start</a>' in html
    assert not BackCheckDraft.objects.filter(user=ana).exists()


def test_an_expired_draft_of_someone_who_never_comes_back_is_deleted(halfway, ana, bo, clock):
    clock.shift(timedelta(days=31))
    signed_in(bo).post(step_url("safety_now"), no_to("safety_now"))  # anyone's new check
    assert not BackCheckDraft.objects.filter(user=ana).exists()
    assert BackCheckDraft.objects.filter(user=bo).exists()


def test_deleting_the_account_deletes_the_draft(halfway, ana):
    assert BackCheckDraft.objects.filter(user=ana).exists()
    response = halfway.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not BackCheckDraft.objects.exists()


def test_deleting_all_data_deletes_the_draft_and_the_export_holds_it(halfway, ana):
    document = json.loads(halfway.get("/my-data/export.json").content)
    (row,) = document["tables"]["back_check_draft"]
    assert row["answers"] == {
        **no_to("safety_now"),
        "bladder_change": "no",
        "bowel_change": "not_sure",
    }
    assert row["reached_step"] == "safety_now"
    assert row["updated_at"] == "2026-03-10T09:00:00+00:00"
    assert "user" not in row
    response = halfway.post("/my-data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not BackCheckDraft.objects.filter(user=ana).exists()


def test_an_emergency_answer_in_a_resumed_draft_is_shown_at_once_and_ends_the_check(ana, clock):
    phone = signed_in(ana)
    phone.post(step_url("safety_nerves"), {"bladder_change": "yes", "go": "keep"})
    assert not Assessment.objects.filter(user=ana).exists()  # a tap alone leaves no page
    laptop = signed_in(ana)
    main = laptop.get(START).content.decode().split('<main id="main"')[1]
    assert main.index(EMERGENCY) < main.index("<h1>Check your back</h1>")
    assert "Get help first: the other questions can wait." in main
    assert EMERGENCY in laptop.get(step_url("safety_now")).content.decode()
    # Going on from the other device ends the check with the emergency, as on the first.
    response = laptop.post(step_url("safety_now"), no_to("safety_now"))
    assessment = Assessment.objects.get(user=ana)
    assert assessment.level == "emergency"
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})
    assert not BackCheckDraft.objects.filter(user=ana).exists()


def test_a_stale_answer_does_not_hide_an_emergency_answer(ana_client, ana, clock):
    """A question may change during the 30 days: an answer it no longer takes is dropped
    (asked again), and the others are still read for warning signs."""
    BackCheckDraft.objects.create(
        user=ana, answers={"bladder_change": "yes", "intensity_now": 99, "gone": "x"}
    )
    html = ana_client.get(START).content.decode()
    assert EMERGENCY in html
    step = ana_client.get(step_url("strength_and_pattern")).content.decode()
    assert 'value="99"' not in step


def test_continue_never_passes_over_an_unanswered_warning_sign_question(ana_client, ana, clock):
    """A step opened by its address and finished, or a warning-sign question added since the
    draft was saved: "Continue" goes to the first step with one left unanswered."""
    for step in steps()[:3]:
        ana_client.post(step_url(step.id), no_to(step.id))
    ana_client.post(step_url("where_and_feel"), {"where": ["neck"]})  # past the safety steps
    draft = BackCheckDraft.objects.get(user=ana)
    assert draft.reached_step == "where_and_feel"
    html = ana_client.get(START).content.decode()
    assert f'class="button" href="{step_url(steps()[3].id)}"' in html
    del draft.answers["leg_weakness"]  # a question the draft never answered
    draft.save()
    html = ana_client.get(START).content.decode()
    assert f'class="button" href="{step_url("safety_legs")}"' in html


def test_a_draft_kept_in_the_session_before_is_taken_over(ana_client, ana, clock):
    session = ana_client.session
    answers = {**no_to("safety_now"), "where": ["neck"]}
    session[SESSION_KEY] = {"answers": answers, "reached": "safety_now"}
    session.save()
    html = ana_client.get(START).content.decode()
    assert f'class="button" href="{step_url("safety_nerves")}"' in html
    assert BackCheckDraft.objects.get(user=ana).answers == answers
    assert SESSION_KEY not in ana_client.session
