"""The intake wizard: step by step, with plain form posts and with HTMX, nothing stored early."""

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.forms import REQUIRED_MESSAGE
from backcare.assessments.models import Assessment, BackCheckDraft
from backcare.assessments.wizard import steps
from backcare.domain.findings import finding_catalogue, red_flag_ids

HX = {"HTTP_HX_REQUEST": "true"}


def step_url(step_id):
    return reverse("assessments:step", kwargs={"step": step_id})


def form_post(answers, step_id):
    """What a browser posts for one step: lists for checkboxes, "true"/"false" for yes/no."""
    data = {}
    for finding in finding_catalogue().values():
        if finding.step != step_id or finding.id not in answers:
            continue
        value = answers[finding.id]
        if isinstance(value, bool):
            data[finding.id] = "true" if value else "false"
        else:
            data[finding.id] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def full(**answers):
    """Every red-flag question answered "no" unless given."""
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def walk(client, answers, **headers):
    """Post every step in order; return the last response."""
    response = None
    for step in steps():
        response = client.post(step_url(step.id), form_post(answers, step.id), **headers)
        assert response.status_code in (200, 302), (step.id, response.status_code)
    return response


def test_it_needs_a_login(client, db):
    response = client.get(reverse("assessments:start"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_starts_at_the_first_step(ana_client):
    html = ana_client.get(reverse("assessments:start")).content.decode()
    assert f'href="{step_url(steps()[0].id)}"' in html
    # Ana is in Lisbon: 112 is the number across Europe, named as hers.
    assert '<a href="tel:112">112</a> (the emergency number in Europe) now' in html


def test_the_start_page_and_the_footer_give_the_persons_own_number(client, bo):
    """Someone in New York is told to call 911, with a link to tap, before the first step."""
    client.force_login(bo)
    html = client.get(reverse("assessments:start")).content.decode()
    assert '<a href="tel:911">911</a> (the emergency number in the US) now' in html
    footer = html.split('<footer class="site-footer">')[1]
    assert 'In an emergency, call <a href="tel:911">911</a>.' in footer


def test_it_shows_steps_in_content_order_with_an_indicator(ana_client):
    count = len(steps())
    for step in steps():
        html = ana_client.get(step_url(step.id)).content.decode()
        assert f"Step {step.number} of {count}" in html
        assert html.count('aria-current="step"') == 1
        assert "<h1" in html
        assert step.title in html


def test_it_generates_a_field_for_every_finding(ana_client):
    for step in steps():
        html = ana_client.get(step_url(step.id)).content.decode()
        for finding in finding_catalogue().values():
            if finding.step == step.id:
                assert f'name="{finding.id}"' in html, (step.id, finding.id)


def test_red_flag_questions_are_yes_no_not_sure_radios_with_the_question_as_legend(ana_client):
    html = ana_client.get(step_url("safety_nerves")).content.decode()
    bladder = finding_catalogue()["bladder_change"]
    assert f"<legend>{bladder.question}</legend>" in html
    for value in ("yes", "no", "not_sure"):
        assert f'type="radio" name="bladder_change" id="q-bladder_change-{value}"' in html
    assert ">Not sure</label>" in html


def test_it_moves_to_the_next_step_with_a_redirect(ana_client):
    first, second = wizard.step("where_and_feel"), wizard.neighbour("where_and_feel", 1)
    response = ana_client.post(step_url(first.id), {"where": ["lower_back"], "side": "left"})
    assert response.status_code == 302
    assert response["Location"] == step_url(second.id)
    kept = BackCheckDraft.objects.get(user__username="ana").answers
    assert kept == {"where": ["lower_back"], "side": "left"}


def test_it_keeps_answers_when_going_back(ana_client):
    ana_client.post(step_url("where_and_feel"), {"where": ["neck", "upper_back"]})
    html = ana_client.get(step_url("where_and_feel")).content.decode()
    assert 'value="neck" checked' in html
    assert 'value="upper_back" checked' in html
    assert 'value="leg" checked' not in html


def test_it_resumes_a_draft_after_the_last_step_saved(ana_client):
    for step in steps()[: wizard.step("where_and_feel").number - 1]:  # the warning signs first
        ana_client.post(step_url(step.id), form_post(full(), step.id))
    ana_client.post(step_url("where_and_feel"), {"where": ["neck"], "feel": ["stiffness"]})
    html = ana_client.get(reverse("assessments:start")).content.decode()
    assert f'href="{step_url("strength_and_pattern")}"' in html
    assert "Continue where you left off" in html


def test_start_again_clears_the_draft(ana_client):
    ana_client.post(step_url("where_and_feel"), {"where": ["neck"]})
    response = ana_client.post(reverse("assessments:start"))
    assert response["Location"] == step_url(steps()[0].id)
    assert not BackCheckDraft.objects.exists()


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("strength_and_pattern", {"intensity_now": "11"}, "intensity_now", "from 0 to 10"),
        ("start_and_history", {"onset_days_ago": "-3"}, "onset_days_ago", "from 0 to 3650 days"),
        ("start_and_history", {"onset_days_ago": "soon"}, "onset_days_ago", "whole number"),
        ("where_and_feel", {"where": ["lower_back", "elbow"]}, "where", "Must be one of"),
        ("safety_health", {"age": "12"}, "age", "backcare is for people aged 16 and over"),
        ("safety_health", {"age": "130"}, "age", "from 16 to 120"),
        ("back_history", {"age_when_started": "121"}, "age_when_started", "from 0 to 120"),
    ],
)
def test_it_shows_the_domains_message_next_to_the_field(ana_client, step, data, field, message):
    response = ana_client.post(step_url(step), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="q-{field}-error"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    kept = BackCheckDraft.objects.values_list("answers", flat=True).first() or {}
    assert field not in kept  # the refused answer is not kept


def test_red_flag_steps_need_every_answer(ana_client):
    answers = form_post(full(), "safety_nerves")
    del answers["saddle_numbness"]
    response = ana_client.post(step_url("safety_nerves"), answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="q-saddle_numbness-error"' in html
    assert 'id="q-bladder_change-error"' not in html


def test_the_whole_wizard_works_with_plain_posts(ana_client, ana):
    answers = full(age=35, where=["lower_back"], onset="sudden_movement", desk_work=True)
    response = walk(ana_client, answers)
    assessment = Assessment.objects.get(user=ana)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})
    assert assessment.findings["desk_work"] is True
    assert assessment.findings["age"] == 35
    assert not BackCheckDraft.objects.exists()


