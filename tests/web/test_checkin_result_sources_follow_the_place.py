"""A check-in's urgent or emergency result cites its sources as the back check's result does
(``assessments.presenting.with_local_sources``): each reason's evidence, and the person's
place's own pages for the services its words name. Mateus in Toronto and Aroha in Auckland,
checking in at 19:35 on 7 December in Toronto (already 8 December in UTC and in Auckland).

Failed before: the check-in only dropped other places' crisis-line sources from what the
result stored, so a Canadian's "call 911" cited no Canadian page among the result's sources,
a Canadian told to speak to a clinician today was not given the 811 pages, and a New
Zealander not Healthline's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from backcare.assessments.presenting import phones_for_user
from backcare.diary.models import CheckIn
from backcare.diary.views import _local_sources
from backcare.domain.content import references
from tests.conftest import make_user

NOW = datetime(2026, 12, 8, 0, 35, tzinfo=UTC)
PLACES = {
    # zone, the place's page for its emergency number, its same-day line's pages
    "canada": ("America/Toronto", "phones-canada-get-help", "health811.ontario.ca"),
    "new zealand": ("Pacific/Auckland", "phones-new-zealand-111", "healthline"),
}
OTHER_PLACES = {"crisis-samaritans", "crisis-nhs-urgent-mental-health", "crisis-988-lifeline"}


def check_in(client, zone: str, sign: str):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user("p", year_of_birth=1980, time_zone=zone)
        client.force_login(person)
        page = client.post("/diary/", {"moment": "evening", "pain": "5", f"safety_{sign}": "yes"})
    return CheckIn.objects.get(user=person), page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_an_emergency_cites_the_places_page_for_its_number(client, place) -> None:
    zone, emergency, _ = PLACES[place]
    checkin, page = check_in(client, zone, "bladder_change")
    assert checkin.safety_level == "emergency"
    cited = [
        str(ref["id"])
        for ref in _local_sources(checkin.safety_result, phones_for_user(checkin.user))
    ]
    assert emergency in cited
    assert {"girft-ces-2023", "nhs-back-pain"} <= set(cited)  # its evidence stays
    assert not OTHER_PLACES & set(cited)
    assert references()[emergency].url in page


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_an_urgent_result_cites_the_places_same_day_line(client, place) -> None:
    zone, emergency, line = PLACES[place]
    checkin, page = check_in(client, zone, "fever")
    assert checkin.safety_level == "urgent"
    cited = _local_sources(checkin.safety_result, phones_for_user(checkin.user))
    urls = [str(ref["url"]) for ref in cited]
    assert any(line in url for url in urls), urls
    assert references()[emergency].url in urls  # "call 911 / 111" in its advice
    assert any(line in url for url in urls if url in page)  # listed under Sources
    assert not OTHER_PLACES & {str(ref["id"]) for ref in cited}
