"""A stored plan follows the clinical content it was built from: when a release changes it
(an exercise gains a safety screen, a caution reads differently), the next read of the plan
writes it again from the content now, in the same week, rather than showing for up to a week
advice the content no longer gives. Read again, it is not rebuilt a second time."""

from __future__ import annotations

import datetime
import shutil

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.domain import plans as engine
from backcare.domain.content import CONTENT_DIR, content_fingerprint
from backcare.domain.exercises import exercise
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences
from backcare.plans.snapshots import plan_from_body
from tests.conftest import clear_content_caches

# 11:30 UTC is already the next day in Auckland, where Ana lives.
NOW = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=datetime.UTC)
WEEK = 4


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def week_four(ana) -> Plan:
    """Ana, told fragile bones (osteoporosis) on the safety screen, in week 4 of a full plan
    made two days ago (so its week is not yet due to progress)."""
    ana.time_zone = "Pacific/Auckland"
    ana.save(update_fields=["time_zone"])
    Preferences.objects.create(
        user=ana, minutes_per_day=20, equipment=["mat", "chair", "wall", "pillow", "towel"],
        goals=["stronger_back"], conditions=["osteoporosis"],
    )  # fmt: skip
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 52, "onset": "gradual"}
    assessment = assess(ana, {**answers, "intensity_now": 3, "onset_days_ago": 10})
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        first = planning.rebuild_plan(ana)
        ctx = engine.plan_context(planning.plan_input(ana, assessment))
        plan = engine.assemble_plan(ctx, plan_from_body(first.body).routine, 20, WEEK)
        version = planning._store(ana, assessment, plan, [])
    assert version.status == "full"
    return version


@pytest.fixture
def new_content(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Release a copy of content/ with one exercise now screened out for osteoporosis."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)

    def screen(slug: str) -> None:
        path = copy / "exercises" / f"{slug}.toml"
        text = path.read_text()
        if "[cautions.osteoporosis]" in text:  # drop its caution: the new one replaces it
            head, _, tail = text.partition("[cautions.osteoporosis]")
            rest = tail.split("\n[", 1)
            text = head + ("[" + rest[1] if len(rest) > 1 else "")
        path.write_text(
            text + '\n[cautions.osteoporosis]\naction = "avoid"\n'
            'note = "Left out with osteoporosis: this movement is now screened out for it."\n'
            'note_of_them = "Held back because they told backcare they have osteoporosis."\n'
        )
        monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(copy))
        clear_content_caches()

    yield screen
    monkeypatch.delenv("BACKCARE_CONTENT_DIR", raising=False)
    clear_content_caches()


def slugs(version: Plan) -> list[str]:
    return [item["slug"] for item in version.body["routine"]]


def test_a_plan_built_from_the_content_running_is_not_rebuilt(ana, week_four):
    assert week_four.content_version == content_fingerprint()
    assert planning.current_plan(ana).pk == week_four.pk
    assert Plan.objects.filter(user=ana).count() == 2


def test_new_content_rebuilds_the_plan_once_in_the_same_week(ana, week_four, new_content):
    screened = slugs(week_four)[0]
    before = content_fingerprint()
    new_content(screened)
    assert content_fingerprint() != before

    rebuilt = planning.current_plan(ana)

    assert rebuilt.pk != week_four.pk
    assert rebuilt.week == WEEK
    assert screened not in slugs(rebuilt)
    assert rebuilt.content_version == content_fingerprint()
    said = [c["sentence"] for c in rebuilt.changes]
    assert said[0].startswith("Your plan follows updated advice")
    assert f"It stays at week {WEEK}" in said[0]
    (left,) = [line for line in said if "now screened out" in line]
    assert left.startswith(f"{exercise(screened).name}: Left out with osteoporosis:"), left
    assert "left out now: Left out" not in left  # the note says it once
    # The week keeps its day to progress: not due until a week after it began.
    assert planning._week_started(rebuilt) == week_four.created_at
    again = planning.current_plan(ana)
    assert again.pk == rebuilt.pk
    assert Plan.objects.filter(user=ana).count() == 3


def test_a_plan_stored_before_the_fingerprint_is_noted_once_and_says_nothing(ana, week_four):
    Plan.objects.filter(pk=week_four.pk).update(content_version="")

    read = planning.current_plan(ana)

    assert read.pk == week_four.pk  # nothing the person sees changed: no new version
    assert read.changes == week_four.changes
    week_four.refresh_from_db()
    assert week_four.content_version == content_fingerprint()
    assert planning.current_plan(ana).pk == week_four.pk


def test_a_copy_of_the_same_content_has_the_same_fingerprint(ana, week_four, tmp_path, monkeypatch):
    copy = tmp_path / "same"
    shutil.copytree(CONTENT_DIR, copy)
    monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(copy))
    try:
        assert content_fingerprint() == week_four.content_version
        assert planning.current_plan(ana).pk == week_four.pk
    finally:
        monkeypatch.delenv("BACKCARE_CONTENT_DIR")


def test_home_shows_the_routine_the_plan_page_shows_after_new_content(
    ana, ana_client, week_four, new_content
):
    from django.urls import reverse

    screened = slugs(week_four)[0]
    new_content(screened)

    assert ana_client.get(reverse("web:home")).status_code == 200

    latest = planning.latest_plan(ana)
    assert latest.pk != week_four.pk
    assert latest.week == WEEK
    assert screened not in slugs(latest)
    assert planning.current_plan(ana).pk == latest.pk
