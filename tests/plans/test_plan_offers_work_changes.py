"""The back check asks, optionally, whether the back is making work hard: someone who is
working but finding it hard, or off work because of their back, is offered "Work, with
temporary changes" with its grade and sources; nobody else is, whatever their factors
(strain also comes from lifting a grandchild), and the answer never changes the triage."""

from __future__ import annotations

import pytest

from backcare.assessments import wizard
from backcare.assessments.intake import assess
from backcare.domain.findings import finding_catalogue, validate_findings
from backcare.domain.plans import PlanInput, PlanInputError, build_plan
from backcare.domain.triage import triage
from backcare.plans import planning
from tests.intake_data import calm_answers

ITEM = "work-with-changes"
SOURCES = ("nice-ng59", "vanvilsteren-2015-workplace", "waddell-burton-2006-work")
#: A 38-year-old warehouse team lead: it started lifting at work, he is stressed and worried.
TEAM_LEAD = {
    "age": 38,
    "sex": "male",
    "onset": "sudden_movement",
    "triggers": ["lifting"],
    "activity_level": "very_active",
    "stress_level": 7,
    "intensity_now": 5,
}


def work_items(plan):  # type: ignore[no-untyped-def]
    return [item for item in plan.recommendations() if item.slug == ITEM]


def plan_items(user) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    body = planning.current_plan(user).body
    return {item["slug"]: item for item in body["keep_moving"]}


def test_the_question_is_optional_asked_with_the_days_and_not_a_warning_sign():
    work = finding_catalogue()["work"]
    assert work.step == "days_and_sleep"
    assert not work.red_flag
    assert not work.required
    assert not work.checkin
    assert [o.value for o in work.options] == ["no", "hard", "off"]
    assert work.options[0].label == "No, or I'm not working"  # not working is said plainly


def test_the_back_check_is_no_longer_for_it():
    estimate = wizard.intake_estimate()
    assert (estimate.steps, estimate.minutes) == (14, 11)


def test_off_work_because_of_the_back_is_offered_the_item_with_its_grade_and_sources(ana):
    assess(ana, calm_answers(**TEAM_LEAD, work="off"))
    item = plan_items(ana)[ITEM]
    assert item["grade"] == "low"
    assert tuple(item["references"]) == SOURCES
    assert item["education"] == ["work-and-back-pain"]
    assert item["why"].startswith(
        "Chosen because you told us you are off work because of your back."
    )


def test_working_but_finding_it_hard_is_offered_it_too(ana):
    assess(ana, calm_answers(**TEAM_LEAD, work="hard"))
    item = plan_items(ana)[ITEM]
    assert item["why"].startswith("Chosen because you told us your back is making work hard.")
    assert (item["grade"], tuple(item["references"])) == ("low", SOURCES)


@pytest.mark.parametrize("answer", ["no", None])
def test_no_or_not_working_or_no_answer_is_not_offered_it(ana, answer):
    told = {} if answer is None else {"work": answer}
    assess(ana, calm_answers(**TEAM_LEAD, **told))
    offered = planning.current_plan(ana).body
    assert ITEM not in {
        item["slug"]
        for key in ("keep_moving", "daily_habits", "also_consider")
        for item in offered[key]
    }


def test_the_plan_page_shows_it_this_week_for_someone_off_work(ana_client, ana):
    assess(ana, calm_answers(**TEAM_LEAD, work="off"))
    html = ana_client.get("/plan/").content.decode()
    this_week, _, later = html.partition("Add these one at a time")
    assert "Work, with temporary changes" in this_week
    assert "Work, with temporary changes" not in later
    assert "/learn/work-and-back-pain/" in html


@pytest.mark.parametrize("factors", [frozenset(), frozenset({"overuse", "sedentary"})])
def test_factors_alone_never_offer_it(factors):
    for work in (None, "no"):
        assert not work_items(build_plan(PlanInput("self_care", factors, work=work)))
    assert work_items(build_plan(PlanInput("self_care", factors, work="off")))


def test_care_first_offers_no_work_item():
    assert not work_items(build_plan(PlanInput("urgent", work="off")))


def test_an_unknown_answer_is_refused():
    with pytest.raises(PlanInputError, match="work must be one of no, hard, off"):
        PlanInput("self_care", work="retired")


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"bladder_change": "not_sure"},
        {"cancer_history": "yes", "age": 58},
        {"chest_pain": "yes"},
        {"leg_pain_on_walking": "yes"},
    ],
)
def test_the_answer_never_changes_the_triage(extra):
    base = calm_answers(**{**TEAM_LEAD, **extra})
    without = triage(validate_findings(base, require_red_flags=True))
    for work in ("no", "hard", "off"):
        found = triage(validate_findings({**base, "work": work}, require_red_flags=True))
        assert found == without
