import re

import pytest
from django.test import Client

from backcare.assessments.models import Assessment
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.models import Plan, Preferences, ToolboxPin

ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow", "massage_gun"]


def assess(user, level="self_care", factors=()):
    return Assessment.objects.create(
        user=user, findings={}, level=level, result={}, factors=[{"id": f} for f in factors]
    )


def recommended(html):
    """Slugs shown as recommendations (plan items), in page order."""
    return re.findall(r'class="plan-item" data-slug="([^"]+)"', html)


def info_only(html):
    return re.findall(r'class="info-item" data-slug="([^"]+)"', html)


def page(client):
    response = client.get("/plan/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_needs_a_login(client, db):
    response = client.get("/plan/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_offers_a_general_plan_and_the_assessment_when_there_is_none(ana_client, ana):
    html = page(ana_client)
    assert 'href="/assess/"' in html
    assert "A general starting plan" in html
    assert "not personalised" in html
    assert recommended(html), "a general plan still has gentle items"
    catalogue = exercises()
    for slug in recommended(html):
        if slug in catalogue:
            assert catalogue[slug].level == 1, slug
            assert catalogue[slug].flare_safe, slug
    assert not Plan.objects.filter(user=ana).exists()


def test_it_builds_the_plan_on_the_first_visit_and_keeps_it(ana_client, ana):
    assessment = assess(ana, factors=["sedentary"])
    first = page(ana_client)
    second = page(ana_client)
    plan = Plan.objects.get(user=ana)
    assert plan.assessment == assessment
    assert plan.week == 1
    assert recommended(first) == recommended(second)
    assert "Week 1" in first


@pytest.mark.parametrize(
    ("level", "banner", "exercises_shown"),
    [
        ("emergency", "Getting care comes first", False),
        ("urgent", "Getting care comes first", False),
        ("soon", "A gentle plan for now", True),
        ("self_care", "Your plan this week", True),
    ],
)
def test_the_triage_level_decides_what_the_plan_shows(
    ana_client, ana, level, banner, exercises_shown
):
    assess(ana, level=level, factors=["stress_anxiety", "sedentary"])
    html = page(ana_client)
    assert banner in html
    assert bool(recommended(html)) is exercises_shown
    assert ('href="/exercises/' in html) is exercises_shown
    assert "When to stop and get help" in html
    assert "does not diagnose or prescribe" in html
    if not exercises_shown:
        assert "See a clinician" in html
        assert "In a flare or spasm" not in html
        assert not info_only(html)


def test_a_soon_plan_is_gentle_and_says_to_see_a_clinician(ana_client, ana):
    assess(ana, level="soon", factors=["deconditioning", "sedentary"])
    html = page(ana_client)
    assert "book to see a clinician" in html
    catalogue = exercises()
    shown = [slug for slug in recommended(html) if slug in catalogue]
    assert shown
    assert all(catalogue[s].level == 1 and catalogue[s].flare_safe for s in shown)


def test_each_item_says_why_with_its_grade_word_and_sources(ana_client, ana):
    assess(ana, factors=["stress_anxiety"])
    html = page(ana_client)
    routine = Plan.objects.get(user=ana).body["routine"]
    assert routine
    grade_words = {"moderate": "moderate", "low": "low", "very_low": "very low"}
    for item in routine:
        assert item["why"] in html
        assert f"Evidence: {grade_words[item['grade']]}" in html
        assert f'href="/exercises/{item["slug"]}/"' in html
    assert "<summary>Sources</summary>" in html
    assert "may be keeping your muscles tense" in html


@pytest.mark.parametrize("pregnant", [False, True])
def test_items_to_avoid_in_pregnancy_never_show_for_a_pregnant_person(ana_client, ana, pregnant):
    avoid = {
        slug
        for slug, ex in exercises().items()
        if any(c.condition == "pregnancy" and c.action == "avoid" for c in ex.cautions)
    }
    assert avoid, "the library should have exercises to avoid in pregnancy"
    assess(ana, factors=["sleep_position", "sedentary", "overuse"])
    Preferences.objects.create(user=ana, pregnant=pregnant, equipment=ALL_KIT, minutes_per_day=20)
    for slug in sorted(avoid):  # pinned items are preferred, so they would show if allowed
        ToolboxPin.objects.create(user=ana, exercise=slug)
    shown = set(recommended(page(ana_client)))
    if pregnant:
        assert not shown & avoid
    else:
        assert shown & avoid, "without pregnancy the pinned items do appear"


@pytest.mark.parametrize(
    "factors",
    [(), ("stress_anxiety",), ("sedentary", "overuse"), ("dehydration", "sleep_position")],
)
def test_insufficient_items_are_information_never_recommendations(ana_client, ana, factors):
    lacking = {s for s, i in interventions().items() if i.evidence.grade == "insufficient"}
    assert lacking
    assess(ana, factors=factors)
    Preferences.objects.create(user=ana, equipment=ALL_KIT)
    html = page(ana_client)
    assert not set(recommended(html)) & lacking
    assert lacking <= set(info_only(html))
    assert "People try this; evidence is lacking" in html


def test_medicines_are_information_with_ask_a_pharmacist(ana_client, ana):
    assess(ana)
    html = page(ana_client)
    medicines = {s for s, i in interventions().items() if i.kind == "medicine_info"}
    assert medicines <= set(info_only(html))
    assert not medicines & set(recommended(html))
    assert "Ask a pharmacist or doctor" in html


def test_a_new_urgent_assessment_pauses_the_plan_with_a_sentence(ana_client, ana):
    assess(ana, factors=["sedentary"])
    assert recommended(page(ana_client))
    assess(ana, level="urgent")
    html = page(ana_client)
    assert not recommended(html)
    assert "the exercise plan is paused" in html
    assert Plan.objects.filter(user=ana).count() == 2
    assert Plan.objects.filter(user=ana).first().status == "care_first"


def test_the_print_page_is_print_friendly(ana_client, ana):
    assess(ana, factors=["stress_anxiety"])
    html = page(ana_client)
    assert 'href="/plan/print/"' in html
    printed = ana_client.get("/plan/print/").content.decode()
    assert recommended(printed) == recommended(html)
    assert "<details" not in printed  # sources are spelled out on paper
    assert "pin-form" not in printed
    assert "does not diagnose or prescribe" in printed


def test_people_see_only_their_own_plan(client, ana, bo, dee):
    assess(ana, level="urgent")
    assess(bo, factors=["deconditioning"])
    client.force_login(bo)
    bo_html = page(client)
    assert recommended(bo_html)
    assert "Getting care comes first" not in bo_html
    client.force_login(dee)
    dee_html = page(client)
    assert "A general starting plan" in dee_html
    assert not Plan.objects.filter(user=dee).exists()
    client.force_login(ana)
    assert not recommended(page(client))


def test_progress_needs_a_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert strict.post("/plan/progress/").status_code == 403
