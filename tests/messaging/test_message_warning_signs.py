"""A message whose words may describe a warning sign: the patient is told at once what to do
(the red-flag rule's own advice), and the clinician sees the message marked and listed first.
The compose box says that messages are not watched around the clock."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backcare.domain.instruments import crisis_message
from backcare.domain.phones import phones_for
from backcare.domain.triage import rule_book
from backcare.messaging.models import Message
from backcare.messaging.service import send_message
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SADDLE = "can't feel the toilet paper when I wipe"
LONDON = phones_for("Europe/London", "", "112")


def advice(rule_id: str, phones=None) -> str:  # type: ignore[no-untyped-def]
    return next(rule.advice for rule in rule_book(phones).rules if rule.id == rule_id)


@pytest.fixture
def london_ana(ana):  # type: ignore[no-untyped-def]
    ana.time_zone = "Europe/London"
    ana.save()
    return ana


def test_the_compose_box_says_messages_are_not_watched_in_the_person_s_place_words(
    ana_client, london_ana, ana_link
):
    html = ana_client.get(reverse("messaging:conversation", args=[ana_link.pk])).content.decode()
    notice = html.split('id="message-notice">')[1].split("</p>")[0]
    assert "Messages are not watched around the clock" in notice
    assert "call 999 or go to A&amp;E now" in notice
    assert "NHS 111" in notice
    assert "can miss them" in notice
    assert html.index('id="message-notice"') < html.index(">Send</button>")


def test_a_saddle_numbness_message_gives_the_rule_s_advice_at_once(
    ana_client, london_ana, ana_link
):
    url = reverse("messaging:conversation", args=[ana_link.pk])
    response = ana_client.post(url, {"body": SADDLE})
    message = Message.objects.get()
    assert message.warning_rules == "ces_saddle_numbness"
    assert response["Location"] == f"{url}?warned={message.pk}#warning"
    html = ana_client.get(response["Location"]).content.decode()
    prompt = html.split('id="warning"')[1].split("</section>")[0]
    assert "Your message may describe a warning sign" in prompt
    assert advice("ces_saddle_numbness", LONDON) in prompt
    assert 'href="tel:999"' in prompt  # the emergency call button for the UK
    assert reverse("assessments:start") in prompt
    assert "Not read yet" in html  # the message is sent all the same


def test_a_self_harm_message_gives_the_crisis_text(ana_client, london_ana, ana_link):
    url = reverse("messaging:conversation", args=[ana_link.pk])
    location = ana_client.post(url, {"body": "Some days I want to die"})["Location"]
    html = ana_client.get(location).content.decode()
    crisis = crisis_message(LONDON)
    assert crisis.heading in html
    assert "Samaritans" in html


def test_an_ordinary_message_gives_no_prompt_and_no_mark(ana_client, cy_client, ana, ana_link):
    url = reverse("messaging:conversation", args=[ana_link.pk])
    response = ana_client.post(url, {"body": "My legs feel fine and there is no numbness."})
    assert response["Location"] == url + "#latest"
    assert Message.objects.get().warning_rules == ""
    assert 'id="warning"' not in ana_client.get(url).content.decode()
    inbox = cy_client.get(reverse("messaging:clinician_inbox")).content.decode()
    assert "may describe a warning sign" not in inbox.split("</aside>")[1]
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "need-warning_message" not in dashboard


def test_the_prompt_is_only_for_the_sender_s_own_flagged_message(ana_client, cy, ana, ana_link):
    from_clinician = send_message(ana_link, cy, "Any chest pain or fever?")
    assert from_clinician.warning_rules == ""  # only a patient's words are read
    url = reverse("messaging:conversation", args=[ana_link.pk])
    html = ana_client.get(f"{url}?warned={from_clinician.pk}").content.decode()
    assert 'id="warning"' not in html


def test_the_clinician_sees_the_flag_in_the_list_the_thread_and_the_patient_page(
    cy_client, cy, ana, ana_link
):
    al = make_user("al", display_name="Al")  # before Ana by name
    al_link = link(cy, al)
    send_message(ana_link, ana, SADDLE)
    send_message(al_link, al, "Feeling better today")  # newer, but ordinary
    inbox = cy_client.get(reverse("messaging:clinician_inbox")).content.decode()
    listed = inbox.split("</aside>")[1]
    assert listed.index("Ana") < listed.index("Al")  # the flagged one first
    assert "1 message may describe a warning sign, not yet handled" in listed
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert dashboard.index(">Ana<") < dashboard.index(">Al<")
    assert '<li class="need-warning_message">Message may describe a warning sign</li>' in dashboard
    page = cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode()
    assert "1 message may describe a warning sign, not yet handled" in page
    thread = cy_client.get(
        reverse("messaging:clinician_conversation", args=[ana.pk])
    ).content.decode()
    assert "May describe a warning sign:</strong> Numbness around the genitals" in thread
    # Read is not handled: the list still puts it first (tests/messaging/test_warning_handled).
    assert "need-warning_message" in cy_client.get(reverse("care:dashboard")).content.decode()


def test_a_clinician_sees_the_flag_only_for_their_own_linked_patients(cy_client, cy, ana, ana_link):
    send_message(ana_link, ana, SADDLE)
    assert "need-warning_message" in cy_client.get(reverse("care:dashboard")).content.decode()
    other = make_user("dr-ed", role="clinician", display_name="Dr Ed")
    client = verify_second_factor(Client(), other)
    for page in ("messaging:clinician_inbox", "care:dashboard"):
        html = client.get(reverse(page)).content.decode()
        assert "need-warning_message" not in html
        assert "may describe a warning sign, not yet handled" not in html
    assert client.get(reverse("care:patient", args=[ana.pk])).status_code == 404
    thread = client.get(reverse("messaging:clinician_conversation", args=[ana.pk]))
    assert thread.status_code == 404
