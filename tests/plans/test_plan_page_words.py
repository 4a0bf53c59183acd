"""The plan page for a person in pain: one care deadline, a first week that asks for few
things, a course given by a clinician shown as something to ask about, and the sleep set-up
for how the back check said they sleep."""

from __future__ import annotations

import re

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.plans.presenting import shared_why_line


def answers(**extra: object) -> dict[str, object]:
    return {
        **dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual",
        "intensity_now": 6, "stress_level": 7, "feel": ["spasm", "tension"],
        "onset_days_ago": 10, "sleep_quality": "poor", "sitting_hours": 9, **extra,
    }  # fmt: skip


def page(client) -> str:  # type: ignore[no-untyped-def]
    return client.get("/plan/").content.decode()


def part(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_a_soon_plan_gives_one_deadline(ana_client, ana):  # type: ignore[no-untyped-def]
    assess(ana, answers(sleep_position="side"))
    html = page(ana_client)
    assert planning.current_plan(ana).body["status"] == "gentle"
    assert "does not settle within a week" not in html
    top = part(html, 'id="status-title"', "</section>")
    assert "A gentle plan, because of your answers." in top  # why it is gentle
    assert top.count("in the next few days") == 1  # how soon: said by the booking line only
    assert "Please book to see a clinician in the next few days" in top
    assert "Get help at once for any warning sign" in top
    # What a clinician reads keeps the stored sentence, which names the time frame.
    assert "because your answers suggest" in planning.current_plan(ana).body["status_reason"]


def test_a_reason_every_exercise_shares_is_said_once_for_the_routine(ana_client, ana):  # type: ignore[no-untyped-def]
    """Each exercise keeps its grade and its "Why"; the reason they share, once."""
    assess(ana, {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"})
    routine = planning.current_plan(ana).body["routine"]
    assert len(routine) > 1
    assert {i["why"].split(". ")[0] for i in routine} == {
        "Chosen because guidelines advise it for most people with back pain"
    }
    html = page(ana_client)
    today = part(html, 'id="today-title"', "</section>")
    assert today.count("Guidelines advise it for most people with back pain.") == 1
    assert today.count("Evidence: ") == len(routine)
    assert today.count("<summary>Why<") == len(routine)


def test_a_reason_most_exercises_share_is_said_once_and_one_of_its_own_stays(ana_client, ana):  # type: ignore[no-untyped-def]
    """Two of three share a reason: said once for the routine; the third's own reason stays
    under it, and each keeps its grade and its "Why"."""
    assess(ana, answers(sleep_position="side"))
    routine = planning.current_plan(ana).body["routine"]
    reasons = [i["why"].split(". ")[0].removeprefix("Chosen because ") for i in routine]
    shared = max(reasons, key=reasons.count)
    assert (len(routine), reasons.count(shared)) == (3, 2)
    (own,) = {r for r in reasons if r != shared}
    today = part(page(ana_client), 'id="today-title"', "</section>")
    assert today.count(f"{shared[:1].upper()}{shared[1:]}.") == 1
    assert today.count('<p class="why-line routine-why">') == 1
    assert today.count('<p class="why-line">') == 1
    assert f'<p class="why-line">{own[:1].upper()}{own[1:]}.</p>' in today
    assert today.count("Evidence: ") == len(routine)
    assert today.count("<summary>Why<") == len(routine)


def test_reasons_that_all_differ_stay_under_each_exercise() -> None:
    items = [{"why_line": "A."}, {"why_line": "B."}, {"why_line": "A."}, {"why_line": "C."}]
    assert shared_why_line(items) == ""  # two of four is not most
    assert shared_why_line(items[:3]) == "A."
    assert shared_why_line(items[:1]) == ""  # one exercise: under it


def test_week_one_asks_for_the_routine_the_walk_and_three_habits(ana_client, ana):  # type: ignore[no-untyped-def]
    assess(ana, answers(sleep_position="side"))
    html = page(ana_client)
    week = part(html, 'id="week-title"', "</section>")
    slugs = re.findall(r'data-slug="([\w-]+)"', week)
    assert "walking-programme" in slugs
    assert len([s for s in slugs if s != "walking-programme"]) <= 3
    assert week.count("Evidence:") == len(slugs)
    later = part(html, 'id="later-title"', "</details>")
    assert "Evidence:" in later
    assert "Sources:" in later


def test_a_course_given_by_a_clinician_is_something_to_ask_about(ana_client, ana):  # type: ignore[no-untyped-def]
    assess(ana, answers(sleep_position="side"))
    body = planning.current_plan(ana).body
    assert any(i["slug"] == "psychological-support" for i in body["relaxation"])
    html = page(ana_client)
    week = part(html, 'id="week-title"', "</section>")
    assert "psychological-support" not in week
    ask = part(html, 'id="ask-title"', "</section>")
    assert 'data-slug="psychological-support"' in ask
    assert "Not a daily task" in ask
    assert "Evidence: low" in ask


def test_stress_is_said_once_for_the_relaxation_items(ana_client, ana):  # type: ignore[no-untyped-def]
    assess(ana, answers(sleep_position="side"))
    html = page(ana_client)
    after_routine = html[html.index('id="week-title"') : html.index('id="stop-title"')]
    assert after_routine.count("stress or anxiety may be keeping your muscles tense") <= 1


def test_a_side_sleeper_from_the_back_check_sees_the_side_set_up(ana):  # type: ignore[no-untyped-def]
    assess(ana, answers(sleep_position="side"))
    sleep = [i["slug"] for i in planning.current_plan(ana).body["sleep"]]
    assert sleep == ["pillow-between-knees"]


def test_both_set_ups_show_only_when_the_position_is_not_known(ana):  # type: ignore[no-untyped-def]
    assess(ana, answers())
    sleep = {i["slug"] for i in planning.current_plan(ana).body["sleep"]}
    assert sleep == {"pillow-between-knees", "pillow-under-knees"}


def test_the_preferences_say_more_than_the_back_check(ana):  # type: ignore[no-untyped-def]
    assess(ana, answers(sleep_position="side"))
    Preferences.objects.create(user=ana, equipment=["chair"], sleep_position="back")
    planning.rebuild_plan(ana)
    assert [i["slug"] for i in planning.current_plan(ana).body["sleep"]] == ["pillow-under-knees"]


def test_long_standing_pain_does_not_hear_it_will_pass_in_a_few_weeks(ana_client, ana):  # type: ignore[no-untyped-def]
    assess(
        ana,
        {
            **dict.fromkeys(red_flag_ids(), "no"), "age": 50, "onset": "gradual",
            "intensity_now": 4, "problem_duration": "over_a_year",
        },
    )  # fmt: skip
    html = page(ana_client)
    assert "within a few weeks" not in html
    assert "first month" not in html
    assert "Back pain past 12 weeks eases more slowly" in html


def test_the_morning_stiffness_article_makes_no_age_claim(ana_client):  # type: ignore[no-untyped-def]
    html = ana_client.get("/learn/morning-stiffness/").content.decode()
    assert "Why lying still makes you stiff" in html
    assert "older" not in html
    assert "Inflammaging" not in html
