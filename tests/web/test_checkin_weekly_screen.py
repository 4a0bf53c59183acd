"""The check-in's warning-sign screen: one plain question in view, required on the first
check-in of each 7 of the person's days (since the last check-in that answered it, or the
last back check), optional and folded on the others, with the day it was last answered."""

from __future__ import annotations

import re
from datetime import date, datetime

import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess_emergency
from backcare.diary.checkins import save_checkin
from backcare.diary.models import CheckIn
from backcare.domain.findings import checkin_ids
from tests.intake_data import intake

TODAY_URL = reverse("diary:today")


def _answered_on(user, day: date) -> None:  # type: ignore[no-untyped-def]
    """A check-in of ``day`` that answered the questions (all "no")."""
    safety = dict.fromkeys(checkin_ids(), "no")
    save_checkin(user, {"day": day, "moment": "morning", "pain": 3, "safety": safety})


def _due(page: str) -> bool:
    return 'name="screen_due" value="1"' in page


def test_the_first_check_in_asks_one_plain_question_with_the_signs_in_view(ana_client):
    page = ana_client.get(TODAY_URL).content.decode()
    assert "<legend>Since your last check-in, anything new from this list?</legend>" in page
    signs = re.search(r'<ul class="signs"[^>]*>(.*?)</ul>', page, re.S)
    assert signs is not None
    for label in ("New bladder change", "Fever", "Chest pain", "Pain spreading down a leg"):
        assert f"<li>{label}</li>" in signs.group(1)
    for value in ("no", "yes", "not_sure"):
        assert f'name="screen" value="{value}"' in page
    assert _due(page)
    assert 'class="screen-fold"' not in page  # in view, not folded


def test_when_due_pain_alone_is_not_saved_and_the_error_names_the_question(ana_client, ana):
    page = ana_client.get(TODAY_URL).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = ana_client.post(TODAY_URL, {"pain": "4", "screen_due": "1", "submission_key": key})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_screen_error"' in html
    assert 'href="#id_screen_0"' in html  # the summary leads to it
    assert not CheckIn.objects.filter(user=ana).exists()
    answered = {"pain": "4", "screen_due": "1", "screen": "no", "submission_key": key}
    assert ana_client.post(TODAY_URL, answered).status_code == 302
    # A second check-in from the same page kept offline, sent later: answered this week now.
    again = {"pain": "5", "screen_due": "1", "submission_key": key[::-1]}
    assert ana_client.post(TODAY_URL, again).status_code == 302
    assert CheckIn.objects.filter(user=ana).count() == 2


def test_no_answers_every_question_on_the_list_no_and_runs_triage(ana_client, ana):
    response = ana_client.post(TODAY_URL, {"pain": "4", "screen_due": "1", "screen": "no"})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=ana)
    assert checkin.safety == dict.fromkeys(checkin_ids(), "no")
    assert checkin.safety_level == "self_care"


def test_yes_must_say_which_sign_and_then_triage_reads_that_answer(ana_client, ana):
    refused = ana_client.post(TODAY_URL, {"pain": "4", "screen_due": "1", "screen": "yes"})
    assert refused.status_code == 200
    assert 'id="id_screen_error"' in refused.content.decode()
    assert 'class="anything-new screen-due show-questions"' in refused.content.decode()
    assert not CheckIn.objects.exists()
    posted = {"pain": "4", "screen_due": "1", "screen": "yes", "safety_fever": "yes"}
    page = ana_client.post(TODAY_URL, posted).content.decode()
    assert "level-urgent" in page
    checkin = CheckIn.objects.get(user=ana)
    assert checkin.safety == {"fever": "yes"}  # the others stay not answered, not "no"


def test_not_sure_with_no_beside_every_sign_asks_again_and_is_not_stored_as_no(ana_client, ana):
    posted = {"pain": "4", "screen_due": "1", "screen": "not_sure"}
    posted |= {f"safety_{finding_id}": "no" for finding_id in checkin_ids()}
    response = ana_client.post(TODAY_URL, posted)
    assert response.status_code == 200
    assert 'id="id_screen_error"' in response.content.decode()
    assert not CheckIn.objects.exists()
    posted["safety_bladder_change"] = "not_sure"
    ana_client.post(TODAY_URL, posted)
    assert CheckIn.objects.get(user=ana).safety["bladder_change"] == "not_sure"


