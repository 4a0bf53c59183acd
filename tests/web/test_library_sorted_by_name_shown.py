"""The exercise library lists each kind's exercises by the name on its card: for a pregnant
person (yes or not sure), her version's own name, so "Bird dog (on hands and knees, in place
of dead bug)" comes before "Bridge (propped up on pillows)", as it reads."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from backcare.domain.exercises import exercises
from backcare.plans.library import find_exercises
from tests.intake_data import intake

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
PREGNANT = {"pregnancy": "you told us you are pregnant"}


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_content_is_as_this_test_assumes() -> None:
    dead_bug = exercises()["dead-bug"]
    assert dead_bug.name == "Dead bug"
    assert dead_bug.name_for(PREGNANT).startswith("Bird dog")


def card_names(html: str, kind: str) -> list[str]:
    section = html.split(f'id="kind-{kind}"')[1].split("</section>")[0]
    return re.findall(r'<a class="card-link" href="[^"]+">([^<]+)</a>', section)


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_her_library_is_in_the_order_of_the_names_she_reads(ana, ana_client, answer):
    intake(ana, pregnant=answer)
    html = ana_client.get("/exercises/").content.decode()
    for kind in ("strengthening", "mobility", "stretching"):
        names = card_names(html, kind)
        assert names == sorted(names, key=str.lower), kind
    strengthening = card_names(html, "strengthening")
    assert any(name.startswith("Bird dog (on hands and knees") for name in strengthening)


def test_the_same_order_for_a_search_and_for_everyone_else() -> None:
    shown = [ex.name_for(PREGNANT) for ex in find_exercises("strengthening", reasons=PREGNANT)]
    assert shown == sorted(shown, key=str.lower)
    usual = [ex.name for ex in find_exercises("strengthening")]
    assert usual == sorted(usual, key=str.lower)
