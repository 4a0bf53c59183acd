"""The back check says "speak to a clinician today" as soon as the answers so far show it,
and leaves out the pregnancy question for someone it cannot apply to."""

import re

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.models import Assessment, BackCheckDraft
from backcare.domain.findings import finding_catalogue, red_flag_ids
from tests.conftest import make_user

NOTICE = "From your answers so far: speak to a clinician today"
PREGNANT = finding_catalogue()["pregnant"].question
WARNING_SIGNS = finding_catalogue()["pregnancy_warning_signs"].question
WARNING_SIGNS_TO_A_MAN = finding_catalogue()["pregnancy_warning_signs"].question_to("male")
NOW = "2026-06-01 10:00 +0000"


def step_url(step_id):
    return reverse("assessments:step", kwargs={"step": step_id})


def answers_for(step_id, **answers):
    """Every question of a step answered "no" (age 35), unless given."""
    calm = {**dict.fromkeys(red_flag_ids(), "no"), "age": "35", "onset": "gradual", **answers}
    return {f.id: calm[f.id] for f in wizard.step_findings(step_id) if f.id in calm}


def walk_to(client, last, **answers):
    """Finish every step up to and including ``last``; return the last response."""
    response = None
    for step in wizard.steps():
        response = client.post(step_url(step.id), answers_for(step.id, **answers))
        assert response.status_code == 302, (step.id, response.content.decode()[:2000])
        if step.id == last:
            return response
    raise AssertionError(last)


@pytest.fixture
def old_man(db):
    return make_user("sam", year_of_birth=1954, sex="male", time_zone="Europe/London")


@pytest.fixture
def old_man_client(client, old_man):
    client.force_login(old_man)
    return client


# --- urgent so far --------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_step_after_an_urgent_answer_says_so_at_once(old_man_client):
    """72, a cancer history and pain worse at night: urgent from step 5, not step 19."""
    walk_to(old_man_client, "safety_health", age="72", cancer_history="yes")
    html = old_man_client.get(step_url("safety_general")).content.decode()
    assert NOTICE in html
    assert 'role="alert"' in html
    assert "Back pain with cancer now or in the past" in html
    assert f'action="{reverse("assessments:so_far")}"' in html
    assert "See what to do now" in html
    assert "Carry on with the questions" in html


@time_machine.travel(NOW, tick=False)
def test_not_sure_about_trouble_peeing_is_said_on_the_next_step(ana_client):
    walk_to(ana_client, "safety_nerves", bladder_change="not_sure")
    html = ana_client.get(step_url("safety_legs")).content.decode()
    assert NOTICE in html
    assert "New trouble peeing or with bladder control (answered &#x27;not sure&#x27;)" in html


@time_machine.travel(NOW, tick=False)
def test_later_steps_keep_it_in_one_line_and_calm_answers_show_nothing(ana_client):
    html = ana_client.get(step_url("safety_legs")).content.decode()
    assert "answers so far" not in html
    walk_to(ana_client, "safety_legs", bladder_change="not_sure")
    later = ana_client.get(step_url("safety_health")).content.decode()
    assert NOTICE in later
    assert 'class="level-urgent urgent-so-far-line"' in later
    assert 'role="alert"' not in later


@time_machine.travel(NOW, tick=False)
def test_seeing_it_now_shows_a_result_marked_as_from_a_shortened_check(ana_client, ana):
    walk_to(ana_client, "safety_nerves", bladder_change="not_sure")
    response = ana_client.post(reverse("assessments:so_far"))
    assessment = Assessment.objects.get(user=ana)
    assert response["Location"] == reverse("assessments:result", kwargs={"pk": assessment.pk})
    assert assessment.level == "urgent"
    assert assessment.result["complete"] is False
    html = ana_client.get(response["Location"]).content.decode()
    assert "Urgent: speak to a clinician today" in html
    assert "From a shortened check" in html
    assert "What may be contributing" not in html  # not asked yet: nothing to say
    assert "Finish the back check" in html
    assert BackCheckDraft.objects.filter(user=ana).exists()  # the rest can still be answered


@time_machine.travel(NOW, tick=False)
def test_finishing_afterwards_is_never_less_urgent_and_an_emergency_outranks(ana_client, ana):
    walk_to(ana_client, "safety_nerves", bladder_change="not_sure")
    ana_client.post(reverse("assessments:so_far"))
    ana_client.post(
        step_url("safety_legs"), answers_for("safety_legs", weakness_getting_worse="yes")
    )
    latest = Assessment.objects.filter(user=ana).order_by("-pk").first()
    assert latest is not None
    assert latest.level == "emergency"


@time_machine.travel(NOW, tick=False)
def test_with_nothing_urgent_seeing_it_now_goes_back_to_the_questions(ana_client, ana):
    walk_to(ana_client, "safety_nerves")
    response = ana_client.post(reverse("assessments:so_far"))
    assert response["Location"] == step_url("safety_legs")
    assert not Assessment.objects.exists()