def test_the_whole_wizard_works_with_htmx(ana_client, ana):
    first, second = wizard.step("where_and_feel"), wizard.neighbour("where_and_feel", 1)
    response = ana_client.post(step_url(first.id), {"where": ["leg"]}, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert response["HX-Push-Url"] == step_url(second.id)
    assert "<html" not in html
    assert 'id="wizard"' in html
    assert second.title in html
    response = walk(ana_client, full(age=40), **HX)
    assessment = Assessment.objects.get(user=ana)
    assert response["HX-Redirect"] == reverse("assessments:result", kwargs={"pk": assessment.pk})


def test_htmx_errors_come_back_as_the_same_partial(ana_client):
    response = ana_client.post(step_url("safety_health"), {"age": "9"}, **HX)
    assert response.status_code == 200
    assert "HX-Push-Url" not in response
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="q-age-error"' in html


def test_a_refused_final_answer_shows_on_its_own_step_and_stores_nothing(ana_client, ana):
    # Skip the warning-sign questions and go straight to the last step: the engine refuses.
    last = steps()[-1]
    response = ana_client.post(step_url(last.id), form_post(full(), last.id))
    assert response.status_code == 200
    html = response.content.decode()
    assert finding_catalogue()["chest_pain"].question in html
    assert 'id="q-chest_pain-error"' in html
    unanswered = [f for f in finding_catalogue().values() if f.step == "safety_now" and f.red_flag]
    # Each unanswered question: one plain message by the field and one in the summary.
    assert html.count(REQUIRED_MESSAGE) == 2 * len(unanswered)
    assert "missing:" not in html
    assert not Assessment.objects.exists()


def test_under_16_is_refused_on_the_health_step_by_the_domain(ana_client, ana):
    ana_client.post(step_url("safety_health"), {"age": "30"})
    response = ana_client.post(step_url("safety_health"), {"age": "15"})
    assert "backcare is for people aged 16 and over" in response.content.decode()
    html = ana_client.get(step_url("safety_health")).content.decode()
    assert 'value="30"' in html  # the refused answer did not replace the saved one
    assert not Assessment.objects.exists()


def test_an_emergency_answer_ends_the_intake_at_once(ana_client, ana):
    answers = full(bladder_change="yes")
    response = ana_client.post(step_url("safety_nerves"), form_post(answers, "safety_nerves"))
    assessment = Assessment.objects.get(user=ana)
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})
    assert (assessment.level, assessment.result["complete"]) == ("emergency", False)
    assert not BackCheckDraft.objects.exists()
    html = ana_client.get(response["Location"]).content.decode()
    assert 'class="result-level level-emergency"' in html
    assert 'href="tel:112"' in html
    assert "Next</button>" not in html
    assert "Other information" not in html


