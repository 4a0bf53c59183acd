"""Priya (67, Auckland: a cancer history, osteoporosis; pain between the shoulder blades, worse
at night, after lifting) tells backcare a clinician checked her and said self-care is fine.
Her plan resumes, gentle. Under "Your own warning signs" it no longer says "speak to a
clinician today" as if she had not been seen: each sign the check covers says it was checked
on her own day, and to get help the same day if it comes back or gets worse. An emergency
sign keeps "call now" word for word; a sign no check covers keeps its timeframe; the result
itself is never softened. Each item of the plan says why it is kept gentle in plain words.

At 19:00 UTC on 7 December it is already 8 December in Auckland."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.presenting import phones_for_user
from backcare.domain.clinician_checks import FINE, OTHER_ADVICE, ToldCheck
from backcare.domain.own_signs import OwnSign, checked, checked_together
from backcare.plans import planning
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-12-07T19:00:00+00:00")  # 8 December in Auckland
HER_TODAY = date(2026, 12, 8)
PRIYA = calm_answers(
    age=67,
    onset="sudden_movement",
    osteoporosis="yes",
    cancer_history="yes",
    thoracic_pain="yes",
    pain_not_eased_by_rest="yes",
)
HEALTHLINE = "Healthline on 0800 611 116 (free, day or night)"
CHECKED_ON = "You told us a clinician checked these on 8 December."
SAME_DAY = (
    "If any of your warning signs comes back or gets worse, or a new one appears, stop the "
    "exercises and speak to a clinician the same day: contact your doctor or an urgent care "
    f"service, or call {HEALTHLINE}."
)


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_her_plan_says_what_to_do_if_a_sign_comes_back_once_under_her_signs(priya, client):
    _, assessment = priya
    with time_machine.travel(NOW, tick=False):
        _tell(client, assessment)
        page = client.get(reverse("plans:plan")).content.decode()
        paper = client.get(reverse("plans:print")).content.decode()
    words = _words(page)
    assert words.count("the same day") == 1
    assert words.count(SAME_DAY) == 1
    status = _words(page.split('id="status-title"', 1)[1].split("</section>", 1)[0])
    assert "the same day" not in status
    assert "When to stop and get help" in status  # the top points to the signs
    own = _words(page.split("Your own warning signs", 1)[1].split("Any other sign", 1)[0])
    assert SAME_DAY in own
    # Paper keeps the status box's line and the signs' own, as before.
    printed = _words(paper)
    assert SAME_DAY in printed
    assert "If one comes back or gets worse: speak to a clinician the same day" in printed


def test_this_week_names_each_habit_without_headings_on_a_screen(priya, client):
    _, assessment = priya
    with time_machine.travel(NOW, tick=False):
        _tell(client, assessment)
        page = client.get(reverse("plans:plan")).content.decode()
        paper = client.get(reverse("plans:print")).content.decode()
    week = page.split('id="week-title"', 1)[1].split("</section>", 1)[0]
    assert 'class="section-title"' not in week
    assert "Progressive walking" in _words(week)
    assert "Walking target" in _words(paper)  # paper keeps its headings


def test_painkillers_and_other_treatments_is_one_of_the_plans_links(priya, client):
    _, assessment = priya
    with time_machine.travel(NOW, tick=False):
        _tell(client, assessment)
        page = client.get(reverse("plans:plan")).content.decode()
    links = page.split('class="plan-actions', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("plans:what_about")}">Painkillers and other treatments</a>' in links
    assert "what-about-link" not in page


@pytest.fixture
def priya(client):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user(
            "priya", display_name="Priya", year_of_birth=1959, time_zone="Pacific/Auckland"
        )
        assessment = assess(person, PRIYA)
        client.force_login(person)
        yield person, assessment


def _tell(client, assessment, answer: str = FINE):  # type: ignore[no-untyped-def]
    url = reverse("assessments:clinician_check", args=[assessment.pk])
    return client.post(url, {"checked_on": HER_TODAY.isoformat(), "answer": answer})


def _own_signs(html: str) -> str:
    """The plan's own warning signs, as the words a person reads."""
    stop = html.split('id="stop-title"', 1)[1]
    own = stop.split("Your own warning signs", 1)[1].split("Any other sign", 1)[0]
    return unescape(re.sub(r"<[^>]+>", "", own))


