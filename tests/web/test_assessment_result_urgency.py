"""The "Why" of a result never reads as leave to wait: the reasons that set the level come
first; a sign less urgent on its own ("worth a check in the next few days") is headed as such
under a same-day or emergency result, with every reason still shown."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from tests.intake_data import calm_answers

#: Night or rest pain at 62: same-day care, and the rest pain alone is a "few days" sign.
URGENT_WITH_A_SOON_SIGN = {"pain_not_eased_by_rest": "yes", "age": 62}


def why_section(client, assessment) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    return html.decode().split('id="why-title"', 1)[1].split("</section>\n  <section", 1)[0]


def test_a_same_day_result_heads_the_few_days_sign_as_less_urgent_on_its_own(ana_client, ana):
    assessment = assess(ana, calm_answers(**URGENT_WITH_A_SOON_SIGN))
    assert assessment.level == "urgent"
    levels = {r["title"]: r["level"] for r in assessment.result["reasons"]}
    assert sorted(levels.values()) == ["soon", "urgent"]
    why = why_section(ana_client, assessment)
    urgent = next(t for t, level in levels.items() if level == "urgent")
    soon = next(t for t, level in levels.items() if level == "soon")
    also = why.index('id="less-urgent-title">Also in your answers</h3>')
    assert why.index(escape(urgent)) < also < why.index(escape(soon))
    assert "On its own, each of these would need less urgent care." in why
    assert f"<h4>{escape(soon)}</h4>" in why  # under its own heading, not beside the verdict's


def test_the_leading_reasons_come_most_urgent_first_whatever_order_they_are_stored_in(
    ana_client, ana
):
    assessment = assess(ana, calm_answers(**URGENT_WITH_A_SOON_SIGN))
    assessment.result = {**assessment.result, "reasons": assessment.result["reasons"][::-1]}
    assessment.save()
    why = why_section(ana_client, assessment)
    assert why.index('class="reason reason-urgent"') < why.index('class="reason reason-soon"')
    assert why.index('class="reason reason-urgent"') < why.index("Also in your answers")


def test_reasons_all_at_the_results_level_have_no_less_urgent_part(ana_client, ana):
    assessment = assess(ana, calm_answers(pain_not_eased_by_rest="yes", age=35))
    assert assessment.level == "soon"
    why = why_section(ana_client, assessment)
    assert 'class="reason reason-soon"' in why
    assert "Also in your answers" not in why


def test_a_calm_result_still_says_no_warning_signs(ana_client, ana):
    why = why_section(ana_client, assess(ana, calm_answers()))
    assert "No warning signs were found in your answers." in why
    assert "Also in your answers" not in why
