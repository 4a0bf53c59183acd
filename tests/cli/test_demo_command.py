"""`backcare demo`: a demo patient whose six months fill the dashboard and the insights."""

import argparse
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.commands import demo
from backcare.diary.episodes import TRIGGER_IDS
from backcare.diary.models import ActivityRating, CheckIn, Experiment, Measure, SpasmEpisode
from backcare.progress.demo import create_demo
from backcare.questionnaires.models import InstrumentResponse
from tests.progress_data import log, today_for

TODAY = date(2026, 3, 1)


def backcare_demo(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="backcare")
    sub = parser.add_subparsers(dest="command", required=True)
    demo.add_parser(sub).set_defaults(handler=demo.run)
    args = parser.parse_args(["demo", *argv])
    return int(args.handler(args))


def diary(username: str = "demo") -> list[tuple]:
    rows = CheckIn.objects.filter(user__username=username).order_by("day", "moment")
    return list(rows.values_list("day", "moment", "pain", "stress", "sleep_hours"))


@pytest.fixture
def demo_client(client, db):
    assert backcare_demo("--password", "a long demo passphrase") == 0
    client.force_login(User.objects.get(username="demo"))
    return client


def test_it_creates_six_months_and_prints_the_login(db, capsys, ten_past_ten_in_london):
    assert backcare_demo() == 0
    out = capsys.readouterr().out
    password = re.search(r"as 'demo' with password: (\S+)", out).group(1)
    user = User.objects.get(username="demo")
    assert user.check_password(password)
    assert user.email_confirmed  # its reminders show as an ordinary account's do
    days = sorted({day for day, *_ in diary()})
    assert (days[-1] - days[0]).days + 1 == 182
    assert 182 < len(diary()) < 2 * 182  # morning and evening on most days, with gaps
    assert 3 <= SpasmEpisode.objects.filter(user=user).count() <= 4
    triggers = set(SpasmEpisode.objects.filter(user=user).values_list("trigger", flat=True))
    assert triggers <= TRIGGER_IDS  # a flare's trigger is one the form offers, shown by name
    assert ActivityRating.objects.filter(checkin__user=user).count() > 100
    assert Measure.objects.filter(user=user, kind="steps").exists()
    assert set(
        InstrumentResponse.objects.filter(user=user).values_list("instrument", flat=True)
    ) == {
        "nrs",
        "peg",
        "gad7",
        "startback",
    }
    assert Experiment.objects.filter(user=user).count() == 1
    assert Assessment.objects.filter(user=user, level="self_care").count() == 1


def test_the_dashboard_shows_a_meaningful_improvement(demo_client):
    page = demo_client.get("/dashboard/").content.decode()
    assert "a meaningful improvement" in page
    assert "12-week outcome" in page
    assert "your pain averaged" in page.split("12-week outcome")[1]
    assert "Sleep and steps include values imported" in page


def test_the_insights_show_what_helps_and_what_does_not(demo_client):
    body = demo_client.get("/api/insights").json()
    means = {effect["item"]: effect["mean"] for effect in body["effects"]}
    assert means["superficial-heat"] > 5.5
    assert means["walking-programme"] > 5.5
    assert 2 < means["massage-gun"] < 4
    assert means["foam-rolling"] < 2
    assert body["pending"]  # something rated too rarely to show yet
    links = {link["id"]: link for link in body["links"]}
    stress = links["stress_to_next_day_pain"]["association"]
    assert stress["notable"]
    assert stress["r"] > 0
    assert links["sleep_to_morning_stiffness"]["association"]["r"] < 0
    page = demo_client.get("/insights/").content.decode()
    assert "your pain tended to be higher" in page


def test_its_experiment_has_a_result(demo_client):
    experiment = Experiment.objects.get(user__username="demo")
    page = demo_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "finished on" in page
    assert "95 % interval" in page


def test_the_same_seed_gives_the_same_data(db):
    create_demo(seed=7, today=TODAY)
    first = diary()
    create_demo(seed=7, today=TODAY)
    assert diary() == first
    create_demo(seed=8, today=TODAY)
    assert diary() != first


def test_running_it_again_replaces_the_demo(db):
    create_demo(today=TODAY, days=60)
    create_demo(today=TODAY, days=60)
    assert User.objects.filter(username="demo").count() == 1
    assert len({day for day, *_ in diary()}) <= 60
    assert SpasmEpisode.objects.count() <= 4


def test_it_never_replaces_a_real_account(ana, capsys):
    log(ana, today_for(ana), 3)
    assert backcare_demo("--username", "ana") == 2
    assert "belongs to a real account" in capsys.readouterr().err
    assert CheckIn.objects.filter(user=ana).count() == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--days", "10"), "days must be from 28"),
        (("--password", "password"), "too common"),
        (("--username", "no spaces please"), "username"),
    ],
)
def test_it_names_what_to_fix(db, capsys, argv, message):
    assert backcare_demo(*argv) == 2
    assert message in capsys.readouterr().err.lower()
    assert not User.objects.exists()


@pytest.fixture
def ten_past_ten_in_london():
    moment = datetime(2026, 3, 1, 10, 10, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield moment


def test_today_holds_only_what_has_happened_by_now(db, ten_past_ten_in_london):
    create_demo(password="a long demo passphrase")
    now = ten_past_ten_in_london
    today = CheckIn.objects.filter(user__username="demo", day=now.date())
    assert today.exists()
    assert not today.filter(moment="evening").exists()
    assert not CheckIn.objects.filter(recorded_at__gt=now).exists()
    assert not SpasmEpisode.objects.filter(ended_at__gt=now).exists()
    assert not InstrumentResponse.objects.filter(taken_at__gt=now).exists()
    assert not Measure.objects.filter(day__gte=now.date()).exists()


def test_six_months_of_use_leave_a_plan_in_week_26_and_a_toolbox(db, ten_past_ten_in_london):
    from backcare.plans.models import Plan, ToolboxPin

    summary = create_demo(password="a long demo passphrase")
    plans = Plan.objects.filter(user__username="demo").order_by("created_at")
    assert plans.count() == 26  # week 1 on the first day, then one version a week
    assert summary.plan_week == plans.last().week == 26
    assert plans.first().created_at.date() == summary.start
    assert plans.last().created_at <= ten_past_ten_in_london
    pins = ToolboxPin.objects.filter(user__username="demo").values_list("exercise", flat=True)
    assert {"knee-rocking", "cat-cow", "easy-walk"} <= set(pins)  # pinned early on
    from backcare.accounts.models import User
    from backcare.plans.toolbox import relief_verdicts

    helps = {v.slug for v in relief_verdicts(User.objects.get(username="demo")) if v.helps}
    assert set(pins) - {"knee-rocking", "cat-cow", "easy-walk"} <= helps  # and what helps
