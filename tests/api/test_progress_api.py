"""/api/dashboard, /api/insights, /api/experiments and /api/imports: the pages' JSON twins."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backcare.diary.models import Experiment, Measure
from tests.progress_data import log, log_days, today_for

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

FIXTURES = Path(__file__).resolve().parents[1] / "domain" / "fixtures"
CHOICE = {"option_a": "superficial-heat", "option_b": "cat-cow", "days": 28}


def _error(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The field path and message of a 422, in the API's one error shape."""
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    return ".".join(str(part) for part in error["loc"]), error["msg"]


def _post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "url", ["/api/dashboard", "/api/insights", "/api/experiments", "/api/imports"]
)
def test_it_needs_a_session(client, db, url):
    assert client.get(url).status_code == 401


def test_the_dashboard_matches_the_page(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=20), [6] * 7 + [5] * 7 + [3] * 7)
    Measure.objects.create(user=ana, day=today, kind="steps", value=4321, source="fit")
    body = ana_client.get("/api/dashboard", {"period": "2w"}).json()
    assert (body["period"], body["end"]) == ("2w", str(today))
    assert [s["metric"] for s in body["series"]] == [
        "pain",
        "stiffness",
        "stress",
        "sleep_hours",
        "steps",
    ]
    pain = body["series"][0]
    assert len(pain["points"]) == 14
    assert pain["points"][-1] == {"day": str(today), "value": 3.0}
    assert body["series"][-1]["points"][-1]["value"] == 4321
    change = body["change"]
    assert change["available"] is True
    assert (change["baseline"], change["current"]["change_points"]) == (6.0, -3.0)
    assert change["current"]["change_percent"] == -50.0
    assert change["current"]["meaningful_improvement"] is True
    assert change["days_to_twelve_week_outcome"] == 63
    assert "at least 30 %" in change["rule"]
    assert change["references"] == ["ostelo-2008"]
    assert body["adherence"] == {
        "start": str(today - timedelta(days=13)),
        "planned_days": 14,
        "done_days": 14,
        "percent": 100.0,
    }


def test_it_explains_an_unavailable_baseline(ana_client, ana):
    body = ana_client.get("/api/dashboard").json()
    assert body["period"] == "3m"
    assert body["change"]["available"] is False
    assert "baseline" in body["change"]["reason"]


def test_it_names_a_bad_period(ana_client, ana):
    loc, message = _error(ana_client.get("/api/dashboard", {"period": "week"}))
    assert loc == "query.period"
    assert "2w, 3m or 1y" in message


def test_insights_hide_small_numbers_and_say_what_is_needed(ana_client, ana):
    today = today_for(ana)
    for offset in range(5):
        log(ana, today - timedelta(days=offset), 4, ratings={"superficial-heat": 6 + offset % 2})
    log(ana, today, 4, moment="morning", ratings={"massage-gun": 3})
    body = ana_client.get("/api/insights").json()
    assert [e["item"] for e in body["effects"]] == ["superficial-heat"]
    assert body["effects"][0]["n"] == 5
    assert body["pending"] == [{"item": "massage-gun", "label": "Massage gun", "n": 1, "needed": 4}]
    stress = body["links"][0]
    assert (stress["id"], stress["tested"], stress["association"]) == (
        "stress_to_next_day_pain",
        False,
        None,
    )
    assert stress["paired_days"] == 0
    assert body["caveat"] == "This is an association, not proof of cause."


def test_it_creates_an_experiment_and_shows_its_schedule(ana_client, ana):
    response = _post(ana_client, "/api/experiments", CHOICE)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "running"
    assert len(body["schedule"]) == 28
    assert body["today_option"] == body["schedule"][0]["option"]
    assert body["result"] is None
    assert sorted({day["arm"] for day in body["schedule"][:2]}) == ["a", "b"]
    assert Experiment.objects.get(user=ana).pk == body["id"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"option_b": "superficial-heat"}, "option_b"),
        ({"option_a": "tens"}, "option_a"),
        ({"days": 7}, "days"),
        ({"days": 400}, "days"),
        ({"outcome": "mood"}, "outcome"),
    ],
)
def test_it_names_the_bad_experiment_field(ana_client, ana, changes, field):
    loc, _ = _error(_post(ana_client, "/api/experiments", {**CHOICE, **changes}))
    assert loc == f"body.choice.{field}"
    assert not Experiment.objects.exists()


def test_experiments_are_private(client, ana, bo, dee):
    mine = Experiment.objects.create(
        user=ana, option_a="cat-cow", option_b="bridge", start=date(2025, 1, 1), days=8, seed=1
    )
    for other in (bo, dee):
        client.force_login(other)
        assert client.get("/api/experiments").json() == []
        assert client.get(f"/api/experiments/{mine.pk}").status_code == 404
        assert client.post(f"/api/experiments/{mine.pk}/stop").status_code == 404
    mine.refresh_from_db()
    assert mine.stopped_at is None


def test_it_stops_an_experiment(ana_client, ana):
    created = _post(ana_client, "/api/experiments", CHOICE).json()
    body = ana_client.post(f"/api/experiments/{created['id']}/stop").json()
    assert body["state"] == "stopped"
    assert body["result"]["status"] == "too_small"


def test_it_imports_a_file_and_importing_again_adds_nothing(ana_client, ana):
    name = "fitbit_export_20240131.csv"

    def send():  # type: ignore[no-untyped-def]
        data = SimpleUploadedFile(name, (FIXTURES / name).read_bytes())
        return ana_client.post("/api/imports", {"file": data})

    first = send()
    assert first.status_code == 202, first.content
    assert first.json()["status"] == "done"  # tests run tasks at once
    count = Measure.objects.filter(user=ana).count()
    assert first.json()["summary"]["added"] == count > 0
    second = send().json()["summary"]
    assert (second["added"], second["updated"], second["unchanged"]) == (0, 0, count)
    assert Measure.objects.filter(user=ana).count() == count
    listed = ana_client.get("/api/imports").json()
    assert sum(item["days"] for item in listed) == count


def test_it_refuses_a_malformed_upload_and_stores_nothing(ana_client, ana):
    data = SimpleUploadedFile("export.zip", b"PK\x03\x04 not really a zip")
    job = ana_client.post("/api/imports", {"file": data}).json()
    assert job["status"] == "failed"
    assert job["error"].startswith("export.zip: ")
    assert job["error"].endswith("Nothing was imported.")
    assert ana_client.get(f"/api/imports/jobs/{job['id']}").json() == job
    assert not Measure.objects.exists()


def test_it_requires_csrf_for_session_writes(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert _post(strict, "/api/experiments", CHOICE).status_code == 403
    assert not Experiment.objects.exists()