# --- pregnancy ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_72_year_old_man_is_not_asked_whether_he_is_pregnant(old_man_client, old_man):
    walk_to(old_man_client, "safety_general", age="72")
    html = old_man_client.get(step_url("safety_more")).content.decode()
    assert PREGNANT not in html
    assert WARNING_SIGNS_TO_A_MAN not in html  # left out with the pregnancy question
    assert "vagina" not in html
    walk_to(old_man_client, "days_and_sleep", age="72")  # Next goes on without it, to the result
    assessment = Assessment.objects.get(user=old_man)
    assert assessment.findings["pregnant"] == "no"
    assert assessment.findings["pregnancy_warning_signs"] == "no"
    assert assessment.result.get("complete", True) is True


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("sex", ["", "other"])
def test_with_the_sex_not_given_pregnancy_is_asked_whatever_the_age(client, db, sex):
    person = make_user("kim", year_of_birth=1954, sex=sex)
    client.force_login(person)
    walk_to(client, "safety_general", age="72")
    assert PREGNANT in client.get(step_url("safety_more")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_woman_of_40_is_asked_and_of_72_is_not(ana_client, ana):
    walk_to(ana_client, "safety_general", age="41")
    assert PREGNANT in ana_client.get(step_url("safety_more")).content.decode()
    ana_client.post(step_url("safety_health"), answers_for("safety_health", age="72"))
    assert PREGNANT not in ana_client.get(step_url("safety_more")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_age_corrected_down_asks_the_pregnancy_question_again(ana_client, ana):
    ana.year_of_birth = None
    ana.save()
    walk_to(ana_client, "safety_more", age="72")
    assert BackCheckDraft.objects.get(user=ana).answers["pregnant"] == "no"
    ana_client.post(step_url("safety_health"), answers_for("safety_health", age="32"))
    assert "pregnant" not in BackCheckDraft.objects.get(user=ana).answers
    assert PREGNANT in ana_client.get(step_url("safety_more")).content.decode()


# --- what the feel step promises ----------------------------------------------------------


def test_the_feel_step_offers_each_feeling_its_lead_names():
    lead = wizard.step(finding_catalogue()["feel"].step).lead.lower()
    options = " ".join(o.label.lower() for o in finding_catalogue()["feel"].options)
    for word in ("burn", "tingl"):
        assert (word in lead) <= (word in options), word


# --- sex, asked with the age, and kept in the profile --------------------------------------


@pytest.fixture
def newcomer(db):
    """A person whose profile says neither sex nor year of birth."""
    return make_user("lee", time_zone="Europe/London")


@time_machine.travel(NOW, tick=False)
def test_the_age_step_asks_sex_optionally_with_prefer_not_to_say(client, newcomer):
    client.force_login(newcomer)
    html = client.get(step_url("safety_health")).content.decode()
    assert "What is your sex?" in html
    assert "Prefer not to say" in html
    assert html.index("How old are you?") < html.index("What is your sex?")
    walk_to(client, "safety_health")  # left blank: Next still goes on
    newcomer.refresh_from_db()
    assert newcomer.sex == ""


@time_machine.travel(NOW, tick=False)
def test_a_man_who_says_so_is_not_asked_about_pregnancy_or_a_vagina(client, newcomer):
    client.force_login(newcomer)
    walk_to(client, "safety_general", sex="male", age="35")
    newcomer.refresh_from_db()
    assert newcomer.sex == "male"  # kept in the profile, as the profile keeps it
    html = client.get(step_url("safety_more")).content.decode()
    assert PREGNANT not in html
    assert WARNING_SIGNS_TO_A_MAN not in html  # left out with the pregnancy question
    assert "vagina" not in html
    nerves = client.get(step_url("safety_nerves")).content.decode()
    assert "vagina" not in nerves
    walk_to(client, "days_and_sleep", sex="male", age="35")
    assert Assessment.objects.get(user=newcomer).findings["pregnant"] == "no"


@time_machine.travel(NOW, tick=False)
def test_a_woman_who_says_so_is_asked_about_pregnancy(client, newcomer):
    client.force_login(newcomer)
    walk_to(client, "safety_general", sex="female", age="35")
    newcomer.refresh_from_db()
    assert newcomer.sex == "female"
    html = client.get(step_url("safety_more")).content.decode()
    assert PREGNANT in html
    assert WARNING_SIGNS in html


@time_machine.travel(NOW, tick=False)
def test_prefer_not_to_say_leaves_the_sex_not_told_and_pregnancy_asked(old_man_client, old_man):
    walk_to(old_man_client, "safety_general", sex="not_said", age="35")
    old_man.refresh_from_db()
    assert old_man.sex == ""
    assert PREGNANT in old_man_client.get(step_url("safety_more")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_profiles_sex_is_already_chosen(old_man_client):
    html = old_man_client.get(step_url("safety_health")).content.decode()
    assert re.search(r'<input[^>]*value="male"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="female"[^>]*checked', html)


@time_machine.travel(NOW, tick=False)
def test_the_age_fills_an_empty_year_of_birth_and_never_replaces_one(client, newcomer, ana):
    client.force_login(newcomer)
    walk_to(client, "safety_health", age="45")
    newcomer.refresh_from_db()
    assert newcomer.year_of_birth == 1981  # 2026 - 45: the profile then allows 44 or 45
    assert newcomer.ages_on(newcomer.local_date()) == (44, 45)
    client.force_login(ana)
    walk_to(client, "safety_health", age="41")  # her profile says 1985
    ana.refresh_from_db()
    assert ana.year_of_birth == 1985
