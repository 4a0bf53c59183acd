"""Changing a check-in, filling in a past day, and keeping each person's diary their own."""

from datetime import timedelta

import pytest
from django.urls import reverse

from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import ActivityRating, CheckIn

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates


def _edit_url(day, moment="morning"):
    return reverse("diary:edit", args=[day, moment])


def _log(user, day, moment="morning", **fields):
    data = {"day": day, "moment": moment, "pain": 4, **fields}
    return save_checkin(user, data)


def test_it_prefills_and_updates_an_existing_check_in(ana_client, ana):
    day = local_today(ana)
    _log(
        ana,
        day,
        stiffness=7,
        notes="Stiff after the drive.",
        ratings=[{"item": "cat-cow", "relief": 6}],
    )
    page = ana_client.get(_edit_url(day)).content.decode()
    assert "Stiff after the drive." in page
    assert 'value="7" id="id_stiffness_7" checked' in page
    assert 'value="cat-cow" id="did-cat-cow" checked' in page
    response = ana_client.post(
        _edit_url(day),
        {"pain": "2", "stiffness": "3", "did": ["easy-walk"], "relief_easy-walk": "8"},
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=ana)
    assert (checkin.pain, checkin.stiffness, checkin.notes) == (2, 3, "")
    assert dict(checkin.ratings.values_list("item", "relief")) == {"easy-walk": 8}
    assert ActivityRating.objects.count() == 1


def test_it_fills_in_a_past_day(ana_client, ana):
    day = local_today(ana) - timedelta(days=3)
    page = ana_client.get(_edit_url(day, "evening")).content.decode()
    assert "Check-in for" in page
    assert ana_client.post(_edit_url(day, "evening"), {"pain": "5"}).status_code == 302
    assert CheckIn.objects.get(user=ana).day == day


def test_it_refuses_a_future_day_with_a_message_and_stores_nothing(ana_client, ana):
    day = local_today(ana) + timedelta(days=1)
    response = ana_client.post(_edit_url(day), {"pain": "5"}, follow=True)
    assert "has not happened yet" in response.content.decode()
    assert not CheckIn.objects.exists()
    assert ana_client.get(_edit_url(day)).status_code == 302


def test_it_answers_404_for_an_impossible_date(ana_client):
    assert ana_client.get("/diary/2025-02-30/morning/").status_code == 404
    assert ana_client.get("/diary/2025-02-01/brunch/").status_code == 404


def test_the_jump_form_opens_the_chosen_day(ana_client, ana):
    day = local_today(ana) - timedelta(days=10)
    response = ana_client.get(reverse("diary:today"), {"day": day.isoformat(), "moment": "midday"})
    assert response["Location"] == _edit_url(day, "midday")


def test_it_deletes_a_check_in(ana_client, ana):
    day = local_today(ana)
    _log(ana, day, ratings=[{"item": "cat-cow", "relief": 6}])
    response = ana_client.post(reverse("diary:delete", args=[day, "morning"]))
    assert response.status_code == 302
    assert not CheckIn.objects.exists()
    assert not ActivityRating.objects.exists()


def test_others_see_and_change_only_their_own_diary(client, ana, bo, dee):
    day = local_today(ana) - timedelta(days=1)
    _log(ana, day, notes="Ana's private note")
    for other in (bo, dee):
        client.force_login(other)
        page = client.get(_edit_url(day)).content.decode()
        assert "private note" not in page
        assert "private note" not in client.get(reverse("diary:history")).content.decode()
        assert client.post(reverse("diary:delete", args=[day, "morning"])).status_code == 404
        client.post(_edit_url(day), {"pain": "9"})
    ana_checkin = CheckIn.objects.get(user=ana)
    assert (ana_checkin.pain, ana_checkin.notes) == (4, "Ana's private note")
    assert CheckIn.objects.filter(pain=9).count() == 2


def test_history_lists_my_entries_newest_first(ana_client, ana, bo):
    today = local_today(ana)
    _log(ana, today - timedelta(days=2), pain=6)
    _log(ana, today, pain=1)
    _log(bo, local_today(bo), pain=8)  # bo's today: he lives five hours behind ana
    page = ana_client.get(reverse("diary:history")).content.decode()
    assert page.index("Pain 1/10") < page.index("Pain 6/10")
    assert "Pain 8/10" not in page
