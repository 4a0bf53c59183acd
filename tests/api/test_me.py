import json

from django.test import Client


def test_it_needs_a_session(client, db):
    assert client.get("/api/me").status_code == 401


def test_it_returns_only_my_profile(ana_client, ana, bo):
    body = ana_client.get("/api/me").json()
    assert body["username"] == "ana"
    assert body["time_zone"] == "Europe/Lisbon"


def test_it_says_whether_my_address_is_confirmed(ana_client, ana):
    from backcare.accounts.models import User

    assert ana_client.get("/api/me").json()["email_confirmed"] is True
    User.objects.filter(pk=ana.pk).update(confirmed_email="")
    assert ana_client.get("/api/me").json()["email_confirmed"] is False


def test_it_updates_my_profile(ana_client, ana):
    response = ana_client.patch(
        "/api/me", json.dumps({"units": "imperial"}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    ana.refresh_from_db()
    assert ana.units == "imperial"


def test_it_names_the_bad_field_and_saves_nothing(ana_client, ana):
    response = ana_client.patch(
        "/api/me",
        json.dumps({"display_name": "X", "time_zone": "Mars/Olympus"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "changes", "time_zone"]]
    ana.refresh_from_db()
    assert (ana.display_name, ana.time_zone) == ("Ana", "Europe/Lisbon")


def test_it_requires_csrf_for_session_writes(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    response = strict.patch(
        "/api/me", json.dumps({"units": "imperial"}), content_type="application/json"
    )
    assert response.status_code == 403


def test_openapi_schema_is_published(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/me" in schema["paths"]


def test_a_new_time_zone_drops_pages_drawn_in_the_old_one(ana_client, ana):
    before = ana.data_version
    response = ana_client.patch(
        "/api/me", json.dumps({"time_zone": "Asia/Tokyo"}), content_type="application/json"
    )
    assert response.status_code == 200
    ana.refresh_from_db()
    assert (ana.time_zone, ana.data_version) == ("Asia/Tokyo", before + 1)
