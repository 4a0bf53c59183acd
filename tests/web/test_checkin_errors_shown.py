"""A refused check-in says so at the top of the page, names each answer to fix in words a
person can act on, and links to it: the error below the fold read as if it had been saved."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import CheckIn

pytestmark = pytest.mark.django_db
URL = reverse("diary:today")
SLEEP = "Hours slept last night: enter a number from 0 to 24."


def top_of_page(html: str) -> str:
    main = html.split("<main")[1]
    return main.split("<form")[0]  # what shows before the form itself


@time_machine.travel("2026-03-10 12:00 +0000", tick=False)
@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"pain": "4", "sleep_hours": "30"}, "id_sleep_hours", SLEEP),
        ({"pain": "4", "sleep_hours": "lots"}, "id_sleep_hours", SLEEP),
        ({"stiffness": "3"}, "id_pain_0", "Choose your pain now from 0 to 10."),
    ],
)  # fmt: skip
def test_the_summary_at_the_top_names_and_links_each_answer(
    ana_client, ana, data, field_id, message
):
    response = ana_client.post(URL, data)
    assert response.status_code in (200, 422)
    top = top_of_page(response.content.decode())
    assert "Not saved yet: please check this answer" in top
    assert f'<a href="#{field_id}">{message}</a>' in top
    assert f'id="{field_id}"' in response.content.decode()
    assert not CheckIn.objects.filter(user=ana).exists()


@time_machine.travel("2026-03-10 12:00 +0000", tick=False)
def test_a_good_check_in_shows_no_summary(ana_client, ana):
    assert "Not saved yet" not in ana_client.get(URL).content.decode()


@time_machine.travel("2026-03-10 12:00 +0000", tick=False)
def test_a_service_message_is_named_and_a_relief_error_links_to_its_list(ana_client, ana):
    """ "has not happened yet" alone does not say which answer; the ticked activities' error
    list is what there is to jump to (their boxes are not a Django widget)."""
    late = ana_client.post(URL, {"pain": "4", "day": "2026-03-10", "time": "23:50"})
    top = top_of_page(late.content.decode())
    assert '<a href="#id_time">Time: has not happened yet' in top
    slug = "glute-squeeze"
    bad = ana_client.post(URL, {"pain": "4", "did": slug, f"relief_{slug}": "12"})
    html = bad.content.decode()
    assert '<a href="#id_did_error">How much' in top_of_page(html)
    assert 'id="id_did_error"' in html
    assert '<details class="did-others" open>' in html
