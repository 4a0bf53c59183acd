"""The diary's month marks the days within a flare the person logged, in words ("Flare"),
not by colour alone, with a line saying what the mark means: looking back, a person sees
when the flares were, on days with a check-in and on days without one alike."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import SpasmEpisode
from tests.progress_data import log, log_days

URL = reverse("diary:history")
MID_DECEMBER = datetime.fromisoformat("2026-12-14T12:00:00+00:00")

pytestmark = pytest.mark.usefixtures("mid_december")


@pytest.fixture
def mid_december():  # type: ignore[no-untyped-def]
    with time_machine.travel(MID_DECEMBER, tick=False):
        yield


def _flare(user, start: str, end: str | None, severity: int = 7) -> SpasmEpisode:  # type: ignore[no-untyped-def]
    return SpasmEpisode.objects.create(
        user=user,
        started_at=datetime.fromisoformat(start),
        ended_at=datetime.fromisoformat(end) if end else None,
        severity=severity,
    )


def _flare_rows(page: str) -> dict[str, bool]:
    """Each row of the month (a day's id, or a run's label) and whether it says "Flare"."""
    rows = {}
    for item in re.findall(r'<li class="diary-(?:day|gap).*?</li>', page, re.S):
        found = re.search(r'id="day-([\d-]+)"', item) or re.search(r"<strong>(.*?)</strong>", item)
        assert found, item
        text = unescape(re.sub(r"<[^>]+>", " ", item.split("</summary>")[0]))
        rows[found.group(1)] = " Flare " in f" {' '.join(text.split())} "
    return rows


def _text(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_days_within_a_flare_say_flare_and_the_key_says_what_it_means(client, ana):
    log_days(ana, date(2026, 11, 1), [3] * 30)
    _flare(ana, "2026-11-09T07:30:00+00:00", "2026-11-12T20:00:00+00:00")
    client.force_login(ana)
    page = client.get(URL, {"month": "2026-11"}).content.decode()
    rows = _flare_rows(page)
    flare = {day for day, marked in rows.items() if marked}
    assert flare == {"2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12"}
    assert len(rows) == 30
    assert "Flare marks a day within a flare you logged: 4 days this month." in _text(page)


def test_a_flare_over_days_without_a_check_in_is_its_own_row(client, ana):
    log(ana, date(2026, 11, 2), 3)
    log(ana, date(2026, 11, 20), 3)
    _flare(ana, "2026-11-06T09:00:00+00:00", "2026-11-08T18:00:00+00:00")
    client.force_login(ana)
    page = client.get(URL, {"month": "2026-11"}).content.decode()
    rows = _flare_rows(page)
    # 3 to 19 November have no check-in: one run before the flare, the flare, one after.
    assert rows == {
        "Sat 21 – Mon 30 Nov": False,
        "2026-11-20": False,
        "Mon 9 – Thu 19 Nov": False,
        "Fri 6 – Sun 8 Nov": True,
        "Tue 3 – Thu 5 Nov": False,
        "2026-11-02": False,
    }


def test_a_flare_still_running_is_marked_to_today(client, ana):
    log_days(ana, date(2026, 12, 1), [4] * 14)
    _flare(ana, "2026-12-12T08:00:00+00:00", None)
    client.force_login(ana)
    rows = _flare_rows(client.get(URL).content.decode())
    assert {day for day, marked in rows.items() if marked} == {
        "2026-12-12",
        "2026-12-13",
        "2026-12-14",
    }


def test_flare_days_follow_the_persons_own_time_zone(client, bo):
    log_days(bo, date(2026, 11, 1), [3] * 30)
    # 02:00 UTC on 10 November is still the evening of the 9th in New York.
    _flare(bo, "2026-11-10T02:00:00+00:00", "2026-11-10T16:00:00+00:00")
    client.force_login(bo)
    rows = _flare_rows(client.get(URL, {"month": "2026-11"}).content.decode())
    assert {day for day, marked in rows.items() if marked} == {"2026-11-09", "2026-11-10"}


def test_a_flare_from_the_month_before_marks_only_this_months_days(client, ana):
    log_days(ana, date(2026, 10, 25), [3] * 20)
    _flare(ana, "2026-10-29T08:00:00+00:00", "2026-11-02T08:00:00+00:00")
    client.force_login(ana)
    page = client.get(URL, {"month": "2026-11"}).content.decode()
    assert {day for day, marked in _flare_rows(page).items() if marked} == {
        "2026-11-01",
        "2026-11-02",
    }
    assert "2 days this month" in _text(page)


def test_only_the_persons_own_flares_of_the_month_are_marked(client, ana, bo):
    log_days(ana, date(2026, 11, 1), [3] * 30)
    _flare(bo, "2026-11-09T07:30:00+00:00", "2026-11-12T20:00:00+00:00")  # someone else's
    _flare(ana, "2026-12-02T07:30:00+00:00", "2026-12-03T20:00:00+00:00")  # another month
    client.force_login(ana)
    page = client.get(URL, {"month": "2026-11"}).content.decode()
    assert not any(_flare_rows(page).values())
    assert "day-flare" not in page
    assert "flare-key" not in page
    december = _text(client.get(URL).content.decode())  # her own flare, in its own month
    assert "Flare marks a day within a flare you logged: 2 days this month." in december
