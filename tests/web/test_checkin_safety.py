"""The "anything new?" answers on every check-in run triage; escalations show at once and stay."""

import re

import pytest
from django.urls import reverse

from backcare.assessments.context import clinical_context_for
from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import CheckIn
from backcare.domain.findings import validate_findings
from backcare.domain.triage import triage_checkin

TODAY_URL = reverse("diary:today")


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _first_element_class(html: str) -> str:
    """The class of the first notice or result inside <main>: nothing may come before it."""
    found = re.search(r'class="(messages|[^"]*\blevel-[a-z_]+[^"]*)"', _main(html))
    return found.group(1) if found else ""


def test_a_new_bladder_change_shows_the_emergency_first_and_is_stored(ana_client, ana):
    response = ana_client.post(
        TODAY_URL, {"moment": "morning", "pain": "6", "safety_bladder_change": "yes"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "level-emergency" in _first_element_class(page)
    main = _main(page)
    assert main.index("level-emergency") < main.index("is saved")
    assert "Or go to the nearest emergency department" in main
    assert 'href="tel:112"' in main  # tap to call, from the deployment's default
    assert re.search(r"<h1[^>]*>Emergency", main)
    checkin = CheckIn.objects.get(user=ana)
    assert checkin.safety["bladder_change"] == "yes"
    assert checkin.safety_level == "emergency"
    assert checkin.safety_result["reasons"][0]["finding_ids"] == ["bladder_change"]


def test_the_emergency_comes_before_any_earlier_notice(ana_client, ana):
    ana_client.post(TODAY_URL, {"moment": "morning", "pain": "3"})  # queues "Saved ..." unread
    page = ana_client.post(
        TODAY_URL, {"moment": "evening", "pain": "6", "safety_chest_pain": "yes"}
    ).content.decode()
    assert "level-emergency" in _first_element_class(page)
    assert "Saved your" not in _main(page)


@pytest.mark.parametrize(
    "answers",
    [
        {"bowel_change": "yes"},
        {"bladder_change": "not_sure"},
        {"fever": "yes"},
        {"numbness_tingling": "yes"},
        {"pain_spreading_down_leg": "yes", "fever": "not_sure"},
        {"chest_pain": "yes", "fever": "yes"},
    ],
)
def test_the_page_shows_and_stores_exactly_what_triage_says(ana_client, ana, answers):
    expected = triage_checkin(validate_findings(answers), clinical_context_for(ana)).level
    assert expected != "self_care", "each case must escalate"
    posted = {"moment": "midday", "pain": "5"} | {f"safety_{k}": v for k, v in answers.items()}
    page = ana_client.post(TODAY_URL, posted).content.decode()
    assert f"level-{expected}" in _first_element_class(page)
    assert CheckIn.objects.get(user=ana).safety_level == expected


def test_nothing_new_is_not_shown_as_an_escalation(ana_client, ana):
    response = ana_client.post(TODAY_URL, {"moment": "morning", "pain": "7"})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=ana)
    assert (checkin.safety, checkin.safety_level) == ({}, "")  # not answered, not "no"
    page = ana_client.get(response["Location"]).content.decode()
    assert "level-emergency" not in page
    assert "level-urgent" not in page


def test_the_escalation_is_kept_in_the_history_and_on_the_entry(ana_client, ana):
    day = local_today(ana)
    save_checkin(ana, {"day": day, "moment": "evening", "pain": 5, "safety": {"fever": "yes"}})
    history = ana_client.get(reverse("diary:history")).content.decode()
    assert 'class="level-urgent badge"' in history
    assert "entry escalated" in history
    entry = ana_client.get(reverse("diary:edit", args=[day, "evening"]), follow=True)
    entry = entry.content.decode()
    assert "level-urgent" in entry
    assert 'value="yes" id="id_safety_fever_2" checked' in entry
    body = ana_client.get("/api/checkins").json()
    assert body[0]["safety_level"] == "urgent"


def test_an_unknown_safety_answer_is_refused_next_to_the_question(ana_client, ana):
    response = ana_client.post(
        TODAY_URL, {"moment": "morning", "pain": "4", "safety_fever": "maybe"}
    )
    assert response.status_code == 200
    assert 'id="id_safety_fever_error"' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_questions_stay_out_of_the_way_until_something_is_new(ana_client, ana):
    html = ana_client.get(TODAY_URL).content.decode()
    assert '<div class="anything-new screen-due">' in html  # shown on Yes or Not sure only
    assert "<li>Pain stops you standing or walking</li>" in html  # the short list in view
    assert "saved as not answered" in html  # never "saved as no"
    assert "“no”" not in html


def test_an_answered_question_opens_them_again_when_editing(ana_client, ana):
    day = local_today(ana).isoformat()
    save_checkin(ana, {"day": day, "moment": "evening", "pain": 5, "safety": {"fever": "not_sure"}})
    html = ana_client.get(f"/diary/{day}/evening/", follow=True).content.decode()
    assert '<details class="screen-fold" open>' in html
    assert '<div class="anything-new show-questions">' in html
    assert 'name="screen" value="not_sure" id="id_screen_1" checked' in html


def _pregnant_by_intake(user):  # type: ignore[no-untyped-def]
    from backcare.assessments.intake import assess
    from backcare.domain.findings import red_flag_ids

    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    assess(user, {**answers, "pregnant": "yes"})


def test_a_person_who_is_or_could_be_pregnant_is_asked_about_pregnancy_warning_signs(
    ana_client, ana, bo, client
):
    _pregnant_by_intake(ana)
    page = ana_client.get(TODAY_URL).content.decode()
    assert 'name="safety_pregnancy_warning_signs"' in page
    assert 'name="safety_urinary_symptoms"' in page
    assert "<li>Urinary symptoms or pain in the side</li>" in page  # named in the list
    assert "<li>Bleeding, cramping or other pregnancy warning signs</li>" in page
    client.force_login(bo)  # nobody said bo could be pregnant
    assert 'name="safety_pregnancy_warning_signs"' not in client.get(TODAY_URL).content.decode()


def test_pregnancy_warning_signs_at_check_in_are_an_emergency_shown_at_once(ana_client, ana):
    _pregnant_by_intake(ana)
    page = ana_client.post(
        TODAY_URL, {"moment": "morning", "pain": "5", "safety_pregnancy_warning_signs": "yes"}
    ).content.decode()
    assert "level-emergency" in _first_element_class(page)
    assert CheckIn.objects.get(user=ana).safety_level == "emergency"
