""" "What about…?" says what applies to the person reading it: with a blood thinner the
anti-inflammatory painkillers are held for a clinician, with the reason and the content's
words, and "paracetamol on its own" says its "against" is about benefit, not safety; from 65
the painkillers' bleeding risk is said; every entry shows what to do, and its sources."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.domain.interventions import intervention
from tests.conftest import make_user

NSAIDS = "anti-inflammatory-medicines"
#: Already the next day in Auckland.
NOW = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def priya(db):  # type: ignore[no-untyped-def]
    """Her age is the one she gives at the back check (no year of birth in her profile)."""
    return make_user("priya", display_name="Priya", sex="female", time_zone="Pacific/Auckland")


@pytest.fixture
def priya_client(client, priya):  # type: ignore[no-untyped-def]
    client.force_login(priya)
    return client


def back_check(user, age: int, **answers: str):  # type: ignore[no-untyped-def]
    base = {**dict.fromkeys(red_flag_ids(), "no"), "age": age, "onset": "gradual"}
    return assess(user, {**base, **answers})


def card(html: str, slug: str) -> str:
    found = re.search(rf'<article class="info-item" data-slug="{slug}".*?</article>', html, re.S)
    assert found, slug
    return found.group(0)


def note(slug: str, condition: str) -> str:
    return next(s.note for s in intervention(slug).screens if s.condition == condition)


def age_note() -> str:
    return intervention(NSAIDS).when[0].note


def test_a_blood_thinner_holds_the_painkillers_for_a_clinician(priya_client, priya):
    back_check(priya, 67, blood_thinners="yes")
    html = priya_client.get("/plan/what-about/").content.decode()
    nsaids = card(html, NSAIDS)
    assert '<span class="badge badge-held">Ask a clinician first</span>' in nsaids
    assert escape(note(NSAIDS, "bleeding_risk")) in nsaids
    assert "blood thinners" in nsaids
    assert escape(age_note()) in nsaids
    for step in intervention(NSAIDS).what_to_do:
        assert escape(step) in nsaids
    assert "cks.nice.org.uk/topics/nsaids-prescribing-issues" in nsaids
    paracetamol = card(html, "paracetamol-alone")
    assert escape(note("paracetamol-alone", "bleeding_risk")) in paracetamol
    assert "not because it is unsafe" in paracetamol


def test_not_sure_about_a_blood_thinner_holds_them_too(priya_client, priya):
    back_check(priya, 40, blood_thinners="not_sure")
    nsaids = card(priya_client.get("/plan/what-about/").content.decode(), NSAIDS)
    assert "Ask a clinician first" in nsaids
    assert escape(age_note()) not in nsaids


@pytest.mark.parametrize(("age", "said"), [(63, False), (65, True), (80, True)])
def test_the_age_note_is_said_from_65(priya_client, priya, age, said):
    back_check(priya, age, blood_thinners="no")
    nsaids = card(priya_client.get("/plan/what-about/").content.decode(), NSAIDS)
    assert (escape(age_note()) in nsaids) is said
    assert "badge-held" not in nsaids
    paracetamol = card(priya_client.get("/plan/what-about/").content.decode(), "paracetamol-alone")
    assert "not because it is unsafe" not in paracetamol


def test_a_visitor_sees_what_to_do_and_nothing_personal(client, db):
    html = client.get("/plan/what-about/").content.decode()
    nsaids = card(html, NSAIDS)
    assert escape(intervention(NSAIDS).what_to_do[1]) in nsaids
    assert "badge-held" not in nsaids
    assert escape(age_note()) not in nsaids


def test_the_massage_gun_says_not_for_you_and_every_note(priya_client, priya):
    back_check(priya, 67, blood_thinners="yes", osteoporosis="yes")
    gun = card(priya_client.get("/plan/what-about/").content.decode(), "massage-gun")
    assert '<span class="badge badge-held">Not for you now</span>' in gun
    assert escape(note("massage-gun", "bleeding_risk")) in gun
    assert escape(note("massage-gun", "osteoporosis")) in gun
    assert gun.index(escape(note("massage-gun", "bleeding_risk"))) < gun.index(
        escape(note("massage-gun", "osteoporosis"))
    )
    # How to use it is not shown to someone it is not for.
    assert escape(intervention("massage-gun").what_to_do[0]) not in gun


def scan_note() -> str:
    return intervention("routine-imaging").when[0].note


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ({"cancer_history": "yes"}, True),
        ({"osteoporosis": "not_sure"}, True),
        ({"saddle_numbness": "yes"}, True),  # an emergency
        ({}, False),
    ],
)
def test_the_scans_entry_says_a_clinicians_scan_is_not_routine(priya_client, priya, answers, said):
    back_check(priya, 50, **answers)
    scans = card(priya_client.get("/plan/what-about/").content.decode(), "routine-imaging")
    assert (escape(scan_note()) in scans) is said
    assert escape(intervention("routine-imaging").what_to_do[0]) in scans
