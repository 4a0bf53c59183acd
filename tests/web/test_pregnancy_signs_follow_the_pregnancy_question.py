"""The pregnancy warning signs are asked wherever the pregnancy question is, and left out
with it: Harold, a man, is not asked about bleeding from the vagina or a baby moving less,
and neither is a woman of 72; a woman of 35, or a person who has not said their sex, is asked
both. A left-out question is stored as "no", as the pregnancy question is."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.models import Assessment
from backcare.domain.findings import finding_catalogue, red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-06-01 10:00 +0000"
PREGNANT = finding_catalogue()["pregnant"].question
SIGNS = finding_catalogue()["pregnancy_warning_signs"]
#: Left out together, with the optional due date that goes with them.
BOTH = frozenset({"pregnant", "pregnancy_warning_signs", "due_date"})


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def walk_to(client, last: str, **answers: object) -> None:  # type: ignore[no-untyped-def]
    calm = {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}
    for step in wizard.steps():
        given = {f.id: calm[f.id] for f in wizard.step_findings(step.id) if f.id in calm}
        response = client.post(step_url(step.id), given)
        assert response.status_code == 302, (step.id, response.content.decode()[:2000])
        if step.id == last:
            return


@pytest.mark.parametrize(
    ("sex", "age", "left_out"),
    [
        ("male", 35, BOTH),
        ("female", 72, BOTH),
        ("female", 35, frozenset()),
        ("", 72, frozenset()),
        ("other", 35, frozenset()),
    ],
)
def test_the_signs_follow_the_pregnancy_question(sex, age, left_out):
    assert wizard.not_asked(sex, None, {"age": age}) == left_out


@pytest.mark.parametrize("said", ["yes", "not_sure"])
def test_an_answer_already_given_to_the_signs_keeps_both_asked(said):
    assert wizard.not_asked("male", None, {"age": 35, "pregnancy_warning_signs": said}) == set()


@time_machine.travel(NOW, tick=False)
def test_harold_is_asked_neither_and_both_are_stored_as_no(client):
    harold = make_user("harold", year_of_birth=1961, sex="male", time_zone="Australia/Sydney")
    client.force_login(harold)
    walk_to(client, "safety_general", age="64")
    html = client.get(step_url("safety_more")).content.decode()
    assert PREGNANT not in html
    assert 'name="pregnancy_warning_signs"' not in html
    assert SIGNS.question_to("male") not in html
    assert "a baby moving less" not in html
    walk_to(client, "days_and_sleep", age="64")
    findings = Assessment.objects.get(user=harold).findings
    assert (findings["pregnant"], findings["pregnancy_warning_signs"]) == ("no", "no")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("sex", ["female", ""])
def test_a_woman_or_a_person_who_has_not_said_is_asked_both(client, sex):
    person = make_user("kim", year_of_birth=1991, sex=sex, time_zone="Europe/London")
    client.force_login(person)
    walk_to(client, "safety_general", age="35")
    html = client.get(step_url("safety_more")).content.decode()
    assert PREGNANT in html
    assert 'name="pregnancy_warning_signs"' in html
    assert SIGNS.question in html