def test_answered_within_7_days_it_is_optional_folded_and_says_when(ana_client, ana):
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        _answered_on(ana, date(2026, 6, 10))
        page = ana_client.get(TODAY_URL).content.decode()
        assert not _due(page)
        assert '<details class="screen-fold">' in page
        assert "Last answered Wednesday 10 June" in page
        assert ana_client.post(TODAY_URL, {"pain": "2"}).status_code == 302
    skipped = CheckIn.objects.filter(user=ana).order_by("-recorded_at").first()
    assert skipped is not None
    assert (skipped.safety, skipped.safety_level) == ({}, "")  # not answered, never "no"


def test_the_week_turns_at_the_persons_midnight_not_the_servers(ana_client, ana):
    """Answered on Monday 8 June in Auckland: still optional at 23:59 on Sunday 14 June
    there, required from 00:00 on Monday 15 June, while it is 14 June all day in UTC."""
    ana.time_zone = "Pacific/Auckland"
    ana.save(update_fields=["time_zone"])
    with time_machine.travel(datetime.fromisoformat("2026-06-08T09:00:00+12:00"), tick=False):
        _answered_on(ana, date(2026, 6, 8))
    with time_machine.travel(datetime.fromisoformat("2026-06-14T11:59:00+00:00"), tick=False):
        assert not _due(ana_client.get(TODAY_URL).content.decode())
    with time_machine.travel(datetime.fromisoformat("2026-06-14T12:00:00+00:00"), tick=False):
        page = ana_client.get(TODAY_URL).content.decode()
        assert _due(page)
        assert "last answered Monday 8 June" in page


def test_a_check_in_that_left_the_questions_alone_does_not_restart_the_week(ana_client, ana):
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        _answered_on(ana, date(2026, 6, 1))
        save_checkin(ana, {"day": date(2026, 6, 14), "moment": "morning", "pain": 3})
        assert _due(ana_client.get(TODAY_URL).content.decode())


def test_changing_a_check_in_or_filling_in_a_past_day_never_requires_it(ana_client, ana):
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        save_checkin(ana, {"day": date(2026, 6, 15), "moment": "morning", "pain": 3})
        entry = CheckIn.objects.get(user=ana)
        page = ana_client.get(reverse("diary:edit_entry", args=[entry.pk])).content.decode()
        assert not _due(page)
        changed = ana_client.post(
            reverse("diary:edit_entry", args=[entry.pk]), {"pain": "5", "screen_due": "1"}
        )
        assert changed.status_code == 302  # a changed check-in is held to nothing it did not ask
        past = ana_client.get(f"{TODAY_URL}?day=2026-06-12").content.decode()
        assert not _due(past)
        assert "Not answered yet" in past


def _fold_line(page: str) -> str:
    """The words beside the folded "Anything new?"."""
    found = re.search(r'<details class="screen-fold"[^>]*>\s*<summary>(.*?)</summary>', page, re.S)
    assert found is not None, "the screen is not folded"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_back_check_of_today_answers_it_for_the_first_check_in(ana_client, ana):
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        page = ana_client.get(TODAY_URL).content.decode()  # kept open, as offline, before it
        key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        intake(ana)
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:05:00+00:00"), tick=False):
        page = ana_client.get(TODAY_URL).content.decode()
        assert not _due(page)
        assert _fold_line(page) == "Anything new? Answered in your back check today"
        posted = {"pain": "4", "screen_due": "1", "submission_key": key}
        assert ana_client.post(TODAY_URL, posted).status_code == 302  # the older page too
    assert CheckIn.objects.get(user=ana).safety == {}  # not answered here, never "no"


