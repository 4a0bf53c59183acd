"""/offline/safety.json is the signed-in person's own: each answer rated with their clinical
context as their check-in is online, private, and not kept through log-out."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
from backcare.domain.findings import checkin_ids, red_flag_ids, validate_findings
from backcare.domain.triage import triage_checkin

pytestmark = pytest.mark.django_db


def intake(user, **answers):  # type: ignore[no-untyped-def]
    base = {**dict.fromkeys(red_flag_ids(), "no"), "age": 45, "onset": "gradual"}
    assess(user, {**base, **answers})


def table(client):  # type: ignore[no-untyped-def]
    response = client.get("/offline/safety.json")
    assert response.status_code == 200
    return response, response.json()["fields"]


def level(fields, finding_id, answer="yes"):  # type: ignore[no-untyped-def]
    return fields["safety_" + finding_id].get(answer, {}).get("level", "self_care")


@pytest.mark.parametrize(
    ("fact", "finding_id"),
    [("cancer_history", "numbness_tingling"), ("cancer_history", "leg_weakness"),
     ("iv_drug_use", "numbness_tingling"), ("iv_drug_use", "fever")],
)  # fmt: skip
def test_the_persons_context_raises_the_offline_advice(ana_client, ana, fact, finding_id):
    _, before = table(ana_client)
    intake(ana, **{fact: "yes"})
    _, after = table(ana_client)
    assert level(before, finding_id) == "urgent"
    assert level(after, finding_id) == "emergency"


def test_every_answer_is_rated_exactly_as_online_triage_rates_it(ana_client, ana):
    intake(ana, cancer_history="yes", pregnant="not_sure", osteoporosis="yes")
    _, fields = table(ana_client)
    context = clinical_context_for(ana)
    for finding_id in checkin_ids():
        for answer in ("yes", "not_sure"):
            online = triage_checkin(validate_findings({finding_id: answer}), context)
            assert level(fields, finding_id, answer) == online.level, (finding_id, answer)
            if online.level != "self_care":
                offline = fields["safety_" + finding_id][answer]
                assert [r["title"] for r in offline["reasons"]] == [r.title for r in online.reasons]


def test_each_person_gets_their_own_table_never_a_shared_one(ana, bo):
    intake(ana, cancer_history="yes")
    intake(bo)
    ana_client, bo_client = Client(), Client()
    ana_client.force_login(ana)
    bo_client.force_login(bo)
    response, ana_fields = table(ana_client)
    _, bo_fields = table(bo_client)
    assert level(ana_fields, "numbness_tingling") == "emergency"
    # bo's calm intake: what his check-in would say online, not ana's emergency
    numbness = validate_findings({"numbness_tingling": "yes"})
    assert (
        level(bo_fields, "numbness_tingling")
        == triage_checkin(numbness, clinical_context_for(bo)).level
    )
    assert level(bo_fields, "numbness_tingling") != "emergency"
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]


def test_signed_out_the_table_is_the_general_one_and_still_private(client):
    response, fields = table(client)
    assert level(fields, "bladder_change") == "emergency"
    assert response["Cache-Control"] == "private, no-store"


def test_the_service_worker_drops_the_table_at_log_out(client):
    """The worker keeps the app shell through log-out and forgets everything else."""
    body = client.get("/sw.js").content.decode()
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["safety"] == "/offline/safety.json"
    assert config["safety"] not in config["shell"]


def test_the_offline_table_holds_the_questions_the_persons_check_in_adds(ana_client, ana):
    _, before = table(ana_client)
    assert "safety_pregnancy_warning_signs" not in before
    intake(ana, pregnant="yes")
    _, fields = table(ana_client)
    assert level(fields, "pregnancy_warning_signs") == "emergency"
    assert level(fields, "urinary_symptoms") == "urgent"  # a possible kidney infection
