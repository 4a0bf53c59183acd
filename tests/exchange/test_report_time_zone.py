"""The report speaks in the person's own days and times, whoever opens it, and a report
without the name gives the age only as a decade."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backcare.diary.checkins import save_checkin
from backcare.diary.models import SpasmEpisode
from backcare.exchange.report import build_report
from backcare.exchange.sharing import create_link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # UTC-11: its evenings are the next day in UTC
#: 21:30 on 10 March in Pago Pago, 08:30 on 11 March in UTC, 22:30 on 11 March in Kiritimati.
NOW = datetime(2026, 3, 10, 21, 30, tzinfo=PAGO_PAGO)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def evening_patient(db):  # type: ignore[no-untyped-def]
    """Nine calm evenings, then on 10 March at 20:00 a check-in with new leg weakness and a
    flare from 19:00 to 21:00, all in Pago Pago."""
    person = make_user("sina", display_name="Sina", year_of_birth=1961, time_zone=PAGO_PAGO.key)
    with time_machine.travel(NOW, tick=False):
        for day in range(1, 10):
            save_checkin(
                person, {"day": date(2026, 3, day).isoformat(), "moment": "evening", "pain": 4}
            )
        save_checkin(
            person,
            {
                "day": "2026-03-10",
                "moment": "evening",
                "pain": 7,
                "recorded_at": datetime(2026, 3, 10, 20, 0, tzinfo=PAGO_PAGO).isoformat(),
                "safety": {"leg_weakness": "yes"},
            },
        )
        SpasmEpisode.objects.create(
            user=person,
            started_at=datetime(2026, 3, 10, 19, 0, tzinfo=PAGO_PAGO),
            ended_at=datetime(2026, 3, 10, 21, 0, tzinfo=PAGO_PAGO),
            severity=7,
        )
    return person


def assert_patients_days(text: str, zone: str = "Pacific/Pago_Pago") -> None:
    assert "to 10 Mar 2026" in text
    assert "(check-in of 10 Mar 2026)" in text  # the triage that stands
    assert "10 Mar 2026 19:00" in text  # the flare's start, in their clock
    assert "11 Mar 2026" not in text  # UTC's date, past the end of the report
    assert f"local time ({zone})" in text


def test_a_share_link_opened_elsewhere_shows_the_patients_days(evening_patient):
    with time_machine.travel(NOW, tick=False):
        made = create_link(
            evening_patient, days=7, label="physio", identified=False, now=datetime.now(UTC)
        )
        page = Client().get(reverse("exchange:shared_report", args=[made.token]))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    # Without the name, the zone's region would narrow down who it is: its offset instead.
    assert_patients_days(text, zone="UTC-11:00")
    assert "Pago" not in text


@pytest.mark.parametrize("viewer", ["UTC", "Pacific/Kiritimati", "Europe/London"])
def test_a_reader_in_another_time_zone_reads_the_same_dates(evening_patient, viewer):
    """What a clinician's page and the PDF do: build, then render, in the reader's zone."""
    with time_machine.travel(NOW, tick=False), timezone.override(ZoneInfo(viewer)):
        report = build_report(evening_patient, date(2026, 3, 10), identified=True)
        html = render_to_string("exchange/report.html", {"report": report})
    assert_patients_days(text_of(html))


def test_without_the_name_the_age_is_a_decade(evening_patient):
    with time_machine.travel(NOW, tick=False):
        pseudonymous = build_report(evening_patient, date(2026, 3, 10))
        named = build_report(evening_patient, date(2026, 3, 10), identified=True)
    assert pseudonymous["age"] == "60\u201369"
    assert named["age"] == "64 or 65"  # born 1961: the birthday may not have come yet
    html = render_to_string("exchange/report.html", {"report": pseudonymous})
    assert "60\u201369 years" in html
    assert "65 years" not in html


def test_without_the_name_a_year_on_a_decade_boundary_looks_like_its_neighbours(db):
    """Born in 1976: 49 or 50 in 2026. Two decades ("40–59") for that one year would name it."""
    shown = {}
    with time_machine.travel(NOW, tick=False):
        for year in (1975, 1976, 1977, 1980):
            person = make_user(f"born{year}", year_of_birth=year)
            shown[year] = build_report(person, date(2026, 3, 10))["age"]
        named = build_report(person, date(2026, 3, 10), identified=True)["age"]
        nobody = build_report(make_user("ageless"), date(2026, 3, 10))
    assert shown == {1975: "50–59", 1976: "50–59", 1977: "40–49", 1980: "40–49"}
    assert named == "45 or 46"
    assert nobody["age"] is None


def test_without_the_name_every_offset_of_the_period_is_named(db):
    """London's report over the March clock change: its times are in GMT, then BST, and the
    label says both, with the day the clocks changed, never the region."""
    joined = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)
    person = make_user("lon", time_zone="Europe/London", date_joined=joined)
    with time_machine.travel(datetime(2026, 4, 10, 12, 0, tzinfo=UTC), tick=False):
        report = build_report(person, date(2026, 4, 10))
        named = build_report(person, date(2026, 4, 10), identified=True)
    assert report["zone_label"] == (
        "UTC+00:00 until the clocks changed on 29 Mar 2026, then UTC+01:00"
    )
    assert named["zone_label"] == "Europe/London"
