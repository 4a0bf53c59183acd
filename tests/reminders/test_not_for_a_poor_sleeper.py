"""A reminder whose item's content says it is not for someone with a factor their back check
found (``[not_when]`` in its file) is not offered to them: the night wake-up, "only if sleep
itself is not a problem", for a person who told the back check they sleep badly and feel
exhausted. One they turned on themselves stays on, with the reason beside it, a way to turn
it off, and a line in every channel; it never vanishes behind their back."""

from __future__ import annotations

from datetime import time

import pytest

from backcare.assessments.models import Assessment
from backcare.domain.content import ContentError
from backcare.domain.factors import contributing_factors
from backcare.domain.interventions import intervention, parse_intervention
from backcare.reminders import texts
from backcare.reminders.models import Reminder
from backcare.reminders.sending import push_payload
from tests.reminders.conftest import MONDAY, switch_on
from tests.reminders.test_turn_on_and_own_sleep import form_values, section

pytestmark = pytest.mark.django_db


def poor_sleep():
    """The factor as Tom's back check stored it: he sleeps badly and feels exhausted."""
    found = contributing_factors({"sleep_quality": "poor", "fatigue": "yes"})
    return next(f.to_dict() for f in found if f.id == "poor_sleep")


def back_check(user, *factors):  # type: ignore[no-untyped-def]
    return Assessment.objects.create(
        user=user, findings={}, level="self_care", result={}, factors=list(factors)
    )


def test_the_night_wake_up_says_as_data_that_it_is_not_for_poor_sleep():
    item = intervention("anti-nap")
    assert any("sleep itself is not a problem" in step for step in item.what_to_do)
    assert [factor for factor, _ in item.not_when] == ["poor_sleep"]
    assert item.meta.version == "1.4.0"  # 1.3.0 added not_when; 1.4.0 "your main sleep"


@pytest.mark.parametrize(
    ("not_when", "message"),
    [
        ({"bad_sleep": "x"}, r"unknown factor\(s\) bad_sleep"),
        ({"poor_sleep": ""}, "needs a sentence"),
        ({"age_stiffness": "x"}, "cannot both address and not be for age_stiffness"),
        ("poor_sleep", "must be a table of factor ids"),
    ],
)
def test_a_not_when_that_is_not_a_known_factor_with_a_reason_is_refused(not_when, message):
    from backcare.domain.content import read_toml

    data = {**read_toml("interventions/anti-nap.toml"), "not_when": not_when}
    with pytest.raises(ContentError, match=message):
        parse_intervention(data, "anti-nap", "interventions/anti-nap.toml")


def test_a_poor_sleeper_is_not_offered_night_wake_ups_and_is_told_why(ana_client, ana):
    check = back_check(ana, poor_sleep(), {"id": "sedentary", "title": "Too little movement"})
    card = section(ana_client.get("/reminders/").content.decode(), "anti_nap")
    assert "Not suggested for you now" in card
    assert "You said you have been sleeping badly lately." in card
    assert "protecting it comes first" in card
    assert f"/assessments/{check.pk}/#factors-title" in card
    assert "Every night at 03:00" not in card
    assert "Set up and turn on" not in card
    assert 'name="anti_nap-enabled"' not in card
    # the others are offered as before
    html = ana_client.get("/reminders/").content.decode()
    assert "Set up and turn on" in section(html, "movement")
    assert "Not suggested" not in section(html, "movement")


def test_a_page_opened_before_the_back_check_cannot_turn_it_on(ana_client, ana):
    data = form_values(section(ana_client.get("/reminders/").content.decode(), "anti_nap"))
    data["anti_nap-by_email"] = "on"
    back_check(ana, poor_sleep())
    response = ana_client.post("/reminders/anti_nap/", data, follow=True)
    assert not Reminder.objects.get(user=ana, kind="anti_nap").enabled
    assert "Not turned on" in section(response.content.decode(), "anti_nap")


def test_one_they_turned_on_stays_on_says_why_in_every_channel_and_turns_off(ana_client, ana):
    nap = switch_on(ana, "anti_nap", at=time(3, 0), by_push=True)
    back_check(ana, poor_sleep())
    card = section(ana_client.get("/reminders/").content.decode(), "anti_nap")
    assert "Not suggested for you now" in card
    assert "stays on until you turn it off" in card
    assert "Every night at 03:00" in card
    assert texts.NOT_FOR_YOU_LINE in push_payload(nap, MONDAY)["body"]
    assert texts.NOT_FOR_YOU_LINE in texts.text_for(ana, "anti_nap").details
    assert "sleeping badly" not in texts.text_for(ana, "anti_nap").details  # less private
    turn_off = card.split('class="inline"')[1].split("</form>")[0]
    ana_client.post("/reminders/anti_nap/", form_values(turn_off))
    nap.refresh_from_db()
    assert not nap.enabled
    assert nap.by_email  # kept for later
    assert nap.by_push
    assert nap.at == time(3, 0)


def test_without_the_factor_it_is_offered_as_before(ana_client, ana):
    back_check(ana, {"id": "age_stiffness", "title": "Stiffness after a night's rest"})
    card = section(ana_client.get("/reminders/").content.decode(), "anti_nap")
    assert "Not suggested" not in card
    assert "Set up and turn on" in card
    assert texts.NOT_FOR_YOU_LINE not in texts.text_for(ana, "anti_nap").body