def test_a_back_check_cut_short_by_an_emergency_answers_it_too(ana_client, ana):
    assert assess_emergency(ana, {"bladder_change": "yes", "saddle_numbness": "yes"})
    page = ana_client.get(TODAY_URL).content.decode()
    assert not _due(page)
    assert _fold_line(page) == "Anything new? Answered in your back check today"


def test_the_back_checks_day_is_the_persons_own(ana_client, ana):
    """Taken at 20:00 on Sunday 14 June in Los Angeles (03:00 on Monday 15 June in UTC):
    still optional at 23:59 on Saturday 20 June there, required from 00:00 on Sunday 21 June,
    while in UTC it is 21 June all that time and the back check only 6 days old."""
    ana.time_zone = "America/Los_Angeles"
    ana.save(update_fields=["time_zone"])
    with time_machine.travel(datetime.fromisoformat("2026-06-15T03:00:00+00:00"), tick=False):
        intake(ana)
    with time_machine.travel(datetime.fromisoformat("2026-06-21T06:59:00+00:00"), tick=False):
        page = ana_client.get(TODAY_URL).content.decode()
        assert not _due(page)
        assert (
            _fold_line(page) == "Anything new? Last answered in your back check on Sunday 14 June"
        )
    with time_machine.travel(datetime.fromisoformat("2026-06-21T07:00:00+00:00"), tick=False):
        page = ana_client.get(TODAY_URL).content.decode()
        assert _due(page)
        assert "Asked once a week; last answered in your back check on Sunday 14 June." in page


def test_a_check_in_after_the_back_check_is_the_last_answer(ana_client, ana):
    with time_machine.travel(datetime.fromisoformat("2026-06-10T09:00:00+00:00"), tick=False):
        intake(ana)
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        _answered_on(ana, date(2026, 6, 14))
        line = _fold_line(ana_client.get(TODAY_URL).content.decode())
        assert line == "Anything new? Last answered yesterday"


def test_the_folded_line_says_each_case_once_and_plainly(ana_client, ana):
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        past = ana_client.get(f"{TODAY_URL}?day=2026-06-12").content.decode()
        assert _fold_line(past) == "Anything new? Not answered yet; optional for an earlier day"
        save_checkin(ana, {"day": date(2026, 6, 15), "moment": "morning", "pain": 3})
        entry = CheckIn.objects.get(user=ana)
        changing = ana_client.get(reverse("diary:edit_entry", args=[entry.pk])).content.decode()
        assert (
            _fold_line(changing)
            == "Anything new? Not answered yet; optional when changing a check-in"
        )
        _answered_on(ana, date(2026, 6, 15))
        line = _fold_line(ana_client.get(TODAY_URL).content.decode())
        assert line == "Anything new? Answered today"
    with time_machine.travel(datetime.fromisoformat("2026-06-17T10:00:00+00:00"), tick=False):
        line = _fold_line(ana_client.get(TODAY_URL).content.decode())
        assert line == "Anything new? Last answered Monday 15 June"


def test_a_back_check_of_another_year_says_its_year(ana_client, ana):
    """At 01:00 on New Year's Day in Auckland (still 31 December 2025 in UTC): on 5 January
    it was this year's; in Los Angeles, where it was 31 December, the day says its year."""
    ana.time_zone = "Pacific/Auckland"
    ana.save(update_fields=["time_zone"])
    with time_machine.travel(datetime.fromisoformat("2025-12-31T12:00:00+00:00"), tick=False):
        intake(ana)
    with time_machine.travel(datetime.fromisoformat("2026-01-05T09:00:00+13:00"), tick=False):
        line = _fold_line(ana_client.get(TODAY_URL).content.decode())
        assert line == "Anything new? Last answered in your back check on Thursday 1 January"
    ana.time_zone = "America/Los_Angeles"  # moved: now the same moment was still 2025 there
    ana.save(update_fields=["time_zone"])
    with time_machine.travel(datetime.fromisoformat("2026-01-08T09:00:00-08:00"), tick=False):
        page = ana_client.get(TODAY_URL).content.decode()
        assert "last answered in your back check on Wednesday 31 December 2025." in page
