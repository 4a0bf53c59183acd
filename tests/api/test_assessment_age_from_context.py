"""An intake sent without an age takes the ages the person's context allows (a year of
birth, or an age given earlier and the years since): none of them is refused, none is
stored as if the person had given it, and triage weighs each."""

from __future__ import annotations

import json

import pytest
import time_machine

from backcare.assessments.context import clinical_context_for
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids

pytestmark = pytest.mark.django_db


def without_age(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}


def post(client, findings):  # type: ignore[no-untyped-def]
    body = json.dumps({"findings": findings})
    return client.post("/api/assessments", body, content_type="application/json")


@time_machine.travel("2026-06-01 09:00 +0000", tick=False)
def test_no_age_the_year_of_birth_allows_is_refused(ana_client, ana):
    ana.year_of_birth = 2006  # 19 or 20
    ana.save()
    answer = post(ana_client, without_age(age_when_started=20))
    assert answer.status_code == 201, answer.content
    ana.year_of_birth = 2010  # 15 or 16: the oldest meets the minimum
    ana.save()
    assert post(ana_client, without_age()).status_code == 201


@time_machine.travel("2026-06-01 09:00 +0000", tick=False)
def test_an_age_filled_in_is_not_stored_as_given_and_both_ages_are_triaged(ana_client, ana):
    ana.year_of_birth = 1976  # 49 or 50
    ana.save()
    answer = post(ana_client, without_age(pain_not_eased_by_rest="yes"))
    assert answer.status_code == 201, answer.content
    stored = Assessment.objects.get(user=ana)
    assert "age" not in stored.findings
    assert "night_pain_with_risk" in {r["rule_id"] for r in stored.result["reasons"]}


def test_a_later_intake_without_an_age_leaves_the_given_one_to_count(ana_client, ana):
    """Born 1 June 1955, without a year of birth: 69 given in January 2025. An intake in
    December without an age must not pin the age at 69 or 70 for good: in June 2026 the
    person is 71, and the warning signs for over 70 apply."""
    ana.year_of_birth = None
    ana.save()
    with time_machine.travel("2025-01-15 09:00 +0000", tick=False):
        assert post(ana_client, without_age(age=69)).status_code == 201
    with time_machine.travel("2025-12-01 09:00 +0000", tick=False):
        assert clinical_context_for(ana).possible_ages() == (69, 70)
        assert post(ana_client, without_age()).status_code == 201
    with time_machine.travel("2026-06-02 09:00 +0000", tick=False):
        assert clinical_context_for(ana).possible_ages() == (70, 71)


@time_machine.travel("2026-06-01 09:00 +0000", tick=False)
def test_an_intake_stored_without_an_age_shows_everywhere(ana_client, ana):
    ana.year_of_birth = 1976
    ana.save()
    assert post(ana_client, without_age()).status_code == 201
    stored = Assessment.objects.get(user=ana)
    for url in (f"/assessments/{stored.pk}/", f"/assessments/{stored.pk}/details/", "/report/"):
        assert ana_client.get(url).status_code == 200, url
    assert ana_client.get("/api/assessments").status_code == 200
    assert ana_client.get("/my-data/fhir.json").status_code == 200
