"""The back check in at most 14 pages: the same questions, related ones merged onto one page
(how it started and its history split again into two short ones), the warning-sign steps
untouched and first; a draft saved at a step since merged continues."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.drafts import SESSION_KEY, AccountDrafts
from backcare.assessments.models import Assessment, BackCheckDraft
from backcare.domain.findings import finding_catalogue, finding_schema, red_flag_ids

NOW = "2026-06-01 10:00 +0000"
HX = {"HTTP_HX_REQUEST": "true"}

#: The warning-sign steps as they were before any page was merged: their order, and the
#: order of the warning-sign questions on each. Merging other pages never changes these.
SAFETY_STEPS = {
    "safety_now": [
        "chest_pain",
        "tearing_pain",
        "collapse",
        "very_unwell",
        "major_trauma",
        "cannot_stand_or_walk",
    ],
    "safety_nerves": [
        "bladder_change",
        "bowel_change",
        "saddle_numbness",
        "sexual_dysfunction",
        "both_legs",
    ],
    "safety_legs": [
        "numbness_tingling",
        "leg_weakness",
        "weakness_getting_worse",
        "walking_difficulty",
    ],
    "safety_health": [
        "cancer_history",
        "weak_immune_system",
        "iv_drug_use",
        "recent_infection_or_procedure",
        "osteoporosis",
        "long_term_steroids",
    ],
    "safety_general": [
        "fever",
        "weight_loss",
        "lump_or_shape_change",
        "pain_not_eased_by_rest",
        "worse_cough_sneeze_strain",
        "thoracic_pain",
    ],
    "safety_more": [
        "abdominal_pain",
        "urinary_symptoms",
        "red_painful_eye",
        "pregnant",
        "pregnancy_warning_signs",
    ],
    "coping": ["self_harm_thoughts"],
}


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def calm(step_id: str) -> dict[str, object]:
    """Every warning sign "no", aged 35, a gradual start: the questions of one step."""
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": "35", "onset": "gradual"}
    return {f.id: answers[f.id] for f in wizard.step_findings(step_id) if f.id in answers}


# --- fewer pages, same questions, the safety steps first and unchanged ---------------------


def test_the_back_check_is_at_most_14_pages():
    assert len(wizard.steps()) <= 14


def test_every_warning_sign_is_on_its_safety_step_in_the_same_order():
    first = [s.id for s in wizard.steps()[: len(SAFETY_STEPS)]]
    assert first == list(SAFETY_STEPS)
    for step_id, expected in SAFETY_STEPS.items():
        asked = [f.id for f in wizard.step_findings(step_id) if f.red_flag]
        assert asked == expected, step_id
    assert {fid for ids in SAFETY_STEPS.values() for fid in ids} == set(red_flag_ids())


def test_every_page_has_one_title_and_one_lead_and_asks_something():
    schema = finding_schema()
    assert set(schema.leads) == {step_id for step_id, _ in schema.steps}
    for step in wizard.steps():
        assert step.title.strip()
        assert step.lead.strip()
        assert wizard.step_findings(step.id), step.id
    assert len(finding_catalogue()) == sum(len(wizard.step_findings(s.id)) for s in wizard.steps())


def test_every_former_step_names_a_step_of_today():
    former = finding_schema().former_steps
    today = {s.id for s in wizard.steps()}
    assert former
    assert not set(former) & today
    assert set(former.values()) <= today


# --- a draft saved under the old steps continues ---------------------------------------------


def old_draft(user, reached: str, answers: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """A draft as it was saved before the pages were merged."""
    BackCheckDraft.objects.create(user=user, answers=answers, reached_step=reached)


SAFETY_DONE = {**dict.fromkeys(red_flag_ids(), "no"), "age": 35}


@pytest.mark.parametrize(
    ("reached", "resumes"),
    [
        ("where", "where_and_feel"),  # "What does it feel like?" not yet shown: shown
        ("feel", "strength_and_pattern"),
        ("onset", "strength_and_pattern"),
        ("timing", "start_and_history"),
        ("triggers", "start_and_history"),  # its history questions were still to come
        ("history", "rest_of_body"),
        ("rest", "rest_of_body"),  # widespread pain and tiredness were on the last page
        ("impact", "days_and_sleep"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_draft_saved_at_an_old_step_continues_without_passing_a_question(
    ana, ana_client, reached, resumes
):
    old_draft(ana, reached, {**SAFETY_DONE, "where": ["lower_back"], "onset": "gradual"})
    assert wizard.resume_step(AccountDrafts(ana)).id == resumes
    start = ana_client.get(reverse("assessments:start")).content.decode()
    assert f'href="{step_url(resumes)}"' in start
    page = ana_client.get(step_url(resumes)).content.decode()
    assert f"Step {wizard.step(resumes).number} of {len(wizard.steps())}" in page


@time_machine.travel(NOW, tick=False)
def test_a_draft_kept_in_the_session_at_an_old_step_continues(ana, ana_client):
    session = ana_client.session
    session[SESSION_KEY] = {"answers": {**SAFETY_DONE}, "reached": "feel"}
    session.save()
    start = ana_client.get(reverse("assessments:start")).content.decode()
    assert f'href="{step_url("strength_and_pattern")}"' in start


@time_machine.travel(NOW, tick=False)
def test_a_page_of_an_old_step_leads_on_to_where_the_check_continues(ana, ana_client):
    old_draft(ana, "feel", {**SAFETY_DONE, "where": ["neck"]})
    response = ana_client.get(step_url("intensity"))
    assert response.status_code == 302
    assert response["Location"] == step_url("strength_and_pattern")
    tapped = ana_client.post(step_url("intensity"), {"intensity_now": "4", "go": "keep"}, **HX)
    assert tapped["HX-Redirect"] == step_url("strength_and_pattern")
    assert ana_client.get(step_url("no_such_step")).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_an_old_draft_is_finished_into_a_result_with_every_answer(ana, ana_client):
    old_draft(ana, "onset", {**SAFETY_DONE, "where": ["lower_back"], "onset": "gradual"})
    step = wizard.resume_step(AccountDrafts(ana))
    while True:
        response = ana_client.post(step_url(step.id), {**calm(step.id), "sitting_hours": "3"})
        assert response.status_code == 302, (step.id, response.content.decode()[:1500])
        if not response["Location"].startswith("/assess/"):
            break
        step = wizard.resume_step(AccountDrafts(ana))
    assessment = Assessment.objects.get(user=ana)
    assert assessment.findings["where"] == ["lower_back"]  # kept from the old draft
    assert assessment.findings["sitting_hours"] == 3  # answered on the last page
    assert assessment.result.get("complete", True) is True
    assert not BackCheckDraft.objects.filter(user=ana).exists()
