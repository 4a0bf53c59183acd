"""Taking a questionnaire on the web: the form comes from the content, the domain scores it."""

import re

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.domain.instruments import instrument, instruments, score
from backcare.questionnaires.forms import answers_from_post, is_tick_item
from backcare.questionnaires.models import InstrumentResponse

KEELE_STATEMENT = instrument("startback").copyright


def lowest_answers(slug, **chosen):
    """Every question answered with its first option, then the given answers on top."""
    answers = {item.id: str(item.options[0].value) for item in instrument(slug).items}
    answers.update({key: str(value) for key, value in chosen.items()})
    return answers


def take(client, slug, data):
    return client.post(reverse("questionnaires:take", args=[slug]), data)


def main_content(html):
    return html.split('<main id="main" tabindex="-1">', 1)[1].strip()


@pytest.mark.parametrize("slug", ["phq9", "gad7", "nrs", "startback", "asas_ibp"])
def test_it_shows_each_question_as_a_fieldset_with_one_radio_per_option(ana_client, slug):
    html = ana_client.get(reverse("questionnaires:take", args=[slug])).content.decode()
    found = instrument(slug)
    assert html.count("<fieldset") == len(found.items)
    assert html.count("<legend") == len(found.items)
    radios = sum(len(item.options) for item in found.items)
    assert html.count('type="radio"') == radios
    assert found.instructions in html


def test_it_shows_tick_lists_as_checkboxes_in_one_fieldset(ana_client):
    html = ana_client.get(reverse("questionnaires:take", args=["rmdq"])).content.decode()
    assert html.count('type="checkbox"') == len(instrument("rmdq").items) == 24
    assert html.count("<fieldset") == 1
    assert 'type="radio"' not in html


def test_it_keeps_keeles_copyright_statement_word_for_word(ana_client):
    html = ana_client.get(reverse("questionnaires:take", args=["startback"])).content.decode()
    assert KEELE_STATEMENT.startswith("© Keele University")
    assert KEELE_STATEMENT in html


def test_it_scores_stores_and_redirects_to_the_result(ana_client, ana):
    response = take(ana_client, "nrs", {"pain": "8"})
    stored = InstrumentResponse.objects.get(user=ana)
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaires:result", args=["nrs", stored.pk])
    assert (stored.total, stored.answers, stored.flags) == (8, {"pain": 8}, [])


def test_it_stores_start_back_high_risk_with_its_band(ana_client, ana):
    # Total 6 with distress 4 (items 5-8 agree, bothersomeness only "Moderately"): high risk.
    data = lowest_answers(
        "startback",
        leg_pain=1,
        dressed_slowly=1,
        not_safe_active=1,
        worrying_thoughts=1,
        pain_terrible=1,
        not_enjoyed=1,
        bothersome=2,
    )
    take(ana_client, "startback", data)
    stored = InstrumentResponse.objects.get(user=ana)
    assert (stored.total, stored.subscales, stored.band) == (6, {"distress": 4}, "high")
    assert stored.band_label == "High risk"
    html = ana_client.get(stored.get_absolute_url()).content.decode()
    assert "High risk" in html
    assert stored.interpretation in html.replace("&#x27;", "'")


def test_it_shows_the_crisis_message_first_when_phq9_question_9_is_above_0(ana_client, ana):
    response = take(ana_client, "phq9", lowest_answers("phq9", thoughts_self_harm=1))
    stored = InstrumentResponse.objects.get(user=ana)
    assert (stored.total, stored.flags) == (1, ["crisis"])
    html = ana_client.get(response["Location"]).content.decode()
    main = main_content(html)
    assert main.startswith('<section class="level-emergency')
    assert re.search(r"<h1[^>]*>Please talk to someone now</h1>", main)
    crisis = main.split("</section>", 1)[0]
    # Ana is in Lisbon: 112 and a local crisis line, never another country's numbers.
    assert "call 112 or go to an emergency department now" in crisis
    assert "call a local crisis line" in crisis
    for contact in ("116 123", "988", "999"):
        assert contact not in crisis
    assert 'href="tel:112"' in crisis  # tap to call
    # Nothing competes: no score, no mild band, no "take again".
    assert "Your PHQ-9 result" not in main
    assert "Take again" not in main
    assert "minimal" not in main.lower()


