"""The dashboard's drawn charts and day tables are cached with its figures and renewed with them;
diary rows are checked all at once, and a bad one is still left out and named."""

import json
import logging
import re
from datetime import timedelta

from django.urls import reverse

from backcare.diary.models import CheckIn
from backcare.domain.insights import CheckInRecord
from backcare.progress import views
from backcare.progress.records import load_records
from tests.progress_data import log, log_days, today_for

URL = reverse("progress:dashboard") + "?period=2w"


def pain_rows(page: str) -> dict[str, str]:
    """Day -> value in the pain chart's table alternative."""
    body = page.split('<caption class="visually-hidden">Pain per day')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', body))


def count_drawings(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    draw = views.chart_blocks

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(views, "chart_blocks", counted)
    return calls


def test_a_second_view_reuses_the_drawn_charts(ana_client, ana, monkeypatch):
    log_days(ana, today_for(ana) - timedelta(days=5), [4, 5, 6])
    drawings = count_drawings(monkeypatch)
    first = ana_client.get(URL).content.decode()
    second = ana_client.get(URL).content.decode()
    assert len(drawings) == 1
    assert pain_rows(second) == pain_rows(first)
    assert "chart-dot" in second


def test_a_new_check_in_redraws_the_cached_charts(ana_client, ana, monkeypatch):
    today = today_for(ana)
    label = f"{today:%d %b %Y}"
    drawings = count_drawings(monkeypatch)
    assert pain_rows(ana_client.get(URL).content.decode())[label] == "no entry"
    response = ana_client.put(
        f"/api/checkins/{today.isoformat()}/morning",
        json.dumps({"pain": 6}),
        content_type="application/json",
    )
    assert response.status_code in (200, 201)
    assert pain_rows(ana_client.get(URL).content.decode())[label] == "6.0"
    assert len(drawings) == 2


def test_records_loaded_unchecked_equal_checked_ones(ana):
    today = today_for(ana)
    log(ana, today, 4, "morning", sleep_hours=7.5, morning_stiffness_min=20, stress=3)
    log(ana, today, 6, "evening", ratings={"heat": 7}, hours_sitting=6.5)
    loaded = load_records(ana.pk)
    checked = [
        CheckInRecord(today, "morning", 4, stress=3, morning_stiffness_min=20, sleep_hours=7.5),
        CheckInRecord(today, "evening", 6, hours_sitting=6.5, relief={"heat": 7}),
    ]
    assert loaded == checked


def test_a_row_outside_the_domains_bounds_is_left_out_and_logged(ana, caplog):
    today = today_for(ana)
    kept = log(ana, today - timedelta(days=1), 3, sleep_hours=8.0)
    bad = log(ana, today, 5, sleep_hours=8.0)
    # The database has no bound on sleep hours; only the domain's check can catch this.
    CheckIn.objects.filter(pk=bad.pk).update(sleep_hours=30.0)
    with caplog.at_level(logging.WARNING, logger="backcare.progress.records"):
        loaded = load_records(ana.pk)
    assert [record.day for record in loaded] == [kept.day]
    assert f"check-in {bad.pk} left out of insights: sleep_hours" in caplog.text


def test_a_computed_value_is_returned_as_built_not_read_back_from_the_cache(ana):
    from backcare.progress.caching import per_person

    built = {"figures": [1, 2, 3]}
    calls = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return built

    assert per_person(ana, "probe", build=build) is built  # no second unpickling
    assert per_person(ana, "probe", build=build) == built  # later views read the cache
    assert len(calls) == 1
