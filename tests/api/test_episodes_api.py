"""/api/episodes: start, end and read spasm or flare episodes, with the clinician advice."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import SpasmEpisode

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates


def _post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def _locs(response):
    return [".".join(str(part) for part in error["loc"]) for error in response.json()["detail"]]


def _ago(**delta):
    return (timezone.now() - timedelta(**delta)).isoformat()


def test_it_needs_a_session(client, db):
    assert client.get("/api/episodes").status_code == 401


def test_it_starts_and_ends_an_episode(ana_client, ana):
    save_checkin(ana, {"day": local_today(ana), "moment": "morning", "pain": 7})
    started = _post(ana_client, "/api/episodes", {"started_at": _ago(hours=3)})
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["running"], body["severity"]) == (True, 7)
    assert 2.9 < body["duration_hours"] < 3.1  # so far: logged 3 hours after it began
    ended = _post(ana_client, f"/api/episodes/{body['id']}/end", {"trigger": "twisting"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["running"] is False
    assert ended.json()["trigger"] == "twisting"
    assert 2.9 < ended.json()["duration_hours"] < 3.1


def test_a_second_start_while_one_runs_is_a_409(ana_client, ana):
    assert _post(ana_client, "/api/episodes").status_code == 201
    response = _post(ana_client, "/api/episodes", {"severity": 3})
    assert response.status_code == 409
    assert "already logged as running" in response.json()["detail"]
    assert SpasmEpisode.objects.count() == 1


def test_ending_twice_is_a_409(ana_client, ana):
    episode_id = _post(ana_client, "/api/episodes").json()["id"]
    assert _post(ana_client, f"/api/episodes/{episode_id}/end").status_code == 200
    assert _post(ana_client, f"/api/episodes/{episode_id}/end").status_code == 409


def test_an_eight_day_old_open_episode_says_see_a_clinician(ana_client, ana):
    _post(ana_client, "/api/episodes", {"started_at": _ago(days=8)})
    body = ana_client.get("/api/episodes").json()
    assert body["current"]["longer_than_max_days"] is True
    assert body["advice"]["level"] == "soon"
    assert body["advice"]["reasons"] == ["too_long"]
    assert body["advice"]["references"]
    assert body["flare"]["steps"]


def test_recurring_flares_say_see_a_clinician(ana_client, ana):
    for days in (80, 40):
        SpasmEpisode.objects.create(
            user=ana,
            started_at=timezone.now() - timedelta(days=days),
            ended_at=timezone.now() - timedelta(days=days - 1),
        )
    _post(ana_client, "/api/episodes")
    body = ana_client.get("/api/episodes").json()
    assert body["recent_count"] == 3
    assert body["advice"]["reasons"] == ["recurring"]
    assert [e["running"] for e in body["episodes"]] == [True, False, False]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/episodes", {"severity": 11}, "severity"),
        ("/api/episodes", {"trigger": "gravity"}, "trigger"),
        ("/api/episodes", {"started_at": "2025-01-01T08:00:00"}, "started_at"),
        ("/api/episodes", {"started_at": "2999-01-01T08:00:00+00:00"}, "started_at"),
    ],
)
def test_bad_values_are_a_422_naming_the_field(ana_client, path, body, field):
    response = _post(ana_client, path, body)
    assert response.status_code == 422, response.content
    assert f"body.payload.{field}" in _locs(response)
    assert not SpasmEpisode.objects.exists()


def test_an_end_before_the_start_is_a_422(ana_client, ana):
    episode_id = _post(ana_client, "/api/episodes", {"started_at": _ago(hours=2)}).json()["id"]
    response = _post(ana_client, f"/api/episodes/{episode_id}/end", {"ended_at": _ago(hours=5)})
    assert response.status_code == 422
    assert "body.payload.ended_at" in _locs(response)
    assert SpasmEpisode.objects.get().ended_at is None


def test_others_get_404_and_see_only_their_own(client, ana, bo, dee):
    episode = SpasmEpisode.objects.create(user=ana, notes="ana only")
    for other in (bo, dee):
        client.force_login(other)
        assert client.get(f"/api/episodes/{episode.pk}").status_code == 404
        assert _post(client, f"/api/episodes/{episode.pk}/end").status_code == 404
        assert client.get("/api/episodes").json()["episodes"] == []
    episode.refresh_from_db()
    assert episode.ended_at is None


def test_writes_need_the_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert _post(strict, "/api/episodes").status_code == 403
    assert not SpasmEpisode.objects.exists()
