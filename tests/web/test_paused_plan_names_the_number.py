"""A paused plan, and the person's own warning signs, name the number to call where they are.

The paused plan said "call your emergency number or go to an emergency department", and a
warning sign of one's own "Call your emergency number now": someone in the UK who reads
little English could not act on it. Now both read the words of the person's place ("call 999
or go to A&E", "Call 999 now"), and where the place is not known, every number. A plan stored
with the old words reads the new ones wherever it is shown: the plan page, the printed plan,
the API, a guided session, the command line."""

from __future__ import annotations

import datetime
import html
import json
import re

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.commands.plan import _for_user
from backcare.domain.phones import place_words
from backcare.domain.plans import PlanInput, build_plan
from backcare.plans import planning, sessions
from tests.conftest import make_user
from tests.intake_data import calm_answers

NOW = datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC)
ANYWHERE = place_words()
#: time zone -> (emergency words, urgent line, the emergency number alone)
PLACES = {
    "Europe/London": (
        "call 999 or go to A&E",
        "your local urgent advice line (NHS 111 in England)",
        "999",
    ),
    # No known place: every number.
    "Asia/Kolkata": (
        ANYWHERE["emergency_help"],
        ANYWHERE["urgent_line"],
        ANYWHERE["emergency_number"],
    ),
}
#: The paused plan's notices as plans stored them before they named the place.
OLD_EMERGENCY = (
    "Your answers include a warning sign that needs help now: call your emergency number or "
    "go to an emergency department. The exercise plan is paused until a clinician has seen you."
)
OLD_URGENT = (
    "Your answers include a sign that a clinician should check today: contact your doctor, an "
    "urgent care service or your local urgent advice line. The exercise plan is paused until a "
    "clinician has seen you."
)


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def person(time_zone: str):  # type: ignore[no-untyped-def]
    name = re.sub(r"\W", "", time_zone).lower()[:20]
    return make_user(name, display_name="Sam", year_of_birth=1985, time_zone=time_zone)


def words(page: str) -> str:
    """The page's text as read: tags gone, entities read, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def care_advice(page: str) -> str:
    notice = r'<div class="care-advice level-(?:emergency|urgent)"><p>(.*?)</p>'
    found = re.findall(notice, page, flags=re.S)
    assert found, "no care advice on the page"
    return words(" ".join(found))


def own_signs(page: str) -> str:
    return words(page.split('<ul class="own-signs', 1)[1].split("</ul>", 1)[0])


def shown_advice(client, user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The paused plan's notice as each output shows it to the person."""
    api = client.get("/api/plan").json()["plan"]["care_advice"]
    return {
        "plan page": care_advice(client.get(reverse("plans:plan")).content.decode()),
        "printed plan": care_advice(client.get(reverse("plans:print")).content.decode()),
        "api": " ".join(a["text"] for a in api if a["level"] != "info"),
        "session": " ".join(a["text"] for a in sessions.todays_routine(user).care_advice),
    }


@pytest.mark.parametrize("time_zone", PLACES)
def test_a_paused_plan_for_an_emergency_names_the_persons_emergency_number(client, db, time_zone):
    emergency, _urgent_line, _number = PLACES[time_zone]
    someone = person(time_zone)
    client.force_login(someone)
    assert assess(someone, calm_answers(bladder_change="yes")).level == "emergency"
    for where, said in shown_advice(client, someone).items():
        assert f"needs help now: {emergency}." in said, where
        assert "your emergency number" not in said, where
        assert "{" not in said, where


@pytest.mark.parametrize("time_zone", PLACES)
def test_a_paused_plan_for_today_names_the_persons_urgent_line(client, db, time_zone):
    _emergency, urgent_line, _number = PLACES[time_zone]
    someone = person(time_zone)
    client.force_login(someone)
    assert assess(someone, calm_answers(fever="yes")).level == "urgent"
    for where, said in shown_advice(client, someone).items():
        assert f"or call {urgent_line}. The exercise plan is paused" in said, where
        assert "{" not in said, where


@pytest.mark.parametrize(("level", "old", "answers"), [
    ("emergency", OLD_EMERGENCY, {"bladder_change": "yes"}),
    ("urgent", OLD_URGENT, {"fever": "yes"}),
])  # fmt: skip
def test_a_plan_stored_with_the_old_words_reads_the_persons_own(
    client, db, capsys, level, old, answers
):
    someone = person("Europe/London")
    client.force_login(someone)
    assert assess(someone, calm_answers(**answers)).level == level
    stored = planning.current_plan(someone)
    assert stored.body["care_advice"][0]["level"] == level
    stored.body["care_advice"][0]["text"] = old
    stored.save(update_fields=["body"])
    wanted = "call 999 or go to A&E" if level == "emergency" else "NHS 111 in England"
    for where, said in shown_advice(client, someone).items():
        assert wanted in said, where
        assert old not in said, where
    stored.refresh_from_db()
    assert wanted in stored.body["care_advice"][0]["text"]  # brought up to date where it stands
    assert _for_user(someone.username, as_json=True) == 0
    printed = json.loads(capsys.readouterr().out)["plan"]["care_advice"][0]["text"]
    assert wanted in printed


def test_a_plan_built_without_a_person_reads_right_anywhere():
    """The command line's plan from a file, and any body stored before it is shown, give
    every number, never a raw place word."""
    for level in ("emergency", "urgent"):
        said = build_plan(PlanInput(level)).care_advice[0].text
        assert "{" not in said
        assert "}" not in said
        for number in ("999", "911", "112", "000", "111"):
            assert number in said or level == "urgent", number
        assert ANYWHERE["urgent_line"] in said or level == "emergency"


@pytest.mark.parametrize("time_zone", PLACES)
def test_her_own_warning_signs_name_the_number_on_the_result_and_the_plan(client, db, time_zone):
    _emergency, urgent_line, number = PLACES[time_zone]
    someone = person(time_zone)
    client.force_login(someone)
    answers = calm_answers(age=45, bladder_change="yes", fever="yes", leg_weakness="not_sure")
    assessment = assess(someone, answers)
    # An emergency's result page gives the call alone; its signs are on the page after it.
    details = reverse("assessments:details", kwargs={"pk": assessment.pk})
    result = own_signs(client.get(details).content.decode())
    plan = own_signs(client.get(reverse("plans:plan")).content.decode())
    for where, said in (("result", result), ("plan", plan)):
        assert f"Call {number} now." in said, where
        assert f"Speak to a clinician today, or call {urgent_line}." in said, where
        assert "your emergency number" not in said, where
        assert "{" not in said, where
