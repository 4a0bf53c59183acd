"""A young person who tells backcare about thoughts of self-harm is shown, besides the lines
for everyone, the well-established line for young people where they are (Childline in Ireland
and the UK, Kids Helpline in Australia, Youthline in New Zealand, Kids Help Phone in Canada;
988 in the US is for every age). An adult, or someone whose age is not known, is not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.content import references
from backcare.domain.instruments import crisis_message
from backcare.domain.phones import phone_book
from tests.conftest import make_user
from tests.web.test_services_by_place import full, text_of

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
YOUTH_LINES = {
    "IE": ("Childline (ISPCC)", "1800 66 66 66", 18),
    "GB": ("Childline", "0800 1111", 19),
    "AU": ("Kids Helpline", "1800 55 1800", 20),
    "NZ": ("Youthline", "0800 376 633", 20),
    "CA": ("Kids Help Phone", "1-800-668-6868", 20),
}


def youth(code: str, ages: tuple[int, ...]) -> list[str]:
    return [line.service for line in crisis_message(phone_book()[0][code], ages).youth]


@pytest.mark.parametrize("code", sorted(YOUTH_LINES))
def test_each_place_lists_its_line_for_the_young_below_its_age_only(code):
    service, number, under = YOUTH_LINES[code]
    assert youth(code, (16,)) == [service]
    assert youth(code, (under - 1,)) == [service]
    assert youth(code, (under, under + 1)) == []
    assert youth(code, ()) == [], "an age not known lists no line for the young"
    line = next(
        c for c in crisis_message(phone_book()[0][code], (16,)).contacts if c.service == service
    )
    assert number in line.how
    general = {c.service for c in crisis_message(phone_book()[0][code]).contacts}
    assert general < {c.service for c in crisis_message(phone_book()[0][code], (16,)).contacts}


def test_no_line_for_the_young_is_listed_past_19_nor_in_the_us():
    assert youth("US", (16,)) == []
    for code in YOUTH_LINES:
        assert youth(code, (20,)) == []


def test_every_line_for_the_young_has_its_own_official_source_listed_only_with_it():
    adults = set(crisis_message().references)
    ids = {
        r for code in YOUTH_LINES for r in crisis_message(phone_book()[0][code], (16,)).references
    }
    for source in (
        "crisis-childline-ireland",
        "crisis-childline-uk",
        "crisis-kids-helpline-australia",
        "crisis-youthline-new-zealand",
        "crisis-kids-help-phone-canada",
    ):
        assert source in ids
        assert source not in adults
        assert references()[source].url.startswith("https://")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("age", "shown"), [(16, True), (17, True), (35, False)])
def test_the_back_check_result_in_dublin_adds_childline_for_under_18s(client, age, shown):
    person = make_user(f"p{age}", time_zone="Europe/Dublin")
    client.force_login(person)
    assessment = assess(person, full(self_harm_thoughts="yes", age=age))
    said = text_of(
        client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content.decode()
    )
    assert "Samaritans" in said
    assert ("Childline" in said and "1800 66 66 66" in said) is shown
