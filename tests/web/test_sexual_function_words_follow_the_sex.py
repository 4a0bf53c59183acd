"""The cauda equina question on sexual function is asked on the second page, before the sex
is asked (fourth page): without a sex in the profile it names no body part, so a man is not
asked about "less feeling in the vagina"; with one, it uses the words for that sex."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NERVES = reverse("assessments:step", kwargs={"step": "safety_nerves"})


def question(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get(NERVES).content.decode()
    return html.split("new change in sexual function", 1)[1].split("</legend>", 1)[0]


def test_with_the_sex_not_known_yet_it_names_no_body_part(ana_client, ana):
    ana.sex = ""
    ana.save(update_fields=["sex"])
    said = question(ana_client)
    assert "vagina" not in said
    assert "penis" not in said
    assert "genitals" in said


@pytest.mark.parametrize(
    ("sex", "words", "not_said"), [("male", "penis", "vagina"), ("female", "vagina", "penis")]
)
def test_with_the_sex_known_it_uses_the_words_for_it(ana_client, ana, sex, words, not_said):
    ana.sex = sex
    ana.save(update_fields=["sex"])
    said = question(ana_client)
    assert words in said
    assert not_said not in said
