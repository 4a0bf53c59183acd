"""The calendar: an independent parser (ical.js, as used by Thunderbird) expands backcare's
.ics into exactly the occurrences the scheduler intends, across a DST change; the feed link
is secret and revocable; `backcare ics` prints the same file."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
import time_machine
from icalendar import Calendar

from backcare.cli import main
from backcare.domain.interventions import interventions
from backcare.domain.reminders import occurrences
from backcare.reminders.calendar import ics_bytes
from backcare.reminders.calendar_link import link_secret
from backcare.reminders.service import preferences_for, reminders_for
from tests.conftest import IN_CI
from tests.reminders.conftest import switch_on

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
ICAL_JS = HERE / "node_modules" / "ical.js"
NPM_CI = "npm ci --prefix tests/reminders"
BEFORE_DST = datetime(2026, 3, 20, 12, tzinfo=UTC)  # Lisbon changes clocks on 29 March
WINDOW = (datetime(2026, 3, 23, tzinfo=UTC), datetime(2026, 4, 6, tzinfo=UTC))


@pytest.fixture(scope="session")
def node() -> str:
    """Node with ical.js from tests/reminders/package-lock.json (`make test` installs it)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not ICAL_JS.exists():
        if not IN_CI:
            pytest.skip(f"ical.js is not installed: run `{NPM_CI}`")
        if npm is None:
            pytest.exit("CI requires npm to install ical.js for the calendar test", 1)
        subprocess.run([npm, "ci", "--prefix", str(HERE)], check=True)
    if node is None:
        pytest.skip("node is not installed")
    return node


