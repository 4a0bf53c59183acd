"""Cached dashboards and insights are never older than the person's last entry."""

import json

from backcare.accounts.models import User
from backcare.diary.checkins import local_today


def _days_with_pain(client):
    body = client.get("/api/dashboard?period=2w").json()
    pain = next(s for s in body["series"] if s["metric"] == "pain")
    return [p for p in pain["points"] if p["value"] is not None]


def test_a_new_check_in_shows_on_the_next_read(ana_client, ana):
    assert _days_with_pain(ana_client) == []
    day = local_today(ana).isoformat()
    response = ana_client.put(
        f"/api/checkins/{day}/morning", json.dumps({"pain": 6}), content_type="application/json"
    )
    assert response.status_code in (200, 201)
    assert [p["value"] for p in _days_with_pain(ana_client)] == [6]
    ana_client.delete(f"/api/checkins/{day}/morning")
    assert _days_with_pain(ana_client) == []


def test_every_diary_write_bumps_the_data_version(ana_client, ana):
    day = local_today(ana).isoformat()
    before = User.objects.get(pk=ana.pk).data_version
    ana_client.put(
        f"/api/checkins/{day}/evening", json.dumps({"pain": 2}), content_type="application/json"
    )
    ana_client.post("/api/episodes", json.dumps({}), content_type="application/json")
    assert User.objects.get(pk=ana.pk).data_version == before + 2


def test_one_persons_cache_never_serves_another(ana_client, ana, bo, client):
    day = local_today(ana).isoformat()
    ana_client.put(
        f"/api/checkins/{day}/morning", json.dumps({"pain": 9}), content_type="application/json"
    )
    assert _days_with_pain(ana_client)
    client.force_login(bo)
    assert _days_with_pain(client) == []
