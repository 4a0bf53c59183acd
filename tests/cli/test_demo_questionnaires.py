"""The demo's questionnaires tell the story its diary tells: pain easing, with flares, and
the small differences of a person's recall, never a questionnaire turning against the diary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.accounts.models import User
from backcare.domain.instruments import Score, change, score
from backcare.progress.demo import create_demo
from backcare.progress.demo_data import DEFAULT_SEED, DemoDiary, generate

TODAY = date(2026, 12, 6)
SEEDS = (DEFAULT_SEED, 1, 7, 54, 98, 158, 197)


def logged(diary: DemoDiary, day: date, days: int = 7) -> float:
    """The mean pain logged in the ``days`` before a questionnaire's morning, and that
    morning (for a day or two not logged: the week's)."""
    pains = [
        c.pain
        for c in diary.checkins
        if 0 < (day - c.day).days <= days or (c.day == day and c.moment == "morning")
    ]
    return sum(pains) / len(pains) if pains else logged(diary, day)


def scores(diary: DemoDiary, slug: str) -> list[tuple[date, Score]]:
    return [
        (day, score(slug, answers)) for day, name, answers in diary.questionnaires if name == slug
    ]


@pytest.mark.parametrize("days", [182, 120, 60])
@pytest.mark.parametrize("seed", SEEDS)
def test_no_questionnaire_moves_meaningfully_against_the_diary(seed, days):
    diary = generate(days, seed, TODAY)
    for slug in ("nrs", "peg"):
        taken = scores(diary, slug)
        assert len(taken) >= 2
        for (before_day, before), (after_day, after) in pairwise(taken):
            moved = change(slug, before, after)
            diary_way = logged(diary, after_day) - logged(diary, before_day)
            if moved.meaningful:
                assert (moved.direction == "worse") == (diary_way > 0), (slug, after_day)


@pytest.mark.parametrize("seed", SEEDS)
def test_each_pain_answer_is_close_to_what_the_diary_logged(seed):
    """The PEG asks about the past week; the NRS about the last 24 hours, which a person
    recalls coloured by the days before: within a point of the two."""
    diary = generate(182, seed, TODAY)
    for day, taken in scores(diary, "peg"):
        assert abs(taken.total - logged(diary, day)) <= 1.5, day
    for day, taken in scores(diary, "nrs"):
        day_before, week = logged(diary, day, 1), logged(diary, day)
        assert min(day_before, week) - 1 <= taken.total <= max(day_before, week) + 1, day


@pytest.mark.parametrize("seed", SEEDS)
def test_questionnaires_are_taken_in_settled_weeks(seed):
    diary = generate(182, seed, TODAY)
    days = sorted({day for day, slug, _ in diary.questionnaires if slug == "peg"})
    assert days[0] == diary.start
    for day in days[1:]:
        week = (day - timedelta(days=7), day)
        for flare in diary.episodes:
            assert flare.end < week[0] or flare.start > week[1], (day, flare)


@pytest.fixture
def demo_page(client, db):  # type: ignore[no-untyped-def]
    moment = datetime(2026, 12, 6, 10, 10, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        create_demo(password="a long demo passphrase")
        client.force_login(User.objects.get(username="demo"))
        yield client.get("/dashboard/").content.decode()


def test_the_demo_s_page_tells_one_story(demo_page):
    assert "a meaningful improvement" in demo_page
    assert 'class="q-disagree"' not in demo_page
    questionnaires = demo_page.split('id="questionnaires-heading"')[1].split("</section>")[0]
    for name in ("Pain score (NRS)", "Pain and daily life (PEG)"):
        row = questionnaires.split(name)[1].split("</tr>")[0]
        assert ": worse, a meaningful change" not in row, name


def test_the_demo_s_pain_questionnaires_fall_as_its_diary_does():
    diary = generate(182, DEFAULT_SEED, TODAY)
    for slug in ("nrs", "peg"):
        taken = scores(diary, slug)
        first, last = taken[0][1], taken[-1][1]
        moved = change(slug, first, last)
        assert moved.direction == "better", slug
        assert moved.meaningful, slug
        latest = change(slug, taken[-2][1], last)
        assert latest.direction != "worse", slug
