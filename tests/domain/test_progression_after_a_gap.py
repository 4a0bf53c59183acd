"""An update reads every whole day since the last one (at most four weeks), but only the
last seven can step anything up: good days before a gap say little about the back now, while
what hurt or raised pain on any day read still steps back."""

import datetime
from dataclasses import replace

from backcare.domain import breaks, plan_text
from backcare.domain.progression import READ_AT_MOST, progress
from tests.domain.test_progression import FAKE, START, data_for, plan_with, week


def after(days):
    return START + datetime.timedelta(days=days)


def test_a_green_week_before_a_gap_never_steps_up():
    """Seven green days of twist, then ten days of nothing: the week read is empty, so the
    plan holds as it is (no step up on days two weeks old)."""
    plan = plan_with(["twist"])
    new, changes = progress(plan, data_for(), week(["twist"]), FAKE, through=after(16))
    assert new.week == plan.week
    assert [i.slug for i in new.routine] == ["twist"]
    assert [c.sentence for c in changes] == [breaks.HOLD.format(week=plan.week)]


def test_a_few_days_back_after_a_gap_keep_the_level():
    """Green days before the gap and three green days back: too few to step up."""
    diary = week(["twist"]) + [
        replace(d, date=after(14 + n)) for n, d in enumerate(week(["twist"])[:3])
    ]
    new, changes = progress(plan_with(["twist"]), data_for(), diary, FAKE, through=after(16))
    assert [i.slug for i in new.routine] == ["twist"]
    assert {c.slug: c.action for c in changes}["twist"] == "keep"


def test_a_red_day_before_the_last_seven_still_steps_back():
    """Day 2 raised pain after twist; the update two weeks later reads it."""
    diary = [replace(d, date=after(n)) for n, d in enumerate(week(["twist"], days=14))]
    diary[2] = replace(diary[2], pain_after_exercise=8)
    new, changes = progress(plan_with(["twist"]), data_for(), diary, FAKE, through=after(13))
    assert [i.slug for i in new.routine] == ["rock"]
    assert {c.slug: c.action for c in changes}["twist"] == "step_back"


def test_what_hurt_before_a_gap_eases_while_the_week_holds():
    diary = [replace(week(["twist"], days=1)[0], feelings={"twist": "hurt"})]
    plan = plan_with(["twist"])
    new, changes = progress(plan, data_for(), diary, FAKE, through=after(12))
    assert new.week == plan.week
    assert [i.slug for i in new.routine] == ["rock"]
    assert changes[0].sentence == plan_text.HOLD_EASED.format(week=plan.week)
    assert "You said Twist hurt on 1 day" in changes[1].sentence


def test_days_older_than_four_weeks_are_not_read():
    diary = [replace(week(["twist"], days=1)[0], feelings={"twist": "hurt"})]
    through = after(READ_AT_MOST)
    new, _ = progress(plan_with(["twist"]), data_for(), diary, FAKE, through=through)
    assert [i.slug for i in new.routine] == ["twist"]
