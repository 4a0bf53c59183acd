"""The exercise library on a phone: the kinds come first, folded, and a person narrows the
list to what is gentle enough for a flare and what they have at home."""

from __future__ import annotations

import re

from backcare.domain.exercises import exercises
from backcare.plans.models import Preferences


def cards(html: str) -> list[str]:
    return re.findall(r'class="exercise-card[^"]*" data-slug="([^"]+)"', html)


def test_the_kinds_come_folded_until_the_list_is_narrowed(client, db):
    html = client.get("/exercises/").content.decode()
    assert sorted(cards(html)) == sorted(exercises())  # all there, for a search in the page
    assert "<details open>" not in html
    assert html.count("<details>") == 5
    narrowed = client.get("/exercises/", {"flare": "1"}).content.decode()
    assert "<details>" not in narrowed
    assert "Show all</a>" in narrowed


def test_gentle_for_a_flare_keeps_only_flare_safe_exercises(client, db):
    html = client.get("/exercises/", {"flare": "1"}).content.decode()
    expected = sorted(slug for slug, ex in exercises().items() if ex.flare_safe)
    assert 0 < len(expected) < len(exercises())
    assert sorted(cards(html)) == expected
    assert 'name="flare" value="1" checked' in html


def test_only_what_i_have_reads_the_person_s_equipment(client, ana):
    Preferences.objects.create(user=ana, equipment=["chair"])
    client.force_login(ana)
    html = client.get("/exercises/", {"kit": "mine"}).content.decode()
    expected = sorted(slug for slug, ex in exercises().items() if ex.equipment <= {"chair"})
    assert sorted(cards(html)) == expected
    assert "for what you have at home: chair" in html
    assert 'href="/plan/preferences/#field-equipment">change</a>' in html


def test_a_visitor_can_ask_for_what_needs_nothing(client, db):
    html = client.get("/exercises/", {"kit": "mine"}).content.decode()
    assert "Needs nothing at home" in html
    assert sorted(cards(html)) == sorted(s for s, ex in exercises().items() if not ex.equipment)


def test_each_card_says_what_it_needs(client, db):
    html = client.get("/exercises/", {"q": "cat-cow"}).content.decode()
    card = html.split('data-slug="cat-cow"', 1)[1].split("</li>", 1)[0]
    assert "needs mat" in card
    assert "Evidence: low" in card


def test_the_api_filters_the_same_way(client, ana):
    Preferences.objects.create(user=ana, equipment=["chair", "mat"])
    client.force_login(ana)
    body = client.get("/api/exercises", {"flare_safe": "true", "kit": "mine"}).json()
    expected = sorted(
        s for s, ex in exercises().items() if ex.flare_safe and ex.equipment <= {"chair", "mat"}
    )
    assert sorted(item["slug"] for item in body) == expected
    assert client.get("/api/exercises", {"kit": "everything"}).status_code == 422
