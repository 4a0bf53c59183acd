"""Two answers set against each other single out no one: cohorts are whole months, and a
cohort with a month of 1-4 members, or leaving 1-4 out, is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backcare.outcomes.models import OutcomesView
from tests.care.conftest import link
from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

API = "/api/clinician/outcomes"
PAGE = "/clinician/outcomes/"
#: May's 12-week windows are over by then, everywhere.
LATER = datetime(2026, 12, 5, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _later():  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER, tick=False):
        yield


def _may(count: int):  # type: ignore[no-untyped-def]
    """Members enrolled on consecutive days of May 2026, baseline 3-9, 12 weeks lower."""
    members = []
    for i in range(count):
        baseline = 9 if i == 5 else 3 + i % 4
        pains = dict.fromkeys(range(7), baseline) | dict.fromkeys(range(77, 92), baseline - 1)
        members.append(add_member(f"m{i}", date(2026, 5, 1 + i), pains))
    return members


def _triage(member, level: str) -> None:  # type: ignore[no-untyped-def]
    from backcare.assessments.models import Assessment

    Assessment.objects.create(user=member, findings={}, result={}, level=level)


def test_ranges_a_day_apart_are_the_same_whole_month(lea_client):
    """5 members enrolled 1-5 May and a sixth on 6 May, urgent: asking to 5 May and to 6 May
    gives the same answer, so their difference is nobody's."""
    members = _may(6)
    _triage(members[5], "urgent")
    a = lea_client.get(API, {"enrolled_from": "2026-05-01", "enrolled_to": "2026-05-05"}).json()
    b = lea_client.get(API, {"enrolled_from": "2026-05-01", "enrolled_to": "2026-05-06"}).json()
    assert a["figures"] == b["figures"]
    assert a["figures"]["enrolled"] == 6
    assert (a["enrolled_from"], a["enrolled_to"]) == ("2026-05-01", "2026-05-31")
    assert "whole calendar months" in a["notes"][0]


def test_a_month_with_one_member_cannot_be_added_to_a_range(lea_client):
    """May alone is answered; May and June, June holding one member, is refused."""
    _may(5)
    add_member("june", date(2026, 6, 2), {0: 9, 80: 8})
    may = lea_client.get(API, {"enrolled_from": "2026-05", "enrolled_to": "2026-05"})
    assert may.status_code == 200
    both = lea_client.get(API, {"enrolled_from": "2026-05", "enrolled_to": "2026-06"})
    assert both.status_code == 422
    assert (
        "fewer than 5 members of this cohort enrolled in June 2026"
        in (both.json()["detail"][0]["msg"])
    )
    page = lea_client.get(PAGE, {"enrolled_from": "2026-05-01", "enrolled_to": "2026-06-30"})
    assert "No figures for this cohort" in page.content.decode()
    assert "<strong>" not in page.content.decode().split("No figures for this cohort")[1]
    assert "when it is about fewer than 5 people" in page.content.decode()
    assert [look.members for look in OutcomesView.objects.order_by("at", "id")] == [5, None, None]
    wrong = lea_client.get(PAGE, {"enrolled_from": "2026-06-30", "enrolled_to": "2026-05-01"})
    assert wrong.status_code == 422
    assert "when it is about fewer than 5 people" in wrong.content.decode()


def test_a_clinicians_cohort_leaving_out_one_member_is_refused(lea_client, cy):
    """All members minus Dr Cy's five would be the sixth member."""
    members = _may(6)
    for member in members[:5]:
        link(cy, member)
    everyone = lea_client.get(API, {"enrolled_from": "2026-05", "enrolled_to": "2026-05"})
    assert everyone.status_code == 200
    params = {"enrolled_from": "2026-05", "enrolled_to": "2026-05", "clinician": cy.pk}
    linked = lea_client.get(API, params)
    assert linked.status_code == 422
    assert "leaves out fewer than 5" in linked.json()["detail"][0]["msg"]
    assert lea_client.get("/clinician/outcomes.csv", params).status_code == 422


def test_a_clinicians_cohort_is_answered_when_it_leaves_out_five_or_more(lea_client, cy):
    members = _may(10)
    for member in members[:5]:
        link(cy, member)
    params = {"enrolled_from": "2026-05", "enrolled_to": "2026-05", "clinician": cy.pk}
    body = lea_client.get(API, params).json()
    assert body["figures"]["enrolled"] == 5


def test_the_current_month_is_left_out_until_it_is_over(lea_client):
    _may(5)
    for n in range(5):
        add_member(f"nov{n}", date(2026, 11, 1 + n), {0: 5})
        add_member(f"dec{n}", date(2026, 12, 1 + n), {0: 5})  # December is under way
    body = lea_client.get(API, {"enrolled_from": "2026-05", "enrolled_to": "2026-12"}).json()
    assert body["enrolled_to"] == "2026-11-30"
    assert body["figures"]["enrolled"] == 10
    assert "the last month that is over" in body["notes"][-1]
    refused = lea_client.get(API, {"enrolled_from": "2026-12", "enrolled_to": "2026-12"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "enrolled_from"]


def test_the_api_gives_means_to_one_decimal_as_the_page_does(lea_client):
    _may(6)  # baselines 3, 4, 5, 6, 3 and 9
    add_member("extra", date(2026, 5, 20), {**dict.fromkeys(range(7), 4), 80: 2})
    body = lea_client.get(API, {"enrolled_from": "2026-05", "enrolled_to": "2026-05"}).json()
    baseline = body["figures"]["completers"]["baseline"]
    assert baseline["mean"] == round(34 / 7, 1) == 4.9
    assert all(
        value is None or value == round(value, 1) for key, value in baseline.items() if key != "n"
    )


def test_a_one_day_range_on_the_page_is_widened_and_says_so(lea_client):
    _may(6)
    page = lea_client.get(PAGE, {"enrolled_from": "2026-05-06", "enrolled_to": "2026-05-06"})
    text = page.content.decode()
    assert "All members, enrolled in May 2026." in text
    assert "widened to 1 May 2026 to 31 May 2026" in text
    assert OutcomesView.objects.get().enrolled_to == date(2026, 5, 31)


def test_the_default_range_is_the_last_twelve_months_that_are_over(lea_client):
    lea_client.get(PAGE)
    look = OutcomesView.objects.get()
    assert (look.enrolled_from, look.enrolled_to) == (date(2025, 12, 1), date(2026, 11, 30))
    assert look.enrolled_to + timedelta(days=1) == date(2026, 12, 1)
