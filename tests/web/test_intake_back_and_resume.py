"""Leaving a step of the back check loses nothing: Back keeps the answers of the step being
left, each tap is kept as it is made, a Next with something to fix keeps the rest, and the
start page says where the person stopped and how long is left."""

from __future__ import annotations

import re

from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.models import Assessment, BackCheckDraft
from backcare.assessments.wizard import intake_estimate, steps

HX = {"HTTP_HX_REQUEST": "true"}


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def draft(client) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return dict(BackCheckDraft.objects.get(user__username="ana").answers)


def reached(client) -> str:  # type: ignore[no-untyped-def]
    return BackCheckDraft.objects.get(user__username="ana").reached_step


def no_to(step_id: str) -> dict[str, str]:
    return {f.id: "no" for f in wizard.step_findings(step_id)}


# --- Back ---------------------------------------------------------------------------------


def test_back_keeps_the_answers_of_the_step_being_left(ana_client):
    ana_client.post(step_url("safety_now"), no_to("safety_now"))
    half = {"bladder_change": "no", "bowel_change": "not_sure"}
    response = ana_client.post(step_url("safety_nerves"), {**half, "go": "back"})
    assert response.status_code == 302
    assert response["Location"] == step_url("safety_now")
    assert draft(ana_client).items() >= half.items()
    html = ana_client.get(step_url("safety_nerves")).content.decode()
    assert 'id="q-bladder_change-no" value="no" checked' in html
    assert 'id="q-bowel_change-not_sure" value="not_sure" checked' in html


def test_back_asks_for_nothing_and_shows_no_error(ana_client):
    response = ana_client.post(step_url("safety_nerves"), {"go": "back"}, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check your answers" not in html
    assert wizard.step("safety_now").title in html


def test_a_step_left_by_back_is_where_continue_comes_back_to(ana_client):
    ana_client.post(step_url("safety_now"), no_to("safety_now"))
    ana_client.post(step_url("safety_nerves"), {"bladder_change": "no", "go": "back"})
    assert reached(ana_client) == "safety_now"  # the half-answered step is not passed over
    html = ana_client.get(reverse("assessments:start")).content.decode()
    assert f'class="button" href="{step_url("safety_nerves")}"' in html


def test_back_with_an_emergency_answer_shows_the_emergency_at_once(ana_client, ana):
    response = ana_client.post(step_url("safety_nerves"), {"bladder_change": "yes", "go": "back"})
    assessment = Assessment.objects.get(user=ana)
    assert assessment.level == "emergency"
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})


def test_next_comes_first_in_the_page_so_enter_goes_on(ana_client):
    html = ana_client.get(step_url("start_and_history")).content.decode()
    buttons = html.split('class="wizard-buttons"')[1]
    assert buttons.index(">Next</button>") < buttons.index('name="go" value="back"')
    assert '<button type="submit" name="go" value="back"' in buttons


def test_the_first_step_has_no_back(ana_client):
    html = ana_client.get(step_url(steps()[0].id)).content.decode()
    assert 'value="back"' not in html


# --- answers kept as they are tapped ---------------------------------------------------------


def test_a_tapped_answer_is_kept_without_a_page(ana_client):
    response = ana_client.post(step_url("where_and_feel"), {"where": ["neck"], "go": "keep"}, **HX)
    assert response.status_code == 204
    assert response.content == b""
    assert draft(ana_client) == {"where": ["neck"]}
    assert reached(ana_client) == ""  # nothing finished yet: Continue starts at the top


def test_an_answer_that_is_not_valid_is_not_kept_but_the_others_are(ana_client):
    ana_client.post(step_url("safety_health"), {"age": "300", "cancer_history": "no", "go": "keep"})
    assert draft(ana_client) == {"cancer_history": "no"}


def test_an_answer_that_contradicts_another_is_dropped_not_kept(ana_client):
    """An age when it began above the age is refused on Next; kept, it would leave a draft
    the warning-sign check could no longer read."""
    ana_client.post(step_url("safety_health"), {"age": "30", "go": "keep"})
    later = {"age_when_started": "45", "problem_duration": "over_a_year", "go": "keep"}
    ana_client.post(step_url("back_history"), later)
    assert draft(ana_client) == {"age": 30, "problem_duration": "over_a_year"}


def test_a_tap_replaces_the_steps_earlier_answers(ana_client):
    ana_client.post(step_url("where_and_feel"), {"where": ["neck", "leg"], "side": "left"})
    ana_client.post(step_url("where_and_feel"), {"where": ["neck"], "go": "keep"})
    assert draft(ana_client) == {"where": ["neck"]}
    assert reached(ana_client) == "where_and_feel"  # finished once: Continue still goes past it


