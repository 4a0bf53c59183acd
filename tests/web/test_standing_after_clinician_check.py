"""After a clinician's check, every page says what the plan says.

Priya (38, Leicester) answered "Not sure" to chest pain in her back check: "speak to a
clinician today", and her plan paused. She saw a clinician, who said self-care and exercise
are fine, and told us so on "A clinician has checked me for this": the plan started again.
Home, the check-in page and the saved page then show the plan running and its own calmer
line (the same day, should a sign come back or get worse), not "Urgent: speak to a clinician
today" again. A sign raised again (a check-in or a new back check) brings the advice and the
pause back; "other advice" keeps them; an emergency a clinician has seen is answered as the
plan answers it; thoughts of self-harm are never answered by a told check.

At 23:30 UTC on 29 March 2026 it is already 00:30 on 30 March in Leicester (summer time began
that night): she tells us the clinician checked her on her own today, UTC's tomorrow.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.diary.checkins import save_checkin
from backcare.diary.models import SpasmEpisode
from backcare.domain.findings import red_flag_ids
from backcare.domain.phones import phones_for
from backcare.domain.plan_rules import RESUMED_OPENING, care_advice_for_place
from backcare.plans import planning
from backcare.reminders.texts import plan_paused
from backcare.web.home import FLARE_HELP, PAUSED_FLARE_HELP
from tests.conftest import make_user
from tests.plans.break_story import NOW as BACK
from tests.plans.break_story import checkin as break_checkin
from tests.plans.break_story import ten_weeks_away

pytestmark = pytest.mark.django_db

NOW = datetime.fromisoformat("2026-03-29T23:30:00+00:00")  # 30 March, 00:30, in Leicester
HER_TODAY = date(2026, 3, 30)
URGENT = "Urgent: speak to a clinician today"
PAUSED = "the exercise plan is paused"
CHECKED = "You told us a clinician checked you on 30 March 2026 and said self-care is fine."


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def answers(**more: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "gradual", **more}


@pytest.fixture
def priya(db, frozen):  # type: ignore[no-untyped-def]
    person = make_user(
        "priya", display_name="Priya", year_of_birth=1988, sex="female",
        time_zone="Europe/London",
    )  # fmt: skip
    assess(person, answers(chest_pain="not_sure"))
    return person


@pytest.fixture
def her(client, priya):  # type: ignore[no-untyped-def]
    client.force_login(priya)
    client.get("/plan/")  # her plan, paused for care
    return client


def tell(client, person, answer: str = "self_care_fine", day: date = HER_TODAY):  # type: ignore[no-untyped-def]
    latest = Assessment.objects.filter(user=person).order_by("-created_at", "-pk").first()
    url = f"/assessments/{latest.pk}/clinician-check/"
    response = client.post(url, {"checked_on": day.isoformat(), "answer": answer})
    assert response.status_code == 302, response.content.decode()
    return response


def main(client, url: str) -> str:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    return unescape(html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0])


def home(client) -> str:  # type: ignore[no-untyped-def]
    return main(client, reverse("web:home"))


def checkin_page(client) -> str:  # type: ignore[no-untyped-def]
    return main(client, reverse("diary:today"))


def first_action(page: str) -> str:
    return page.split('class="first-action', 1)[1].split("</section>", 1)[0]


def calm(page: str) -> bool:
    """The resumed plan's own line and note, and nothing of the urgent advice or the pause."""
    return (
        RESUMED_OPENING in page
        and CHECKED in page
        and URGENT not in page
        and "asked you to get care" not in page
        and "level-urgent" not in page
        and PAUSED not in page
    )


def test_before_the_check_her_pages_say_the_advice_and_the_pause(her):
    page = home(her)
    assert URGENT in page or "asked you to get care" in page
    assert PAUSED in first_action(page)
    assert URGENT in checkin_page(her)
    assert RESUMED_OPENING not in page


