"""The diary on the clinician's patient page shows the sleep the patient's Progress page counts
(the check-in's own, or on a day no check-in gave it the hours a health app imported) and
the mood the check-ins collect, which the patient agreed to share."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn, Measure

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def ana_diary(ana, ana_linked):  # type: ignore[no-untyped-def]
    """14 March: two check-ins without sleep, and the phone and the watch imported hours.
    15 March: a check-in that gave its own sleep and a mood, and an import as well."""
    for day, moment, hour, extra in (
        (14, "morning", 8, {}),
        (14, "evening", 20, {}),
        (15, "morning", 8, {"sleep_hours": 6.0, "mood": 7}),
    ):
        CheckIn.objects.create(
            user=ana,
            day=date(2026, 3, day),
            moment=moment,
            pain=4,
            recorded_at=at(day, hour),
            **extra,
        )
    for day, value, source in ((14, 7.5, "phone"), (14, 6.25, "watch"), (15, 8.0, "phone")):
        Measure.objects.create(
            user=ana, day=date(2026, 3, day), kind="sleep_hours", value=value, source=source
        )
    return ana


def diary_rows(client, patient) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    page = client.get(reverse("care:patient", args=[patient.pk])).content.decode()
    table = page.split('id="diary-h"')[1].split("</table>")[0]
    head, body = table.split("<tbody>")
    columns = [cell.split("<")[0] for cell in head.split('<th scope="col">')[1:]]
    rows = []
    for row in body.split("<tr>")[1:]:
        cells = [cell.split("</t")[0] for cell in row.replace("<th ", "<td ").split("<td")[1:]]
        rows.append(dict(zip(columns, [cell.split(">", 1)[1] for cell in cells], strict=True)))
    return rows


def test_a_day_without_logged_sleep_shows_the_imported_hours_once(cy_client, ana_diary):
    _newest, evening, morning = diary_rows(cy_client, ana_diary)
    # The largest source, as the Progress page counts it, on the day's first check-in.
    assert morning["Sleep (h)"] == '7.5 <span class="muted small">imported</span>'
    assert evening["Sleep (h)"] == "—"


def test_sleep_a_check_in_gave_is_shown_as_given(cy_client, ana_diary):
    newest = diary_rows(cy_client, ana_diary)[0]
    assert newest["Sleep (h)"] == "6"  # not the 8 hours imported for that day


def test_mood_is_shown(cy_client, ana_diary):
    assert [row["Mood"] for row in diary_rows(cy_client, ana_diary)] == ["7", "—", "—"]
