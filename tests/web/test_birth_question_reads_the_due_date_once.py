"""Home's "Has your baby been born?" reads the back check's due date once: the question and
its due date come from the one reading (``context.told_due_date``). Aisha (Toronto) is asked from
her 22 February, a week past her due date, while it is still 21 February in Toronto at
22:00 (already the 22nd in UTC) she is not.

Failed before: ``birth_question_context`` parsed the due date to decide whether to ask, then
parsed it again for the page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from backcare.assessments import birth, context
from backcare.domain.pregnancy import parse_due_date
from tests.web.test_pregnancy_due_date import LATE_ON_THE_21ST, ON_THE_22ND, aisha  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def parses(monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[object] = []

    def counted(value: object) -> date | None:
        calls.append(value)
        return parse_due_date(value)

    monkeypatch.setattr(context, "parse_due_date", counted)  # read by ``told_due_date``
    return calls


def test_the_question_and_its_due_date_come_from_one_reading(aisha, parses):  # noqa: F811
    with time_machine.travel(ON_THE_22ND, tick=False):
        context = birth.birth_question_context(aisha, "/home/")
    assert context["birth_due"] == date(2027, 2, 15)
    assert context["next"] == "/home/"
    assert parses == ["2027-02-15"]


def test_not_asked_on_her_21st_though_utc_says_the_22nd(aisha, parses):  # noqa: F811
    with time_machine.travel(LATE_ON_THE_21ST, tick=False):
        assert birth.birth_question_context(aisha, "/home/") == {}
        assert birth.birth_question_for(aisha) is None
    with time_machine.travel(ON_THE_22ND, tick=False):
        assert birth.birth_question_for(aisha) is not None
