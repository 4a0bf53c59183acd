"""The flare page on a phone is long (help first, then the flare's own buttons): one link at
its top reaches the running flare or the optional log, ending a flare says what it was, and
the person's own flare lengths are said without statisticians' words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backcare.diary.models import SpasmEpisode

pytestmark = pytest.mark.usefixtures("at_each_instant")  # runs at tricky dates

PAGE = reverse("diary:episodes")


def _main(page: str) -> str:
    return page.split('<main id="main"')[1].split("</main>")[0]


def _episode(user, days_ago: float, lasted_days: float | None = None, **fields):
    started = timezone.now() - timedelta(days=days_ago)
    ended = None if lasted_days is None else started + timedelta(days=lasted_days)
    return SpasmEpisode.objects.create(user=user, started_at=started, ended_at=ended, **fields)


def test_a_running_flare_is_one_link_from_the_top_below_the_warning_signs(ana_client, ana):
    _episode(ana, days_ago=2)
    main = _main(ana_client.get(PAGE).content.decode())
    link = '<a href="#this-flare">This flare: 2 days so far. End it when it is over</a>'
    assert link in main
    assert main.index("when to stop and get help") < main.index(link)
    assert main.index(link) < main.index("Breathe with me")
    assert 'id="this-flare"' in main


def test_without_a_running_flare_the_top_link_leads_to_the_optional_log(ana_client, ana):
    main = _main(ana_client.get(PAGE).content.decode())
    link = '<a href="#this-flare">Log this as a flare (optional)</a>'
    assert link in main
    assert main.index(link) < main.index("Breathe with me")
    # the log itself, the button, still comes after the help
    button = '<button type="submit" class="secondary">Log this as a flare</button>'
    assert main.index('id="flare-title"') < main.index(button)


def test_ending_a_flare_says_how_long_it_lasted_and_where_it_went(ana_client, ana):
    episode = _episode(ana, days_ago=2, severity=7)
    response = ana_client.post(
        reverse("diary:episode_end", args=[episode.pk]), {"severity": "8"}, follow=True
    )
    main = _main(response.content.decode())
    assert (
        "Flare ended: it lasted 2 days, at worst 8/10. "
        "It is under Past flares, at the end of this page."
    ) in main
    assert 'id="past-title">Past flares</h2>' in main


@pytest.mark.parametrize(
    ("lengths", "said"),
    [
        ((1,), "Your last flare lasted 1 day."),
        ((1, 2), "Your last 2 flares typically lasted 1 day 12 h."),
    ],
)
def test_past_flares_are_said_in_plain_words(ana_client, ana, lengths, said):
    for weeks_ago, days in enumerate(lengths, start=1):
        _episode(ana, days_ago=7 * weeks_ago, lasted_days=days)
    main = _main(ana_client.get(PAGE).content.decode())
    assert said in main
    assert "median" not in main
