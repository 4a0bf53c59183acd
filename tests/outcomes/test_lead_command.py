"""backcare lead and createclinician --lead grant the programme-lead role; --remove takes it."""

from __future__ import annotations

import io
from datetime import date

import pytest

from backcare.accounts.models import User
from backcare.cli import main
from backcare.outcomes.access import PERMISSION, is_lead

pytestmark = pytest.mark.django_db


def _fresh(username: str) -> User:
    return User.objects.get(username=username)  # permissions are cached per instance


def test_createclinician_with_lead_makes_a_programme_lead(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long clinician passphrase\n"))
    assert main(["createclinician", "lea", "--email", "lea@example.org", "--lead"]) == 0
    assert "(programme lead)" in capsys.readouterr().out
    assert is_lead(_fresh("lea"))


def test_lead_grants_and_removes_the_role(cy, capsys):
    assert not is_lead(_fresh("cy"))
    assert main(["lead", "cy"]) == 0
    assert _fresh("cy").has_perm(PERMISSION)
    assert main(["lead", "cy", "--remove"]) == 0
    assert not is_lead(_fresh("cy"))
    assert "no longer" in capsys.readouterr().out


def test_a_patient_or_an_unknown_name_cannot_be_a_lead(ana, capsys):
    assert main(["lead", "ana"]) == 2
    assert "not a clinician" in capsys.readouterr().err
    assert not _fresh("ana").has_perm(PERMISSION)
    assert main(["lead", "nobody"]) == 2
    assert "no account" in capsys.readouterr().err


def test_the_cohort_builder_writes_n_members_by_d_days():
    from backcare.outcomes.figures import cohort_outcomes
    from backcare.outcomes.queries import Cohort
    from bench.cohort import build

    today = date(2026, 6, 15)
    assert build(6, 100, today) == {"patients": 6, "checkins": 600, "questionnaires": 12}
    # Enrolled 3-8 March: the 12-week window is over for all of March from 1 July.
    figures = cohort_outcomes(Cohort(date(2020, 1, 1), today), date(2026, 7, 1))
    assert figures.enrolled == 6
    assert figures.itt.observed == 6
