import json

import pytest
from django.test import Client

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.findings import finding_catalogue, red_flag_ids
from backcare.domain.triage import rules

LIFTING = {
    "age": 35,
    "where": ["lower_back"],
    "onset": "sudden_movement",
    "onset_days_ago": 2,
    "triggers": ["lifting"],
    "unaccustomed_activity": "yes",
}
IBP = {
    "age": 28,
    "age_when_started": 24,
    "problem_duration": "over_a_year",
    "morning_stiffness_minutes": 60,
    "wakes_second_half_night": "yes",
    "better_with_movement": "yes",
    "psoriasis": "yes",
}


def full(**answers):
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def post(client, path, findings):
    return client.post(path, json.dumps({"findings": findings}), content_type="application/json")


def test_it_needs_a_session_to_store(client, db):
    assert post(client, "/api/assessments", full()).status_code == 401
    assert client.get("/api/assessments").status_code == 401
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("answers", "level", "rule", "factor"),
    [
        (full(bladder_change="yes"), "emergency", "ces_bladder", None),
        (full(saddle_numbness="not_sure"), "urgent", "ces_saddle_numbness", None),
        (full(**LIFTING), "self_care", None, "overuse"),
        (full(**IBP), "soon", "inflammatory_back_pain", "inflammatory_features"),
    ],
)
def test_it_stores_and_returns_the_assessment(ana_client, ana, answers, level, rule, factor):
    response = post(ana_client, "/api/assessments", answers)
    assert response.status_code == 201, response.content
    body = response.json()
    stored = Assessment.objects.get(user=ana)
    assert body["id"] == stored.pk
    assert body["level"] == body["result"]["level"] == stored.level == level
    rules = [reason["rule_id"] for reason in body["result"]["reasons"]]
    if rule:
        assert rule in rules
    if factor:
        assert factor in [f["id"] for f in body["factors"]]
    # An emergency says nothing milder than "now" (course.toml's levels), the others say when.
    assert bool(body["course"]["safety_net"]) is (level != "emergency")


HARD_FLAG_FINDINGS = sorted(
    {rule.finding_ids[0] for rule in rules() if rule.hard and len(rule.finding_ids) == 1}
)


@pytest.mark.parametrize("finding", HARD_FLAG_FINDINGS)
def test_not_sure_on_a_hard_flag_is_at_least_urgent(client, db, finding):
    body = post(client, "/api/triage", full(**{finding: "not_sure"})).json()
    assert body["level"] in ("emergency", "urgent")
    assert any(r["not_sure"] and finding in r["finding_ids"] for r in body["result"]["reasons"])


def test_inflammatory_features_point_to_a_rheumatology_route(ana_client):
    body = post(ana_client, "/api/assessments", full(**IBP)).json()
    reason = next(r for r in body["result"]["reasons"] if r["pathway"] == "rheumatology")
    assert "rheumatolog" in reason["advice"]


@pytest.mark.parametrize(
    ("findings", "field"),
    [
        (full(elbow_pain="yes"), "elbow_pain"),
        (full(age="forty"), "age"),
        (full(age=12), "age"),
        (full(intensity_now=11), "intensity_now"),
        (full(where="lower_back"), "where"),
        (full(where=["lower_back", "elbow"]), "where"),
        (full(desk_work="yes"), "desk_work"),
        (full(bladder_change="maybe"), "bladder_change"),
        ({k: v for k, v in full().items() if k != "chest_pain"}, "chest_pain"),
        (full(age=30, age_when_started=40), "age_when_started"),
    ],
)
@pytest.mark.parametrize("path", ["/api/assessments", "/api/triage"])
def test_bad_input_names_the_field_and_stores_nothing(ana_client, path, findings, field):
    response = post(ana_client, path, findings)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "payload", "findings", field]
    assert detail[0]["msg"]
    assert not Assessment.objects.exists()


def test_findings_that_are_not_an_object_are_refused(ana_client):
    response = ana_client.post(
        "/api/assessments", json.dumps({"findings": [1, 2]}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "findings" in json.dumps(response.json())
    assert not Assessment.objects.exists()


def test_it_lists_only_my_assessments_newest_first(ana_client, ana, bo):
    older = assess(ana, full(**LIFTING))
    newer = assess(ana, full(chest_pain="yes"))
    assess(bo, full())
    body = ana_client.get("/api/assessments").json()
    assert [item["id"] for item in body] == [newer.pk, older.pk]
    assert body[0]["level"] == "emergency"
    assert body[0]["top_reason"] == newer.result["reasons"][0]["title"]


def test_it_returns_one_of_mine(ana_client, ana):
    assessment = assess(ana, full(**LIFTING))
    body = ana_client.get(f"/api/assessments/{assessment.pk}").json()
    assert body["result"] == assessment.result
    assert body["factors"] == assessment.factors


def test_someone_elses_assessment_is_not_found(client, ana, dee):
    assessment = assess(ana, full())
    client.force_login(dee)
    assert client.get(f"/api/assessments/{assessment.pk}").status_code == 404
    assert client.get("/api/assessments").json() == []


def test_findings_are_listed_without_a_login(client, db):
    body = client.get("/api/findings").json()
    assert [item["id"] for item in body] == list(finding_catalogue())
    age = next(item for item in body if item["id"] == "age")
    assert age["type"] == "int"
    assert age["range"]["min"] == 16


def test_triage_works_without_a_login_and_stores_nothing(db):
    anonymous = Client(enforce_csrf_checks=True)
    response = post(anonymous, "/api/triage", full(chest_pain="yes"))
    assert response.status_code == 200
    assert response.json()["level"] == "emergency"
    assert "id" not in response.json()
    assert not Assessment.objects.exists()


def test_storing_needs_the_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert post(strict, "/api/assessments", full()).status_code == 403
    assert not Assessment.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/assessments", "/api/assessments/{assessment_id}", "/api/findings"):
        assert path in paths
    assert "/api/triage" in paths
