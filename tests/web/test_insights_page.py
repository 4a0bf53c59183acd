"""The insights page: relief rated on 5 days, links from 14 paired days, worded honestly."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.progress_data import log, log_days, today_for

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

URL = reverse("progress:insights")


def card(page: str, heading: str) -> str:
    return page.split(f"<h3>{heading}</h3>")[1].split("</li>")[0]


def test_it_asks_for_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_it_shows_relief_only_from_five_days_rated(ana_client, ana):
    today = today_for(ana)
    for offset, relief in enumerate((6, 7, 6, 7, 6)):
        log(ana, today - timedelta(days=offset), 4, ratings={"superficial-heat": relief})
    for offset, relief in enumerate((2, 3, 2)):
        log(
            ana,
            today - timedelta(days=offset),
            4,
            moment="morning",
            ratings={"massage-gun": relief},
        )
    page = ana_client.get(URL).content.decode()
    row = page.split('<th scope="row">Warmth on the sore area</th>')[1].split("</tr>")[0]
    assert "6.4 of 10" in row
    assert '<td data-label="Days rated">5</td>' in row
    assert "5.7 to 7.1" in row  # t-interval: 6.4 +/- 2.776 * 0.548 / sqrt(5)
    assert "These are your own ratings, not a test of whether it works." in page
    assert "Massage gun: 3 days rated so far, 2 more needed." in page
    assert '<th scope="row">Massage gun</th>' not in page


def test_it_shows_progress_towards_14_paired_days(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=9), [4] * 10, stress=3)
    page = ana_client.get(URL).content.decode()
    stress = card(page, "Stress and pain the next day")
    assert "9 of 14 paired days so far" in stress
    assert 'value="9"' in stress
    assert "0 of 14 paired days so far" in card(
        page, "Hours of sleep and morning stiffness (minutes)"
    )


def test_it_words_a_clear_link_as_an_association(ana_client, ana):
    today = today_for(ana)
    first = today - timedelta(days=19)
    stresses = [2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7]
    for offset, stress in enumerate(stresses):
        pain = 5 if offset == 0 else round(stresses[offset - 1] * 0.8) + 1
        log(ana, first + timedelta(days=offset), pain, stress=stress)
    page = ana_client.get(URL).content.decode()
    stress = card(page, "Stress and pain the next day")
    assert "Clear association." in stress
    assert "your pain tended to be higher" in stress
    assert "from 18 day-to-day changes over 19 paired days" in stress
    assert "worth about 7 independent ones" in stress  # the zigzags count for less
    assert "both easing together as you recover does not count as a link" in stress
    assert "This is an association, not proof of cause." in stress


def test_a_shared_recovery_is_not_called_a_clear_link(ana_client, ana):
    # Stress and pain both ease over three weeks, each with its own ups and downs: the raw
    # values correlate (r = 0.89), but a day with more stress than the day before is not
    # followed by more pain than the day before.
    today = today_for(ana)
    first = today - timedelta(days=21)
    stresses = [7, 8, 6, 6, 6, 5, 6, 5, 5, 4, 5, 4, 4, 3, 4, 2, 3, 3, 2, 2, 1]
    pains = [9, 7, 7, 8, 7, 6, 6, 6, 5, 5, 4, 5, 3, 4, 3, 3, 2, 3, 2, 1, 2]
    for offset in range(22):
        stress = stresses[offset] if offset < 21 else None
        pain = 8 if offset == 0 else pains[offset - 1]
        log(ana, first + timedelta(days=offset), pain, stress=stress)
    stress = card(ana_client.get(URL).content.decode(), "Stress and pain the next day")
    assert "Clear association." not in stress
    assert "No clear link yet between stress and pain the next day." in stress
    assert "from 20 day-to-day changes over 21 paired days" in stress


def test_paired_days_that_never_follow_one_another_wait_for_days_in_a_row(ana_client, ana):
    today = today_for(ana)
    first = today - timedelta(days=48)
    for i in range(16):
        log(ana, first + timedelta(days=3 * i), 4, stress=(i * 7) % 10)
        log(ana, first + timedelta(days=3 * i + 1), (i * 3) % 10)
    stress = card(ana_client.get(URL).content.decode(), "Stress and pain the next day")
    assert "16 paired days, but only 0 of them come the day after another paired day." in stress
    assert "so it is checked once 13 do." in stress


def test_it_says_no_clear_link_when_there_is_none(ana_client, ana):
    today = today_for(ana)
    first = today - timedelta(days=15)
    for offset in range(16):
        sitting = 2.0 if offset % 2 else 8.0
        pain = 3 if offset % 4 < 2 else 5  # unrelated to sitting: r = 0
        log(ana, first + timedelta(days=offset), pain, hours_sitting=sitting)
    sitting = card(
        ana_client.get(URL).content.decode(), "Hours sitting and evening pain the same day"
    )
    assert "No clear link so far between hours sitting and evening pain" in sitting
    assert "Clear association." not in sitting


def test_it_shows_nothing_of_anyone_else(ana_client, ana, bo):
    today = today_for(bo)
    for offset in range(6):
        log(bo, today - timedelta(days=offset), 4, stress=offset, ratings={"superficial-heat": 8})
    page = ana_client.get(URL).content.decode()
    assert "Nothing has been rated on 5 days yet" in page
    assert "Warmth on the sore area" not in page
    assert "0 of 14 paired days so far" in card(page, "Stress and pain the next day")


def test_plain_words_come_first_and_the_statistics_one_tap_away(ana_client, ana):
    today = today_for(ana)
    for offset, relief in enumerate((6, 7, 6, 7, 6)):
        log(ana, today - timedelta(days=offset), 4, ratings={"superficial-heat": relief})
    for offset, relief in enumerate((2, 3, 2, 2, 3)):
        log(ana, today - timedelta(days=offset), 4, moment="morning", ratings={"bridge": relief})
    page = ana_client.get(URL).content.decode()
    best = page.split('class="insight insight-best"')[1].split("</li>")[0]
    assert "Warmth on the sore area helps you most: 6.4 out of 10 relief, rated on 5 days." in best
    assert "Keep it ready for the days your back stiffens" in best
    headline = best.split('<details class="stats">')[0]
    assert "95 %" not in headline
    assert "95 % interval 5.7 to 7.1" in best.split('<details class="stats">')[1]
    assert "It has not helped you much so far" in page
    assert page.count("On average you rated Warmth on the sore area") == 1


def test_a_clear_link_reads_plainly_with_a_next_step(ana_client, ana):
    today = today_for(ana)
    first = today - timedelta(days=19)
    stresses = [2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7, 1, 9, 4, 6, 2, 8, 3, 7]
    for offset, stress in enumerate(stresses):
        pain = 5 if offset == 0 else round(stresses[offset - 1] * 0.8) + 1
        log(ana, first + timedelta(days=offset), pain, stress=stress)
    stress = card(ana_client.get(URL).content.decode(), "Stress and pain the next day")
    plain = stress.split('<details class="stats">')[0]
    assert "On days after higher stress, your pain tended to be higher." in plain
    assert "slow breathing" in plain
    assert "r =" not in plain
