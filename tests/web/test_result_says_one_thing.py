"""What a pregnant person in Toronto and a woman of 71 in Dublin read on their results.

The check-in's emergency for pregnancy warning signs said "call 911 now", then "call your
maternity unit first", then again "see a clinician today, even if you did not think you were
pregnant"; the back check's "When to get help" gave her every country's emergency numbers;
and a sudden pain with fragile bones was listed third, under "worse when coughing".
"""

from __future__ import annotations

import re

from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

EVERY_NUMBER = "112 in Europe"
TODAY_URL = reverse("diary:today")


def full(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def text_of(html: str) -> str:
    html = re.sub(r'<span class="unbroken">([^<]*)</span>', r"\1", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main_of(html: str) -> str:
    return text_of(html.split('<main id="main"', 1)[1].split("</main>", 1)[0])


def amara(db):  # type: ignore[no-untyped-def]
    return make_user(
        "amara", display_name="Amara", year_of_birth=1999, sex="female", time_zone="America/Toronto"
    )


def test_a_pregnant_persons_check_in_emergency_says_one_thing_in_one_order(client, db):
    person = amara(db)
    assess(person, full(age=27, pregnant="yes"))
    client.force_login(person)
    page = client.post(
        TODAY_URL, {"moment": "morning", "pain": "5", "safety_pregnancy_warning_signs": "yes"}
    ).content.decode()
    shown = main_of(page)
    assert "Emergency: get help now" in shown
    why = shown.split(" Why ", 1)[1]
    assert why.count("In pregnancy") == 1
    assert "Bleeding, cramping or other pregnancy warning signs." not in why  # no second reason
    assert "did not think you were pregnant" not in shown
    call = why.index("Call 911 or go to an emergency department now")
    assert call < why.index("maternity unit")
    assert EVERY_NUMBER not in shown


def test_a_pregnant_persons_back_check_result_names_only_her_places_numbers(client, db):
    person = amara(db)
    assessment = assess(person, full(age=27, pregnant="yes", stops_daily_activities="yes"))
    client.force_login(person)
    shown = main_of(
        client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content.decode()
    )
    assert "In pregnancy, back pain with bleeding" in shown  # in "When to get help"
    assert EVERY_NUMBER not in shown
    assert "call 911 or go to an emergency department now, and say that you are pregnant" in (
        shown.lower()
    )


def test_the_back_check_emergency_for_pregnancy_lists_it_once(client, db):
    person = amara(db)
    assessment = assess(person, full(age=27, pregnant="yes", pregnancy_warning_signs="yes"))
    client.force_login(person)
    shown = main_of(
        client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content.decode()
    )
    assert shown.count("In pregnancy, back pain with bleeding") == 1
    assert "did not think you were pregnant" not in shown
    said = shown.split("In pregnancy", 1)[1]
    assert said.index("Call 911 or go to an emergency department now") < said.index("maternity")
    assert EVERY_NUMBER not in shown


def test_sudden_pain_with_fragile_bones_is_the_main_reason(client, db):
    person = make_user(
        "siobhan", display_name="Siobhán", year_of_birth=1955, sex="female",
        time_zone="Europe/Dublin",
    )  # fmt: skip
    assess(
        person,
        full(
            age=71,
            onset="sudden_movement",
            osteoporosis="yes",
            long_term_steroids="yes",
            thoracic_pain="yes",
            worse_cough_sneeze_strain="yes",
        ),
    )
    client.force_login(person)
    listing = main_of(client.get(reverse("assessments:history")).content.decode())
    assert "Sudden pain with a raised risk of fracture" in listing
    assert "Pain worse when coughing" not in listing
