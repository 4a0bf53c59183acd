"""GET/POST /api/care/messages... and /api/clinician/patients/{id}/messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from backcare.care.models import AccessRecord
from backcare.messaging.models import Message
from backcare.messaging.service import send_message

pytestmark = pytest.mark.django_db


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json")


def test_the_patient_lists_conversations_with_unread_counts(ana_client, ana, cy, ana_link):
    send_message(ana_link, cy, "One")
    send_message(ana_link, cy, "Two")
    send_message(ana_link, ana, "Reply")
    [conversation] = ana_client.get("/api/care/messages").json()
    assert conversation["link_id"] == ana_link.pk
    assert conversation["clinician"] == "Dr Cy"
    assert (conversation["unread"], conversation["message_count"]) == (2, 3)
    assert conversation["can_send"] is True


def test_reading_a_conversation_marks_it_read_and_says_not_for_emergencies(
    ana_client, cy, ana_link
):
    send_message(ana_link, cy, "Line\nbreak")
    data = ana_client.get(f"/api/care/messages/{ana_link.pk}").json()
    assert data["emergency_number"] == "112"
    assert "not for emergencies" in data["not_for_emergencies"]
    [message] = data["messages"]
    assert (message["sender"], message["mine"], message["body"]) == (
        "clinician",
        False,
        "Line\nbreak",
    )
    assert ana_client.get("/api/care/messages").json()[0]["unread"] == 0


def test_the_patient_sends_and_gets_the_stored_message(ana_client, ana_link):
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": " Hello \r\n there "})
    assert response.status_code == 201
    assert response.json()["body"] == "Hello \n there"
    assert response.json()["mine"] is True
    assert Message.objects.get().sender == "patient"


@pytest.mark.parametrize(
    ("body", "message"),
    [({"body": ""}, "Write a message"), ({"body": "x" * 2001}, "2000 characters")],
)
def test_bad_bodies_get_a_422_naming_the_field(ana_client, ana_link, body, message):
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "body"]
    assert message in error["msg"]
    assert not Message.objects.exists()


def test_unknown_fields_and_non_text_are_refused(ana_client, ana_link):
    assert post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": 5}).status_code == 422
    assert post(ana_client, f"/api/care/messages/{ana_link.pk}", {"text": "hi"}).status_code == 422


def test_the_clinician_reads_and_replies_with_the_access_logged(cy_client, ana, ana_link):
    send_message(ana_link, ana, "Question")
    url = f"/api/clinician/patients/{ana.pk}/messages"
    data = cy_client.get(url).json()
    assert data["with_name"] == "Ana"
    assert [m["body"] for m in data["messages"]] == ["Question"]
    assert post(cy_client, url, {"body": "Answer"}).status_code == 201
    whats = set(AccessRecord.objects.filter(patient=ana).values_list("what", flat=True))
    assert {"read messages through the API", "sent a message through the API"} <= whats
    assert cy_client.get("/api/clinician/patients").json()[0]["unread_messages"] == 0


def test_the_patient_list_carries_unread_counts(cy_client, ana, ana_link):
    send_message(ana_link, ana, "Question")
    assert cy_client.get("/api/clinician/patients").json()[0]["unread_messages"] == 1


def test_after_revocation_the_patient_reads_but_sending_conflicts(ana_client, ana, cy, ana_link):
    send_message(ana_link, cy, "Advice")
    ana_client.delete(f"/api/care/links/{ana_link.pk}")
    assert ana_client.get("/api/care/messages").json()[0]["can_send"] is False
    assert [
        m["body"] for m in ana_client.get(f"/api/care/messages/{ana_link.pk}").json()["messages"]
    ] == ["Advice"]
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": "Hi"})
    assert response.status_code == 409
    assert "Sharing has stopped" in response.json()["detail"]


SADDLE = "can't feel the toilet paper when I wipe"
#: A Monday morning in London and Lisbon: the clinician's notice is not held for quiet hours.
MORNING = time_machine.travel(datetime(2026, 6, 15, 10, 0, tzinfo=UTC), tick=False)


@MORNING
def test_a_saddle_numbness_message_s_answer_carries_the_page_s_advice(ana_client, ana, ana_link):
    from backcare.domain.phones import phones_for
    from backcare.domain.triage import rule_book

    ana.time_zone = "Europe/London"
    ana.save()
    london = phones_for("Europe/London", "", "112")
    rule = next(r for r in rule_book(london).rules if r.id == "ces_saddle_numbness")
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": SADDLE})
    assert response.status_code == 201
    assert response.json()["body"] == SADDLE  # sent all the same
    warning = response.json()["warning"]
    assert warning["heading"] == "Your message may describe a warning sign"
    assert warning["rule_ids"] == ["ces_saddle_numbness"]
    assert warning["level"] == "emergency"
    assert warning["call_number"] == "999"
    assert warning["call_label"] == "Call 999 now"
    [advice] = warning["rules"]
    assert (advice["id"], advice["level"], advice["advice"]) == (rule.id, "emergency", rule.advice)
    assert "{" not in advice["advice"]  # the place words are filled in
    assert warning["back_check_url"] == "/assess/"
    assert warning["crisis"] is None


@MORNING
def test_a_self_harm_message_s_answer_carries_the_crisis_text(ana_client, ana_link):
    response = post(ana_client, f"/api/care/messages/{ana_link.pk}", {"body": "I want to die"})
    warning = response.json()["warning"]
    assert warning["rule_ids"] == ["self_harm"]
    assert warning["rules"] == []
    assert warning["crisis"]["heading"]
    assert warning["back_check_url"] is None


@MORNING
def test_an_ordinary_message_s_answer_carries_no_warning(ana_client, ana_link, cy_client, ana):
    url = f"/api/care/messages/{ana_link.pk}"
    response = post(ana_client, url, {"body": "My legs feel fine and there is no numbness."})
    assert response.status_code == 201
    assert response.json()["warning"] is None
    # A clinician's words are never read for warning signs.
    answer = post(cy_client, f"/api/clinician/patients/{ana.pk}/messages", {"body": SADDLE})
    assert "warning" not in answer.json()


@MORNING
def test_the_patient_s_read_carries_the_advice_on_their_own_flagged_message(
    ana_client, ana, cy, ana_link
):
    url = f"/api/care/messages/{ana_link.pk}"
    sent = post(ana_client, url, {"body": SADDLE}).json()
    post(ana_client, url, {"body": "And a question about the plan"})
    send_message(ana_link, cy, SADDLE)  # a clinician's words are never marked
    flagged, ordinary, reply = ana_client.get(url).json()["messages"]
    assert flagged["warning"] == sent["warning"]  # the same shape as the answer to sending
    assert flagged["warning"]["rule_ids"] == ["ces_saddle_numbness"]
    assert flagged["warning"]["call_number"] == "112"
    assert ordinary["warning"] is None
    assert (reply["sender"], reply["warning"]) == ("clinician", None)


@MORNING
def test_the_clinician_s_read_carries_the_mark_on_the_patient_s_flagged_message(
    cy_client, ana, ana_link
):
    from backcare.messaging.warnings import warning_titles

    send_message(ana_link, ana, "zq I want to die, and " + SADDLE)
    send_message(ana_link, ana, "A question about the plan")
    url = f"/api/clinician/patients/{ana.pk}/messages"
    post(cy_client, url, {"body": "Please call 112 now"})
    flagged, ordinary, reply = cy_client.get(url).json()["messages"]
    mark = flagged["warning"]
    assert mark["rule_ids"] == ["ces_saddle_numbness", "self_harm"]
    assert mark["level"] == "emergency"
    titles = warning_titles(["ces_saddle_numbness", "self_harm"])
    assert [r["title"] for r in mark["rules"]] == titles  # as the page marks it
    assert [r["id"] for r in mark["rules"]] == mark["rule_ids"]
    # The clinician gets the mark, not the patient's advice and call button.
    assert set(mark) == {"rule_ids", "level", "rules"}
    assert ordinary["warning"] is None
    assert (reply["sender"], reply["warning"]) == ("clinician", None)


def test_the_openapi_schema_documents_the_warning_on_each_read():
    from backcare.api.urls import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    components = schema["components"]["schemas"]

    def message_of(path: str) -> dict:  # type: ignore[type-arg]
        answer = schema["paths"][path]["get"]["responses"][200]["content"]["application/json"]
        conversation = components[answer["schema"]["$ref"].rsplit("/", 1)[-1]]
        item = conversation["properties"]["messages"]["items"]["$ref"].rsplit("/", 1)[-1]
        return components[item]["properties"]["warning"]  # type: ignore[no-any-return]

    patient = message_of("/api/care/messages/{link_id}")
    clinician = message_of("/api/clinician/patients/{patient_id}/messages")
    assert "advice the messages page showed them" in patient["description"]
    assert "as the clinician's page marks it" in clinician["description"]
    refs = {
        side: next(o["$ref"] for o in field["anyOf"] if "$ref" in o).rsplit("/", 1)[-1]
        for side, field in (("patient", patient), ("clinician", clinician))
    }
    assert refs["patient"] == "MessageWarningOut"  # as the answer to sending
    assert set(components[refs["clinician"]]["properties"]) == {"rule_ids", "level", "rules"}
