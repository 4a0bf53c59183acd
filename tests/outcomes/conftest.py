"""Programme outcomes fixtures: a lead (clinician with the role and both factors) and a way to
write members' check-ins at chosen days after their enrolment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.care.conftest import verify_second_factor
from tests.conftest import make_user


@pytest.fixture
def lea(db):  # type: ignore[no-untyped-def]
    """Lea, a clinician and programme lead."""
    from backcare.outcomes.access import set_lead

    user = make_user("lea", role="clinician", display_name="Dr Lea")
    set_lead(user, True)
    return user


@pytest.fixture
def lea_client(lea):  # type: ignore[no-untyped-def]
    from django.test import Client

    return verify_second_factor(Client(), lea)


def add_member(name: str, enrolled: date, pains: dict[int, int | list[int]], **fields):  # type: ignore[no-untyped-def]
    """A patient whose check-ins fall on the given days after ``enrolled`` (day 0 first)."""
    from backcare.diary.models import CheckIn

    user = make_user(name, **fields)
    rows = []
    for offset, value in pains.items():
        day = enrolled + timedelta(days=offset)
        for n, pain in enumerate(value if isinstance(value, list) else [value]):
            at = datetime.combine(day, time(8 + n), tzinfo=UTC)
            rows.append(CheckIn(user=user, day=day, recorded_at=at, pain=pain))
    CheckIn.objects.bulk_create(rows)
    return user
