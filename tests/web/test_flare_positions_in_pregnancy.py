"""Flare help's positions of ease in pregnancy: side-lying with a pillow between the knees
comes first, and back-lying with a pillow under the knees last, with its own pregnancy note
(from the middle of pregnancy side-sleeping is advised). Without pregnancy, the order is the
content's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.calm import calm_items
from backcare.domain.findings import red_flag_ids

pytestmark = pytest.mark.django_db

PAGE = reverse("diary:episodes")
SIDE = "Side sleeping with a pillow between the knees"
BACK = "Back sleeping with a pillow under the knees"
PREGNANT = {"pregnancy": "you told us you are or could be pregnant"}


def test_side_lying_comes_first_in_pregnancy():
    assert [p.title for p in calm_items(PREGNANT).positions] == [SIDE, BACK]


def test_without_pregnancy_the_order_is_the_contents():
    assert [p.title for p in calm_items({}).positions] == [BACK, SIDE]


def test_aishas_flare_page_offers_side_lying_first_with_the_note_on_back_lying(ana_client, ana):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    assess(ana, {**answers, "pregnant": "yes"})
    page = ana_client.get(PAGE).content.decode()
    assert page.index(SIDE) < page.index(BACK)
    assert "sleeping on your side is advised" in page.split(BACK, 1)[1]
