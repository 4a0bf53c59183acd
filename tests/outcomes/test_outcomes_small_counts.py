"""Hidden counts stay hidden in the CSV and on the page: nothing beside them gives them away,
and a median's interval for fewer than 9 people is not shown."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from tests.outcomes.conftest import add_member

pytestmark = pytest.mark.django_db

PARAMS = {"enrolled_from": "2025-01", "enrolled_to": "2025-01"}


def _cohort() -> None:
    """13 members: 6 with a 12-week value, 5 carried forward, 2 missing."""
    for n in range(6):
        add_member(f"c{n}", date(2025, 1, 6), {0: 6, 80: 3})
    for n in range(5):
        add_member(f"l{n}", date(2025, 1, 7), {0: 6, 30: 4})
    for n in range(2):
        add_member(f"x{n}", date(2025, 1, 8), {0: 8})


def test_the_missing_count_cannot_be_worked_out_from_n_and_the_denominator(lea_client):
    _cohort()
    rows = list(csv.DictReader(io.StringIO(lea_client.get("/clinician/outcomes.csv", PARAMS).text)))
    itt = [r for r in rows if r["section"] == "pain" and r["population"].startswith("Everyone")]
    change = next(r for r in itt if r["figure"].startswith("change"))
    assert change["denominator"] == "13"
    assert change["n"] == ""  # 11 would give 13 - 11 = 2 missing
    assert "observed 6, carried forward hidden, missing hidden" in change["note"]
    assert change["mean"] == "-2.5"  # (6 x -3 + 5 x -2) / 11: a mean, not a count


def test_the_page_says_hidden_and_shows_no_interval_for_six_people(lea_client):
    _cohort()
    text = lea_client.get("/clinician/outcomes/", PARAMS).content.decode()
    assert "6 with a 12-week value" in text
    assert 'n = <span class="suppressed">hidden</span>' in text
    assert "(no interval)" in text  # the completers' medians: 6 people
