import datetime
import re
from html import escape

import pytest
import time_machine
from django.utils import timezone

from backcare.assessments.models import Assessment
from backcare.diary.models import ActivityRating, CheckIn
from backcare.domain.exercises import exercises
from backcare.plans.diary_input import Entry, SessionDay, day_responses
from backcare.plans.models import Plan, Preferences
from backcare.plans.planning import local_today

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow", "massage_gun"]
D = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        yield


def day(offset):
    return D + datetime.timedelta(days=offset)


# --- the diary mapping (pure) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # usual pain is the mean of the 7 days before; evening pain counts after exercise
        (
            [Entry(day(-2), "morning", 2), Entry(day(-1), "evening", 4),
             Entry(day(0), "morning", 3), Entry(day(0), "evening", 6, (("bridge", 7),)),
             Entry(day(1), "morning", 5)],
            {"pain_usual": 3.0, "pain_after_exercise": 6, "pain_next_morning": 5,
             "done": ("bridge",), "relief": {"bridge": 7}},
        ),
        # no exercise from the plan done: evening pain is not "after exercise"
        (
            [Entry(day(-1), "morning", 3), Entry(day(0), "evening", 6, (("hydration", None),))],
            {"pain_usual": 3.0, "pain_after_exercise": None, "pain_next_morning": None,
             "done": ("hydration",), "relief": {}},
        ),
        # no earlier check-ins: usual is that day's lowest pain, so a rise still shows
        (
            [Entry(day(0), "morning", 2), Entry(day(0), "evening", 7, (("bridge", None),))],
            {"pain_usual": 2, "pain_after_exercise": 7, "pain_next_morning": None,
             "done": ("bridge",), "relief": {}},
        ),
        # rated twice in a day: the higher rating; unknown slugs are left out
        (
            [Entry(day(0), "morning", 4, (("bridge", 3), ("retired-move", 9))),
             Entry(day(0), "evening", 4, (("bridge", 8),))],
            {"pain_usual": 4, "pain_after_exercise": 4, "pain_next_morning": None,
             "done": ("bridge",), "relief": {"bridge": 8}},
        ),
    ],
)  # fmt: skip
def test_it_maps_check_ins_to_day_responses(entries, expected):
    rows = day_responses(entries, day(0), day(0), frozenset({"bridge"}), KNOWN)
    assert len(rows) == 1
    row = rows[0]
    assert row.date == day(0)
    for name, value in expected.items():
        assert getattr(row, name) == value, name


KNOWN = frozenset({"bridge", "hydration"})


def test_usual_mornings_are_the_mornings_of_the_7_days_before():
    stiff_mornings = [
        Entry(day(-n), moment, pain) for n in range(1, 8) for moment, pain in
        (("morning", 5 if n % 2 else 4), ("evening", 2))
    ]  # fmt: skip
    entries = [
        *stiff_mornings,
        Entry(day(0), "evening", 4, (("bridge", None),)),
        Entry(day(1), "morning", 5),
    ]
    [row] = day_responses(entries, day(0), day(0), frozenset({"bridge"}), KNOWN)
    assert row.pain_usual_morning == 4.57
    assert row.pain_usual == 3.29
    assert row.light == "green"  # a usual stiff morning, not a rise after exercise


def test_it_keeps_only_days_in_the_window():
    entries = [
        Entry(day(-8), "morning", 3, (("bridge", None),)),  # before the window
        Entry(day(1), "morning", 3, (("bridge", None),)),
        Entry(day(3), "evening", 5),
        Entry(day(4), "morning", 3),  # after the window: next-morning pain only
    ]
    rows = day_responses(entries, day(-6), day(3), frozenset({"bridge"}), KNOWN)
    assert [r.date for r in rows] == [day(1), day(3)]
    assert rows[1].pain_next_morning == 3