def test_after_a_fine_check_home_shows_the_plan_running_and_its_line(her, priya):
    tell(her, priya)
    assert planning.current_plan(priya).status == "gentle"
    page = home(her)
    assert calm(page), page
    assert "Start today's routine" in first_action(page)
    assert "Week 1 of your plan, gentle for now." in page
    assert page.count(RESUMED_OPENING) == 1


def test_after_a_fine_check_the_check_in_page_leads_with_its_question(her, priya):
    tell(her, priya)
    page = checkin_page(her)
    assert calm(page), page
    assert "<h1>How is your back?</h1>" in page
    assert page.index("How is your back?") < page.index(RESUMED_OPENING)
    assert page.index(RESUMED_OPENING) < page.index("Save check-in")


def test_after_a_fine_check_a_check_in_is_saved_as_on_any_day(her, priya):
    tell(her, priya)
    response = her.post(reverse("diary:today"), {"moment": "morning", "pain": "5"})
    assert response.status_code == 302
    page = main(her, response["Location"])
    assert calm(page), page
    assert 'id="saved-heading" tabindex="-1" autofocus' in page  # "Saved" is the page's h1


def test_a_check_in_raising_the_sign_again_brings_the_advice_and_the_pause_back(her, priya, frozen):
    tell(her, priya)
    frozen.shift(timedelta(hours=2))
    raised = her.post(
        reverse("diary:today"),
        {"moment": "morning", "pain": "6", "safety_chest_pain": "not_sure"},
    )
    assert raised.status_code == 200
    assert URGENT in raised.content.decode()
    page = home(her)
    assert PAUSED in first_action(page)
    assert RESUMED_OPENING not in page
    later = checkin_page(her)
    assert URGENT in later
    assert RESUMED_OPENING not in later
    assert planning.current_plan(priya).status == "care_first"  # as the plan says


def test_a_new_back_check_raising_it_again_brings_them_back(her, priya, frozen):
    tell(her, priya)
    frozen.shift(timedelta(days=1))
    assess(priya, answers(chest_pain="not_sure"))
    assert PAUSED in first_action(home(her))
    assert URGENT in checkin_page(her)
    assert planning.current_plan(priya).status == "care_first"


def test_other_advice_keeps_the_advice_and_the_pause(her, priya):
    tell(her, priya, "other_advice")
    assert PAUSED in first_action(home(her))
    assert URGENT in checkin_page(her)
    checkin = save_checkin(priya, {"day": HER_TODAY.isoformat(), "moment": "morning", "pain": 4})
    assert URGENT in main(her, reverse("diary:saved", args=[checkin.pk]))


def test_a_later_other_advice_brings_them_back(her, priya, frozen):
    tell(her, priya)
    frozen.shift(timedelta(hours=1))
    ClinicianCheck.objects.create(  # as a later "other advice" for the same sign is stored
        user=priya,
        assessment=Assessment.objects.get(user=priya),
        rule_ids=["chest_pain"],
        checked_on=HER_TODAY,
        answer="other_advice",
    )
    assert PAUSED in first_action(home(her))
    assert URGENT in checkin_page(her)


def test_an_emergency_a_clinician_saw_is_answered_as_the_plan_answers_it(client, frozen):
    person = make_user("ed", year_of_birth=1988, time_zone="Europe/London")
    assess(person, answers(chest_pain="yes"))
    ClinicianCheck.objects.create(
        user=person,
        assessment=Assessment.objects.get(user=person),
        rule_ids=["chest_pain"],
        checked_on=HER_TODAY,
        answer="self_care_fine",
    )
    client.force_login(person)
    plan = planning.current_plan(person)
    assert plan is not None
    assert plan.status != "care_first"  # the plan resumed after the check
    page = home(client)
    assert "Emergency: get help now" not in page
    assert RESUMED_OPENING in page
    checkin = checkin_page(client)
    assert "Emergency: get help now" not in checkin
    assert RESUMED_OPENING in checkin