def test_her_plan_says_each_sign_was_checked_on_her_day(priya, client):
    _, assessment = priya
    titles = [r["title"] for r in assessment.result["reasons"] if r["level"] == "urgent"]
    with time_machine.travel(NOW, tick=False):
        assert _tell(client, assessment).status_code == 302
        own = _own_signs(client.get(reverse("plans:plan")).content.decode())
        result = client.get(reverse("assessments:result", args=[assessment.pk]))
    assert len(titles) == 4
    # Checked on one day, all "today": said once, then each sign by its title, then what to do
    # if one comes back (the plan's same-day line, said here and not in the status box).
    assert own.count(CHECKED_ON) == 1
    for title in titles:
        assert title in own.split(CHECKED_ON, 1)[1].split(SAME_DAY, 1)[0]
    assert own.count(SAME_DAY) == 1
    assert "Speak to a clinician today" not in own
    # The result is never softened: the same signs keep "today" there.
    assert result.content.decode().count("Speak to a clinician today, or call") == 4
    assert "checked this on" not in result.content.decode()


def test_other_advice_keeps_today(priya, client):
    _, assessment = priya
    with time_machine.travel(NOW, tick=False):
        _tell(client, assessment, OTHER_ADVICE)
        own = _own_signs(client.get(reverse("plans:plan")).content.decode())
    assert "checked this on" not in own
    assert own.count(f"Speak to a clinician today, or call {HEALTHLINE}.") == 4


def test_each_item_says_why_it_is_kept_gentle_in_plain_words(priya, client):
    person, assessment = priya
    with time_machine.travel(NOW, tick=False):
        _tell(client, assessment)
        body = planning.current_plan(person).body
    whys = [item["why"] for item in body["routine"]]
    assert whys
    for why in whys:
        assert why.endswith("Kept gentle while you recover, after your clinician's check.")
        assert "Kept gentle because a clinician" not in why


def _sign(level: str, **fields: object) -> OwnSign:
    return OwnSign(
        title="Cancer history with nerve symptoms",
        level=level,  # type: ignore[arg-type]
        when="Call 111 now.",
        if_sure="",
        not_sure=False,
        rule_id="cancer_with_neuro",
        **fields,  # type: ignore[arg-type]
    )


def _check(day: date, answer: str = FINE, rules: frozenset[str] = frozenset()) -> ToldCheck:
    told_at = NOW + timedelta(hours=1)
    return ToldCheck(rules or frozenset({"cancer_with_neuro"}), day, told_at, answer)


def test_an_emergency_sign_checked_keeps_call_now_word_for_word(priya):
    person, _ = priya
    phones = phones_for_user(person)
    raised = _sign("emergency", said_on=HER_TODAY)
    (said,) = checked([raised], [_check(HER_TODAY)], HER_TODAY, phones)
    assert said.when == (
        "You told us a clinician checked this on 8 December. If it comes back or gets worse: "
        "call 111 now."
    )


@pytest.mark.parametrize(
    "check",
    [
        _check(HER_TODAY - timedelta(days=1)),  # before the sign was raised
        _check(HER_TODAY, OTHER_ADVICE),
        _check(HER_TODAY, rules=frozenset({"fracture_risk"})),  # another sign
    ],
)
def test_a_sign_no_check_covers_keeps_its_timeframe(priya, check):
    person, _ = priya
    raised = _sign("emergency", said_on=HER_TODAY)
    assert checked([raised], [check], HER_TODAY, phones_for_user(person)) == (raised,)


def test_a_sign_that_does_not_pause_a_plan_is_left_as_it_is(priya):
    person, _ = priya
    soon = _sign("soon")
    assert checked([soon], [_check(HER_TODAY)], HER_TODAY, phones_for_user(person)) == (soon,)


def test_signs_of_one_day_and_level_are_said_once_and_others_each_their_own(priya):
    person, _ = priya
    phones = phones_for_user(person)
    one = _sign("emergency", said_on=HER_TODAY)
    two = OwnSign("Cauda equina", "emergency", "Call 111 now.", "", False, rule_id="cauda_equina")
    checks = [_check(HER_TODAY, rules=frozenset({"cancer_with_neuro", "cauda_equina"}))]
    both = checked([one, two], checks, HER_TODAY, phones)
    assert checked_together(both, phones) == (
        "You told us a clinician checked these on 8 December. If one comes back or gets "
        "worse: call 111 now."
    )
    alone = checked([one], checks, HER_TODAY, phones)
    assert checked_together(alone, phones) == ""  # one sign says it itself
    unsure = checked([one, replace(two, not_sure=True)], checks, HER_TODAY, phones)
    assert checked_together(unsure, phones) == ""  # its second timeframe is said with it
