"""Progress page: when the daily ratings and a pain questionnaire point opposite ways, one
plain line says so, with the figures and their dates; when they agree, nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.domain.instruments import score
from backcare.progress.demo_data import GAD7_ITEMS
from backcare.questionnaires.models import InstrumentResponse
from tests.progress_data import log_days

URL = "/dashboard/"
LISBON = ZoneInfo("Europe/Lisbon")  # ana's time zone
TODAY = date(2026, 6, 15)
FIRST = TODAY - timedelta(days=27)  # 19 May: four weeks of one check-in a day
EASING = [7] * 7 + [5] * 14 + [3] * 7  # 7/10 in the first week, 3/10 in the last
WORSENING = [3] * 7 + [5] * 14 + [7] * 7


@pytest.fixture(autouse=True)
def _mid_june():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.combine(TODAY, time(10), LISBON), tick=False):
        yield


def answered(user, slug: str, days_ago: int, **answers: int) -> None:  # type: ignore[no-untyped-def]
    result = score(slug, answers)
    InstrumentResponse.objects.create(
        user=user,
        instrument=slug,
        taken_at=datetime.combine(TODAY - timedelta(days=days_ago), time(9), LISBON),
        answers=answers,
        total=result.total,
        band=result.band or "",
    )


def peg(user, days_ago: int, pain: int, enjoyment: int, activity: int) -> None:  # type: ignore[no-untyped-def]
    answered(
        user, "peg", days_ago, pain_average=pain, enjoyment=enjoyment, general_activity=activity
    )


def line(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(URL).content.decode()
    section = page.split('id="questionnaires-heading"')[1].split("</section>")[0]
    if 'class="q-disagree"' not in section:
        return ""
    return section.split('class="q-disagree">')[1].split("</p>")[0]


def test_ratings_down_and_the_peg_up_are_put_side_by_side(ana_client, ana):
    log_days(ana, FIRST, EASING)
    peg(ana, 20, 3, 3, 3)  # 3 on 26 May
    peg(ana, 2, 4, 4, 5)  # 4.33 on 13 Jun: up 1.33, more than the PEG's 1 point
    assert line(ana_client) == (
        "Your daily pain ratings are down since your first week (7.0/10 in the week from "
        "19 May 2026, 3.0/10 in the last 7 days), but your PEG score went up the last time "
        "you took it (3 on 26 May 2026, 4.33 on 13 Jun 2026). They ask different things: the "
        "PEG also asks how much pain gets in the way of enjoying life and of everyday "
        "activity. Worth mentioning at your next appointment."
    )


def test_ratings_up_and_the_pain_score_down_are_put_side_by_side(ana_client, ana):
    log_days(ana, FIRST, WORSENING)
    answered(ana, "nrs", 20, pain=7)
    answered(ana, "nrs", 1, pain=4)  # down 3, more than the NRS's 2 points
    said = line(ana_client)
    assert said.startswith("Your daily pain ratings are up since your first week (3.0/10")
    assert "your pain score (NRS) went down the last time you took it (7 on 26 May 2026" in said
    assert "the pain score asks about the 24 hours before you answered it" in said


def test_nothing_is_said_when_they_agree(ana_client, ana):
    log_days(ana, FIRST, EASING)
    peg(ana, 20, 6, 5, 6)
    peg(ana, 2, 3, 3, 4)  # down too
    answered(ana, "nrs", 20, pain=7)
    answered(ana, "nrs", 2, pain=3)
    assert line(ana_client) == ""


def test_nothing_is_said_when_a_change_is_too_small_to_count(ana_client, ana):
    log_days(ana, FIRST, EASING)
    peg(ana, 20, 3, 3, 3)
    peg(ana, 2, 4, 3, 4)  # up 0.67: under the PEG's 1 point
    answered(ana, "nrs", 20, pain=3)
    answered(ana, "nrs", 2, pain=4)  # up 1: under the NRS's 2 points
    assert line(ana_client) == ""


def test_nothing_is_said_while_the_ratings_have_not_changed_meaningfully(ana_client, ana):
    log_days(ana, FIRST, [5] * 21 + [4] * 7)  # down 1 point (20 %): not yet meaningful
    peg(ana, 20, 3, 3, 3)
    peg(ana, 2, 5, 5, 5)
    assert line(ana_client) == ""


def test_a_questionnaire_about_something_else_is_not_set_against_the_ratings(ana_client, ana):
    log_days(ana, FIRST, EASING)
    answered(ana, "gad7", 20, **dict.fromkeys(GAD7_ITEMS, 0))
    answered(ana, "gad7", 2, **dict.fromkeys(GAD7_ITEMS, 2))  # up 14: more anxious
    assert line(ana_client) == ""


def test_the_json_twin_carries_the_same_line(ana_client, ana):
    log_days(ana, FIRST, EASING)
    peg(ana, 20, 3, 3, 3)
    peg(ana, 2, 4, 4, 5)
    body = ana_client.get("/api/dashboard").json()
    assert body["disagreement"] == line(ana_client)
    assert body["disagreement"].startswith("Your daily pain ratings are down")
    (result,) = body["instruments"]
    assert result["previous_taken_at"].startswith("2026-05-26T")
