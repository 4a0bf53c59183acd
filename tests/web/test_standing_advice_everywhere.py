"""One clinical context: the advice that stands reaches every later page, never softened.

A back check that found thoughts of self-harm keeps the crisis wording and the place's
crisis line (call, and text where the line takes texts) on the home page and on a later
check-in's page; a check-in whose own answers ask for less than the back check that stands
says the standing advice first, and never points to the paused plan; the back check's result
says at its top when a check-in since raised the advice.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.diary.checkins import local_today, save_checkin
from backcare.domain.content import references
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import crisis_message
from backcare.domain.phones import phones_for
from backcare.domain.triage import rule_book
from backcare.web.templatetags.numbers import unbroken_numbers as unbroken

pytestmark = pytest.mark.django_db

TORONTO = "America/Toronto"
PHYSICAL_ONLY = rule_book().levels["emergency"].after_call  # "... Do not drive yourself ..."


def intake(**answers):  # type: ignore[no-untyped-def]
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual", **answers}


def main(client, url: str) -> str:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def checkin(user, moment="morning", **fields):  # type: ignore[no-untyped-def]
    data = {"day": local_today(user).isoformat(), "moment": moment, "pain": 6, **fields}
    return save_checkin(user, data)


@pytest.fixture
def in_toronto(ana, ana_client):  # type: ignore[no-untyped-def]
    ana.time_zone = TORONTO
    ana.save()
    assess(ana, intake(self_harm_thoughts="yes"))
    return ana_client


def crisis_words() -> str:
    return unbroken(crisis_message(phones_for(TORONTO, "", "112")).text)


def assert_crisis_script(html: str, *, physical_too: bool = False) -> None:
    assert escape(crisis_message().heading) in html
    assert crisis_words() in html
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html  # 9-8-8 takes texts: the words say "call or text"
    assert (escape(PHYSICAL_ONLY) in html) is physical_too


def test_home_keeps_the_crisis_script_of_the_back_check(in_toronto):
    html = main(in_toronto, "/home/")
    assert_crisis_script(html)
    assert "Once a clinician has checked you" not in html


def test_a_later_check_in_page_keeps_the_crisis_script(ana, in_toronto):
    saved = checkin(ana, mood=1, notes="dont see the point anymore")
    html = main(in_toronto, reverse("diary:saved", args=[saved.pk]))
    assert_crisis_script(html)


def test_a_check_in_with_a_physical_emergency_keeps_the_crisis_script_too(ana, in_toronto):
    saved = checkin(ana, safety={"bladder_change": "yes"})
    assert saved.safety_level == "emergency"
    html = main(in_toronto, reverse("diary:saved", args=[saved.pk]))
    assert_crisis_script(html, physical_too=True)  # the crisis first, then this check-in's
    assert html.index(escape(crisis_message().heading)) < html.index(escape(PHYSICAL_ONLY))


def test_a_crisis_reported_at_a_check_in_shows_the_crisis_script_on_its_page(ana, ana_client):
    ana.time_zone = TORONTO
    ana.save()
    assess(ana, intake())
    saved = checkin(ana, safety={"self_harm_thoughts": "yes"})
    html = main(ana_client, reverse("diary:saved", args=[saved.pk]))
    assert_crisis_script(html)
    assert_crisis_script(main(ana_client, "/home/"))


def test_the_result_offers_to_text_the_line_and_cites_only_the_places_lines(ana, in_toronto):
    assessment = Assessment.objects.get(user=ana)
    html = main(in_toronto, reverse("assessments:result", args=[assessment.pk]))
    assert 'href="sms:988"' in html
    known = references()
    assert escape(known["crisis-988-canada"].url) in html
    for elsewhere in ("crisis-samaritans", "crisis-988-lifeline", "crisis-1737-new-zealand"):
        assert escape(known[elsewhere].url) not in html, elsewhere


@pytest.mark.parametrize(
    ("time_zone", "sms"),
    [
        ("Europe/London", ""),  # Samaritans: the words say "call", not "text"
        ("Australia/Sydney", ""),
        ("America/New_York", "sms:988"),
        ("Pacific/Auckland", "sms:1737"),
    ],
)
def test_a_text_link_only_where_the_words_say_the_line_takes_texts(time_zone, sms):
    assert phones_for(time_zone, "", "112").crisis_sms == sms


# --- never softer than the advice that stands -------------------------------------------


@pytest.fixture
def urgent_back_check(bo):  # type: ignore[no-untyped-def]
    assessment = assess(bo, intake(leg_weakness="yes"))
    assert assessment.level == "urgent"
    return assessment


def test_a_softer_check_in_says_the_standing_advice_first(bo, client, urgent_back_check):
    client.force_login(bo)
    saved = checkin(bo, safety={"numbness_tingling": "yes"})
    assert saved.safety_level == "soon"
    html = main(client, reverse("diary:saved", args=[saved.pk]))
    urgent = rule_book().levels["urgent"].label
    soon = rule_book().levels["soon"].label
    assert f">{urgent}</h1>" in html
    assert "back check on" in html
    assert html.index(urgent) < html.index(soon)
    assert "self-care plan" not in html  # the plan is paused: nothing points to it
    assert escape(rule_book().levels["soon"].action) not in html


def test_the_result_says_a_check_in_raised_the_advice(bo, client, urgent_back_check):
    client.force_login(bo)
    raised = checkin(bo, safety={"bladder_change": "yes"})
    assert raised.safety_level == "emergency"
    html = main(client, reverse("assessments:result", args=[urgent_back_check.pk]))
    top = html.split("</section>", 1)[0]
    assert "level-emergency" in top
    assert "check-in on" in top
    assert 'href="tel:911"' in top
    assert html.index(rule_book().levels["emergency"].label) < html.index(
        rule_book().levels["urgent"].label
    )


def test_the_paused_plan_keeps_the_crisis_script(in_toronto):
    html = main(in_toronto, "/plan/")
    assert_crisis_script(html)
