"""diary.0002: the one-per-moment rule goes; back-filled check-ins move to their slot's time."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("diary", "0001_initial"), ("accounts", "0002_user_data_version")]
AFTER = [("diary", "0002_timestamped_checkins")]


@pytest.mark.django_db(transaction=True)
def test_existing_check_ins_keep_their_values_and_get_a_true_time():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(
        username="old", email="old@example.org", time_zone="Europe/Lisbon"
    )
    CheckIn = old.get_model("diary", "CheckIn")
    typed_later = datetime(2025, 6, 12, 9, 30, tzinfo=UTC)  # typed in the day after
    CheckIn.objects.create(
        user=user, day=date(2025, 6, 11), moment="evening", pain=4, recorded_at=typed_later
    )
    on_time = datetime(2025, 6, 11, 7, 15, tzinfo=UTC)
    CheckIn.objects.create(
        user=user, day=date(2025, 6, 11), moment="morning", pain=6, recorded_at=on_time
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("diary", "CheckIn")
    rows = {c.moment: c for c in new.objects.all()}
    lisbon = ZoneInfo("Europe/Lisbon")
    assert rows["evening"].recorded_at == datetime(2025, 6, 11, 20, tzinfo=lisbon)
    assert rows["morning"].recorded_at == on_time  # already on its own day: unchanged
    assert (rows["evening"].pain, rows["morning"].pain) == (4, 6)
    # A second evening check-in of the same day is now allowed.
    new.objects.create(
        user_id=user.pk, day=date(2025, 6, 11), moment="evening", pain=2, recorded_at=on_time
    )
    assert new.objects.filter(moment="evening").count() == 2
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
