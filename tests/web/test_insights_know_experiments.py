"""Insights know what the person's finished self-experiments found: an option compared in
one is not offered another as its next step, and both options' cards say what it found and
when it ended. (A review found cat-cow's card suggesting a self-experiment beside the
person's finished warmth-or-cat-cow experiment, which had found no clear difference.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.diary.models import Experiment
from backcare.domain.experiments import make_schedule
from tests.progress_data import log

PAGE = reverse("progress:insights")
API = "/api/insights"
NOW = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 12)
START = date(2026, 2, 20)  # eight days, so it ended on 27 Feb 2026
SUGGEST = "A self-experiment can show whether it beats another option."
FOUND = (
    "Your self-experiment comparing Warmth on the sore area with Cat-cow, which ended on "
    "27 Feb 2026, found no clear difference in your evening pain."
)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def experiment(user, pains: dict[str, list[int]], days: int = 8) -> Experiment:  # type: ignore[no-untyped-def]
    made = Experiment.objects.create(
        user=user, option_a="superficial-heat", option_b="cat-cow", start=START, days=days, seed=7
    )
    left = {arm: list(values) for arm, values in pains.items()}
    for entry in make_schedule("a", "b", days, 7, start=START):
        log(user, entry.day, left[entry.arm].pop(), moment="midday")
    return made


def rate_cat_cow_and_heat(user) -> None:  # type: ignore[no-untyped-def]
    """Cat-cow helps a little (about 4.6), warmth more (about 7.6)."""
    for back in range(5):
        log(
            user,
            TODAY - timedelta(days=back),
            4,
            ratings={"cat-cow": (4, 5)[back % 2], "superficial-heat": (7, 8)[back % 2]},
        )


def card(page: str, name: str) -> str:
    cards = page.split('<p class="insight-headline">')[1:]
    found = next(item for item in cards if item.startswith(name))
    return found.split('<div class="evidence-row">')[0]


def test_a_finished_experiment_is_reported_instead_of_suggesting_one(ana_client, ana):
    experiment(ana, {"a": [3, 4, 3, 3], "b": [3, 3, 4, 3]})
    rate_cat_cow_and_heat(ana)
    page = ana_client.get(PAGE).content.decode()
    cat_cow = card(page, "Cat-cow")
    assert SUGGEST not in cat_cow
    assert "It helps a little." in cat_cow
    assert escape(FOUND) in cat_cow
    assert escape(FOUND) in card(page, "Warmth on the sore area")  # both of its options
    effects = {item["item"]: item for item in ana_client.get(API).json()["effects"]}
    assert effects["cat-cow"]["findings"] == [FOUND]
    assert SUGGEST not in effects["cat-cow"]["next_step"]


def test_a_clear_answer_names_the_option_whose_days_went_better(ana_client, ana):
    experiment(ana, {"a": [2, 2, 3, 2], "b": [6, 7, 6, 7]})
    rate_cat_cow_and_heat(ana)
    effects = {item["item"]: item for item in ana_client.get(API).json()["effects"]}
    assert effects["cat-cow"]["findings"] == [
        "Your self-experiment comparing Warmth on the sore area with Cat-cow, which ended on "
        "27 Feb 2026, found your evening pain was lower on Warmth on the sore area days."
    ]


def test_an_experiment_with_too_few_days_logged_found_nothing(ana_client, ana):
    made = Experiment.objects.create(
        user=ana, option_a="superficial-heat", option_b="cat-cow", start=START, days=8, seed=7
    )
    log(ana, made.start, 3, moment="midday")
    rate_cat_cow_and_heat(ana)
    effects = {item["item"]: item for item in ana_client.get(API).json()["effects"]}
    assert effects["cat-cow"]["findings"] == []
    assert SUGGEST in effects["cat-cow"]["next_step"]


def test_stopping_an_experiment_shows_its_answer_at_once(ana_client, ana):
    """The insights are cached by the person's data version: stopping changes it."""
    start = TODAY - timedelta(days=9)  # a 12-day experiment on its tenth day
    made = Experiment.objects.create(
        user=ana, option_a="superficial-heat", option_b="cat-cow", start=start, days=12, seed=7
    )
    for entry in make_schedule("a", "b", 12, 7, start=start)[:10]:
        log(ana, entry.day, (3, 4, 4, 3)[entry.index % 4], moment="midday")
    rate_cat_cow_and_heat(ana)
    assert ana_client.get(API).json()["effects"][1]["findings"] == []  # still running
    ana_client.post(reverse("progress:stop", args=[made.pk]))
    findings = ana_client.get(API).json()["effects"][1]["findings"]
    assert len(findings) == 1
    assert "which you stopped on 12 Mar 2026, found no clear difference" in findings[0]
