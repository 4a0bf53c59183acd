"""A screening check taken before a person told backcare a clinician diagnosed what it looks
for (the ASAS, Berlin and Calin checks, for an inflammatory arthritis) stays readable on the
list, its result and its history, but none of them invites a retake: one short line says why.
Questionnaires meant to be repeated (pain, function, mood) keep "Take again" for them, and
the screening checks keep it for anyone not diagnosed."""

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

#: Already 7 December in UTC, still 6 December in Toronto, where the person lives.
NOW = "2026-12-07 03:30 +0000"
FACT = "known_inflammatory_arthritis"
WHY = instrument("asas_ibp").known.retake  # type: ignore[union-attr]
ANSWERS = {
    "asas_ibp": {item.id: 1 for item in instrument("asas_ibp").items},
    "rmdq": {item.id: 1 for item in instrument("rmdq").scored_items[:6]}
    | {item.id: 0 for item in instrument("rmdq").scored_items[6:]},
    "phq9": {item.id: 1 for item in instrument("phq9").items if item.id != "thoughts_self_harm"}
    | {"thoughts_self_harm": 0},
}


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def person_who_answered(answer: str):  # type: ignore[no-untyped-def]
    person = make_user("jm", year_of_birth=1968, sex="male", time_zone="America/Toronto")
    assess(
        person,
        {
            **dict.fromkeys(red_flag_ids(), "no"),
            "age": 58,
            "onset": "gradual",
            "age_when_started": 18,
            "problem_duration": "over_a_year",
            FACT: answer,
        },
    )
    return person


def took_all(person):  # type: ignore[no-untyped-def]
    taken = {slug: record_response(person, slug, answers) for slug, answers in ANSWERS.items()}
    client = Client()
    client.force_login(person)
    return client, taken


def card(html: str, name: str) -> str:
    return html.split(f">{name}</h3>")[1].split("</li>")[0]


def take(slug: str) -> str:
    """The link to the form (its history and results are under the same path)."""
    return f'href="{reverse("questionnaires:take", args=[slug])}"'


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_his_screening_result_without_inviting_a_retake() -> None:
    client, taken = took_all(person_who_answered("yes"))
    html = client.get(reverse("questionnaires:list")).content.decode()
    asas = card(html, "Inflammatory back pain check (ASAS)")
    assert taken["asas_ibp"].get_absolute_url() in asas  # the result stays readable
    assert reverse("questionnaires:history", args=["asas_ibp"]) in asas
    assert take("asas_ibp") not in asas
    assert "Take again" not in asas
    assert WHY in text_of(asas)
    for name, slug in (("What your back stops you doing (RMDQ)", "rmdq"),
                       ("Mood check (PHQ-9)", "phq9")):  # fmt: skip
        repeated = card(html, name)
        assert "Take again" in repeated
        assert take(slug) in repeated
        assert WHY not in text_of(repeated)


@pytest.mark.parametrize("page", ["result", "history"])
@time_machine.travel(NOW, tick=False)
def test_his_screening_result_and_history_say_why_instead_of_take_again(page: str) -> None:
    client, taken = took_all(person_who_answered("yes"))
    for slug, retake in (("asas_ibp", False), ("rmdq", True), ("phq9", True)):
        url = (
            taken[slug].get_absolute_url()
            if page == "result"
            else reverse("questionnaires:history", args=[slug])
        )
        html = client.get(url).content.decode()
        assert (take(slug) in html) is retake, (page, slug)
        assert ("Take again" in html) is retake, (page, slug)
        assert (WHY in text_of(html)) is not retake, (page, slug)
        assert "Take it again in a while" not in text_of(html) or retake


@pytest.mark.parametrize("answer", ["not_sure", "no"])
@time_machine.travel(NOW, tick=False)
def test_someone_not_diagnosed_is_invited_to_take_every_check_again(answer: str) -> None:
    client, taken = took_all(person_who_answered(answer))
    pages = [
        reverse("questionnaires:list"),
        taken["asas_ibp"].get_absolute_url(),
        reverse("questionnaires:history", args=["asas_ibp"]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert take("asas_ibp") in html, url
        assert "Take again" in html, url
        assert WHY not in text_of(html), url


def test_only_the_checks_that_look_for_a_diagnosed_condition_say_why_not_again() -> None:
    diagnosed = {FACT}
    for slug in ("asas_ibp", "berlin_ibp", "calin_ibp"):
        assert instrument(slug).retake_note(diagnosed) == WHY
        assert instrument(slug).retake_note(set()) == ""
    for slug in ("nrs", "peg", "rmdq", "startback", "phq4", "gad7", "phq9", "acr2016_fm"):
        assert instrument(slug).retake_note(diagnosed) == ""