def test_a_not_sure_answer_does_not_end_the_intake(ana_client, ana):
    answers = full(bladder_change="not_sure")
    response = ana_client.post(step_url("safety_nerves"), form_post(answers, "safety_nerves"))
    assert response["Location"] == step_url(wizard.neighbour("safety_nerves", 1).id)
    assert not Assessment.objects.exists()


def test_the_rule_out_questions_come_first_six_at_most_to_a_screen():
    """Six warning signs at most to a screen; the age and the sex join the health screen as a
    seventh and eighth question, so the warning signs and the pregnancy question that depend
    on them are read with them, and blood thinners and reduced feeling (which change which
    self-care is safe, never the level) end "A few more checks". The other pages put related
    questions together, ten at most."""
    all_steps = steps()
    flagged = [s.red_flags for s in all_steps]
    assert flagged[: flagged.index(False)] == [True] * flagged.index(False)
    assert not any(flagged[flagged.index(False) :])
    for s in all_steps:
        asked = [f for f in finding_catalogue().values() if f.step == s.id]
        assert len([f for f in asked if f.red_flag]) <= 6, s.id
        most = (8 if s.id in ("safety_health", "safety_more") else 6) if s.red_flags else 10
        assert len(asked) <= most, s.id


def test_the_age_a_rule_needs_comes_before_the_warning_signs_that_depend_on_it():
    asked_on = {f.step for f in finding_catalogue().values() if f.id == "age"}
    assert asked_on == {"safety_health"}
    order = [s.id for s in steps()]
    assert order.index("safety_health") < order.index("safety_general")
    assert order.index("safety_health") < order.index("safety_more")


def test_an_age_when_it_began_above_the_age_given_earlier_is_refused(ana_client):
    ana_client.post(step_url("safety_health"), {"age": "30", "go": "keep"})
    later = {"age_when_started": "40"}  # how long it has gone on: on the same page
    html = ana_client.post(step_url("back_history"), later).content.decode()
    assert 'id="q-age_when_started-error"' in html
    assert "your age" in html


def test_unknown_steps_are_not_found(ana_client):
    assert ana_client.get(step_url("elbow")).status_code == 404


def test_every_warning_sign_step_offers_the_emergency_number_to_tap(ana_client, ana):
    ana.time_zone = "America/Chicago"
    ana.save()
    html = ana_client.get(step_url(wizard.steps()[0].id)).content.decode()
    assert '<a href="tel:911">911</a> (the emergency number in the US)' in html


def test_a_fall_without_its_mechanism_is_asked_on_the_same_step(ana_client):
    response = ana_client.post(step_url("start_and_history"), {"onset": "fall_or_accident"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="q-injury_mechanism-error"' in html
    assert "how the fall or accident happened" in html
    response = ana_client.post(
        step_url("start_and_history"),
        {"onset": "fall_or_accident", "injury_mechanism": "trip_or_slip"},
    )
    assert response.status_code == 302


@time_machine.travel("2026-06-01 10:00 +0000", tick=False)
def test_age_and_onset_are_required_and_the_profile_year_is_a_hint(ana_client, ana):
    response = ana_client.post(step_url("safety_health"), {})
    assert 'id="q-age-error"' in response.content.decode()
    assert "needed to judge how urgent it is" in response.content.decode()
    assert (
        'id="q-onset-error"' in ana_client.post(step_url("start_and_history"), {}).content.decode()
    )
    ana.year_of_birth = 1979
    ana.save()
    html = ana_client.get(step_url("safety_health")).content.decode()
    # A year of birth leaves two ages, and 20 for someone who is 19 would hide a warning
    # sign: the age is asked, with what the profile says beside it.
    assert "born in 1979, so you are 46 or 47." in html
    assert 'id="q-age" inputmode="numeric" min="16" max="120" step="1" value="" ' in html


@time_machine.travel("2026-06-01 10:00 +0000", tick=False)
def test_the_hint_never_names_one_age_the_year_cannot_tell(ana_client, ana):
    """Born in 2010: 15 or 16 in June 2026. The question starts at 16 and says so; the hint
    does not round the person into it."""
    ana.year_of_birth = 2010
    ana.save()
    html = ana_client.get(step_url("safety_health")).content.decode()
    assert "aged 16 and over" in html
    assert "born in 2010, so you are 15 or 16." in html
