import re
from html import escape

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
    return re.findall(r'class="plan-item[^"]*" data-slug="([^"]+)"', html)


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


def stop_list(html):
    """The lines under "When to stop and get help"."""
    section = html.split('aria-labelledby="stop-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li class="stop-rule[^"]*">(.*?)(?: <span class="refs">|</li>)', section)


@pytest.mark.parametrize(
    ("level", "paused"),
    [("emergency", True), ("urgent", True), ("soon", False), ("self_care", False)],
)
def test_a_paused_plan_does_not_say_when_to_stop_an_exercise(ana_client, ana, level, paused):
    """A plan paused for care has no exercises; every other plan says when to stop one, on
    the page and on paper. The stored version keeps the line, for when the plan resumes."""
    assess(ana, level=level, factors=["sedentary"])
    stop = "Stop any exercise that causes sharp pain"
    for html in (page(ana_client), ana_client.get("/plan/print/").content.decode()):
        rules = stop_list(html)
        assert any("Call" in rule for rule in rules)  # the warning signs stay
        assert any(rule.startswith(stop) for rule in rules) is not paused
    stored = Plan.objects.get(user=ana).body["stop_rules"]
    assert any(rule["text"].startswith(stop) for rule in stored)


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
    assert "<summary>Sources and review status</summary>" in html
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
def test_items_not_recommended_live_in_the_catalogue_linked_once(ana_client, ana, factors):
    not_recommended = {s for s, i in interventions().items() if not i.recommendable}
    assert {"tens", "nad-infusions", "opioids-for-chronic-pain"} <= not_recommended
    assess(ana, factors=factors)
    Preferences.objects.create(user=ana, equipment=ALL_KIT)
    html = page(ana_client)
    assert not set(recommended(html)) & not_recommended
    assert not info_only(html)
    assert html.count('href="/plan/what-about/"') == 1
    catalogue = ana_client.get("/plan/what-about/").content.decode()
    assert set(info_only(catalogue)) == not_recommended
    for slug in not_recommended:
        assert escape(interventions()[slug].statement) in catalogue


def test_no_item_appears_twice_on_the_plan(ana_client, ana):
    assess(ana, factors=["stress_anxiety", "sedentary", "deconditioning", "sleep_position"])
    Preferences.objects.create(user=ana, equipment=ALL_KIT, minutes_per_day=20)
    for slug in ("cat-cow", "superficial-heat"):
        ToolboxPin.objects.create(user=ana, exercise=slug)
    shown = recommended(page(ana_client))
    assert shown
    assert len(shown) == len(set(shown)), shown


def test_the_routine_comes_first_with_pictures_and_one_start_button(ana_client, ana):
    assess(ana, factors=["stress_anxiety", "sedentary"])
    html = page(ana_client)
    routine = Plan.objects.get(user=ana).body["routine"]
    today = html.split('class="today"')[1].split("</section>")[0]
    assert html.index('class="today"') < html.index("This week")
    assert html.count("Start today's routine") == 1
    for item in routine:
        ex = exercises()[item["slug"]]
        assert f'src="/exercises/{ex.slug}/picture.svg" alt="{escape(ex.alt)}"' in today
    assert f"{len(routine)} exercises" in today


@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ("tens", {"tens"}, {"opioids-for-chronic-pain"}),
        ("OPIOIDS", {"opioids-for-chronic-pain"}, {"tens"}),
        ("nad+", {"nad-infusions"}, {"tens"}),
        ("no-such-treatment", set(), {"tens"}),
    ],
)
def test_the_catalogue_is_searchable(client, db, query, found, missing):
    html = client.get("/plan/what-about/", {"q": query}).content.decode()
    shown = set(info_only(html))
    assert found <= shown
    assert not missing & shown
    if not found:
        assert "Nothing matches" in html


def test_medicines_are_information_with_ask_a_pharmacist(client, db):
    html = client.get("/plan/what-about/").content.decode()
    medicines = {s for s, i in interventions().items() if i.kind == "medicine_info"}
    assert medicines <= set(info_only(html))
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
    routine = [i["slug"] for i in Plan.objects.get(user=ana).body["routine"]]
    assert recommended(printed)[: len(routine)] == routine
    assert set(recommended(printed)) <= set(recommended(html))
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
