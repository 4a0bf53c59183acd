"""The back check's folded "More on when to see a clinician" never gives one of the person's
own signs a later timeframe than their own rules do.

Sofia, 45, on long-term steroid tablets, has ordinary back pain (a self-care result). For
her a fever is an emergency, so the folded course must not say "speak to a clinician the same
day if you get a fever on its own"; someone without risk factors still reads it. Everything
else the fold says (the emergency signs for everyone, "see a clinician if...") stays.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.course import course_book
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 10:00 +0000"
FEVER = "fever on its own"
#: The wording results stored before course.toml 1.6.0, in one item with the emergency signs.
OLD_ITEM = (
    "Call your emergency number if a new warning sign appears: numbness around your genitals "
    "or bottom, trouble peeing or controlling your bowels, weakness or numbness in both legs, "
    "weakness that is getting worse, chest pain, fainting, or feeling very unwell. Speak to a "
    "clinician the same day if you get a fever or new weakness in one leg."
)


def calm(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}


def folded(client, assessment: Assessment) -> str:  # type: ignore[no-untyped-def]
    client.force_login(assessment.user)
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    found = re.search(r'<details class="more-safety-net">(.*?)</details>', html.decode(), re.S)
    return unescape(found.group(1)) if found else ""


def person(name: str, **answers: object) -> Assessment:
    user = make_user(name, year_of_birth=1981, sex="female", time_zone="Europe/London")
    assessment = assess(user, calm(age=45, **answers))
    return assessment


@time_machine.travel(NOW, tick=False)
def test_someone_on_long_term_steroids_never_reads_fever_on_its_own(client):
    assessment = person("sofia", long_term_steroids="yes")
    assert assessment.level == "self_care"
    fold = folded(client, assessment)
    assert fold, "the fold is there"
    assert FEVER not in fold
    # The rest stays: the emergency signs for everyone, and when to see a clinician.
    assert "if a new warning sign appears" in fold
    assert "numbness around your genitals or bottom" in fold
    assert "no better after 4 to 6 weeks" in fold
    assert "spreads down a leg" in fold


@time_machine.travel(NOW, tick=False)
def test_someone_without_risk_factors_still_reads_it(client):
    assessment = person("dee")
    assert assessment.level == "self_care"
    assert "Speak to a clinician the same day if you get a fever on its own" in folded(
        client, assessment
    )


@time_machine.travel(NOW, tick=False)
def test_a_soon_result_on_long_term_steroids_leaves_it_out_too(client):
    assessment = person("wen", long_term_steroids="yes", pain_spreading_down_leg="yes")
    assert assessment.level == "soon"
    fold = folded(client, assessment)
    assert FEVER not in fold
    assert "if a new warning sign appears" in fold
    assert "no better after 4 to 6 weeks" in fold


@time_machine.travel(NOW, tick=False)
def test_told_after_the_back_check_counts(client):
    """Steroids told after the back check (the profile's facts change): the stored result's
    fold reads the person's context as it is now."""
    assessment = person("tom")
    assert FEVER in folded(client, assessment)
    user = assessment.user
    later = assess(user, calm(age=45, long_term_steroids="yes"))
    assert FEVER not in folded(client, assessment)
    assert FEVER not in folded(client, later)


@time_machine.travel(NOW, tick=False)
def test_a_result_stored_in_older_words_drops_only_the_softer_sentence(client):
    assessment = person("ola", long_term_steroids="yes")
    course = {**assessment.course, "safety_net": [OLD_ITEM]}
    Assessment.objects.filter(pk=assessment.pk).update(course=course)
    assessment.refresh_from_db()
    fold = folded(client, assessment)
    assert "the same day if you get a fever" not in fold
    assert "numbness around your genitals or bottom" in fold
    assert fold.count("feeling very unwell.") == 1


def test_every_sentence_names_its_signs_and_timeframe():
    """Tagged in course.toml: the same-day sentence with the signs it times on their own."""
    items = {item.id: item for item in course_book().safety_net}
    assert items["same_day_signs"].signs == ("fever", "leg_weakness")
    assert items["same_day_signs"].urgency == "urgent"
    assert items["new_red_flags"].urgency == "emergency"
    assert "fever" not in items["new_red_flags"].signs  # only with new leg numbness
