"""The message pages: patient inbox and conversation, the clinician's side, badges, notes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.care.models import AccessRecord
from backcare.messaging.models import Message
from backcare.messaging.service import send_message
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def conversation_url(link) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:conversation", args=[link.pk])


def test_a_patient_writes_and_the_page_shows_it_escaped_with_line_breaks(ana_client, ana_link):
    response = ana_client.post(conversation_url(ana_link), {"body": "<script>x</script>\nline two"})
    assert response.status_code == 302
    assert response["Location"].endswith("#latest")
    html = ana_client.get(conversation_url(ana_link)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;<br>line two" in html
    assert "<script>x</script>" not in html
    assert "Not read yet" in html


def test_every_message_screen_says_not_for_emergencies_with_a_tap_to_call_number(
    ana_client, ana_link, settings
):
    # ana lives in Lisbon: Europe's number; the compose box and the footer repeat it.
    for url in (reverse("messaging:inbox"), conversation_url(ana_link)):
        html = ana_client.get(url).content.decode()
        assert "Messages are not for emergencies" in html
        assert 'href="tel:112"' in html
        assert "Replies may take a few days" in html
        assert "looks for some words that can describe a warning sign" in html
    assert html.count('href="tel:112"') == 2  # the note and the footer


def test_an_empty_message_is_refused_with_the_reason_and_nothing_is_stored(ana_client, ana_link):
    response = ana_client.post(conversation_url(ana_link), {"body": "   "})
    assert response.status_code == 422
    assert "Write a message before sending." in response.content.decode()
    assert not Message.objects.exists()


def test_a_too_long_message_keeps_the_text_to_fix(ana_client, ana_link):
    text = "word " * 500
    response = ana_client.post(conversation_url(ana_link), {"body": text})
    assert response.status_code == 422
    assert "Keep a message to 2000 characters" in response.content.decode()
    assert text.strip() in response.content.decode()


def test_unread_badges_on_the_more_tab_the_inbox_and_the_care_page(ana_client, ana, cy, ana_link):
    send_message(ana_link, cy, "How are you?")
    send_message(ana_link, cy, "Any better?")
    home = ana_client.get(reverse("web:home")).content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> unread messages</span>' in home
    assert "2<span" in ana_client.get(reverse("care:team")).content.decode()
    inbox = ana_client.get(reverse("messaging:inbox")).content.decode()
    assert "Dr Cy" in inbox
    assert "2<span" in inbox
    ana_client.get(conversation_url(ana_link))  # reading clears the badge
    assert 'class="badge"' not in ana_client.get(reverse("web:home")).content.decode()


def test_the_inbox_and_more_page_link_to_messages(ana_client, ana_link):
    more = ana_client.get(reverse("web:more")).content.decode()
    assert reverse("messaging:inbox") in more
    inbox = ana_client.get(reverse("messaging:inbox")).content.decode()
    assert conversation_url(ana_link) in inbox


def test_after_stopping_sharing_the_patient_reads_but_cannot_send(ana_client, ana, cy, ana_link):
    send_message(ana_link, cy, "Earlier advice")
    ana_client.post(reverse("care:revoke", args=[ana_link.pk]))
    page = ana_client.get(conversation_url(ana_link)).content.decode()
    assert "Earlier advice" in page
    assert "read only" in page
    assert "<textarea" not in page
    response = ana_client.post(conversation_url(ana_link), {"body": "Still there?"})
    assert response.status_code == 422
    assert Message.objects.count() == 1


def test_the_clinician_reads_from_the_patient_page_and_it_is_logged(cy_client, ana, cy, ana_link):
    send_message(ana_link, ana, "Line one\nLine two")
    record = cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode()
    url = reverse("messaging:clinician_conversation", args=[ana.pk])
    assert url in record
    page = cy_client.get(url).content.decode()
    assert "Line one<br>Line two" in page
    assert "If Ana describes an emergency, tell them to call 112" in page
    assert AccessRecord.objects.filter(patient=ana, what="read messages").count() == 1
    assert Message.objects.get().read_at is not None


def test_the_clinician_replies_and_the_patient_sees_it(cy_client, ana_client, ana, ana_link):
    url = reverse("messaging:clinician_conversation", args=[ana.pk])
    assert cy_client.post(url, {"body": "Try the cat-cow stretch."}).status_code == 302
    assert AccessRecord.objects.filter(patient=ana, what="sent a message").exists()
    assert "Try the cat-cow stretch." in ana_client.get(conversation_url(ana_link)).content.decode()


def test_the_clinician_inbox_header_and_dashboard_show_unread(cy_client, ana, cy, ana_link):
    send_message(ana_link, ana, "Hello")
    bo = make_user("bo2", display_name="Bo")
    from tests.care.conftest import link

    send_message(link(cy, bo), bo, "Hi")
    inbox = cy_client.get(reverse("messaging:clinician_inbox")).content.decode()
    assert "Ana" in inbox
    assert "Bo" in inbox
    assert '<span class="badge">2<span' in inbox  # header total
    dashboard = cy_client.get(reverse("care:dashboard")).content.decode()
    assert '<span class="badge">2<span' in dashboard
    assert dashboard.count("1 unread message</a>") == 2
    filtered = cy_client.get(reverse("care:dashboard"), {"q": "Ana"}).content.decode()
    assert '<span class="badge">2<span' in filtered  # counted on its own when filtered
    assert AccessRecord.objects.filter(what="saw message count on the messages list").count() == 2


def test_a_link_from_another_page_can_start_a_draft(ana_client, ana_link):
    url = conversation_url(ana_link) + "?text=About+my+plan:+<b>"
    html = ana_client.get(url).content.decode()
    assert ">About my plan: &lt;b&gt;</textarea>" in html
    assert not Message.objects.exists()


def test_nobody_reads_the_no_name_stand_in_on_a_message_page(ana_client, ana, cy, cy_client):
    """An account without a name is "No name given (bc-…)" in lists; a person writing or
    reading a message reads "your clinician" or "this patient", the clinician's heading and
    list the patient's code."""
    from django.test import Client

    from backcare.care.models import CareLink
    from tests.care.conftest import link

    unnamed_patient = make_user("pat", display_name="", time_zone="Europe/Lisbon")
    unnamed_clinician = make_user("doc", role="clinician", display_name="")
    to_patient = link(cy, unnamed_patient)
    to_clinician = link(unnamed_clinician, ana)
    send_message(to_patient, cy, "How is it today?")
    send_message(to_patient, unnamed_patient, "Better, thanks.")
    send_message(to_clinician, unnamed_clinician, "How is it today?")

    def page(client, url) -> str:  # type: ignore[no-untyped-def]
        html = client.get(url).content.decode()
        assert "No name given" not in html, url
        return html

    inbox = page(ana_client, reverse("messaging:inbox"))
    assert "<strong>Your clinician" in inbox
    thread = page(ana_client, conversation_url(to_clinician))
    assert "<h1>Messages with your clinician</h1>" in thread
    assert '<p class="bubble-who">Your clinician · ' in thread
    assert '<label for="message-body">Message to your clinician</label>' in thread

    code = unnamed_patient.pseudonym
    listed = page(cy_client, reverse("messaging:clinician_inbox"))
    assert f"<strong>Patient {code}" in listed
    theirs = page(cy_client, reverse("messaging:clinician_conversation", args=[unnamed_patient.pk]))
    assert f"<h1>Messages with patient {code}</h1>" in theirs
    assert "If this patient describes an emergency" in theirs
    assert "← This patient's record" in theirs
    assert "Times are this patient's local time (Europe/Lisbon)" in theirs
    assert '<p class="bubble-who">This patient · ' in theirs
    assert '<label for="message-body">Message to this patient</label>' in theirs

    own = Client()
    own.force_login(unnamed_patient)
    assert "<h1>Messages with Dr Cy</h1>" in page(own, conversation_url(to_patient))
    unnamed_clinician.delete()  # the conversation stays with the patient, read only
    closed = page(ana_client, conversation_url(CareLink.objects.get(pk=to_clinician.pk)))
    assert "Your former clinician's account has been closed" in closed
