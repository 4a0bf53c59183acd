"""`backcare demo`: the demo person answers the weekly warning-sign screen as a person does."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.accounts.models import User
from backcare.assessments.context import possible_facts
from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.diary.screen import no_to_every_sign, screen_due
from backcare.exchange.diary_source import warning_sign_answers
from backcare.exchange.report import checkin_answers_sentence
from tests.cli.test_demo_command import backcare_demo

NOW = datetime(2026, 3, 1, 10, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def demo_person(db):
    with time_machine.travel(NOW, tick=False):
        assert backcare_demo("--password", "a long demo passphrase") == 0
        yield User.objects.get(username="demo")


def test_its_report_says_the_warning_signs_were_answered_in_most_weeks(demo_person, client):
    answers = warning_sign_answers(demo_person.pk)  # what the report counts
    first = answers.first_day
    weeks = (NOW.date() - first).days // 7 + 1
    answered_days = set(
        CheckIn.objects.filter(user=demo_person)
        .exclude(safety_level="")
        .values_list("day", flat=True)
    )
    weeks_answered = {(day - first).days // 7 for day in answered_days}
    assert len(weeks_answered) >= 0.8 * weeks  # most weeks, a holiday aside
    assert weeks <= answers.answered < answers.checkins / 5  # once a week, not every time
    assert answers.yes_or_not_sure == 0  # the demo's story has no warning sign
    client.force_login(demo_person)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/report/").content.decode()
    sentence = checkin_answers_sentence(answers)
    assert f"at {answers.answered} of {answers.checkins} since" in sentence
    assert sentence in page


def test_the_first_check_in_of_each_seven_days_answers_no_to_every_sign(demo_person):
    """As the check-in page asks it: due when never answered, or answered 7 or more days
    before (the back check of the first morning counts); each answers as "No" stores."""
    back_check = Assessment.objects.get(user=demo_person).created_at
    no = no_to_every_sign(possible_facts(demo_person))
    last = None
    for checkin in CheckIn.objects.filter(user=demo_person).order_by("recorded_at"):
        if back_check <= checkin.recorded_at and last is None:
            last = demo_person.local_date(back_check)
        if screen_due(last, checkin.day):
            assert checkin.safety == no, checkin.day
            assert checkin.safety_level == "self_care"
            assert checkin.safety_result["level"] == "self_care"
            last = checkin.day
        else:
            assert checkin.safety == {}, checkin.day
            assert checkin.safety_level == "", checkin.day
    assert last is not None
    assert NOW.date() - last < timedelta(days=7)
