"""One stored result: the score in plain words, the change since last time, only for its owner."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from backcare.domain.instruments import instrument
from backcare.questionnaires.responses import record_response

START = datetime(2026, 3, 1, 9, tzinfo=UTC)


def answered(slug, value=0, **chosen):
    answers = {item.id: value for item in instrument(slug).scored_items}
    answers.update(chosen)
    return answers


def page(client, response):
    return client.get(response.get_absolute_url())


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (8, 5, "Meaningful improvement"),  # 3 points: at least 2 (Ostelo 2008)
        (8, 7, "Not meaningful"),  # 1 point and 12.5%: neither rule reached
        (3, 2, "Meaningful improvement"),  # 1 point but 33%: the percentage rule
        (4, 6, "Meaningful worsening"),  # 2 points up
        (5, 6, "Not meaningful"),  # 20% worse: the percentage rule is for improvement only
    ],
)
def test_it_compares_with_my_previous_result(ana_client, ana, before, after, verdict):
    record_response(ana, "nrs", {"pain": before}, taken_at=START)
    latest = record_response(ana, "nrs", {"pain": after}, taken_at=START + timedelta(days=7))
    html = page(ana_client, latest).content.decode()
    assert f"your score was {before}; now it is {after}" in html
    assert f"<strong>{verdict}.</strong>" in html
    assert instrument("nrs").change_rule.rule in html


def test_it_says_when_there_is_no_validated_threshold(ana_client, ana):
    record_response(ana, "startback", answered("startback", 1), taken_at=START)
    latest = record_response(ana, "startback", answered("startback"), taken_at=START + timedelta(1))
    html = page(ana_client, latest).content.decode()
    assert "<strong>No validated threshold.</strong>" in html
    assert "moved from “High risk” to “Low risk”" in html


def test_the_first_result_has_nothing_to_compare_with(ana_client, ana):
    first = record_response(ana, "phq9", answered("phq9", 1, thoughts_self_harm=0))
    html = page(ana_client, first).content.decode()
    assert "This is your first PHQ-9" in html
    assert "level-emergency" not in html
    assert "<h1>Your PHQ-9 result</h1>" in html


def test_it_shows_subscales_and_the_band(ana_client, ana):
    result = record_response(ana, "phq4", answered("phq4", nervous=2, control_worrying=2))
    html = page(ana_client, result).content.decode()
    for label in ("Anxiety", "Mood"):
        assert label.lower() in html.lower()
    assert result.band_label in html
    assert result.interpretation.replace("'", "&#x27;") in html


def test_a_crisis_result_says_to_use_the_contacts_whatever_the_change(ana_client, ana):
    record_response(ana, "phq9", answered("phq9", 1), taken_at=START)
    latest = record_response(
        ana, "phq9", answered("phq9", thoughts_self_harm=1), taken_at=START + timedelta(1)
    )
    html = page(ana_client, latest).content.decode()
    assert "Please talk to someone now" in html
    assert "Meaningful improvement" not in html  # no good news mixed into the crisis screen
    assert "your PHQ-9 history" in html


@pytest.mark.parametrize("stranger", ["bo", "dee", "cy"])
def test_nobody_else_can_open_my_result(client, ana, bo, cy, dee, stranger):
    result = record_response(ana, "phq9", answered("phq9", thoughts_self_harm=2))
    client.force_login({"bo": bo, "cy": cy, "dee": dee}[stranger])
    response = page(client, result)
    assert response.status_code == 404
    assert "Please talk to someone now" not in response.content.decode()


def test_the_result_belongs_to_its_questionnaire(ana_client, ana):
    result = record_response(ana, "nrs", {"pain": 4})
    wrong = reverse("questionnaires:result", args=["gad7", result.pk])
    assert ana_client.get(wrong).status_code == 404
