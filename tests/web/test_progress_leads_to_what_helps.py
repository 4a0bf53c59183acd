"""After "am I better?", the progress page offers "what helps?" at once, above the charts a
phone scrolls through for several screens."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.progress_data import log_days, today_for

URL = reverse("progress:dashboard")
NOW = datetime(2026, 3, 10, 19, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_what_helps_is_one_tap_below_the_lead(ana_client, ana):
    log_days(ana, today_for(ana) - timedelta(days=20), [6] * 14 + [3] * 7)
    page = ana_client.get(URL).content.decode()
    link = f'<a href="{reverse("progress:insights")}">See what seems to help you</a>'
    assert page.index('class="progress-lead"') < page.index(link)
    assert page.index(link) < page.index('id="charts-heading"')
    assert f'<a href="{reverse("progress:experiments")}">Self-experiments</a>' in page


def test_an_empty_diary_asks_for_a_check_in_instead(ana_client, ana):
    page = ana_client.get(URL).content.decode()
    assert "See what seems to help you</a>" not in page.split('id="charts-heading"')[0]
    assert "Check in now" in page
