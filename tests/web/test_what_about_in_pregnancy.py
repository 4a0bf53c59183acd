"""The pages that list self-care and medicines say what the person's own safety conditions
say about each item, in one way (``library.for_you`` and ``plans/_for_you.html``). Aisha,
30 weeks pregnant, asks "what about…?": anti-inflammatory painkillers say to ask a
clinician first, with why (they are usually avoided in pregnancy, especially from 20 weeks),
and the sauna and cold plunge says it is not for her now, with its own pregnancy note. A
visitor sees what the guidelines say, without a verdict. Her toolbox says how to adapt what
she pinned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.domain.interventions import interventions
from backcare.plans.toolbox import pin

pytestmark = pytest.mark.django_db

URL = reverse("plans:what_about")


def _pregnant(user):  # type: ignore[no-untyped-def]
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    assess(user, {**answers, "pregnant": "yes"})


def _entry(html: str, slug: str) -> str:
    return html.split(f'data-slug="{slug}"', 1)[1].split("</article>", 1)[0]


def test_anti_inflammatories_carry_their_own_pregnancy_screen():
    screens = {s.condition: s for s in interventions()["anti-inflammatory-medicines"].screens}
    assert screens["pregnancy"].action == "clinician_first"
    assert "20 weeks" in screens["pregnancy"].note


def test_aisha_is_told_to_ask_first_about_anti_inflammatories(ana_client, ana):
    _pregnant(ana)
    html = ana_client.get(URL).content.decode()
    nsaids = _entry(html, "anti-inflammatory-medicines")
    assert "Ask a clinician first" in nsaids
    assert "you told us you are or could be pregnant" in nsaids
    assert "especially from 20 weeks" in nsaids
    sauna = _entry(html, "contrast-therapy")
    assert "Not for you now" in sauna
    assert "not advised in pregnancy" in sauna


def test_a_visitor_sees_no_verdict(client):
    nsaids = _entry(client.get(URL).content.decode(), "anti-inflammatory-medicines")
    assert "Ask a clinician first" not in nsaids
    assert "for-you" not in nsaids


def test_aishas_toolbox_says_how_to_adapt_what_she_pinned(ana_client, ana):
    _pregnant(ana)
    assert pin(ana, "pillow-under-knees")
    html = ana_client.get(reverse("plans:toolbox")).content.decode()
    item = html.split('data-slug="pillow-under-knees"', 1)[1].split("<form", 1)[0]
    assert "sleeping on your side is advised" in item
