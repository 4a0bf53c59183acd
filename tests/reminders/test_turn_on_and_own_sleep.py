""" "Set up and turn on" opens with "Remind me" ticked; the night wake-up's offer says plainly
when the person's own diary suggests longer sleep goes with less morning stiffness (the
insights page's notable sleep-to-stiffness link), since the practice costs sleep."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from backcare.diary.models import CheckIn
from backcare.reminders.models import Reminder
from backcare.reminders.page import SLEEP_HELPS_NOTE
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
KINDS = ("movement", "routine", "weekly_check", "anti_nap")


def section(html: str, kind: str) -> str:
    found = re.search(rf'<section id="{kind}".*?</section>', html, re.S)
    assert found is not None, kind
    return found.group(0)


def enabled_box(html: str, kind: str) -> str:
    found = re.search(rf'<input type="checkbox" name="{kind}-enabled"[^>]*>', html)
    assert found is not None, kind
    return found.group(0)


def form_values(card: str) -> dict[str, object]:
    """What a browser would send from the card's form as it opens, untouched."""
    data: dict[str, object] = {}
    for tag in re.findall(r"<input[^>]*>", card):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None or name.group(1) == "csrfmiddlewaretoken":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                data.setdefault(name.group(1), [])
                data[name.group(1)].append(value.group(1) if value else "on")  # type: ignore[union-attr]
        else:
            data[name.group(1)] = value.group(1) if value else ""
    for select in re.finditer(r'<select name="([^"]+)".*?</select>', card, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0))
        data[select.group(1)] = chosen.group(1) if chosen else ""
    return data


def test_set_up_and_turn_on_opens_ticked_and_saving_turns_the_reminder_on(ana_client, ana):
    html = ana_client.get("/reminders/").content.decode()
    for kind in KINDS:
        card = section(html, kind)
        assert "Set up and turn on" in card  # every reminder starts off
        assert " checked" in enabled_box(card, kind), kind
    data = form_values(section(html, "anti_nap"))
    data["anti_nap-by_email"] = "on"  # the one choice the person makes: how
    ana_client.post("/reminders/anti_nap/", data)
    assert Reminder.objects.get(user=ana, kind="anti_nap").enabled
    # A refused form comes back as it was sent: unticked stays unticked.
    refused = ana_client.post("/reminders/routine/", {"routine-at": "", "routine-by_push": "on"})
    assert refused.status_code == 422
    assert " checked" not in enabled_box(section(refused.content.decode(), "routine"), "routine")
    assert not Reminder.objects.get(user=ana, kind="routine").enabled


def diary(user, stiffness_after_sleep) -> None:  # type: ignore[no-untyped-def]
    """30 mornings: sleep from 5 to 9 hours, morning stiffness as the function says."""
    for i in range(30):
        hours = 5 + (i % 9) * 0.5
        CheckIn.objects.create(
            user=user,
            day=date(2026, 4, 1) + timedelta(days=i),
            moment="morning",
            pain=4,
            sleep_hours=hours,
            morning_stiffness_min=stiffness_after_sleep(hours, i),
        )


def shown(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_night_wake_up_says_when_own_data_suggest_sleep_helps(ana_client, ana):
    diary(ana, lambda hours, i: round(90 - 8 * hours + (i % 3)))  # longer sleep, less stiffness
    html = ana_client.get("/reminders/").content.decode()
    night = section(html, "anti_nap")
    assert SLEEP_HELPS_NOTE in shown(night)
    assert "Your own data suggest longer sleep goes with less morning stiffness" in SLEEP_HELPS_NOTE
    assert "may not suit you" in SLEEP_HELPS_NOTE
    assert "not proof of cause" in SLEEP_HELPS_NOTE
    assert f'href="{reverse("progress:insights")}"' in night
    # it comes before the offer to set it up, in view, not folded away
    assert night.index("own-data-note") < night.index("Set up and turn on")
    for kind in ("movement", "routine", "weekly_check"):
        assert SLEEP_HELPS_NOTE not in shown(section(html, kind))
    # the insights page reports the same link as notable
    insights = shown(ana_client.get(reverse("progress:insights")).content.decode())
    assert "your morning stiffness tended to be shorter" in insights


def test_only_a_clear_link_that_way_brings_the_note(client, ana, bo):
    """The note follows the insights page's notable link, and only its direction: not the
    opposite link, not an unclear one, not an empty diary. (Beside the test above, so that
    each case is checked against a page that does show the note.)"""
    diary(ana, lambda hours, i: round(90 - 8 * hours + (i % 3)))
    diary(bo, lambda hours, i: round(10 + 8 * hours + (i % 3)))  # longer sleep, more stiffness
    dee = make_user("dee")
    diary(dee, lambda hours, i: 30 + (i * 7) % 11)  # no clear link
    eve = make_user("eve")  # no diary
    seen = {}
    for person in (ana, bo, dee, eve):
        client.force_login(person)
        seen[person.username] = SLEEP_HELPS_NOTE in shown(
            client.get("/reminders/").content.decode()
        )
    assert seen == {"ana": True, "bo": False, "dee": False, "eve": False}
