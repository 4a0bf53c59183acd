"""The diary a month at a time: a short row per day, days without a check-in folded into one
row per run, a way to go to any day, and every entry of the month still there to change."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from backcare.diary.models import CheckIn
from tests.progress_data import log, log_days, today_for

URL = reverse("diary:history")
#: 00:20 UTC on 1 December: already December in Lisbon (Ana), still 30 November in New York (Bo).
MONTH_TURNS = datetime.fromisoformat("2026-12-01T00:20:00+00:00")
#: A later instant of the same winter, for tests that need a month behind them.
MID_DECEMBER = datetime.fromisoformat("2026-12-14T12:00:00+00:00")


@pytest.fixture
def mid_december():  # type: ignore[no-untyped-def]
    with time_machine.travel(MID_DECEMBER, tick=False):
        yield


def _rows(page: str) -> list[str]:
    return re.findall(r'<li class="diary-(?:day|gap)[^"]*"', page)


def _edit_links(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'class="entry-edit" href="/diary/entry/(\d+)/"', page)}


def _six_months(user) -> list[CheckIn]:  # type: ignore[no-untyped-def]
    """Two check-ins a day for six months, as the demo diary has."""
    first = today_for(user) - timedelta(days=182)
    pains = [3 + d % 5 for d in range(183)]
    return log_days(user, first, pains, moment="morning") + log_days(user, first, pains)


@time_machine.travel(MONTH_TURNS, tick=False)
@pytest.mark.parametrize(("who", "month"), [("ana", "December 2026"), ("bo", "November 2026")])
def test_it_opens_on_this_month_in_the_persons_own_time_zone(client, who, month, request):
    user = request.getfixturevalue(who)
    today = today_for(user)
    log(user, today, 4)
    log(user, date(2026, 11, 29), 6)
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert f'<h2 id="month-heading">{month}</h2>' in page
    assert ">Today<" in page
    shown_days = re.findall(r'id="day-(\d{4}-\d{2})-\d{2}"', page)
    assert set(shown_days) == {today.strftime("%Y-%m")}  # only this month's days


@pytest.mark.usefixtures("mid_december")
def test_six_months_show_one_month_of_short_rows_and_every_entry_of_it(ana_client, ana, bo):
    diary = _six_months(ana)
    log(bo, today_for(bo), 9, notes="Bo's own note")
    page = ana_client.get(URL).content.decode()
    december = {c.pk for c in diary if c.day.month == 12 and c.day.year == 2026}
    assert _edit_links(page) == december  # every entry of the month, and no other
    assert len(_rows(page)) == 14  # a row per day, 1 to 14 December
    assert "Bo&#x27;s own note" not in page
    september = ana_client.get(URL, {"month": "2026-09"}).content.decode()
    assert _edit_links(september) == {c.pk for c in diary if c.day.month == 9}
    assert len(_rows(september)) == 30
    assert 'href="?month=2026-08" rel="prev"' in september
    assert 'href="?month=2026-10" rel="next"' in september


@pytest.mark.usefixtures("mid_december")
def test_only_today_is_unfolded_and_each_row_gives_times_and_pains(ana_client, ana):
    today = today_for(ana)
    log(ana, today - timedelta(days=1), 6, moment="morning")
    log(ana, today - timedelta(days=1), 2, moment="evening")
    log(ana, today, 4, moment="morning", notes="Better after the walk")
    page = ana_client.get(URL).content.decode()
    assert page.count('<span class="day-note">note</span>') == 1  # a note shows when folded
    opened = re.findall(r'id="day-([\d-]+)">\s*<details open>', page)
    assert opened == [today.isoformat()]
    yesterday = page.split(f'id="day-{(today - timedelta(days=1)).isoformat()}">')[1]
    summary = unescape(re.sub(r"<[^>]+>", "", yesterday.split("</summary>")[0]))
    assert re.sub(r"\s+", " ", summary).strip() == "Yesterday 08:00 pain 6/10 · 21:00 pain 2/10"


@pytest.mark.usefixtures("mid_december")
def test_days_without_a_check_in_are_one_row_per_run_with_a_way_to_add(ana_client, ana):
    today = today_for(ana)  # 14 December
    log(ana, date(2026, 12, 1), 5)
    log(ana, date(2026, 12, 9), 3)
    log(ana, today, 4)
    page = unescape(ana_client.get(URL).content.decode())
    gaps = re.findall(r'<li class="diary-gap"><span><strong>(.*?)</strong>', page)
    assert gaps == ["Thu 10 – Sun 13 Dec", "Wed 2 – Tue 8 Dec"]
    assert f"{reverse('diary:today')}?day=2026-12-13" in page
    assert len(_rows(page)) == 5
    assert "Check-ins on 3 of 14 days" in page


@pytest.mark.usefixtures("mid_december")
def test_going_to_a_day_opens_its_month_on_that_day(ana_client, ana):
    diary = _six_months(ana)
    response = ana_client.get(URL, {"day": "2026-10-17"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?month=2026-10&open=2026-10-17#day-2026-10-17"
    page = ana_client.get(response["Location"]).content.decode()
    assert re.findall(r'id="day-([\d-]+)">\s*<details open>', page) == ["2026-10-17"]
    assert 'value="2026-10-17"' in page  # the chooser shows the day it went to
    day = page.split('id="day-2026-10-17"')[1].split("</details>")[0]
    assert _edit_links(day) == {c.pk for c in diary if c.day == date(2026, 10, 17)}


@pytest.mark.usefixtures("mid_december")
def test_a_day_without_a_check_in_opens_with_a_way_to_add_one(ana_client, ana):
    log(ana, date(2026, 12, 10), 3)
    page = ana_client.get(ana_client.get(URL, {"day": "2026-06-03"})["Location"]).content.decode()
    day = page.split('id="day-2026-06-03"')[1].split("</li>")[0]
    assert "<details open>" in day
    assert "No check-in on Wednesday 3 June 2026." in day
    assert f"{reverse('diary:today')}?day=2026-06-03" in day


@pytest.mark.usefixtures("mid_december")
@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"day": "14/12/2026x"}, "Give the day as YYYY-MM-DD, for example 2026-11-14."),
        ({"day": ""}, "Choose a day to go to."),
        ({"day": "2026-12-15"}, "Tuesday 15 December 2026 has not happened yet: choose today"),
        ({"day": "1984-12-31"}, "1984-12-31 is too long ago for a diary; check the year."),
        ({"month": "2026-13"}, "Choose a month as YYYY-MM, for example 2026-11."),
        ({"month": "soon"}, "Choose a month as YYYY-MM, for example 2026-11."),
        ({"month": "2027-01"}, "January 2027 has not begun yet: choose this month or an earlier"),
        ({"month": "1900-01"}, "January 1900 is too long ago for a diary; check the year."),
    ],
)
def test_a_day_or_month_that_cannot_be_shown_says_what_to_choose(ana_client, ana, query, says):
    log(ana, today_for(ana), 4)
    response = ana_client.get(URL, query, follow=True)
    assert response.redirect_chain[-1][0] == URL
    page = unescape(response.content.decode())
    assert says in page
    assert '<h2 id="month-heading">December 2026</h2>' in page


@pytest.mark.usefixtures("mid_december")
def test_an_escalation_shows_on_the_folded_row(ana_client, ana):
    day = today_for(ana) - timedelta(days=3)
    save_checkin(ana, {"day": day, "moment": "morning", "pain": 5, "safety": {"fever": "yes"}})
    page = ana_client.get(URL).content.decode()
    row = (
        page.split(f'id="day-{day.isoformat()}"')[0].rsplit("<li", 1)[1]
        + page.split(f'id="day-{day.isoformat()}"')[1].split("</summary>")[0]
    )
    assert "diary-day escalated" in row
    assert re.search(r'<span class="level-(urgent|soon) badge">[^<]+</span>', row)


@pytest.mark.usefixtures("mid_december")
def test_the_older_address_of_a_page_shows_that_month(ana_client, ana):
    _six_months(ana)
    page = ana_client.get(URL, {"until": "2026-09-30"}).content.decode()
    assert '<h2 id="month-heading">September 2026</h2>' in page


@pytest.mark.usefixtures("mid_december")
def test_a_month_before_the_diary_began_says_when_it_began(ana_client, ana):
    log(ana, date(2026, 11, 20), 4)
    page = ana_client.get(URL, {"month": "2026-08"}).content.decode()
    assert "your diary begins on" in page
    assert 'href="?month=2026-11">20 November 2026</a>' in page
    assert 'rel="prev"' not in page


@pytest.mark.usefixtures("mid_december")
def test_deleting_an_old_check_in_returns_to_its_day(ana_client, ana):
    old = log(ana, date(2026, 10, 5), 6)
    log(ana, date(2026, 10, 5), 2, moment="morning")
    response = ana_client.post(reverse("diary:delete_entry", args=[old.pk]))
    assert response["Location"] == f"{URL}?month=2026-10&open=2026-10-05#day-2026-10-05"
    edit = ana_client.get(reverse("diary:edit_entry", args=[CheckIn.objects.get().pk]))
    assert f'href="{URL}?month=2026-10&amp;open=2026-10-05#day-2026-10-05"' in edit.content.decode()


def test_others_never_see_my_month(client, ana, bo, dee):
    log(ana, today_for(ana), 7, notes="Ana's private note")
    for other in (bo, dee):
        client.force_login(other)
        for query in ({}, {"month": today_for(ana).strftime("%Y-%m")}):
            page = client.get(URL, query).content.decode()
            assert "private note" not in page
            assert _edit_links(page) == set()
