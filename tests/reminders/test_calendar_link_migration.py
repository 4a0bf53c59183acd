"""reminders.0003/0004: links made before are kept only as a hash of their secret, keep
serving the feed (calendars subscribed to them), and stop when the person makes a new link
or turns it off."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import make_user

BEFORE = [("reminders", "0002_reminder_next_due")]
AFTER = [("reminders", "0004_remove_feed_token")]
OLD_SECRET = "Pq3_old-link-secret-made-by-token_urlsafe-xyz"
OLD_LINK = f"/reminders/calendar/{OLD_SECRET}.ics"
EARLIER = "Calendars you added with your earlier link keep updating too"


def migrate(target):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(target).apps if target else None


@pytest.fixture
def old_links():  # type: ignore[no-untyped-def]
    """Two people with links made before the upgrade (and one without), upgraded."""
    people = [make_user(name) for name in ("ana", "bo", "cy")]
    try:
        before = migrate(BEFORE)
        Preferences = before.get_model("reminders", "ReminderPreferences")
        for person, secret in zip(people, [OLD_SECRET, "bo-old-secret", ""], strict=True):
            Preferences.objects.create(user_id=person.pk, feed_token=secret)
        migrate(AFTER)
    finally:
        migrate(None)
    return people


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_only_a_hash_of_each_old_link(old_links):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM reminders_reminderpreferences")
        stored = repr(cursor.fetchall())
    assert OLD_SECRET not in stored
    assert "bo-old-secret" not in stored
    from backcare.reminders.models import ReminderPreferences

    ana, bo, cy = (ReminderPreferences.objects.get(user=p) for p in old_links)
    assert ana.legacy_feed_hash == hashlib.sha256(OLD_SECRET.encode()).hexdigest()
    assert "" not in {ana.feed_nonce, bo.feed_nonce}
    assert ana.feed_nonce != bo.feed_nonce
    assert (cy.legacy_feed_hash, cy.feed_nonce) == ("", "")  # no link before, none now


@pytest.mark.django_db(transaction=True)
def test_an_old_link_serves_its_feed_until_a_new_link_is_made(old_links, client):
    ana = old_links[0]
    feed = client.get(OLD_LINK)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert client.get("/reminders/calendar/not-the-old-secret.ics").status_code == 404

    client.force_login(ana)
    page = client.get("/reminders/").content.decode()
    [shown] = re.findall(r'id="feed-url" class="feed-url" value="http://testserver([^"]+)"', page)
    assert shown != OLD_LINK  # a link the page can make again on every visit
    assert EARLIER in page
    assert client.get(shown).status_code == 200

    client.post("/reminders/calendar/link/")
    assert client.get(OLD_LINK).status_code == 404
    assert EARLIER not in client.get("/reminders/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_turning_the_link_off_retires_the_old_one_too(old_links, client):
    bo = old_links[1]
    assert client.get("/reminders/calendar/bo-old-secret.ics").status_code == 200
    client.force_login(bo)
    client.post("/reminders/calendar/link/", {"action": "off"})
    assert client.get("/reminders/calendar/bo-old-secret.ics").status_code == 404
    assert "Get my calendar link" in client.get("/reminders/").content.decode()
