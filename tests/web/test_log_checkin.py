"""Logging a check-in on the diary page: fast, complete when wanted, never half-stored."""

from datetime import date, datetime, time
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from backcare.diary import views
from backcare.diary.checkins import (
    LIMITS,
    CheckInError,
    checkin_records,
    local_today,
    moment_for,
    parse_checkin,
    save_checkin,
)
from backcare.diary.models import ActivityRating, CheckIn
from backcare.domain.findings import checkin_ids
from backcare.plans.models import ToolboxPin

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

TODAY_URL = reverse("diary:today")


def _at(monkeypatch, hour: int, minute: int = 0, tz: str = "Europe/Lisbon") -> datetime:
    """Pretend the person's local clock shows this time today."""
    moment = datetime.combine(date(2025, 3, 12), time(hour, minute), ZoneInfo(tz))
    monkeypatch.setattr(views, "local_now", lambda user: moment)
    return moment


def test_it_asks_for_a_login(client, db):
    response = client.get(TODAY_URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_shows_scales_as_labelled_radio_groups(ana_client):
    page = ana_client.get(TODAY_URL).content.decode()
    assert page.count("<h1") == 1
    for name in ("pain", "stiffness", "stress"):
        assert page.count(f'type="radio" name="{name}"') == 11
    assert "<legend>Pain now</legend>" in page
    assert '<details class="more"' in page
    for finding_id in checkin_ids():
        assert f'name="safety_{finding_id}" value="not_sure"' in page


@pytest.mark.parametrize(
    ("hour", "minute", "moment"),
    [(0, 0, "morning"), (10, 59, "morning"), (11, 0, "midday"), (16, 59, "midday"),
     (17, 0, "evening"), (23, 59, "evening")],
)  # fmt: skip
def test_it_takes_the_time_and_part_of_the_day_from_the_local_clock(
    ana_client, ana, monkeypatch, hour, minute, moment
):
    now = _at(monkeypatch, hour, minute)
    page = ana_client.get(TODAY_URL).content.decode()
    assert f'name="time" value="{hour:02}:{minute:02}"' in page
    assert 'name="day" value="2025-03-12"' in page
    assert ana_client.post(TODAY_URL, {"pain": "3"}).status_code == 302
    checkin = CheckIn.objects.get(user=ana)
    assert (checkin.moment, checkin.recorded_at) == (moment, now)


def test_it_saves_the_minimal_check_in_in_one_post(ana_client, ana, monkeypatch):
    _at(monkeypatch, 8)
    response = ana_client.post(TODAY_URL, {"pain": "3"})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=ana)
    assert response["Location"] == reverse("diary:saved", args=[checkin.pk])
    assert (checkin.day, checkin.moment, checkin.pain) == (date(2025, 3, 12), "morning", 3)
    assert checkin.stiffness is None
    assert checkin.safety == {}  # unanswered rows are not answered, never "no"
    assert checkin.safety_level == ""


