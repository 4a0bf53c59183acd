"""The toolbox's "helps you" / "does not seem to help you" rests on the insights page's own
figures: the day is the unit (a day's ratings averaged), an option needs ratings on 5
different days, and the same function (``relief_effect``) gives the mean. So six ratings on
one day give no verdict ("not enough days yet (1 of 5)"), and the toolbox and the insights
page never disagree."""

from __future__ import annotations

import datetime
import random

import pytest
import time_machine

from backcare.diary.models import ActivityRating, CheckIn
from backcare.plans import toolbox
from backcare.progress.insights import MIN_DAYS, build_insights
from tests.conftest import make_user

NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
FIRST = datetime.date(2026, 2, 1)
MOMENTS = ("morning", "midday", "evening", "other")
#: Options with a name the toolbox shows: exercises and self-care the plan may recommend,
#: and one it may not (massage gun, graded insufficient).
ITEMS = (
    "walking-programme",
    "superficial-heat",
    "foam-rolling",
    "massage-gun",
    "cat-cow",
    "knee-rocking",
    "breathing-pauses",
)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def rate_on(user, day, item, scores):  # type: ignore[no-untyped-def]
    """One check-in per score on ``day``, each rating ``item``."""
    for index, score in enumerate(scores):
        checkin = CheckIn.objects.create(
            user=user, day=day, moment=MOMENTS[index % len(MOMENTS)], pain=4
        )
        ActivityRating.objects.create(checkin=checkin, item=item, relief=score)


def test_six_ratings_on_one_day_give_no_verdict(ana_client, ana):
    rate_on(ana, FIRST, "superficial-heat", [8, 8, 9, 8, 9, 8])
    assert toolbox.relief_verdicts(ana) == []
    assert toolbox.pin_what_helps(ana) == []
    html = ana_client.get("/toolbox/").content.decode()
    assert "helps you:" not in html
    assert 'action="/toolbox/superficial-heat/pin"' not in html
    assert "Warmth on the sore area</strong>: not enough days yet (1 of 5)." in html
    assert "once you have rated it on 5 different days" in html
    pending = build_insights(ana.pk).pending
    assert [(item.slug, item.n) for item in pending] == [("superficial-heat", 1)]


def test_a_day_rated_often_counts_once(ana_client, ana):
    """Five days: one rated 10 five times, four rated 2. Per rating the mean is 6.4 (it
    would help); per day it is 3.6, which neither helps nor fails to."""
    rate_on(ana, FIRST, "walking-programme", [10] * 5)
    for offset in range(1, 5):
        rate_on(ana, FIRST + datetime.timedelta(offset), "walking-programme", [2])
    assert toolbox.relief_verdicts(ana) == []
    assert toolbox.relief_not_yet(ana) == []
    assert "What your ratings say" not in ana_client.get("/toolbox/").content.decode()


def test_a_verdict_names_days_and_not_ratings(ana_client, ana):
    for offset, scores in enumerate([[7, 9], [6], [8], [6], [7]]):
        rate_on(ana, FIRST + datetime.timedelta(offset), "walking-programme", scores)
    (verdict,) = toolbox.relief_verdicts(ana)
    assert (verdict.days, verdict.ratings, verdict.helps) == (5, 6, True)
    assert verdict.mean == pytest.approx(7.0)  # (8 + 6 + 8 + 6 + 7) / 5; per rating 7.2
    html = ana_client.get("/toolbox/").content.decode()
    assert "helps you: 7.0/10 relief, rated on 5 days." in html


def seed_history(user, seed):  # type: ignore[no-untyped-def]
    """30 days; each option rated on some of them (rarely, at times or often), one to four
    times a day, around a level of its own (some help, some do not, some are in between)."""
    rng = random.Random(seed)
    level = {item: rng.uniform(0, 10) for item in ITEMS}
    often = {item: rng.choice((0.08, 0.3, 0.6)) for item in ITEMS}
    for offset in range(30):
        day = FIRST + datetime.timedelta(offset)
        rated = [item for item in ITEMS if rng.random() < often[item]]
        for times in range(rng.randint(1, 4) if rated else 0):
            checkin = CheckIn.objects.create(user=user, day=day, moment=MOMENTS[times], pain=5)
            for item in rated:
                score = round(min(10.0, max(0.0, rng.gauss(level[item], 2))))
                ActivityRating.objects.create(checkin=checkin, item=item, relief=score)


@pytest.mark.parametrize("seed", [1, 7, 23, 2026])
def test_the_toolbox_and_the_insights_page_agree(ana, seed):
    seed_history(ana, seed)
    insights = build_insights(ana.pk)
    verdicts = {verdict.slug: verdict for verdict in toolbox.relief_verdicts(ana)}
    for shown in insights.effects:
        effect = shown.effect
        assert effect.n >= MIN_DAYS
        verdict = verdicts.pop(effect.slug, None)
        if 3 <= effect.mean < 6:  # the insights page: "It helps a little."
            assert verdict is None, effect.slug
            continue
        assert verdict is not None, effect.slug
        assert (verdict.mean, verdict.days, verdict.ratings) == (
            effect.mean,
            effect.n,
            effect.ratings,
        )
        assert verdict.helps == (effect.mean >= 6)
        if shown.standing.recommendable and not shown.for_you.held_back:
            said = shown.next_step
            if verdict.helps:
                assert said.startswith("Keep it ready") or said == shown.standing.flare_note
            else:
                assert said.startswith("It has not helped you much so far")
    assert verdicts == {}, "a verdict for an option the insights page does not show"
    not_yet = {(item.slug, item.days) for item in toolbox.relief_not_yet(ana)}
    assert not_yet == {(item.slug, item.n) for item in insights.pending}


def test_the_seeded_histories_cover_every_case(db):
    """The agreement above is tested on histories that hold a verdict both ways, an option in
    between and an option not shown yet."""
    found = set()
    for seed in (1, 7, 23, 2026):
        user = make_user(f"seeded-{seed}")
        seed_history(user, seed)
        found |= {"helps" if v.helps else "not" for v in toolbox.relief_verdicts(user)}
        found |= {"not yet"} if toolbox.relief_not_yet(user) else set()
        shown = build_insights(user.pk).effects
        found |= {"between"} if any(3 <= s.effect.mean < 6 for s in shown) else set()
    assert found == {"helps", "not", "not yet", "between"}