@pytest.mark.parametrize(
    ("entries", "sessions", "expected"),
    [
        # a session alone makes a day: its exercises count as done, its pain as after-exercise
        (
            [Entry(day(-1), "morning", 3)],
            [SessionDay(day(0), 5, ("bridge",), (("bridge", "same"),))],
            {"done": ("bridge",), "pain_after_exercise": 5, "pain_usual": 3.0,
             "feelings": {"bridge": "same"}},
        ),
        # the higher of evening pain and session pain; the most cautious answer of two sessions
        (
            [Entry(day(0), "evening", 6)],
            [SessionDay(day(0), 4, ("bridge",), (("bridge", "hurt"),)),
             SessionDay(day(0), 2, ("bridge",), (("bridge", "easier"),))],
            {"done": ("bridge",), "pain_after_exercise": 6, "feelings": {"bridge": "hurt"}},
        ),
        # a skipped exercise is not done; a retired one is left out
        (
            [],
            [SessionDay(day(0), 2, ("retired-move",), (("retired-move", "same"),))],
            {"done": (), "pain_after_exercise": None, "feelings": {}, "pain_usual": 2},
        ),
    ],
)  # fmt: skip
def test_it_reads_guided_sessions(entries, sessions, expected):
    rows = day_responses(entries, day(0), day(0), frozenset({"bridge"}), KNOWN, sessions)
    assert len(rows) == 1
    for name, value in expected.items():
        assert getattr(rows[0], name) == value, name


def test_an_empty_diary_gives_no_days():
    assert day_responses([], day(-6), day(0), frozenset(), KNOWN) == []


# --- progressing a stored plan ------------------------------------------------------------


def start_plan(client, user, factors=("deconditioning", "sedentary"), days_old=8):
    Assessment.objects.create(
        user=user, findings={}, level="self_care", result={}, factors=[{"id": f} for f in factors]
    )
    Preferences.objects.create(user=user, minutes_per_day=20, equipment=ALL_KIT)
    client.get("/plan/")
    plan = Plan.objects.get(user=user)
    Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - timezone.timedelta(days_old))
    plan.refresh_from_db()
    return plan


def log_week(user, slugs, evening_pain=lambda offset: 3):
    """Seven days of check-ins ending yesterday (the whole days an update run today reads):
    morning pain 3, the items done each day."""
    today = local_today(user)
    for offset in range(-7, 0):
        date = today + datetime.timedelta(days=offset)
        CheckIn.objects.create(user=user, day=date, moment="morning", pain=3)
        evening = CheckIn.objects.create(
            user=user, day=date, moment="evening", pain=evening_pain(offset)
        )
        ActivityRating.objects.bulk_create(
            ActivityRating(checkin=evening, item=slug, relief=7) for slug in slugs
        )