def test_a_kept_emergency_answer_is_shown_on_the_step_when_coming_back(ana_client, ana):
    ana_client.post(step_url("safety_nerves"), {"bladder_change": "yes", "go": "keep"})
    assert not Assessment.objects.filter(user=ana).exists()  # a tap alone leaves no page
    html = ana_client.get(step_url("safety_nerves")).content.decode()
    assert 'class="level-emergency early-emergency" role="alert"' in html


def test_each_step_keeps_its_taps_in_the_background(ana_client):
    html = ana_client.get(step_url("where_and_feel")).content.decode()
    keep = re.search(r"<div hidden hx-post=\"([^\"]+)\"([^>]*)>", html)
    assert keep is not None
    assert keep.group(1) == step_url("where_and_feel")
    assert 'hx-trigger="change from:closest form"' in keep.group(2)
    assert 'hx-vals=\'{"go": "keep"}\'' in keep.group(2)
    assert 'hx-swap="none"' in keep.group(2)


# --- Next with something to fix -------------------------------------------------------------


def test_next_with_a_missing_answer_keeps_those_given(ana_client):
    response = ana_client.post(step_url("safety_nerves"), {"bladder_change": "no"})
    assert "Please check your answers" in response.content.decode()
    assert draft(ana_client) == {"bladder_change": "no"}
    assert not reached(ana_client)


def test_next_with_an_emergency_answer_and_a_missing_one_shows_the_emergency(ana_client, ana):
    response = ana_client.post(step_url("safety_nerves"), {"bladder_change": "yes"})
    assessment = Assessment.objects.get(user=ana)
    assert assessment.level == "emergency"
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})


# --- how far, how long ----------------------------------------------------------------------


def test_each_step_says_about_how_long_is_left(ana_client):
    for step in (steps()[0], steps()[9], steps()[-1]):
        minutes = intake_estimate(step).minutes
        html = ana_client.get(step_url(step.id)).content.decode()
        unit = "minute" if minutes == 1 else "minutes"
        assert f"· about {minutes} {unit} left</span>" in html, step.id


def test_the_time_left_counts_this_step_and_those_after_it():
    all_steps = steps()
    assert intake_estimate(all_steps[0]) == intake_estimate()
    last = intake_estimate(all_steps[-1])
    assert (last.steps, last.questions) == (1, len(wizard.step_findings(all_steps[-1].id)))
    assert intake_estimate(all_steps[9]).minutes < intake_estimate().minutes


def test_the_start_page_says_where_the_person_stopped_and_how_long_is_left(ana_client):
    ana_client.post(step_url("safety_now"), no_to("safety_now"))
    html = ana_client.get(reverse("assessments:start")).content.decode()
    second = steps()[1]
    minutes = intake_estimate(second).minutes
    assert "Your answers are kept for 30 days, until" in html
    assert f"You stopped at step 2 of {len(steps())}, “{second.title}”" in html
    assert f"about {minutes} minutes left." in html
    assert "Start again, clearing my answers" in html


def test_the_start_page_without_a_draft_says_nothing_of_stopping(ana_client):
    html = ana_client.get(reverse("assessments:start")).content.decode()
    assert "You stopped at" not in html


def test_a_refused_answer_leaves_the_one_saved_before_it(ana_client):
    ana_client.post(step_url("safety_health"), {"age": "30"})
    ana_client.post(step_url("safety_health"), {"age": "15", "cancer_history": "no"})
    assert draft(ana_client) == {"age": 30, "cancer_history": "no"}


def test_a_refused_answer_alone_starts_no_draft(ana_client):
    ana_client.post(step_url("strength_and_pattern"), {"intensity_now": "11", "go": "keep"})
    assert not BackCheckDraft.objects.exists()
    html = ana_client.get(reverse("assessments:start")).content.decode()
    assert "Continue where you left off" not in html


def test_the_error_summary_links_to_the_whole_question(ana_client):
    html = ana_client.post(step_url("safety_nerves"), {"bladder_change": "no"}).content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#q-bowel_change">' in summary
    assert 'id="q-bowel_change" tabindex="-1"' in html  # the group takes the focus
    assert 'id="q-bladder_change" tabindex' not in html  # answered: no stop on the way
    number = ana_client.post(step_url("safety_health"), {"age": "12"}).content.decode()
    assert '<a href="#q-age">' in number  # a number box: straight into it, to type


def test_the_start_page_leads_with_an_emergency_answer_kept_in_the_draft(ana_client):
    ana_client.post(step_url("safety_nerves"), {"bladder_change": "yes", "go": "keep"})
    html = ana_client.get(reverse("assessments:start")).content.decode()
    main = html.split('<main id="main"')[1]
    banner = main.index('class="level-emergency early-emergency" role="alert"')
    assert banner < main.index("<h1>Check your back</h1>")
    assert 'href="tel:112">Call 112 now</a>' in main
    assert "Get help first: the other questions can wait." in main
