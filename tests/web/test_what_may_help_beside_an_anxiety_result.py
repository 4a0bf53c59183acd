"""Beside an anxiety or low-mood result: what may help, and where to get support.

A 38-year-old in Toronto in a back spasm scored 21 on the GAD-7 ("Severe") and read only
"please discuss this with a clinician soon": nothing pointed to the stress article and the
breathing and relaxation moves the library holds, or to support where he lives. From a mild
result the page now links them (none the person's safety conditions hold back); from a
moderate one it names a GP or family doctor and, where it can cite them, the place's own
services (NHS Talking Therapies in England; the Ontario Structured Psychotherapy Program and
Info-Social 811 in Quebec). A minimal result shows none of it, and a PHQ-9 answer above "Not at
all" to question 9 still shows only the crisis support.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from backcare.domain.instruments import instrument
from backcare.plans.library import ForYou
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# Already 11 March in Auckland while still 10 March in Toronto and London.
NOW = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)
TORONTO, LONDON, AUCKLAND = "America/Toronto", "Europe/London", "Pacific/Auckland"


def person(client, zone, name="jon"):
    user = make_user(name, year_of_birth=1988, time_zone=zone)
    client.force_login(user)
    return user


def answered(slug, value, **chosen):
    answers = {item.id: value for item in instrument(slug).scored_items}
    answers.update(chosen)
    return answers


def result_page(client, user, slug, answers):
    with time_machine.travel(NOW, tick=False):
        response = record_response(user, slug, answers)
        return client.get(response.get_absolute_url()).content.decode()


def severe_gad7(client, zone):
    user = person(client, zone)
    return result_page(client, user, "gad7", answered("gad7", 3))  # 21 of 21


def test_a_severe_anxiety_result_links_the_stress_article_and_the_relaxation_moves(client):
    html = severe_gad7(client, TORONTO)
    assert "<strong>Severe</strong>" in html
    assert "What may help" in html
    assert 'href="/learn/stress-and-muscle-tension/"' in html
    assert "How stress tightens your muscles" in html
    for slug in (
        "slow-exhale-breathing",
        "diaphragmatic-breathing",
        "progressive-muscle-relaxation",
    ):
        assert f'href="/exercises/{slug}/"' in html
    assert "Belly breathing" in html
    assert "evidence: low" in html  # each move says its grade; the sources list the references
    assert "Sources" in html
    assert "cherkin-2016" not in html
    assert "Cherkin" in html


def test_a_severe_anxiety_result_in_toronto_names_canadian_support(client):
    html = severe_gad7(client, TORONTO)
    assert "Getting support" in html
    assert "Your GP or family doctor" in html
    assert "Ontario Structured Psychotherapy Program" in html
    assert "call 811 and choose option 2 (Info-Social)" in html
    assert "ontariohealth.ca" in html
    assert "quebec.ca" in html
    assert "call or text 9-8-8" in html  # the crisis line as a safety net, in Canada's words
    for elsewhere in ("NHS", "Samaritans", "116 123", "A&amp;E"):
        assert elsewhere not in html


def test_a_severe_anxiety_result_in_london_names_nhs_talking_therapies(client):
    html = severe_gad7(client, LONDON)
    assert "NHS Talking Therapies" in html
    assert "without seeing a GP first" in html
    assert "england.nhs.uk" in html
    assert "Samaritans on" in html
    for elsewhere in ("Ontario", "Info-Social", "9-8-8", "ontariohealth.ca"):
        assert elsewhere not in html


def test_a_place_without_cited_services_is_sent_to_a_clinician_only(client):
    html = severe_gad7(client, AUCKLAND)
    assert "Your GP or family doctor" in html
    for named in ("NHS Talking Therapies", "Ontario", "Info-Social"):
        assert named not in html
    assert "call or text 1737" in html


def test_a_minimal_result_shows_none_of_it(client):
    user = person(client, TORONTO)
    html = result_page(client, user, "gad7", answered("gad7", 0))
    assert "<strong>Minimal</strong>" in html
    for said in ("What may help", "Getting support", "/learn/stress-and-muscle-tension/",
                 "Ontario Structured", "/exercises/"):  # fmt: skip
        assert said not in html


def test_a_mild_result_shows_what_may_help_but_no_services(client):
    user = person(client, LONDON)
    html = result_page(client, user, "gad7", answered("gad7", 1))  # 7: mild
    assert "<strong>Mild</strong>" in html
    assert "What may help" in html
    assert "Getting support" not in html
    assert "NHS Talking Therapies" not in html


def test_a_moderate_low_mood_result_is_worded_for_low_mood(client):
    user = person(client, TORONTO)
    html = result_page(client, user, "phq9", answered("phq9", 1, thoughts_self_harm=0))  # 8
    assert "Low mood and back pain often feed each other" in html
    assert "Getting support" not in html  # mild: no services yet
    user = person(client, TORONTO, "kim")
    html = result_page(client, user, "phq9", answered("phq9", 2, thoughts_self_harm=0))  # 16
    assert "cognitive behavioural therapy for low mood" in html


def test_the_crisis_result_is_unchanged_and_shows_none_of_it(client):
    user = person(client, TORONTO)
    html = result_page(client, user, "phq9", answered("phq9", 2, thoughts_self_harm=1))
    assert "Please talk to someone now" in html
    for said in ("What may help", "Getting support", "Ontario Structured", "/exercises/",
                 "Your GP or family doctor"):  # fmt: skip
        assert said not in html


def test_a_move_held_back_for_the_person_is_left_out(client, monkeypatch):
    held = ForYou(verdict="Not for you now", reason="you told us something")

    def for_you(slug, reasons, overrides=None):
        return held if slug == "progressive-muscle-relaxation" else ForYou()

    monkeypatch.setattr("backcare.questionnaires.helping.for_you", for_you)
    html = severe_gad7(client, TORONTO)
    assert "/exercises/progressive-muscle-relaxation/" not in html
    assert "/exercises/slow-exhale-breathing/" in html
