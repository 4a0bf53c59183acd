"""Each back-check step says what it is about, what must be answered, and names itself in
the page title, also when htmx swaps it in."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.wizard import steps
from backcare.domain.findings import finding_catalogue, red_flag_ids

HX = {"HTTP_HX_REQUEST": "true"}
RED_FLAG_LEAD = "rare but serious causes of back pain"
BLANK_IS_FINE = "you can leave a question blank"


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def no_to_every_warning_sign(step_id: str) -> dict[str, str]:
    return {f.id: "no" for f in finding_catalogue().values() if f.step == step_id and f.red_flag}


def titles(html: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<title>(.*?)</title>", html, re.S)]


# --- page titles ----------------------------------------------------------------------------


def test_a_step_swapped_in_by_htmx_brings_its_own_title(ana_client):
    second = steps()[1]
    html = ana_client.get(step_url(second.id), **HX).content.decode()
    assert html.lstrip().startswith("<title>")  # at the top level, where htmx looks for it
    assert titles(html) == [f"{second.title} (step 2 of {len(steps())}) · backcare"]


def test_next_with_htmx_answers_with_the_next_steps_title(ana_client):
    first, second = steps()[0], steps()[1]
    response = ana_client.post(step_url(first.id), no_to_every_warning_sign(first.id), **HX)
    assert response.status_code == 200
    assert titles(response.content.decode()) == [
        f"{second.title} (step 2 of {len(steps())}) · backcare"
    ]


def test_a_step_sent_back_with_errors_says_so_in_its_title(ana_client):
    first = steps()[0]
    for headers in ({}, HX):
        html = ana_client.post(step_url(first.id), {}, **headers).content.decode()
        assert titles(html)[0].startswith(f"Error: {first.title} (step 1 of")


def test_a_full_page_keeps_a_single_title_in_its_head(ana_client):
    html = ana_client.get(step_url(steps()[3].id)).content.decode()
    assert len(titles(html)) == 1
    assert html.index("<title>") < html.index("</head>")


# --- what must be answered ------------------------------------------------------------------


def test_age_is_asked_with_the_health_warning_signs_and_must_be_answered(ana_client):
    html = ana_client.get(step_url("safety_health")).content.decode()
    age = re.search(r'<input type="number" name="age"[^>]*>', html)
    assert age
    assert " required" in age.group(0)
    assert BLANK_IS_FINE not in html
    # A warning-sign step: only the sex, which may be left blank, is marked "(optional)".
    assert 'Please answer every question not marked "optional"' in html
    assert html.count("(optional)") == 1
    assert html.index("What is your sex?") < html.index("(optional)")


def test_only_needed_questions_are_marked(ana_client):
    html = ana_client.get(step_url("start_and_history")).content.decode()
    assert html.count("(needed)") == 1  # how it started; the age moved to the health step
    assert "How old are you?" not in html
    assert re.search(r"<legend>How did this back pain start\?.*?\(needed\)", html)


def test_a_step_with_nothing_needed_still_says_questions_may_be_left_blank(ana_client):
    html = ana_client.get(step_url("days_and_sleep")).content.decode()
    assert BLANK_IS_FINE in html
    assert "(needed)" not in html
    assert " required" not in html


def test_warning_sign_steps_ask_for_every_answer_without_markers(ana_client):
    html = ana_client.get(step_url("safety_nerves")).content.decode()
    assert "Please answer every question" in html
    assert "(needed)" not in html
    assert BLANK_IS_FINE not in html


def test_a_warning_sign_step_with_optional_questions_marks_only_those(ana_client):
    optional = [
        f
        for f in finding_catalogue().values()
        if f.step == "safety_legs" and not (f.red_flag or f.required)
    ]
    assert [f.id for f in optional] == ["pain_spreading_down_leg", "leg_pain_on_walking"]
    html = ana_client.get(step_url("safety_legs")).content.decode()
    assert 'Please answer every question not marked "optional"' in html
    assert html.count("(optional)") == 2
    legends = re.findall(
        r"<legend>([^<]*?)<span class=\"optional\">\(optional\)</span></legend>", html
    )
    assert [legend.strip() for legend in legends] == [f.question for f in optional]


def test_a_warning_sign_step_where_all_is_needed_marks_nothing_optional(ana_client):
    html = ana_client.get(step_url("safety_nerves")).content.decode()
    assert "(optional)" not in html
    assert 'not marked "optional"' not in html


# --- each step its own lead ---------------------------------------------------------------


def test_every_step_has_a_lead_of_its_own():
    leads = [s.lead for s in steps()]
    assert all(lead.strip() for lead in leads)
    assert len(set(leads)) == len(leads)


def test_the_coping_step_leads_with_coping_not_with_serious_causes(ana_client):
    coping = wizard.step("coping")
    assert coping is not None
    assert coping.red_flags
    html = ana_client.get(step_url("coping")).content.decode()
    assert RED_FLAG_LEAD not in html
    assert f'<p class="lead">{coping.lead}</p>' in html


@pytest.mark.parametrize("step_id", [s.id for s in steps()])
def test_each_step_shows_its_own_lead(ana_client, step_id):
    step = wizard.step(step_id)
    assert step is not None
    html = ana_client.get(step_url(step_id)).content.decode()
    assert html.count('<p class="lead">') == 1
    assert f'<p class="lead">{step.lead}</p>' in html.replace("&#x27;", "'")


def test_the_red_flag_answers_still_read_not_sure_as_not_no(ana_client):
    first = steps()[0]
    assert all(f in red_flag_ids() for f in no_to_every_warning_sign(first.id))
    html = ana_client.get(step_url(first.id)).content.decode()
    assert "backcare never treats it as" in html
