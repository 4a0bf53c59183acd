"""API input is as strict as the domain; NUL and lone surrogates are refused; errors are JSON."""

import json

import pytest

from backcare.diary.models import CheckIn

CHECKIN = {"day": "2025-06-10", "moment": "morning", "pain": 3}


@pytest.fixture(autouse=True)
def _frozen():
    import time_machine

    with time_machine.travel("2025-06-15T10:00:00+00:00", tick=False):
        yield


def _post(client, path, raw):
    return client.post(path, raw, content_type="application/json")


@pytest.mark.parametrize("field", ["pain", "stiffness", "sleep_hours", "steps"])
def test_true_is_not_a_number(ana_client, ana, field):
    response = _post(ana_client, "/api/checkins", json.dumps({**CHECKIN, field: True}))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
    assert not CheckIn.objects.exists()


def test_a_true_relief_rating_is_refused(ana_client, ana):
    body = {**CHECKIN, "ratings": [{"item": "cat-cow", "relief": True}]}
    assert _post(ana_client, "/api/checkins", json.dumps(body)).status_code == 422


def test_a_lone_surrogate_in_the_profile_is_a_422_not_a_500(ana_client, ana):
    response = ana_client.patch(
        "/api/me", '{"display_name": "\\ud800"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "display_name"]
    ana.refresh_from_db()
    assert ana.display_name == "Ana"


def test_a_nul_in_check_in_notes_is_a_422(ana_client, ana):
    raw = json.dumps({**CHECKIN, "notes": "before\u0000after"})
    response = _post(ana_client, "/api/checkins", raw)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "notes"]
    assert not CheckIn.objects.exists()


def test_a_proper_surrogate_pair_is_kept(ana_client, ana):
    raw = json.dumps({**CHECKIN, "notes": "better \U0001f600"})  # written as \ud83d\ude00
    assert "\\ud83d" in raw
    response = _post(ana_client, "/api/checkins", raw)
    assert response.status_code == 201, response.content
    assert CheckIn.objects.get().notes == "better \U0001f600"


def test_a_nul_in_a_query_is_a_422_on_the_api_and_on_pages(ana_client, ana):
    api = ana_client.get("/api/checkins", {"start": "2025-06-01\x00"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", "start"]
    page = ana_client.get("/diary/history/", {"until": "\x00"})
    assert page.status_code == 422


def test_a_nul_in_a_page_form_is_a_form_error(ana_client, ana):
    response = ana_client.post("/diary/", {"pain": "3", "notes": "a\x00b"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_an_oversize_api_body_is_a_json_413(ana_client, ana, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    raw = json.dumps({**CHECKIN, "notes": "x" * 2000})
    response = _post(ana_client, "/api/checkins", raw)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "larger than the 1000 bytes" in response.json()["detail"]


def test_an_upload_over_the_cap_is_refused_before_it_is_read(ana_client, ana, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.BACKCARE_IMPORT_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("export.xml", b" " * (1024 * 1024 + 10))
    response = ana_client.post("/api/imports", {"file": big})
    assert response.status_code == 413  # the declared 413 shape: {"detail": "<sentence>"}
    assert "larger than the 1 MB upload limit" in response.json()["detail"]
    page = ana_client.post("/imports/", {"file": SimpleUploadedFile("e.xml", b" " * (1 << 21))})
    assert page.status_code == 413
    assert "1 MB upload limit" in page.content.decode()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/nope", 404),
        ("delete", "/api/me", 405),
        ("get", "/api/checkins/2025-01-01/x", 405),
    ],
)
def test_api_errors_are_json_even_from_django_itself(ana_client, ana, method, path, status):
    response = getattr(ana_client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("due", "says"),
    [
        (True, "must not be true or false"),
        ("2025-05-31", "more than two weeks ago"),  # 15 days before her 15 June in Lisbon
        ("2026-04-06", "more than 42 weeks away"),
    ],
)
def test_a_due_date_the_back_check_would_refuse_is_a_422(ana_client, ana, due, says):
    from backcare.plans.models import Preferences

    body = {"minutes_per_day": 10, "pregnant": True, "due_date": due}
    response = ana_client.put("/api/plan/preferences", json.dumps(body), "application/json")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "due_date"
    assert says in error["msg"]
    assert not Preferences.objects.filter(user=ana).exists()


@pytest.mark.parametrize("path", ["/api/assessments", "/api/triage"])
def test_the_pregnancy_questions_are_needed_exactly_where_the_back_check_asks_them(
    ana_client, ana, path
):
    """Ana (female, 40 here) is asked them, so leaving them out is a 422 naming `pregnant`;
    told as a man's answers, or a woman's of 60, they may be left out, as on the web."""
    from backcare.assessments.models import Assessment
    from backcare.domain.findings import red_flag_ids

    left_out = ("pregnant", "pregnancy_warning_signs")
    base = {k: "no" for k in red_flag_ids() if k not in left_out}
    base = {**base, "age": 40, "onset": "gradual"}
    refused = _post(ana_client, path, json.dumps({"findings": base}))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "payload", "findings", "pregnant"]
    assert not Assessment.objects.exists()
    for told in ({"sex": "male"}, {"age": 60}):
        response = _post(ana_client, path, json.dumps({"findings": {**base, **told}}))
        assert response.status_code in (200, 201), response.json()
