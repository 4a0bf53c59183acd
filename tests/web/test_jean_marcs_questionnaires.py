"""Jean-Marc (58, axial spondyloarthritis on a biologic, back pain for 40 years) told the back
check a clinician diagnosed it. The questionnaires page does not offer him the ASAS, Berlin
and Calin checks, which look for an arthritis not yet found, and says why; one he opens or
took says what it means for him: nothing new, questions go to his rheumatology team, never
"worth asking a doctor about". Someone not sure keeps every check and today's words."""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import instrument
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 09:00 -0500"
FACT = "known_inflammatory_arthritis"
SCREENS = ("asas_ibp", "berlin_ibp", "calin_ibp")
ASAS_MET = {item.id: 1 for item in instrument("asas_ibp").items}


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def jean_marc(answer: str):  # type: ignore[no-untyped-def]
    person = make_user("jm", year_of_birth=1968, sex="male", time_zone="America/Toronto")
    assess(
        person,
        {
            **dict.fromkeys(red_flag_ids(), "no"),
            "age": 58,
            "weak_immune_system": "yes",
            "onset": "gradual",
            "age_when_started": 18,
            "problem_duration": "over_a_year",
            FACT: answer,
        },
    )
    return person


def signed_in(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


@time_machine.travel(NOW, tick=False)
def test_the_list_leaves_the_checks_out_for_him_and_says_why() -> None:
    html = signed_in(jean_marc("yes")).get(reverse("questionnaires:list")).content.decode()
    for slug in SCREENS:
        assert reverse("questionnaires:take", args=[slug]) not in html
    assert '<h3 class="card-title">Inflammatory back pain check' not in html
    page = text_of(html)
    assert "Not listed for you: Inflammatory back pain check (ASAS)" in page
    assert "a clinician has already diagnosed yours" in page
    assert "Widespread pain and tiredness check" in page  # the group's other check stays


@time_machine.travel(NOW, tick=False)
def test_someone_not_sure_is_offered_every_check() -> None:
    html = signed_in(jean_marc("not_sure")).get(reverse("questionnaires:list")).content.decode()
    for slug in SCREENS:
        assert reverse("questionnaires:take", args=[slug]) in html
    assert "already diagnosed" not in text_of(html)


@time_machine.travel(NOW, tick=False)
def test_a_check_he_took_stays_listed_with_its_result() -> None:
    person = jean_marc("yes")
    taken = record_response(person, "asas_ibp", ASAS_MET)
    html = signed_in(person).get(reverse("questionnaires:list")).content.decode()
    assert taken.get_absolute_url() in html
    assert reverse("questionnaires:take", args=["berlin_ibp"]) not in html


@time_machine.travel(NOW, tick=False)
def test_his_result_says_what_it_means_for_someone_already_diagnosed() -> None:
    person = jean_marc("yes")
    taken = record_response(person, "asas_ibp", ASAS_MET)
    page = text_of(signed_in(person).get(taken.get_absolute_url()).content.decode())
    assert instrument("asas_ibp").known_meaning({FACT}) in page
    assert "worth asking a doctor" not in page
    assert "worth talking it over with a clinician" not in page
    assert "Inflammatory pattern" in page  # the result itself is still shown


@time_machine.travel(NOW, tick=False)
def test_opened_directly_the_check_tells_him_before_he_answers() -> None:
    person = jean_marc("yes")
    take = reverse("questionnaires:take", args=["berlin_ibp"])
    page = text_of(signed_in(person).get(take).content.decode())
    assert instrument("berlin_ibp").known_purpose({FACT}) in page
    assert "worth checking with a doctor" not in page


@time_machine.travel(NOW, tick=False)
def test_someone_not_sure_reads_todays_result() -> None:
    person = jean_marc("not_sure")
    taken = record_response(person, "asas_ibp", ASAS_MET)
    page = text_of(signed_in(person).get(taken.get_absolute_url()).content.decode())
    assert "worth asking a doctor about" in page
    assert "already diagnosed" not in page