def test_thoughts_of_self_harm_are_never_answered_by_a_told_check(client, frozen):
    person = make_user("sam", year_of_birth=1988, time_zone="Europe/London")
    assess(person, answers(chest_pain="not_sure", self_harm_thoughts="yes"))
    ClinicianCheck.objects.create(
        user=person,
        assessment=Assessment.objects.get(user=person),
        rule_ids=["chest_pain", "self_harm"],
        checked_on=HER_TODAY,
        answer="self_care_fine",
    )
    client.force_login(person)
    assert RESUMED_OPENING not in home(client)
    page = checkin_page(client)
    assert RESUMED_OPENING not in page
    assert 'class="result-level' in page  # the advice that stands still leads


def test_flare_help_follows_the_running_plan(her, priya):
    tell(her, priya)
    SpasmEpisode.objects.create(user=priya, started_at=NOW - timedelta(minutes=5), severity=7)
    action = first_action(home(her))
    assert FLARE_HELP in action
    assert PAUSED_FLARE_HELP not in action
    assert "Your exercise plan is paused" not in main(her, reverse("diary:episodes"))


def test_reminders_follow_the_plan_and_pause_again_with_a_new_sign(her, priya, frozen):
    tell(her, priya)
    assert not plan_paused(priya)
    frozen.shift(timedelta(hours=2))
    her.post(
        reverse("diary:today"),
        {"moment": "morning", "pain": "6", "safety_chest_pain": "not_sure"},
    )
    assert plan_paused(priya)  # before the plan page is opened again


def test_back_after_a_break_the_card_does_not_say_the_answered_advice_stands(ana, ana_client):
    with time_machine.travel(BACK, tick=False):
        ten_weeks_away(ana)
        break_checkin(ana, BACK, 8)  # well above her usual 2-3
        reason = {"rule_id": "chest_pain", "title": "Back pain with chest pain", "level": "urgent"}
        assessment = Assessment.objects.create(
            user=ana, level="urgent", findings={}, created_at=BACK,
            result={"level": "urgent", "reasons": [reason]},
        )  # fmt: skip
        ClinicianCheck.objects.create(
            user=ana, assessment=assessment, rule_ids=["chest_pain"],
            checked_on=ana.local_date(), answer="self_care_fine",
        )  # fmt: skip
        html = unescape(ana_client.get(reverse("web:home")).content.decode())
    card = html.split('class="home-card welcome-back"')[1].split("</section>")[0]
    assert "still stands" not in card
    assert URGENT not in card
    assert "See a clinician in the next few days" in card  # the rise's own advice


def _line(page: str) -> str:
    """The resumed plan's own line, its tags gone."""
    after = page.split(RESUMED_OPENING, 1)[1].split("</p>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", RESUMED_OPENING + after))


def test_the_line_names_where_to_call_in_her_place(her, priya):
    """Its same day names her place's advice line, as the urgent advice it answers did, on
    home, the check-in page and the plan (in Leicester NHS 111, not a bare "urgent care")."""
    tell(her, priya)
    for page in (home(her), checkin_page(her), main(her, "/plan/")):
        assert _line(page).endswith(
            "contact your doctor or an urgent care service, or call your local urgent advice "
            "line (NHS 111 in England)."
        ), _line(page)


def test_a_plan_stored_with_the_old_line_reads_in_her_place_words() -> None:
    """A resumed plan stored before names no line; read back, it names the person's place's."""
    old = (
        "If any of your warning signs comes back or gets worse, or a new one appears, stop the "
        "exercises and speak to a clinician the same day: contact your doctor or an urgent care "
        "service."
    )
    stored = [{"text": old, "level": "urgent", "references": ["nice-ng59"]}]
    auckland = phones_for("Pacific/Auckland", "GB", "999")
    (read,) = care_advice_for_place(stored, auckland)
    assert read["text"].endswith("or call Healthline on 0800 611 116 (free, day or night).")
    assert read["level"] == "urgent"
