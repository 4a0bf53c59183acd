"""'What did you do today?': choosing how much an item helped says it was done, so a rating
given without the tick is kept, never dropped unsaid; on a saved check-in, unticking an item
still takes it out."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import CheckIn

NOW = datetime(2025, 6, 11, 18, 0, tzinfo=UTC)  # 19:00 in Lisbon
TODAY_URL = reverse("diary:today")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _ratings(checkin: CheckIn) -> dict[str, int | None]:
    return dict(checkin.ratings.values_list("item", "relief"))


def test_a_rating_without_the_tick_is_saved_as_done(ana_client, ana):
    response = ana_client.post(
        TODAY_URL,
        {"pain": "3", "did": ["easy-walk"], "relief_easy-walk": "", "relief_cat-cow": "7"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _ratings(CheckIn.objects.get(user=ana)) == {"easy-walk": None, "cat-cow": 7}


def test_a_rating_without_the_tick_is_still_checked_for_its_range(ana_client, ana):
    response = ana_client.post(TODAY_URL, {"pain": "3", "relief_cat-cow": "12"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "How much “Cat-cow” helped must be from 0 to 10." in page
    assert 'value="cat-cow" id="did-cat-cow" checked' in page  # shown as done, to fix
    assert not CheckIn.objects.exists()


def test_the_page_says_to_tick_then_rate_and_every_item_keeps_its_menu(ana_client, ana):
    """The stylesheet shows a "helped?" menu only beside a ticked item; the markup still
    holds one per item, so the form posts as before, with or without the page's script."""
    page = ana_client.get(TODAY_URL).content.decode()
    said = "Tick what you did: your own items first, everything else under “More”. Then, if you"
    assert f"{said} like, choose how much it helped, from 0" in page  # the general plan's own
    assert 'src="/static/diary/checkin.js"' in page
    boxes = page.count('<input type="checkbox" name="did"')
    assert boxes > 10
    assert page.count('<select name="relief_') == boxes


def test_unticking_an_item_of_a_saved_check_in_removes_it_whatever_its_rating(ana_client, ana):
    checkin = save_checkin(
        ana,
        {
            "day": local_today(ana),
            "moment": "evening",
            "pain": 4,
            "ratings": [{"item": "cat-cow", "relief": 6}, {"item": "easy-walk", "relief": 5}],
        },
    )
    response = ana_client.post(
        reverse("diary:edit_entry", args=[checkin.pk]),
        {"pain": "4", "did": ["easy-walk"], "relief_easy-walk": "5", "relief_cat-cow": "6"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _ratings(CheckIn.objects.get(pk=checkin.pk)) == {"easy-walk": 5}
