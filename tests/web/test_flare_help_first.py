"""Flare help: the home button only opens help; logging a flare is optional and can be undone;
calming help comes first and "see a clinician" is said once, word for word, lower down."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from backcare.diary.models import SpasmEpisode
from backcare.diary.views import UNDO_KEY, UNDO_MINUTES
from backcare.domain.course import course_book
from backcare.plans.models import Plan

PAGE = reverse("diary:episodes")
START = reverse("diary:episode_start")
SEE_A_CLINICIAN = '<h2 id="advice-title">See a clinician</h2>'


def _main(page: str) -> str:
    return page.split('<main id="main"')[1].split("</main>")[0]


def _undo(client, episode):  # type: ignore[no-untyped-def]
    return client.post(f"/episodes/{episode.pk}/undo")


def test_the_home_button_is_a_plain_link_that_logs_nothing(ana_client, ana):
    home = ana_client.get(reverse("web:home")).content.decode()
    assert f'action="{START}"' not in home
    assert f'<a class="button secondary" href="{PAGE}">My back is flaring up: help now</a>' in home
    page = ana_client.get(PAGE).content.decode()
    assert not SpasmEpisode.objects.filter(user=ana).exists()
    main = _main(page)
    # help first; logging is a separate, optional button below it
    assert main.index("Breathe with me") < main.index("Positions that ease it")
    assert main.index("Positions that ease it") < main.index('id="flare-title"')
    assert main.index('id="flare-title"') < main.index('class="secondary">Log this as a flare')
    assert "(optional)" in main


def test_a_logged_flare_can_be_undone_at_once(ana_client, ana):
    response = ana_client.post(START)
    assert response["Location"] == f"{PAGE}#this-flare"
    episode = SpasmEpisode.objects.get(user=ana)
    page = ana_client.get(PAGE).content.decode()
    assert "✓ Flare logged" in page
    assert f'action="/episodes/{episode.pk}/undo"' in page
    response = _undo(ana_client, episode)
    assert response.status_code == 302
    assert not SpasmEpisode.objects.filter(user=ana).exists()
    page = ana_client.get(PAGE).content.decode()
    assert "Undone: that flare is not in your diary." in page
    assert "Undo" not in page.split("Undone:")[1]


def test_undo_keeps_a_flare_something_was_added_to(ana_client, ana):
    ana_client.post(START)
    episode = SpasmEpisode.objects.get(user=ana)
    SpasmEpisode.objects.filter(pk=episode.pk).update(notes="Bent to tie a shoe")
    assert "✓ Flare logged" not in ana_client.get(PAGE).content.decode()
    response = _undo(ana_client, episode)
    assert response.status_code == 302
    assert SpasmEpisode.objects.filter(pk=episode.pk).exists()


def test_undo_keeps_an_ended_flare(ana_client, ana):
    ana_client.post(START)
    episode = SpasmEpisode.objects.get(user=ana)
    ana_client.post(reverse("diary:episode_end", args=[episode.pk]), {})
    _undo(ana_client, episode)
    assert SpasmEpisode.objects.filter(pk=episode.pk).exists()


def test_undo_is_only_for_the_flare_just_logged_here_and_only_for_a_while(ana_client, ana):
    older = SpasmEpisode.objects.create(user=ana)  # started elsewhere (the app, the API)
    assert "✓ Flare logged" not in ana_client.get(PAGE).content.decode()
    _undo(ana_client, older)
    assert SpasmEpisode.objects.filter(pk=older.pk).exists()
    older.delete()

    ana_client.post(START)
    episode = SpasmEpisode.objects.get(user=ana)
    late = timezone.now() - timedelta(minutes=UNDO_MINUTES + 1)
    SpasmEpisode.objects.filter(pk=episode.pk).update(started_at=late)
    assert "✓ Flare logged" not in ana_client.get(PAGE).content.decode()
    _undo(ana_client, episode)
    assert SpasmEpisode.objects.filter(pk=episode.pk).exists()


def test_nobody_can_undo_someone_elses_flare(client, ana, bo):
    client.force_login(ana)
    client.post(START)
    episode = SpasmEpisode.objects.get(user=ana)
    client.force_login(bo)
    session = client.session
    session[UNDO_KEY] = episode.pk
    session.save()
    assert _undo(client, episode).status_code == 404
    assert SpasmEpisode.objects.filter(pk=episode.pk).exists()


def test_repeat_flares_say_see_a_clinician_once_in_the_contents_own_words(ana_client, ana):
    now = timezone.now()
    for days_ago in (60, 30):
        started = now - timedelta(days=days_ago)
        SpasmEpisode.objects.create(
            user=ana, started_at=started, ended_at=started + timedelta(days=1)
        )
    ana_client.post(START)
    main = _main(ana_client.get(PAGE).content.decode())
    rules = course_book().episodes
    message = rules.recurring.format(count=3, window=rules.recurring_window_days)
    assert main.count(SEE_A_CLINICIAN) == 1
    assert message in main
    assert main.index('id="current-title"') < main.index(SEE_A_CLINICIAN)
    assert main.index("Breathe with me") < main.index(SEE_A_CLINICIAN)
    assert "care-banner" not in main
    # the running flare is described in the page's one word
    assert "Day 1 of this flare." in main
    assert "Your last 2 flares typically lasted 1 day." in main
    assert "A clinician&#x27;s check is advised" not in main


def test_a_flare_over_a_week_still_says_see_a_clinician(ana_client, ana):
    SpasmEpisode.objects.create(user=ana, started_at=timezone.now() - timedelta(days=8))
    main = _main(ana_client.get(PAGE).content.decode())
    assert main.count(SEE_A_CLINICIAN) == 1
    assert course_book().episodes.too_long in main
    assert "level-soon" in main


def test_a_care_first_plan_keeps_its_safety_note_above_everything(ana_client, ana):
    Plan.objects.create(user=ana, status="care_first", body={})
    main = _main(ana_client.get(PAGE).content.decode())
    assert main.index("While you wait to be checked") < main.index("Breathe with me")
    assert "get help at once if a new warning sign appears" in main
    assert 'id="flare-title"' not in main


@time_machine.travel("2026-03-10 23:30 -0500", tick=False)
def test_after_an_emergency_result_the_page_says_call_now_first(client, bo):
    """The home page's "help now" button leads here: after an emergency it must not open on
    "while you wait to be checked" and a breathing exercise."""
    from tests.intake_data import intake

    intake(bo, bladder_change="yes")
    client.force_login(bo)
    main = _main(client.get(PAGE).content.decode())
    assert main.index("Emergency: get help now") < main.index("Breathe with me")
    assert main.index('href="tel:911">Call 911 now</a>') < main.index("Breathe with me")
    assert "While you wait to be checked" not in main
    assert "safe meanwhile" not in main
    assert 'id="flare-title"' not in main  # no routine while paused


@time_machine.travel("2026-03-10 23:30 -0500", tick=False)
def test_after_an_urgent_result_the_page_offers_the_same_day_line(client, db):
    from tests.conftest import make_user
    from tests.intake_data import intake

    london = make_user("lon", time_zone="Europe/London")
    intake(london, fever="yes")
    client.force_login(london)
    main = _main(client.get(PAGE).content.decode())
    assert "Emergency: get help now" not in main
    assert main.index("While you wait to be checked") < main.index("Breathe with me")
    assert 'href="tel:111">Call NHS 111 (111)</a>' in main


def test_before_the_first_back_check_flare_help_is_in_the_first_card(ana_client, ana):
    """A newcomer in a spasm finds help on the first phone screen, beside "Check my back",
    not below the getting-started steps; the button is there once."""
    home = ana_client.get(reverse("web:home")).content.decode()
    first = home.split('class="first-action')[1].split("</section>")[0]
    assert "Check my back" in first
    assert "My back is flaring up: help now" in first
    assert "Warning signs first" in first
    assert home.count("My back is flaring up: help now") == 1
