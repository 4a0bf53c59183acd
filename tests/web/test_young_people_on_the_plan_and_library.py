"""What the result says to the young is said wherever else it matters: the lines for young
people stand in every crisis box (the plan, the progress page, the messages page, the result
after a check-in, and the API), chosen by the one function that picks them; the library, the
toolbox and a session hold back every move the plan holds back (Sam, 16, hurling: cat-cow is
not "for you"); the mat hint never names a move held back; and the plan says the line for
16- and 17-year-olds in its safety section."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime

import pytest
import time_machine

from backcare.accounts.models import User
from backcare.assessments.intake import assess
from backcare.assessments.presenting import phones_for_user, raised_context
from backcare.domain.course import course_book
from backcare.domain.exercises import exercises
from backcare.domain.plan_model import RULE_CONDITIONS
from backcare.domain.standing_triage import TriageReading
from backcare.messaging.warnings import crisis_rule_ids, warning_prompt
from backcare.plans import planning
from backcare.plans.library import for_you, routine_kit
from backcare.questionnaires.responses import record_response
from tests.api.test_instrument_responses_api import answered
from tests.conftest import make_user
from tests.web.test_services_by_place import full, text_of

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
UNDER_18 = course_book().notes["under_18"]
# Sam, 16, in Dublin: back pain for 6 weeks, worse bending backwards and with sport.
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}
CHILDLINE = ("Childline", "1800 66 66 66")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def person(name: str, born: int):  # type: ignore[no-untyped-def]
    return make_user(name, year_of_birth=born, time_zone="Europe/Dublin")


def said(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return html.unescape(text_of(response.content.decode()))


def has_childline(text: str) -> bool:
    return all(words in text for words in CHILDLINE)


# --- the lines for young people in every crisis box ------------------------------------------


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_the_plan_paused_for_thoughts_of_self_harm_lists_childline_under_18(
    client, age, born, shown
):
    someone = person(f"p{age}", born)
    assess(someone, full(self_harm_thoughts="yes", age=age))
    client.force_login(someone)
    page = said(client.get("/plan/"))
    assert "Samaritans" in page
    assert has_childline(page) is shown


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_the_progress_page_after_a_crisis_answer_lists_childline_under_18(client, age, born, shown):
    someone = person(f"p{age}", born)
    assess(someone, full(age=age))
    record_response(someone, "phq9", answered("phq9", thoughts_self_harm=1))
    client.force_login(someone)
    page = said(client.get("/dashboard/"))
    assert "Samaritans" in page
    assert has_childline(page) is shown


@pytest.mark.parametrize(("age", "born", "under"), [(16, 2010, 18), (35, 1991, None)])
def test_the_crisis_api_lists_the_line_for_young_people_with_its_age(client, age, born, under):
    someone = person(f"p{age}", born)
    assess(someone, full(age=age))
    client.force_login(someone)
    response = client.post(
        "/api/instruments/phq9/responses",
        json.dumps({"answers": answered("phq9", thoughts_self_harm=1)}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    contacts = response.json()["crisis"]["contacts"]
    young = [c for c in contacts if c["under_age"] is not None]
    assert [(c["service"], c["under_age"]) for c in young] == (
        [("Childline (ISPCC)", under)] if under else []
    )
    assert any(c["under_age"] is None and "Samaritans" in c["service"] for c in contacts)
    listed = client.get(f"/api/instruments/phq9/responses/{response.json()['id']}").json()
    assert listed["crisis"]["contacts"] == contacts


@pytest.mark.parametrize(("age", "born", "shown"), [(16, 2010, True), (35, 1991, False)])
def test_a_message_about_self_harm_lists_the_line_for_young_people_under_18(age, born, shown):
    someone = person(f"p{age}", born)
    assess(someone, full(age=age))
    prompt = warning_prompt(list(crisis_rule_ids()), phones_for_user(someone), someone)
    assert prompt is not None
    assert prompt.crisis is not None
    assert bool(prompt.crisis.youth) is shown


def test_the_result_after_a_check_in_that_raised_self_harm_lists_childline(db):
    sam = person("sam", 2010)
    assess(sam, full(age=16))
    raised = TriageReading(level="emergency", at=NOW, day=NOW.date(), source="checkin", crisis=True)
    crisis = raised_context(raised, phones_for_user(sam), sam)["raised_crisis"]
    assert [line.service for line in crisis.youth] == ["Childline (ISPCC)"]


# --- the library follows the plan's holds ----------------------------------------------------


@pytest.fixture
def sam_client(client):  # type: ignore[no-untyped-def]
    sam = person("sam", 2010)
    assess(sam, full(**SAM))
    client.force_login(sam)
    return client


def test_every_move_sams_plan_holds_back_is_not_for_him_in_the_library(sam_client):
    sam = User.objects.get(username="sam")
    record = planning.current_plan(sam)
    assert record is not None
    held = {h["slug"] for h in record.body["held_back"]}
    assert held  # what his plan could offer him otherwise (no mat: not cat-cow)
    reasons = planning.safety_reasons(sam)
    for slug in held:
        assert for_you(slug, reasons).held_back, slug
    library = said(sam_client.get("/exercises/"))
    card = library.split("Cat-cow", 1)[1][:400]
    assert "Not for you now" in card
    assert "back pain worse bending backwards" in card
    # What the check found; a check he tells us of does not lift the hold, so no "not yet".
    assert "not yet checked" not in card
    page = said(sam_client.get("/exercises/cat-cow/"))
    assert "Not for you now" in page
    api = sam_client.get("/api/exercises/cat-cow").json()
    assert api["for_you"]["held_back"] is True


@pytest.mark.parametrize(("rule", "condition"), sorted(RULE_CONDITIONS.items()))
def test_each_hold_a_standing_triage_rule_calls_for_holds_the_library_too(rule, condition):
    """Not one caution by name: every rule the plan turns into a hold (``RULE_CONDITIONS``)."""
    someone = person("someone", 1991)
    found = assess(someone, full(age=35))
    found.result = {**found.result, "reasons": [{"rule_id": rule, "level": "soon"}]}
    found.level = "soon"
    found.save()
    reasons = planning.safety_reasons(someone)
    assert condition in reasons
    avoided = [
        slug
        for slug, ex in exercises().items()
        if (c := ex.caution_for(condition)) is not None and c.action == "avoid"
    ]
    assert avoided
    for slug in avoided:
        assert for_you(slug, reasons).held_back, slug


def test_an_adult_without_a_hold_is_offered_cat_cow(client):
    someone = person("adult", 1991)
    assess(someone, full(age=35, onset_days_ago=42, triggers=["back_arching", "exercise"]))
    assert not for_you("cat-cow", planning.safety_reasons(someone)).held_back


# --- the mat hint ----------------------------------------------------------------------------


def floor_hint(page: str) -> str:
    found = re.search(r"Floor exercises[^.]*need a mat or rug\.", page)
    assert found is not None
    return found.group(0)


def test_sams_mat_hint_names_no_move_his_plan_holds_back(sam_client):
    hint = floor_hint(said(sam_client.get("/plan/")))
    assert "cat-cow" not in hint.lower()
    assert hint == "Floor exercises such as \u201cBridge\u201d need a mat or rug."


def test_the_mat_hint_names_a_floor_move_of_the_routine_first_and_none_held_back():
    held = {"back_arching": "your back check found ..."}

    def named(slugs: list[str], owned: tuple[str, ...] = (), reasons=None) -> str:  # type: ignore[no-untyped-def]
        return (
            routine_kit(slugs, owned, reasons)["floor_examples"]
            .replace("\u201c", "")
            .replace("\u201d", "")
        )

    assert named(["seated-side-bend"]) == "Cat-cow or Bridge"
    assert named(["seated-side-bend"], reasons=held) == "Bridge"
    assert named(["dead-bug", "cat-cow"], reasons=held) == "Dead bug or Bridge"
    assert named(["cat-cow"], ("mat",)) == ""


# --- the line for 16- and 17-year-olds on the plan --------------------------------------------


def stop_section(page: str) -> str:
    return page.split("When to stop and get help", 1)[1]


def test_sams_plan_tells_him_to_tell_someone_in_its_safety_section(sam_client):
    page = said(sam_client.get("/plan/"))
    assert page.count(UNDER_18) == 1
    assert UNDER_18 in stop_section(page)
    assert UNDER_18 in said(sam_client.get("/plan/print/"))


@pytest.mark.parametrize(("age", "born"), [(18, 2007), (35, 1991)])
def test_no_line_for_the_under_18s_on_an_adults_plan(client, age, born):
    someone = person(f"p{age}", born)
    assess(someone, full(age=age))
    client.force_login(someone)
    assert UNDER_18 not in said(client.get("/plan/"))


def test_a_plan_paused_to_call_now_says_only_that(client):
    sam = person("sam", 2010)
    assess(sam, full(age=16, bladder_change="yes"))
    client.force_login(sam)
    page = said(client.get("/plan/"))
    assert "Your plan is paused" in page
    assert UNDER_18 not in page
