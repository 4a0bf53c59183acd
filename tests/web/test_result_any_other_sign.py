"""Under "When to get help", the result's "Any other sign" is the plan's list, in the words of
the person's place, without the signs already listed as their own: result and plan say one
list. A sign they have only at a later timeframe stays at its own level in the list (never
softened), every sign they do not have stays, and a result stored with the older paragraph
of warning signs still shows the list. On a page, no number of the lists breaks across lines.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from tests.conftest import make_user
from tests.intake_data import calm_answers
from tests.web.test_unbroken_numbers import kept_numbers, loose_numbers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

#: 34, leg pain to the foot with pins and needles, unsure about a change in sexual function,
#: pain worse on coughing: speak to a clinician today.
SAM = {
    "where": ["lower_back", "leg"],
    "pain_spreading_down_leg": "yes",
    "numbness_tingling": "yes",
    "sexual_dysfunction": "not_sure",
    "worse_cough_sneeze_strain": "yes",
}
#: His own signs, in the words of everyone's list: said once, as his own.
HIS_OWN = ("pain spreads down a leg", "a leg goes numb or tingly", "worse when you cough")
#: Signs he does not have, one of each level: still said, each at its level.
NOT_HIS = {
    "emergency": "Call 999 now if you get numbness around your genitals",
    "urgent": "Speak to a clinician today if your back pain comes with a high temperature",
    "soon": "See a clinician in the next few days if pain is worse at night",
}


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-03-10 09:00 +0000", tick=False):
        yield


def items(html: str) -> list[tuple[str, str]]:
    """Each listed sign's level and words, as read."""
    found = re.findall(r'<li class="stop-rule stop-(\w+)">(.*?)</li>', html, re.DOTALL)
    return [(level, unescape(re.sub(r"<[^>]+>", "", text)).strip()) for level, text in found]


def results_other_signs(html: str) -> str:
    safety = html.split('id="safety-title"', 1)[1].split("</section>", 1)[0]
    return safety.split("Any other sign", 1)[1].split("</ul>", 1)[0]


def plans_other_signs(html: str) -> str:
    stop = html.split('id="stop-title"', 1)[1].split("</section>", 1)[0]
    return stop.split("Any other sign", 1)[1].split("</ul>", 1)[0]


def pages(client, person, answers):  # type: ignore[no-untyped-def]
    client.force_login(person)
    assessment = assess(person, calm_answers(**answers))
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    result = client.get(url).content.decode()
    return assessment, result, client.get(reverse("plans:plan")).content.decode()


def test_the_result_and_the_plan_say_one_list_without_his_own_signs(client):
    sam = make_user("sam", year_of_birth=1992, sex="male", time_zone="Europe/London")
    assessment, result, plan = pages(client, sam, SAM)
    assert assessment.level == "urgent"
    on_result = items(results_other_signs(result))
    on_plan = items(plans_other_signs(plan))
    assert on_result == [(level, words) for level, words in on_plan if level != "info"]
    listed = " ".join(words for _, words in on_result)
    for sign in HIS_OWN:
        assert sign not in listed, sign
    for level, words in NOT_HIS.items():
        assert any(lvl == level and text.startswith(words) for lvl, text in on_result), words
    assert "you are not clearly better after 4-6 weeks" in listed
    assert assessment.result["safety_net"] not in unescape(result)  # the older paragraph


def test_a_sign_she_has_only_at_a_later_timeframe_keeps_its_sooner_one_in_the_list(client):
    ana = make_user("ana", year_of_birth=1981, sex="female", time_zone="Europe/London")
    assessment, result, plan = pages(client, ana, {"age": 45, "weight_loss": "not_sure"})
    assert assessment.level == "soon"
    today = [words for level, words in items(results_other_signs(result)) if level == "urgent"]
    assert len(today) == 1
    assert "weight loss you cannot explain" in today[0]
    assert today == [w for lvl, w in items(plans_other_signs(plan)) if lvl == "urgent"]


def test_a_result_stored_with_the_older_paragraph_still_shows_the_list(client):
    sam = make_user("sam", year_of_birth=1992, sex="male", time_zone="Europe/London")
    client.force_login(sam)
    assessment = assess(sam, calm_answers(**SAM))
    older = "Whatever this result says, call your emergency number if you get new numbness."
    reasons = [
        {k: v for k, v in reason.items() if k != "finding_ids"}
        for reason in assessment.result["reasons"]
    ]
    Assessment.objects.filter(pk=assessment.pk).update(
        result={**assessment.result, "safety_net": older, "reasons": reasons}
    )
    response = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert older not in html
    listed = items(results_other_signs(html))
    assert [level for level, _ in listed][:1] == ["emergency"]
    assert any(words.startswith(NOT_HIS["emergency"]) for _, words in listed)


def test_in_sydney_no_number_of_his_signs_or_the_plans_breaks_across_lines(client):
    sam = make_user("sam", year_of_birth=1992, sex="male", time_zone="Australia/Sydney")
    _, result, plan = pages(client, sam, SAM)
    own = result.split("Your own warning signs", 1)[1].split('id="safety-title"', 1)[0]
    stop = plan.split('id="stop-title"', 1)[1].split("</section>", 1)[0]
    for html in (own, results_other_signs(result), stop):
        assert not loose_numbers(html)
    assert "1800 022 222" in kept_numbers(own)  # healthdirect, the same day
    assert {"1800 022 222", "13 11 14"} <= set(kept_numbers(stop))  # and Lifeline
