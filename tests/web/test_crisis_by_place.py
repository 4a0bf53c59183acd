"""The crisis message names the services and numbers of the person's place.

It once read "In the UK call 999 or go to A&E ... Samaritans ... In the US call or text 988" to
everyone. Now content/crisis.toml names services only through the place words of
red_flags.toml (``{emergency_help}``, ``{crisis_lines}``), filled from the person's country
(their time zone): 999/A&E, Samaritans and NHS 111 in London, 911 and 988 in New York,
112/999 and Samaritans in Dublin, 000 and Lifeline in Sydney, 911 and 9-8-8 in Toronto, 111 and
1737 in Auckland, 112 in Berlin, and words that give every number (112 in Europe among them)
where the place is not known. Its urgency, order and instructions are the same everywhere.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.content import ContentError
from backcare.domain.instruments import crisis_message, instrument
from backcare.domain.phones import phones_for
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.schemas import response_out
from tests.conftest import make_user
from tests.web.test_services_by_place import edit, full, text_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
LONDON, NEW_YORK, DUBLIN = "Europe/London", "America/New_York", "Europe/Dublin"
SYDNEY, TORONTO, AUCKLAND, BERLIN = (
    "Australia/Sydney",
    "America/Toronto",
    "Pacific/Auckland",
    "Europe/Berlin",
)
ELSEWHERE = "Asia/Kolkata"  # deliberately a zone with no numbers: words for anywhere
ANYWHERE = [
    "call your local emergency number (112 in Europe, 999 in the UK and Ireland, 911 in North "
    "America, 000 in Australia, 111 in New Zealand) or go to an emergency department now",
    "call a local crisis line (116 123 in the UK and Ireland, 988 in the US and Canada, "
    "13 11 14 in Australia, 1737 in New Zealand)",
]
# time zone -> (words of the crisis message, words that never reach a person there)
PLACES = {
    LONDON: (
        [
            "call 999 or go to A&E now",
            "call Samaritans on 116 123 or NHS 111 (option 2 for mental health)",
        ],
        ["911", "988", "emergency room"],
    ),
    NEW_YORK: (
        ["call 911 or go to an emergency room now", "call or text 988"],
        ["999", "A&E", "NHS", "Samaritans", "116 123"],
    ),
    DUBLIN: (
        ["call 112 or 999, or go to an emergency department now", "call Samaritans on 116 123"],
        ["A&E", "NHS", "911", "988"],
    ),
    SYDNEY: (
        [
            "call Triple Zero (000) or go to an emergency department now",
            "call Lifeline on 13 11 14 (free from a mobile)",
        ],
        ["999", "A&E", "NHS", "Samaritans", "116 123", "911", "988", "emergency room"],
    ),
    TORONTO: (
        [
            "call 911 or go to an emergency department now",
            "call or text 9-8-8 (the Suicide Crisis Helpline)",
        ],
        ["999", "A&E", "NHS", "Samaritans", "116 123", "000"],
    ),
    AUCKLAND: (
        ["call 111 or go to an emergency department now", "call or text 1737 (Need to talk?)"],
        ["999", "A&E", "NHS", "Samaritans", "116 123", "911", "988"],
    ),
    BERLIN: (
        [
            "call 112 or go to an emergency department now",
            "call a local crisis line",
        ],
        ["999", "A&E", "NHS", "Samaritans", "116 123", "911", "988", "000"],
    ),
    ELSEWHERE: (ANYWHERE, ["NHS"]),
}
OPENING = (
    "If you are thinking about ending your life or hurting yourself, or you feel you might act "
    "on these thoughts, "
)
CLOSING = (
    " You do not have to wait until things get worse: tell someone you trust, and let your "
    "doctor know as soon as you can."
)


def person(time_zone: str):  # type: ignore[no-untyped-def]
    name = re.sub(r"\W", "", time_zone).lower()[:20]
    return make_user(name, display_name="Sam", year_of_birth=1985, time_zone=time_zone)


def crisis_answers() -> dict[str, int]:
    answers = {item.id: 0 for item in instrument("phq9").scored_items}
    return {**answers, "thoughts_self_harm": 1}


def block(html: str, start: str, end: str) -> str:
    """The words of the part of ``html`` from ``start`` up to the next ``end``."""
    assert start in html, start
    return text_of(html.split(start, 1)[1].split(end, 1)[0]).replace("&amp;", "&")


def reads_right(shown: str, time_zone: str) -> None:
    read, never = PLACES[time_zone]
    for words in read:
        assert words in shown, words
    for words in never:
        assert words not in shown, words


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_crisis_message_keeps_its_urgency_order_and_instructions_everywhere(time_zone):
    message = crisis_message(phones_for(time_zone, "", "112"))
    assert message.heading == "Please talk to someone now"
    assert message.text.startswith(OPENING + "call ")
    assert message.text.endswith(CLOSING)
    now, free_lines = message.text.split(" now. You can also talk to someone, day or night: ")
    assert "go to" in now  # an emergency department (A&E, emergency room) wherever they are
    assert free_lines.startswith("call ")
    assert message.references == crisis_message().references
    assert "{" not in message.text
    assert "}" not in message.text
    reads_right(message.text, time_zone)


def test_without_a_known_place_the_crisis_message_gives_every_number():
    message = crisis_message()
    assert message == crisis_message(phones_for(ELSEWHERE, "", "112"))
    numbers = ("999", "112", "911", "000", "111", "116 123", "988", "13 11 14", "1737")
    for number in numbers:
        assert number in message.text
    shown = " ".join(f"{c.region} {c.service} {c.how}" for c in message.contacts)
    for number in numbers:
        assert number in shown


def test_the_contacts_are_those_of_the_persons_place():
    def contacts(time_zone: str) -> list[str]:
        message = crisis_message(phones_for(time_zone, "", "112"))
        return [f"{c.region}: {c.how}" for c in message.contacts]

    anywhere = "Anywhere: Call now if you are in danger or might act on these thoughts"
    assert contacts(LONDON) == [
        anywhere,
        "UK: Call 999 or go to A&E",
        "UK and Ireland: Call 116 123, free, day or night",
    ]
    assert contacts(NEW_YORK) == [
        anywhere,
        "US: Call 911 or go to an emergency room",
        "US: Call or text 988",
    ]
    assert contacts(DUBLIN) == [
        anywhere,
        "Ireland: Call 112 or 999, or go to an emergency department",
        "UK and Ireland: Call 116 123, free, day or night",
    ]
    assert contacts(SYDNEY) == [
        anywhere,
        "Australia: Call Triple Zero (000) or go to an emergency department",
        "Australia: Call 13 11 14, day or night (free from a mobile; a local call from a landline)",
    ]
    assert contacts(TORONTO) == [
        anywhere,
        "Canada: Call 911 or go to an emergency department",
        "Canada: Call or text 9-8-8, free, day or night",
    ]
    assert contacts(AUCKLAND) == [
        anywhere,
        "New Zealand: Call 111 or go to an emergency department",
        "New Zealand: Call or text 1737, free, day or night",
    ]
    # No national crisis line sourced for Europe yet: 112, and the words say a local line.
    assert contacts(BERLIN) == [anywhere, "Europe: Call 112 or go to an emergency department"]


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_questionnaire_result_names_the_persons_services(client, time_zone):
    client.force_login(person(time_zone))
    answers = {key: str(value) for key, value in crisis_answers().items()}
    taken = client.post(reverse("questionnaires:take", args=["phq9"]), answers)
    html = client.get(taken["Location"]).content.decode()
    shown = block(html, '<section class="level-emergency crisis"', "</section>")
    reads_right(shown, time_zone)


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_back_check_result_names_the_persons_services(client, time_zone):
    someone = person(time_zone)
    client.force_login(someone)
    assessment = assess(someone, full(self_harm_thoughts="yes"))
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    shown = block(html.decode(), '<p class="crisis-message">', "</p>")
    reads_right(shown, time_zone)


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_dashboard_names_the_persons_services(client, time_zone):
    someone = person(time_zone)
    client.force_login(someone)
    with time_machine.travel(NOW, tick=False):
        from backcare.questionnaires.responses import record_response

        record_response(someone, "phq9", crisis_answers(), taken_at=NOW)
        html = client.get(reverse("progress:dashboard")).content.decode()
    shown = block(html, 'aria-labelledby="crisis-heading">', "</section>")
    reads_right(shown, time_zone)


@pytest.mark.parametrize("time_zone", PLACES)
def test_the_questionnaire_api_names_the_callers_services(client, time_zone):
    someone = person(time_zone)
    client.force_login(someone)
    made = client.post(
        "/api/instruments/phq9/responses",
        json.dumps({"answers": crisis_answers()}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    listed = client.get("/api/instruments/phq9/responses").json()
    one = client.get(f"/api/instruments/phq9/responses/{made.json()['id']}").json()
    for body in (made.json(), listed[0], one):
        crisis = body["crisis"]
        contacts = " ".join(f"{c['region']} {c['service']} {c['how']}" for c in crisis["contacts"])
        reads_right(f"{crisis['text']} {contacts}", time_zone)


def test_an_output_without_the_person_reads_the_words_for_anywhere():
    someone = person(LONDON)
    from backcare.questionnaires.responses import record_response

    record_response(someone, "phq9", crisis_answers(), taken_at=NOW)
    body = response_out(InstrumentResponse.objects.get(user=someone), None)
    assert body["crisis"]["text"] == crisis_message().text
    for words in ANYWHERE:
        assert words in body["crisis"]["text"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("thoughts, {emergency_help} now", "thoughts, {call_999} now", "unknown place word"),
        ("thoughts, {emergency_help} now", "thoughts, {emergency_help now", "unmatched brace"),
        ('places = ["US"]', 'places = ["USA"]', "places USA not in \\[phones\\]"),
    ],
)
def test_content_validation_refuses_an_unknown_place_word_in_the_crisis_message(
    content_copy, old, new, message
):
    edit(content_copy / "crisis.toml", old, new)
    with pytest.raises(ContentError, match=f"crisis.toml.*{message}"):
        crisis_message()
