"""accounts.0006: addresses stored before confirmation existed count as confirmed (they have
been receiving reminders; stopping them would surprise their owners)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0005_drop_signed_in_session")]
AFTER = [("accounts", "0006_email_confirmation")]


@pytest.mark.django_db(transaction=True)
def test_existing_addresses_are_confirmed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")
    old.objects.create(username="old", email="old@example.org")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("accounts", "User")
    assert new.objects.get(username="old").confirmed_email == "old@example.org"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from backcare.accounts.models import User

    assert User.objects.get(username="old").email_confirmed
