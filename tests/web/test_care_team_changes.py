"""The patient sees their care team's changes on the plan page, in the guided session and
in the toolbox."""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backcare.assessments.models import Assessment
from backcare.care.models import CareLink
from backcare.plans import planning
from backcare.plans import tailoring as service
from backcare.plans.models import Preferences, Tailoring
from tests.care.conftest import link

pytestmark = pytest.mark.django_db
ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]


@pytest.fixture
def tailored(ana, cy):  # type: ignore[no-untyped-def]
    link(cy, ana)
    Preferences.objects.create(user=ana, equipment=ALL_KIT, minutes_per_day=15, pregnant=True)
    Assessment.objects.create(user=ana, findings={}, level="self_care", result={}, factors=[])
    planning.current_plan(ana)
    return ana


def change(cy, ana, **fields):  # type: ignore[no-untyped-def]
    return service.add(cy, ana, service.Request(**fields))


def test_no_section_without_changes(ana_client, tailored):
    assert "Changes from your care team" not in ana_client.get("/plan/").content.decode()


def test_the_plan_page_shows_who_when_what_and_why_newest_first(ana_client, cy, tailored):
    with time_machine.travel("2025-06-02 09:00Z"):
        change(cy, tailored, kind="add", exercise="wall-sit", reason="Stronger thighs for stairs")
    with time_machine.travel("2025-06-03 09:00Z"):
        change(cy, tailored, kind="note", reason="Lovely progress this week")
    html = ana_client.get("/plan/").content.decode()
    section = html[html.index("Changes from your care team") : html.index("</section>")]
    assert section.index("Lovely progress") < section.index("Added Wall sit to your routine")
    assert "Dr Cy" in section
    assert "2 Jun" in section
    assert "Why: Stronger thighs" in section
    assert "wall-sit" in re.findall(r'data-slug="([^"]+)"', html)


def test_an_override_is_explained_in_plain_words(ana_client, cy, tailored):
    change(
        cy, tailored, kind="add", exercise="press-up-prone-extension", reason="Eases your pain",
        override=True, override_reason="I examined you; early pregnancy, no contraindication",
    )  # fmt: skip
    html = ana_client.get("/plan/").content.decode()
    assert "would normally rule it out" in html
    assert "What the safety check said</summary><p>Pregnancy:" in html
    assert "Their reason: I examined you" in html


def test_withdrawn_changes_stay_visible_as_withdrawn(ana_client, cy, tailored):
    row = change(cy, tailored, kind="walking", walking_minutes=25, reason="More walking")
    service.withdraw(cy, tailored, row.pk)
    html = ana_client.get("/plan/").content.decode()
    assert "Earlier and withdrawn changes (1)" in html
    assert "withdrawn" in html


def test_each_change_links_to_a_draft_message_to_its_clinician(ana_client, cy, tailored):
    change(cy, tailored, kind="note", reason="Hello")
    html = ana_client.get("/plan/").content.decode()
    conversation = reverse("messaging:conversation", args=[CareLink.objects.get().pk])
    found = re.search(r'href="([^"]+)">Talk about this with Dr Cy', html)
    assert found is not None
    url = unescape(found.group(1))
    assert url.startswith(conversation + "?text=")
    draft = ana_client.get(url).content.decode()
    assert "About the change on" in unescape(draft)


def test_no_talk_link_once_sharing_stopped(ana_client, cy, tailored):
    change(cy, tailored, kind="note", reason="Hello")
    CareLink.objects.update(revoked_at=timezone.now())
    html = ana_client.get("/plan/").content.decode()
    assert "Hello" in html
    assert "Talk about this" not in html


def test_the_guided_session_uses_the_clinicians_dose(ana_client, cy, tailored):
    slug = planning.latest_plan(tailored).body["routine"][0]["slug"]
    change(cy, tailored, kind="dose", exercise=slug, reps=3, sets=4, reason="Slow and steady")
    ana_client.post("/plan/session/")
    session = tailored.routine_sessions.get()
    position = session.answers.get(exercise=slug).position
    html = ana_client.get(f"/plan/session/{session.pk}/{position}/").content.decode()
    assert 'data-reps="3" data-sets="4"' in html
    assert "4 sets" in html


def test_a_pin_from_the_care_team_is_in_the_toolbox(ana_client, cy, tailored):
    change(cy, tailored, kind="pin", exercise="knee-rocking", reason="Helps in spasms")
    assert "Knee rocking" in ana_client.get("/toolbox/").content.decode()
    assert Tailoring.objects.get().kind == "pin"