def progress(client):
    response = client.post("/plan/progress/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_green_week_steps_exercises_and_walking_up_with_sentences(ana_client, ana):
    plan = start_plan(ana_client, ana)
    routine = [item["slug"] for item in plan.body["routine"]]
    log_week(ana, [*routine, "walking-programme"])
    html = progress(ana_client)
    newest = Plan.objects.filter(user=ana).first()
    assert newest.week == 2
    stepped = [c for c in newest.changes if c["action"] == "progress"]
    assert stepped, newest.changes
    new_slugs = [i["slug"] for i in newest.body["routine"]]
    for change in stepped:
        assert escape(change["sentence"]) in html
        if change["slug"] in exercises():
            assert exercises()[change["slug"]].harder in new_slugs
    assert any("daily walk goes up to 15 minutes" in c["sentence"] for c in stepped)
    assert "What changed this week" in html


def test_a_red_day_steps_back(ana_client, ana):
    plan = start_plan(ana_client, ana)
    routine = [item["slug"] for item in plan.body["routine"]]
    log_week(ana, routine, evening_pain=lambda offset: 8 if offset == -3 else 3)
    html = progress(ana_client)
    newest = Plan.objects.filter(user=ana).first()
    backs = {c["slug"]: c for c in newest.changes if c["action"] == "step_back"}
    assert set(routine) <= set(backs)
    assert not [c for c in newest.changes if c["action"] == "progress"]
    for slug in routine:
        easier = exercises()[slug].easier
        new_slugs = [i["slug"] for i in newest.body["routine"]]
        assert (easier if easier else slug) in new_slugs
        assert escape(backs[slug]["sentence"]) in html


def checked_in_yesterday(user):
    """A check-in yesterday (the last whole day an update run today reads), unless one is
    there: a week without check-ins holds its plan."""
    yesterday = local_today(user) - datetime.timedelta(days=1)
    if not CheckIn.objects.filter(user=user, day=yesterday).exists():
        CheckIn.objects.create(user=user, day=yesterday, pain=3)


def test_a_week_old_plan_progresses_on_the_next_visit(ana_client, ana):
    start_plan(ana_client, ana, days_old=7)
    checked_in_yesterday(ana)  # a week with none holds (tests/plans/test_plan_after_a_break.py)
    ana_client.get("/plan/")
    assert list(Plan.objects.filter(user=ana).values_list("week", flat=True)) == [2, 1]


def test_a_recent_plan_waits_for_the_week_or_a_request(ana_client, ana):
    start_plan(ana_client, ana, days_old=3)
    ana_client.get("/plan/")
    assert Plan.objects.filter(user=ana).count() == 1


def test_pressing_twice_never_skips_a_week(ana_client, ana):
    plan = start_plan(ana_client, ana)
    log_week(ana, [item["slug"] for item in plan.body["routine"]], lambda offset: 8)
    progress(ana_client)
    html = progress(ana_client)
    assert list(Plan.objects.filter(user=ana).values_list("week", flat=True)) == [2, 1]
    assert "already updated this week" in html


def test_the_next_update_waits_a_week_after_the_last(ana_client, ana):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        start_plan(ana_client, ana)
        checked_in_yesterday(ana)
        progress(ana_client)
        traveller.shift(datetime.timedelta(days=6, hours=23))
        checked_in_yesterday(ana)
        progress(ana_client)
        ana_client.get("/plan/")
        assert Plan.objects.filter(user=ana).first().week == 2
        traveller.shift(datetime.timedelta(hours=1))
        progress(ana_client)
        assert list(Plan.objects.filter(user=ana).values_list("week", flat=True)) == [3, 2, 1]


def test_the_preview_shows_what_would_change_and_stores_nothing(ana_client, ana):
    plan = start_plan(ana_client, ana)
    log_week(ana, [item["slug"] for item in plan.body["routine"]], lambda offset: 8)
    html = ana_client.get("/plan/progress/").content.decode()
    assert Plan.objects.filter(user=ana).count() == 1
    assert "steps back" in html or "ease off" in html.lower() or "smaller movement" in html
    assert "Apply these changes" in html
    progress(ana_client)
    html = ana_client.get("/plan/progress/").content.decode()
    assert "Apply these changes" not in html
    assert "next update" in html.lower()


def test_without_an_assessment_it_asks_for_one(ana_client, ana):
    html = progress(ana_client)
    assert "Complete the assessment first" in html
    assert not Plan.objects.exists()


def test_another_persons_diary_never_moves_my_plan(client, ana, bo):
    client.force_login(ana)
    plan = start_plan(client, ana)
    client.force_login(bo)
    log_week(bo, [item["slug"] for item in plan.body["routine"]])
    start_plan(client, bo)
    client.force_login(ana)
    progress(client)
    newest = Plan.objects.filter(user=ana).first()
    assert not [c for c in newest.changes if c["action"] in ("progress", "step_back")]
    assert Plan.objects.filter(user=bo).count() == 1


# --- the demo account: six months of diary --------------------------------------------------


@pytest.fixture
def demo_client(client, db):
    from backcare.accounts.models import User
    from backcare.progress.demo import create_demo

    # The demo's own evening: its diary runs up to this day, and progression reads to "today".
    with time_machine.travel(datetime.datetime(2026, 3, 10, 21, tzinfo=datetime.UTC), tick=False):
        create_demo(today=datetime.date(2026, 3, 10), password="demo-pass-2026-x")
        client.force_login(User.objects.get(username="demo"))
        yield client


def test_the_demo_week_is_read_in_full_and_pressing_twice_moves_one_week(demo_client):
    demo_client.get("/plan/")
    preview = demo_client.get("/plan/progress/").content.decode()
    assert "of 1 days" not in preview
    before = list(Plan.objects.order_by("-pk").values_list("week", flat=True))
    progress(demo_client)
    html = progress(demo_client)
    after = list(Plan.objects.order_by("-pk").values_list("week", flat=True))
    assert len(after) - len(before) <= 1  # two presses: at most one new week
    assert after[0] - before[0] <= 1
    assert "already updated this week" in html
    changes = Plan.objects.order_by("-pk").first().changes
    walking = [c["sentence"] for c in changes if c["slug"] == "walking-programme"]
    assert len(walking) >= 1
    counted = re.search(r"walked on (\d+) of 7 days|of the (\d+) days you walked", walking[0])
    assert counted, walking
    assert int(counted.group(1) or counted.group(2)) >= 2  # the demo walks most weeks
    per_item = [c["slug"] for c in changes if c["action"] != "add_toolbox"]
    assert len(per_item) == len(set(per_item)), changes
    assert not any("of 1 days" in c["sentence"] for c in changes)


@pytest.mark.parametrize(
    ("evening", "next_morning", "light"),
    [
        (3, 3, "green"),  # no rise
        (5, 3, "green"),  # +2: still green
        (5.5, 3, "red"),  # more than 2 above usual
        (4, 4, "red"),  # not settled by the next morning
        (4, None, None),  # too little logged to tell
    ],
)
def test_the_traffic_light_reads_the_diary_as_logged(evening, next_morning, light):
    entries = [Entry(day(-1), "morning", 3), Entry(day(0), "evening", evening, (("bridge", 6),))]
    if next_morning is not None:
        entries.append(Entry(day(1), "morning", next_morning))
    [row] = day_responses(entries, day(0), day(0), frozenset({"bridge"}), KNOWN)
    assert row.light == light


def test_the_demo_diary_gives_lights_for_its_exercise_days(demo_client):
    from backcare.accounts.models import User
    from backcare.plans.planning import _diary, latest_plan
    from backcare.plans.snapshots import plan_from_body

    demo_client.get("/plan/")
    demo = User.objects.get(username="demo")
    days, _ = _diary(demo, plan_from_body(latest_plan(demo).body))
    assert len(days) == 7
    lights = [d.light for d in days if d.pain_after_exercise is not None]
    assert lights, "the demo logs evening pain on days it walks"
    for d in days:
        if d.light == "red":
            usual_morning = d.pain_usual if d.pain_usual_morning is None else d.pain_usual_morning
            assert d.pain_after_exercise > d.pain_usual + 2 or (
                d.pain_next_morning is not None and d.pain_next_morning >= usual_morning + 1
            )


def test_the_preview_after_an_update_never_counts_its_walks_again(ana_client, ana):
    """The update read the week's walks and raised the walk; the preview a day later reads
    only the days since, so /plan/ and /plan/progress/ say the same target."""
    plan = start_plan(ana_client, ana)
    log_week(ana, [*(item["slug"] for item in plan.body["routine"]), "walking-programme"])
    progress(ana_client)
    raised = Plan.objects.filter(user=ana).first()
    assert raised.body["walking"]["minutes_per_day"] == 15
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        ana_client.force_login(ana)
        today = local_today(ana)
        for moment, pain in (("morning", 3), ("evening", 3)):
            CheckIn.objects.create(user=ana, day=today, moment=moment, pain=pain)
        ActivityRating.objects.create(
            checkin=CheckIn.objects.get(user=ana, day=today, moment="evening"),
            item="walking-programme",
            relief=7,
        )
        preview = ana_client.get("/plan/progress/").content.decode()
        page = ana_client.get("/plan/").content.decode()
    assert "goes up to 20 minutes" not in preview
    assert "The daily walk stays at 15 minutes: your diary covers 1 day so far" in preview
    assert "15 minutes a day on 5 days a week" in page