def test_it_saves_a_full_check_in_with_ratings(ana_client, ana, monkeypatch):
    _at(monkeypatch, 19)
    ToolboxPin.objects.create(user=ana, exercise="cat-cow")
    page = ana_client.get(TODAY_URL).content.decode()
    assert page.index('value="cat-cow"') < page.index('value="bridge"'), "toolbox comes first"
    response = ana_client.post(
        TODAY_URL,
        {
            "pain": "5", "stiffness": "6", "stress": "7",
            "morning_stiffness_min": "45", "sleep_hours": "6.5", "sleep_quality": "4",
            "sleep_position": "side", "hours_sitting": "9", "active_minutes": "30",
            "steps": "6200", "water_litres": "1.5", "mood": "6", "notes": "Long drive.",
            "did": ["cat-cow", "superficial-heat", "easy-walk"],
            "relief_cat-cow": "7", "relief_superficial-heat": "4", "relief_easy-walk": "",
            "relief_bridge": "9",  # not ticked, but rated: done (test_checkin_rating_means_done)
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    checkin = CheckIn.objects.get(user=ana, moment="evening")
    assert (checkin.stiffness, checkin.stress, checkin.mood) == (6, 7, 6)
    assert (checkin.sleep_hours, checkin.water_litres, checkin.steps) == (6.5, 1.5, 6200)
    assert (checkin.sleep_position, checkin.notes) == ("side", "Long drive.")
    ratings = dict(checkin.ratings.values_list("item", "relief"))
    assert ratings == {"cat-cow": 7, "superficial-heat": 4, "easy-walk": None, "bridge": 9}


def test_each_check_in_is_a_new_entry_with_its_own_time(ana_client, ana, monkeypatch):
    for hour, pain in ((8, "6"), (8, "5"), (13, "4"), (21, "2")):
        _at(monkeypatch, hour)
        assert ana_client.post(TODAY_URL, {"pain": pain}).status_code == 302
    logged = CheckIn.objects.filter(user=ana).order_by("recorded_at", "pk")
    assert [(c.moment, c.pain) for c in logged] == [
        ("morning", 6), ("morning", 5), ("midday", 4), ("evening", 2)
    ]  # fmt: skip
    page = ana_client.get(TODAY_URL).content.decode()
    assert "08:00 (pain 6)" in page
    assert "08:00 (pain 5)" in page
    assert "21:00 (pain 2)" in page
    assert 'name="pain" value="3" id="id_pain_3" checked' not in page  # a blank new form


def test_the_confirmation_compares_today_with_yesterday(ana_client, ana, monkeypatch):
    yesterday = datetime(2025, 3, 11, 9, tzinfo=ZoneInfo("Europe/Lisbon"))
    save_checkin(ana, {"day": yesterday.date(), "moment": "morning", "pain": 7,
                       "recorded_at": yesterday})  # fmt: skip
    _at(monkeypatch, 9)
    response = ana_client.post(TODAY_URL, {"pain": "4"})
    with time_machine.travel(datetime(2025, 3, 12, 9, 5, tzinfo=ZoneInfo("Europe/Lisbon"))):
        page = ana_client.get(response["Location"]).content.decode()
    assert "Saved" in page
    assert "pain 4/10" in page
    assert "Today's pain: 4/10, lower than yesterday's 7/10" in unescape(page)
    assert "Checked in 2 days in a row" in page
    assert "Check in now" not in page


def test_a_time_in_the_future_is_refused_next_to_the_field(ana_client, ana, monkeypatch):
    _at(monkeypatch, 8)
    with time_machine.travel(datetime(2025, 3, 12, 8, 0, tzinfo=ZoneInfo("Europe/Lisbon"))):
        response = ana_client.post(TODAY_URL, {"pain": "4", "time": "23:30"})
    assert response.status_code == 200
    assert 'id="id_time_error"' in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("pain", ["11", "-1", "3.5", "lots", ""])
def test_it_rejects_pain_outside_0_to_10_next_to_the_field(ana_client, ana, pain):
    response = ana_client.post(TODAY_URL, {"moment": "morning", "pain": pain, "did": ["cat-cow"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_pain_error"' in page
    assert "from 0 to 10" in page
    assert 'aria-invalid="true"' in page
    assert not CheckIn.objects.exists()
    assert not ActivityRating.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("steps", "-5"), ("sleep_hours", "25"), ("water_litres", "many"), ("mood", "11")],
)
def test_an_optional_field_error_opens_more_and_stores_nothing(ana_client, field, value):
    response = ana_client.post(TODAY_URL, {"moment": "morning", "pain": "4", field: value})
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert '<details class="more" open>' in page
    assert not CheckIn.objects.exists()


def test_it_rejects_a_relief_score_above_10_and_stores_nothing(ana_client, ana):
    response = ana_client.post(
        TODAY_URL, {"moment": "morning", "pain": "4", "did": ["cat-cow"], "relief_cat-cow": "12"}
    )
    assert response.status_code == 200
    assert "Cat-cow" in response.content.decode()
    assert "helped must be from 0 to 10" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_it_rejects_an_unknown_activity(ana_client, ana):
    response = ana_client.post(TODAY_URL, {"moment": "morning", "pain": "4", "did": ["moon-walk"]})
    assert response.status_code == 200
    assert 'id="id_did_error"' in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(("hour", "expected"), [(6, "morning"), (12, "midday"), (20, "evening")])
def test_moment_for_the_boundaries_of_the_day(hour, expected):
    assert moment_for(time(hour)) == expected


_SCALED = sorted(LIMITS)


@given(
    field=st.sampled_from(_SCALED),
    excess=st.floats(min_value=0.5, max_value=1e6, allow_nan=False),
    below=st.booleans(),
)
def test_any_value_outside_its_range_is_refused_naming_the_field(field, excess, below):
    limit = LIMITS[field]
    value = limit.low - excess if below else limit.high + excess
    data = {"day": date(2025, 3, 1), "moment": "morning", "pain": 3, field: value}
    with pytest.raises(CheckInError) as error:
        parse_checkin(data, today=date(2025, 3, 1))
    assert error.value.field == field


@given(
    values=st.fixed_dictionaries(
        {name: st.integers(int(lim.low), int(lim.high)) for name, lim in LIMITS.items()}
    )
)
def test_any_value_inside_its_range_is_kept_as_given(values):
    entry = parse_checkin(
        {"day": "2025-03-01", "moment": "evening", **values}, today=date(2025, 3, 1)
    )
    assert dict(entry.measures) == values


@time_machine.travel(datetime(2025, 3, 12, 22, tzinfo=ZoneInfo("UTC")), tick=False)
def test_logged_check_ins_read_back_as_insight_records(ana, bo):
    today = local_today(ana)
    ratings = [{"item": "cat-cow", "relief": 8}, {"item": "bridge"}]
    zone = ZoneInfo(ana.time_zone)
    evening = datetime.combine(today, time(20), zone)
    save_checkin(ana, {"day": today, "moment": "evening", "pain": 2, "steps": 4000,
                       "ratings": ratings, "recorded_at": evening})  # fmt: skip
    morning = datetime.combine(today, time(8), zone)
    save_checkin(ana, {"day": today, "moment": "morning", "pain": 6, "sleep_hours": 5.5,
                       "recorded_at": morning})  # fmt: skip
    save_checkin(bo, {"day": local_today(bo), "moment": "morning", "pain": 9})
    records = checkin_records(ana, today, today)
    assert [(r.moment, r.pain) for r in records] == [("morning", 6), ("evening", 2)]
    assert (records[0].sleep_hours, records[1].steps) == (5.5, 4000)
    assert dict(records[1].relief) == {"cat-cow": 8}