def test_it_keeps_the_crisis_pathway_when_other_answers_are_missing(ana_client, ana):
    response = take(ana_client, "phq9", {"thoughts_self_harm": "2"})
    stored = InstrumentResponse.objects.get(user=ana)
    assert stored.total is None
    assert set(stored.flags) == {"crisis", "incomplete"}
    html = ana_client.get(response["Location"]).content.decode()
    assert main_content(html).startswith('<section class="level-emergency')


def test_criteria_that_do_not_apply_have_no_total_and_say_why(ana_client, ana):
    data = lowest_answers("asas_ibp", onset_before_40=1, gradual_onset=1)  # entry answered no
    response = take(ana_client, "asas_ibp", data)
    stored = InstrumentResponse.objects.get(user=ana)
    assert (stored.total, stored.flags) == (None, ["not_applicable"])
    html = ana_client.get(response["Location"]).content.decode()
    assert "No total: these criteria do not apply to your answers." in html


def test_it_marks_every_unanswered_question_and_stores_nothing(ana_client, ana):
    data = lowest_answers("phq9")
    del data["sleep"], data["appetite"]
    response = take(ana_client, "phq9", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not InstrumentResponse.objects.exists()
    assert "<title>Error:" in html
    assert "2 questions are not answered yet" in html
    for item in ("sleep", "appetite"):
        fieldset = re.search(rf'<fieldset[^>]*aria-labelledby="q-{item}-legend"[^>]*>', html)[0]
        assert 'aria-invalid="true"' in fieldset
        assert f"q-{item}-error" in fieldset
        assert f'id="q-{item}-error"' in html
        assert f'<a href="#q-{item}-0">' in html  # the error summary leads to the question
    assert html.count('aria-invalid="true"') == 2
    # What was answered is kept, so nothing has to be entered twice.
    assert 'id="q-down-0" name="down" value="0" checked' in html


def test_it_names_an_out_of_range_answer_next_to_its_question(ana_client, ana):
    html = take(ana_client, "nrs", {"pain": "11"}).content.decode()
    assert 'id="q-pain-error"' in html
    assert "out of range" in html
    assert not InstrumentResponse.objects.exists()


def test_it_refuses_text_where_a_number_belongs(ana_client, ana):
    html = take(ana_client, "gad7", lowest_answers("gad7", nervous="lots")).content.decode()
    assert 'id="q-nervous-error"' in html
    assert not InstrumentResponse.objects.exists()


def test_it_404s_for_an_unknown_questionnaire(ana_client):
    assert ana_client.get(reverse("questionnaires:take", args=["odi"])).status_code == 404
    assert take(ana_client, "odi", {"x": "1"}).status_code == 404


def test_it_needs_a_login(client, db):
    response = client.get(reverse("questionnaires:take", args=["nrs"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_requires_a_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert take(strict, "nrs", {"pain": "3"}).status_code == 403
    assert not InstrumentResponse.objects.exists()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_filled_in_form_scores_like_the_answers_it_stands_for(data):
    found = instrument(data.draw(st.sampled_from(sorted(instruments()))))
    chosen = {
        item.id: data.draw(st.sampled_from([option.value for option in item.options]))
        for item in found.items
    }
    posted = QueryDict(mutable=True)
    for item in found.items:
        if not (is_tick_item(item) and chosen[item.id] == 0):  # an unticked box is not sent
            posted[item.id] = str(chosen[item.id])
    assert score(found, answers_from_post(found, posted)) == score(found, chosen)
