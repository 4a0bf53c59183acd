"""Loading an export into a new account: a fact the file never recorded (no year of birth,
no sex, no name) does not erase the one the person gave the new account. Age and sex change
which warning signs matter, so triage must still see them after the load."""

from __future__ import annotations

import json

import pytest

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import restore
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db
GIVEN = {"display_name": "Ana Lima", "year_of_birth": 1960, "sex": "female"}


@pytest.fixture
def unnamed_export(frozen):  # type: ignore[no-untyped-def]
    """An export from an account whose profile was never filled in."""
    old = make_user("ana-old", time_zone="Europe/Lisbon")
    seed_patient(old)
    return json.loads(json.dumps(export_data(old, NOW)))


def test_an_empty_profile_in_the_file_keeps_what_the_new_account_holds(unnamed_export):
    assert unnamed_export["profile"] == {
        "display_name": "", "year_of_birth": None, "sex": "", "time_zone": "Europe/Lisbon",
        "units": "metric", "day_ends_hour": 0,
    }  # fmt: skip
    new = make_user("ana-new", time_zone="America/New_York", **GIVEN)
    restore(new, unnamed_export)
    stored = User.objects.get(pk=new.pk)
    assert {name: getattr(stored, name) for name in GIVEN} == GIVEN
    assert stored.time_zone == "Europe/Lisbon"  # the diary's days are the file's
    context = clinical_context_for(stored)
    assert (context.age, context.sex) == (65, "female")


def test_a_value_in_the_file_still_applies(unnamed_export):
    unnamed_export["profile"].update(display_name="Ana", year_of_birth=1985, sex="other")
    new = make_user("ana-new", **GIVEN)
    restore(new, unnamed_export)
    stored = User.objects.get(pk=new.pk)
    assert (stored.display_name, stored.year_of_birth, stored.sex) == ("Ana", 1985, "other")


def test_after_delete_all_the_file_brings_the_profile_back(ana, frozen):
    from backcare.exchange.erasure import delete_all_data

    seed_patient(ana)
    document = export_data(ana, NOW)
    delete_all_data(ana)
    restore(ana, document)
    stored = User.objects.get(pk=ana.pk)
    assert (stored.display_name, stored.year_of_birth, stored.sex) == ("Ana", 1985, "female")


def loaded_message(user, document) -> str:  # type: ignore[no-untyped-def]
    from django.test import Client

    from tests.exchange.conftest import load_on_the_page

    client = Client()
    client.force_login(user)
    response = load_on_the_page(client, "backcare.json", json.dumps(document).encode(), follow=True)
    return " ".join(response.content.decode().split())


def test_the_page_says_when_the_file_moved_the_time_zone(unnamed_export):
    """Reminders come at the file's hours after the load: someone who has moved since must
    be told, not find out at 3 in the morning."""
    new = make_user("ana-new", time_zone="America/New_York")
    html = loaded_message(new, unnamed_export)
    assert "Loaded from the file: " in html
    assert (
        "Your time zone is now Europe/Lisbon, as in the file (it was America/New_York): if you "
        "live somewhere else now, change it on your profile" in html
    )


def test_no_word_on_the_time_zone_when_it_stays(unnamed_export):
    new = make_user("ana-new", time_zone="Europe/Lisbon")
    html = loaded_message(new, unnamed_export)
    assert "Loaded from the file: " in html
    assert "Your time zone is now" not in html
