import re

import pytest
from django.test import Client

from backcare.assessments.models import Assessment
from backcare.plans.models import Plan, Preferences

URL = "/plan/preferences/"


def assess(user, level="self_care", factors=("sedentary",)):
    return Assessment.objects.create(
        user=user, findings={}, level=level, result={}, factors=[{"id": f} for f in factors]
    )


def form(**changes):
    data = {
        "minutes_per_day": "15",
        "equipment": ["mat", "chair"],
        "conditions": [],
        "goals": ["stronger_back"],
        "cannot_do_kinds": [],
        "cannot_do_exercises": [],
        "sleep_position": "side",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_needs_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_it_shows_the_defaults_in_labelled_groups(ana_client, ana):
    html = ana_client.get(URL).content.decode()
    assert 'value="10"' in html  # minutes a day
    assert "<legend>What you have at home:</legend>" in html
    assert "<legend>Exercises you cannot do:</legend>" in html
    assert 'name="pregnant"' in html


def test_saving_stores_the_preferences_and_rebuilds_the_plan(ana_client, ana):
    assess(ana)
    ana_client.get("/plan/")
    response = ana_client.post(URL, form(pregnant="on", cannot_do_kinds=["stretching"]))
    assert response.status_code == 302
    assert response["Location"] == "/plan/"
    prefs = Preferences.objects.get(user=ana)
    assert prefs.minutes_per_day == 15
    assert prefs.pregnant is True
    assert prefs.cannot_do == ["stretching"]
    assert prefs.sleep_position == "side"
    plans = list(Plan.objects.filter(user=ana))
    assert len(plans) == 2
    newest = plans[0]
    assert newest.body["minutes_budget"] == 15
    assert newest.body["goals"] == ["stronger_back"]
    assert any("preferences changed" in c["sentence"] for c in newest.changes)
    html = ana_client.get("/plan/").content.decode()
    assert "Your preferences changed" in html


def test_a_flare_makes_the_plan_gentle_with_a_sentence(ana_client, ana):
    assess(ana)
    ana_client.get("/plan/")
    ana_client.post(URL, form(conditions=["acute_flare"]))
    newest = Plan.objects.filter(user=ana).first()
    assert newest.status == "gentle"
    assert any(c["action"] == "step_back" and "gentle" in c["sentence"] for c in newest.changes)


def test_without_an_assessment_it_saves_and_builds_no_plan(ana_client, ana):
    response = ana_client.post(URL, form(), follow=True)
    assert "Your preferences are saved." in response.content.decode()
    assert Preferences.objects.filter(user=ana).exists()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes_per_day": "30"}, "minutes_per_day", "at most 20 minutes"),
        ({"minutes_per_day": "3"}, "minutes_per_day", "at least 5 minutes"),
        ({"minutes_per_day": "ten"}, "minutes_per_day", "whole number of minutes"),
        ({"minutes_per_day": ""}, "minutes_per_day", "Enter how many minutes"),
        ({"equipment": ["mat", "rocket"]}, "equipment", "rocket is not one of"),
        ({"conditions": ["broken_heart"]}, "conditions", "broken_heart is not one of"),
        ({"goals": ["fly"]}, "goals", "fly is not one of"),
        ({"cannot_do_exercises": ["moonwalk"]}, "cannot_do_exercises", "moonwalk is not one of"),
        ({"sleep_position": "upside-down"}, "sleep_position", "upside-down is not one of"),
    ],
)
def test_it_shows_the_error_next_to_the_field_and_saves_nothing(
    ana_client, ana, changes, field, message
):
    assess(ana)
    ana_client.get("/plan/")
    response = ana_client.post(URL, form(pregnant="on", **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html  # the error sits next to its field...
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', html)  # ...and is announced
    assert 'aria-invalid="true"' in html
    assert not Preferences.objects.filter(user=ana).exists()
    assert Plan.objects.filter(user=ana).count() == 1


def test_people_see_only_their_own_preferences(client, ana, bo):
    client.force_login(ana)
    client.post(URL, form(minutes_per_day="17", goals=["less_stress"]))
    client.force_login(bo)
    html = client.get(URL).content.decode()
    assert 'value="17"' not in html
    assert 'value="10"' in html
    client.post(URL, form(minutes_per_day="6"))
    assert Preferences.objects.get(user=ana).minutes_per_day == 17
    assert Preferences.objects.get(user=bo).minutes_per_day == 6


def test_it_requires_a_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert strict.post(URL, form()).status_code == 403
    assert not Preferences.objects.exists()
