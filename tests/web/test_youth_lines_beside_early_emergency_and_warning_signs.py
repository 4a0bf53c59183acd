"""The lines for young people reach the two pages that still offered "Call Samaritans" without
them, chosen by the one function that picks them (``crisis_for``): the emergency panel of a
back check not yet finished (on its own pages, and on the home and getting-started pages),
where a young person may first tell backcare about thoughts of self-harm, and the warning-signs
page for a person signed in. In the back check the age may be known only from its own answers
(the profile keeps it once the age's step is finished): the age just typed counts. With no age
known anywhere the panel says what it said before. An age counted from a year of birth or from
an earlier back check follows the person's own day, not UTC's."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.drafts import AccountDrafts
from backcare.assessments.intake import assess
from tests.conftest import make_user
from tests.web.test_services_by_place import full, text_of

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # 11:00 in Dublin
CHILDLINE = "Childline (ISPCC) (Ireland, for under-18s): Call 1800 66 66 66, free, day or night"
YOUTHLINE = "Youthline (New Zealand, for young people): Call 0800 376 633, free, or text 234"
SAMARITANS = "Call Samaritans: 116 123"
PANEL = '<section class="level-emergency early-emergency"'

CHECK = reverse("assessments:start")
HOME = reverse("web:home")
GETTING_STARTED = reverse("web:start")
SIGNS = reverse("web:warning_signs")

pytestmark = pytest.mark.django_db


def dubliner(name: str, born: int | None = None):  # type: ignore[no-untyped-def]
    fields = {"year_of_birth": born} if born else {}
    return make_user(name, time_zone="Europe/Dublin", **fields)


def tapped_self_harm(person, age: int | None = None) -> str:  # type: ignore[no-untyped-def]
    """A back check left part-way: the health step's age typed (not yet finished with Next,
    so the profile does not keep it), then "yes" to thoughts of self-harm kept as it was
    tapped. The URL of the step that asks it."""
    store = AccountDrafts(person)
    if age is not None:
        wizard.save_step(store, "safety_health", {"age": age}, finished=False)
    wizard.save_step(store, "coping", {"self_harm_thoughts": "yes"}, finished=False)
    return reverse("assessments:step", args=["coping"])


def panel_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert page.count(PANEL) == 1, "the emergency panel is shown once"
    return html.unescape(text_of(page.split(PANEL, 1)[1].split("</section>", 1)[0]))


def emergency_of(client: Client) -> str:
    """The warning-signs page's emergency section, where its crisis-line button is."""
    response = client.get(SIGNS)
    assert response.status_code == 200, response.status_code
    section = response.content.decode().split('aria-labelledby="level-emergency"', 1)[1]
    return html.unescape(text_of(section.split("</section>", 1)[0]))


# --- 1. the emergency panel of a back check not yet finished ---------------------------------


@pytest.mark.parametrize("page", ["step", CHECK, HOME, GETTING_STARTED])
@pytest.mark.parametrize(("age", "shown"), [(16, True), (35, False), (None, False)])
def test_the_panel_lists_childline_for_the_age_just_typed(client, page, age, shown):
    someone = dubliner(f"d{age}")  # no year of birth, no earlier check: only the draft says
    client.force_login(someone)
    with time_machine.travel(NOW, tick=False):
        step = tapped_self_harm(someone, age)
        panel = panel_of(client, step if page == "step" else page)
    assert SAMARITANS in panel, "the line for everyone, as before"
    assert (CHILDLINE in panel) is shown
    assert ("1800 66 66 66" in panel) is shown


def test_the_panel_lists_childline_for_a_year_of_birth_the_profile_keeps(client):
    someone = dubliner("born2010", born=2010)  # 15 or 16: the age is not typed again
    client.force_login(someone)
    with time_machine.travel(NOW, tick=False):
        panel = panel_of(client, tapped_self_harm(someone))
    assert CHILDLINE in panel


def test_an_emergency_that_is_not_about_self_harm_lists_no_crisis_line(client):
    someone = dubliner("bladder16")
    client.force_login(someone)
    with time_machine.travel(NOW, tick=False):
        store = AccountDrafts(someone)
        wizard.save_step(store, "safety_health", {"age": 16}, finished=False)
        wizard.save_step(store, "safety_nerves", {"bladder_change": "yes"}, finished=False)
        panel = panel_of(client, CHECK)
    assert "Samaritans" not in panel
    assert "Childline" not in panel


@pytest.mark.parametrize(
    ("instant", "shown"),
    [
        (datetime(2026, 6, 14, 22, 30, tzinfo=UTC), True),  # 23:30 on 14 June in Dublin: 17
        (datetime(2026, 6, 14, 23, 30, tzinfo=UTC), False),  # 00:30 on 15 June in Dublin: 18
    ],
)
def test_the_panel_drops_the_line_at_the_persons_own_midnight_a_year_after_17(
    client, instant, shown
):
    someone = dubliner("niamh")  # no year of birth: the age given at the last back check
    with time_machine.travel(datetime(2025, 6, 15, 8, 0, tzinfo=UTC), tick=False):
        assess(someone, full(age=17))
    client.force_login(someone)
    with time_machine.travel(instant, tick=False):
        panel = panel_of(client, tapped_self_harm(someone))  # the age not asked again yet
    assert SAMARITANS in panel
    assert (CHILDLINE in panel) is shown


# --- 2. the warning-signs page ---------------------------------------------------------------


@pytest.mark.parametrize(("born", "shown"), [(2010, True), (1991, False)])
def test_the_warning_signs_list_childline_to_a_young_person_signed_in(client, born, shown):
    client.force_login(dubliner(f"w{born}", born))
    with time_machine.travel(NOW, tick=False):
        section = emergency_of(client)
    assert SAMARITANS in section
    assert (CHILDLINE in section) is shown


def test_the_warning_signs_follow_the_age_typed_in_a_back_check_not_yet_finished(client):
    someone = dubliner("typed16")
    client.force_login(someone)
    with time_machine.travel(NOW, tick=False):
        wizard.save_step(AccountDrafts(someone), "safety_health", {"age": 16}, finished=False)
        section = emergency_of(client)
    assert CHILDLINE in section


def test_the_warning_signs_signed_out_list_no_line_for_young_people(client):
    with time_machine.travel(NOW, tick=False):
        section = emergency_of(client)
    assert "Childline" not in section
    assert "Youthline" not in section


@pytest.mark.parametrize(
    ("instant", "shown"),
    [
        (datetime(2025, 12, 31, 10, 30, tzinfo=UTC), True),  # 23:30, 31 Dec in Auckland: 19-20
        (datetime(2025, 12, 31, 11, 30, tzinfo=UTC), False),  # 00:30, 1 Jan there: 20 or 21
    ],
)
def test_the_warning_signs_count_a_year_of_birth_on_the_persons_own_new_year(
    client, instant, shown
):
    """Youthline is for under-20s; born in 2005, Aroha may be 19 until her own New Year,
    while UTC is still in the old year an hour after it."""
    client.force_login(make_user("aroha", time_zone="Pacific/Auckland", year_of_birth=2005))
    with time_machine.travel(instant, tick=False):
        section = emergency_of(client)
    assert "Call the Need to talk? line: 1737" in section
    assert (YOUTHLINE in section) is shown