def expand_with_ical_js(node: str, ics: bytes, tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "reminders.ics"
    path.write_bytes(ics)
    start, end = (moment.isoformat() for moment in WINDOW)
    result = subprocess.run(
        [node, str(HERE / "expand.mjs"), str(path), start, end],
        check=True, capture_output=True, text=True, cwd=HERE,
    )  # fmt: skip
    return json.loads(result.stdout)


@pytest.fixture
def every_kind(ana):  # type: ignore[no-untyped-def]
    calendar = {"by_calendar": True, "by_email": False, "since": BEFORE_DST}
    switch_on(ana, "movement", every_minutes=50, window_start=time(9), window_end=time(12),
              **calendar)  # fmt: skip
    switch_on(ana, "routine", at=time(8, 0), **calendar)
    switch_on(ana, "weekly_check", at=time(18, 0), weekday=6, **calendar)
    switch_on(ana, "anti_nap", at=time(3, 30), **calendar)
    return ana


def intended(user) -> list[str]:  # type: ignore[no-untyped-def]
    quiet = preferences_for(user).quiet_hours
    found = []
    for reminder in reminders_for(user):
        found += occurrences(reminder.schedule(quiet), reminder.zone, *WINDOW)
    return sorted(f"{moment:%Y-%m-%dT%H:%M:%S.000Z}" for moment in found)


def test_ical_js_expands_the_same_occurrences_as_backcare_across_dst(every_kind, node, tmp_path):
    with time_machine.travel(BEFORE_DST, tick=False):
        ics = ics_bytes(every_kind)
    expanded = expand_with_ical_js(node, ics, tmp_path)
    assert sorted(str(item["start"]) for item in expanded) == intended(every_kind)
    # The routine is 08:00 in Lisbon both sides of the change: 08:00 UTC, then 07:00 UTC.
    starts = {str(item["start"]) for item in expanded}
    assert {"2026-03-28T08:00:00.000Z", "2026-03-29T07:00:00.000Z"} <= starts
    assert all(item["alarms"] == 1 for item in expanded)


def test_the_file_carries_its_time_zone_repeat_rules_alarms_and_night_routine(every_kind):
    with time_machine.travel(BEFORE_DST, tick=False):
        cal = Calendar.from_ical(ics_bytes(every_kind))
    [zone] = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Lisbon"
    events = cal.walk("VEVENT")
    assert len(events) == 4 + 3  # breaks at 09:00, 09:50, 10:40, 11:30 + three others
    assert all(event.walk("VALARM") for event in events)
    rules = {str(e["SUMMARY"]): e["RRULE"] for e in events}
    assert rules["Time to move"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    assert rules["Your weekly check"]["BYDAY"] == ["SU"]
    night = next(e for e in events if str(e["SUMMARY"]).startswith("Night wake-up"))
    assert "knee rocking" in str(night["DESCRIPTION"])
    assert "not a tested treatment" in str(night["DESCRIPTION"])
    grade = interventions()["anti-nap"].evidence.grade.replace("_", " ")
    assert f"Evidence: {grade}" in str(night["DESCRIPTION"])


def test_quiet_hours_leave_breaks_out_of_the_calendar_too(every_kind):
    prefs = preferences_for(every_kind)
    prefs.quiet_start, prefs.quiet_end = time(21, 0), time(9, 30)
    prefs.save()
    with time_machine.travel(BEFORE_DST, tick=False):
        events = Calendar.from_ical(ics_bytes(every_kind)).walk("VEVENT")
    breaks = sorted(e["DTSTART"].dt.time() for e in events if e["SUMMARY"] == "Time to move")
    assert breaks == [time(9, 50), time(10, 40), time(11, 30)]
    assert any(str(e["SUMMARY"]).startswith("Night wake-up") for e in events)


def test_the_feed_link_is_secret_and_can_be_replaced_or_turned_off(every_kind, client):
    client.force_login(every_kind)
    client.post("/reminders/calendar/link/")
    token = link_secret(preferences_for(every_kind))
    client.logout()
    with time_machine.travel(BEFORE_DST, tick=False):
        feed = client.get(f"/reminders/calendar/{token}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in feed.content
    assert client.get("/reminders/calendar/wrong-token.ics").status_code == 404

    client.force_login(every_kind)
    client.post("/reminders/calendar/link/")  # a new link: the old one stops working
    assert client.get(f"/reminders/calendar/{token}.ics").status_code == 404
    client.post("/reminders/calendar/link/", {"action": "off"})
    assert link_secret(preferences_for(every_kind)) == ""


def test_the_download_needs_a_login_and_holds_only_my_reminders(every_kind, bo, client):
    assert client.get("/reminders/calendar.ics").status_code == 302
    client.force_login(bo)
    with time_machine.travel(BEFORE_DST, tick=False):
        mine = client.get("/reminders/calendar.ics")
    assert mine.status_code == 200
    assert b"BEGIN:VEVENT" not in mine.content  # bo has switched nothing on


def test_backcare_ics_prints_the_calendar(every_kind, capsys):
    with time_machine.travel(BEFORE_DST, tick=False):
        assert main(["ics", "--user", "ana"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("BEGIN:VCALENDAR")
    assert "RRULE:FREQ=DAILY" in printed
    assert main(["ics", "--user", "nobody"]) == 2
    assert "no account named 'nobody'" in capsys.readouterr().err


def test_a_calendar_app_may_probe_the_feed_with_head(every_kind, client):
    """Calendar apps ask with HEAD before they fetch: the same answer as GET, without the
    body; a made-up or replaced link is still not found."""
    client.force_login(every_kind)
    client.post("/reminders/calendar/link/")
    token = link_secret(preferences_for(every_kind))
    client.logout()
    with time_machine.travel(BEFORE_DST, tick=False):
        got = client.get(f"/reminders/calendar/{token}.ics")
        probed = client.head(f"/reminders/calendar/{token}.ics")
    assert probed.status_code == 200
    assert probed.content == b""
    assert dict(probed.headers) == dict(got.headers)
    assert probed["Content-Length"] == str(len(got.content))
    assert client.head("/reminders/calendar/wrong-token.ics").status_code == 404
    client.force_login(every_kind)
    client.post("/reminders/calendar/link/")  # replaced: the old link answers no one
    client.logout()
    assert client.head(f"/reminders/calendar/{token}.ics").status_code == 404
