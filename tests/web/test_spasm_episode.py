"""Spasm or flare episodes: one-tap start, end with a trigger, and when to see a clinician."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.episodes import duration_text
from backcare.diary.models import SpasmEpisode
from backcare.plans.models import Plan, ToolboxPin

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

PAGE = reverse("diary:episodes")
START = reverse("diary:episode_start")
SEE_A_CLINICIAN = '<h2 id="advice-title">See a clinician</h2>'


def _episode(user, days_ago: float, lasted_days: float | None = None, **fields):
    started = timezone.now() - timedelta(days=days_ago)
    ended = None if lasted_days is None else started + timedelta(days=lasted_days)
    return SpasmEpisode.objects.create(user=user, started_at=started, ended_at=ended, **fields)


def test_logging_a_flare_is_one_tap_on_the_flare_page(ana_client, ana):
    response = ana_client.post(START)
    assert response.status_code == 302
    episode = SpasmEpisode.objects.get(user=ana)
    assert episode.ended_at is None
    assert episode.severity == 5
    page = ana_client.get(PAGE).content.decode()
    assert "<h1>Flare help</h1>" in page
    assert "End this flare" in page
    assert "Keep moving gently" in page


def test_the_severity_defaults_to_todays_pain(ana_client, ana):
    save_checkin(ana, {"day": local_today(ana), "moment": "morning", "pain": 8})
    ana_client.post(START)
    assert SpasmEpisode.objects.get(user=ana).severity == 8


def test_a_second_tap_does_not_open_a_second_episode(ana_client, ana):
    ana_client.post(START, {"severity": "6"})
    response = ana_client.post(START, {"severity": "3"}, follow=True)
    assert "already logged as running" in response.content.decode()
    assert SpasmEpisode.objects.filter(user=ana).count() == 1


def test_it_rejects_a_severity_above_10(ana_client, ana):
    response = ana_client.post(START, {"severity": "11"})
    assert response.status_code == 200
    assert "from 0 to 10" in response.content.decode()
    assert not SpasmEpisode.objects.exists()


def test_it_ends_an_episode_with_a_trigger(ana_client, ana):
    episode = _episode(ana, days_ago=0.5)
    response = ana_client.post(
        reverse("diary:episode_end", args=[episode.pk]), {"trigger": "lifting", "notes": "Shopping"}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.ended_at is not None
    assert (episode.trigger, episode.notes) == ("lifting", "Shopping")
    page = ana_client.get(PAGE).content.decode()
    assert "Lifting or carrying" in page
    assert "lasted 12 h" in page


def test_an_eight_day_old_episode_says_see_a_clinician(ana_client, ana):
    _episode(ana, days_ago=8)
    page = ana_client.get(PAGE).content.decode()
    assert SEE_A_CLINICIAN in page
    assert "more than a week" in page
    assert "level-soon" in page


def test_a_two_day_old_episode_gets_the_usual_course(ana_client, ana):
    _episode(ana, days_ago=2)
    page = ana_client.get(PAGE).content.decode()
    assert SEE_A_CLINICIAN not in page
    assert "Day 3 of this flare" in page


def test_flares_that_keep_returning_say_see_a_clinician(ana_client, ana):
    _episode(ana, days_ago=60, lasted_days=1)
    _episode(ana, days_ago=30, lasted_days=2)
    _episode(ana, days_ago=1)
    page = ana_client.get(PAGE).content.decode()
    assert SEE_A_CLINICIAN in page
    assert "flare 3 in the last 90 days" in page
    assert "It has already lasted longer than your usual" not in page  # 1 day < median 1.5


def test_the_toolbox_comes_first_without_a_plan(ana_client, ana):
    ToolboxPin.objects.create(user=ana, exercise="knee-rocking")
    ToolboxPin.objects.create(user=ana, exercise="side-plank")  # not gentle enough in a flare
    _episode(ana, days_ago=0.1)
    page = ana_client.get(PAGE).content.decode()
    assert '<a href="/exercises/knee-rocking/">Knee rocking' in page
    assert "Side plank" not in page
    assert page.index("Knee rocking") < page.index('<ol class="flare-steps">')


def test_the_plan_flare_protocol_is_offered_with_pins_first(ana_client, ana):
    body = {
        "flare_protocol": {
            "steps": ["Move gently, little and often."],
            "items": [
                {"kind": "exercise", "slug": "cat-cow", "title": "Cat-cow", "dose": "10 reps"},
                {"kind": "intervention", "slug": "superficial-heat", "title": "Warmth", "dose": ""},
                {"kind": "exercise", "slug": "pelvic-tilts", "title": "Pelvic tilts", "dose": ""},
            ],
        }
    }
    Plan.objects.create(user=ana, status="gentle", body=body)
    ToolboxPin.objects.create(user=ana, exercise="pelvic-tilts")
    _episode(ana, days_ago=0.1)
    page = ana_client.get(PAGE).content.decode()
    assert "Move gently, little and often." in page
    assert page.index("Pelvic tilts") < page.index("Cat-cow") < page.index("Warmth")
    assert '<a href="/exercises/cat-cow/">' in page


def test_a_care_first_plan_pauses_exercise_during_a_flare(ana_client, ana):
    Plan.objects.create(
        user=ana, status="care_first", body={"flare_protocol": {"steps": [], "items": []}}
    )
    ToolboxPin.objects.create(user=ana, exercise="knee-rocking")
    _episode(ana, days_ago=0.1)
    page = ana_client.get(PAGE).content.decode()
    assert "While you wait to be checked" in page
    assert "Knee rocking" not in page


def test_others_cannot_see_or_end_my_episode(client, ana, bo, dee):
    episode = _episode(ana, days_ago=1, notes="Ana's flare")
    for other in (bo, dee):
        client.force_login(other)
        assert "Ana&#x27;s flare" not in client.get(PAGE).content.decode()
        response = client.post(reverse("diary:episode_end", args=[episode.pk]), {})
        assert response.status_code == 404
    episode.refresh_from_db()
    assert episode.ended_at is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 min"), (59 * 60, "59 min"), (3600 + 120, "1 h 2 min"), (86400, "1 day"),
     (8 * 86400 + 3 * 3600, "8 days 3 h")],
)  # fmt: skip
def test_durations_read_plainly(seconds, text):
    assert duration_text(timedelta(seconds=seconds)) == text


def test_while_a_flare_runs_calming_help_comes_first_and_the_advice_once_below(ana_client, ana):
    _episode(ana, days_ago=8)
    page = ana_client.get(PAGE).content.decode()
    main = page.split('<main id="main"')[1]
    assert main.index("Breathe with me") < main.index("Positions that ease it")
    assert main.index("Positions that ease it") < main.index('id="flare-title"')
    assert main.index('id="flare-title"') < main.index('id="current-title"')
    # the clinician advice is said once, below the help and the flare's own buttons
    assert 'href="#advice-title"' not in main
    assert main.count(SEE_A_CLINICIAN) == 1
    assert main.index("End this flare") < main.index(SEE_A_CLINICIAN)
    assert main.index(SEE_A_CLINICIAN) < main.index("What usually happens")


def test_every_calming_option_shows_its_evidence_and_sources(ana_client, ana):
    _episode(ana, days_ago=0)
    page = ana_client.get(PAGE).content.decode()
    for title in ("Slow-exhale breathing", "Back sleeping with a pillow under the knees"):
        summary = f'<span class="visually-hidden"> for {title}</span></summary>'
        block = page.split(summary)[1].split("</details>")[0]
        assert "<a href=" in block
        assert page.split(summary)[0].rsplit("<summary>", 1)[1].startswith("Evidence: ")


def test_care_first_still_offers_breathing_and_positions(ana_client, ana):
    Plan.objects.create(user=ana, status="care_first", body={})
    _episode(ana, days_ago=0)
    page = ana_client.get(PAGE).content.decode()
    assert "While you wait to be checked" in page
    assert "Breathe with me" in page
    assert "Positions that ease it" in page
