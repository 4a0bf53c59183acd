"""A count of people is hidden when the people it leaves out of the group beside it are 1-4:
"5 of 6 improved" is about the one who did not. Page, CSV and API alike."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

PARAMS = {"enrolled_from": "2025-01", "enrolled_to": "2025-01"}
#: January 2025's 12-week windows are long over.
LATER = datetime(2025, 9, 10, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _later():  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER, tick=False):
        yield


def _cohort(improved: int, not_improved: int) -> None:
    """Members with pain 6 in their first week; at 12 weeks 3 (50 % lower) or still 6."""
    for n in range(improved):
        add_member(f"i{n}", date(2025, 1, 6), {0: 6, 80: 3})
    for n in range(not_improved):
        add_member(f"s{n}", date(2025, 1, 7), {0: 6, 80: 6})


def _improved_rows(client) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = client.get("/clinician/outcomes.csv", PARAMS).text
    rows = csv.DictReader(io.StringIO(text))
    return [r for r in rows if r["figure"].startswith("improved by")]


def test_five_of_six_improved_is_hidden_everywhere(lea_client):
    _cohort(improved=5, not_improved=1)
    page = lea_client.get("/clinician/outcomes/", PARAMS).content.decode()
    assert "<strong>5</strong> of 6" not in page
    assert "83 %" not in page
    assert 'lower or more: <span class="suppressed">hidden</span> of 6' in page
    assert "The same goes for the people a count leaves out" in page  # the rule, said
    rows = _improved_rows(lea_client)
    assert len(rows) == 4  # 30 % and 50 %, both populations
    assert {(r["count"], r["denominator"], r["percent"]) for r in rows} == {("", "6", "")}
    figures = lea_client.get("/api/clinician/outcomes", PARAMS).json()["figures"]
    for population in ("itt", "completers"):
        for share in figures[population]["improved"].values():
            assert share == {"count": None, "of": 6}


def test_five_of_ten_and_all_or_none_of_six_are_shown(lea_client):
    _cohort(improved=5, not_improved=5)
    rows = _improved_rows(lea_client)
    assert {(r["count"], r["denominator"], r["percent"]) for r in rows} == {("5", "10", "50.0")}
    assert "<strong>5</strong> of 10 (50 %)" in lea_client.get("/clinician/outcomes/", PARAMS).text


def test_all_six_improved_is_shown(lea_client):
    _cohort(improved=6, not_improved=0)
    rows = _improved_rows(lea_client)
    assert {(r["count"], r["denominator"]) for r in rows} == {("6", "6")}


def test_five_of_six_still_checking_in_is_hidden(lea_client):
    """Retention: one of six members did not check in during week 12."""
    for n in range(5):
        add_member(f"k{n}", date(2025, 1, 6), {0: 6, 80: 3})
    add_member("gone", date(2025, 1, 6), {0: 6, 30: 5})
    figures = lea_client.get("/api/clinician/outcomes", PARAMS).json()["figures"]
    week12 = next(r for r in figures["retention"] if r["week"] == 12)
    assert week12["share"] == {"count": None, "of": 6}
    week4 = next(r for r in figures["retention"] if r["week"] == 4)
    assert week4["share"] == {"count": 0, "of": 6}  # no one: shown
    # "6 with the 12-week window over: 5 with a 12-week value" would be about the sixth.
    page = lea_client.get("/clinician/outcomes/", PARAMS).content.decode()
    assert "5 with a 12-week value" not in page
    assert figures["itt"]["observed"] is None
    assert figures["completers"]["denominator"] is None
    assert figures["completers"]["change"]["n"] is None
    assert figures["completers"]["change"]["mean"] == -3.0  # a mean of five: shown
