"""A due date sent through the API (or any caller of ``assess``) is held to what the web back
check allows on the person's own day: no more than 42 weeks ahead, no more than two weeks
past; otherwise a clear error naming the field, and nothing stored."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import time_machine
from django.test import Client

from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids

#: 23:30 UTC on 7 December: already 8 December in Auckland, where Ana lives for these tests,
#: so her bounds are 24 November 2026 to 28 September 2027, a day later than UTC's.
NIGHT = datetime.fromisoformat("2026-12-07T23:30:00+00:00")


@pytest.fixture(autouse=True)
def _in_auckland(ana):  # type: ignore[no-untyped-def]
    ana.time_zone = "Pacific/Auckland"
    ana.save(update_fields=["time_zone"])


def pregnant(due: str) -> dict[str, object]:
    return {
        **dict.fromkeys(red_flag_ids(), "no"),
        "age": 31,
        "onset": "gradual",
        "pregnant": "yes",
        "due_date": due,
    }


def post(client: Client, ana, findings: dict[str, object]):  # type: ignore[no-untyped-def]
    """Sign in and send, both at ``NIGHT`` (a session signed into at another time has expired)."""
    with time_machine.travel(NIGHT, tick=False):
        client.force_login(ana)
        body = json.dumps({"findings": findings})
        return client.post("/api/assessments", body, content_type="application/json")


@pytest.mark.parametrize("due", ["2027-09-29", "2026-11-23", "2036-02-15"])
def test_a_due_date_no_pregnancy_can_have_is_refused_and_nothing_stored(
    client: Client,
    ana,
    due: str,  # type: ignore[no-untyped-def]
) -> None:
    response = post(client, ana, pregnant(due))
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "payload", "findings", "due_date"]
    assert "please check" in detail["msg"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("due", ["2027-09-28", "2026-11-24", "2027-02-15"])
def test_a_possible_due_date_is_stored(client: Client, ana, due: str) -> None:  # type: ignore[no-untyped-def]
    response = post(client, ana, pregnant(due))
    assert response.status_code == 201, response.content
    assert Assessment.objects.get().findings["due_date"] == due
