"""The "Why" of a result never reads as leave to wait: the person's own signs come most urgent
first; under a same-day or emergency result, a sign less urgent on its own ("see a clinician
in the next few days") is said to be so only on its own, with every reason still told."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from tests.intake_data import calm_answers

#: Night or rest pain at 62: same-day care, and the rest pain alone is a "few days" sign.
URGENT_WITH_A_SOON_SIGN = {"pain_not_eased_by_rest": "yes", "age": 62}
#: Pain worse on coughing (today) and a tingling leg (within days): two signs, two timeframes.
TODAY_AND_DAYS = {"worse_cough_sneeze_strain": "yes", "numbness_tingling": "yes"}


def why_section(client, assessment) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    return html.decode().split('id="why-title"', 1)[1].split("</section>\n  <section", 1)[0]


def test_a_same_day_result_tells_the_few_days_sign_as_less_urgent_only_on_its_own(ana_client, ana):
    assessment = assess(ana, calm_answers(**URGENT_WITH_A_SOON_SIGN))
    assert assessment.level == "urgent"
    levels = {r["title"]: r["level"] for r in assessment.result["reasons"]}
    assert sorted(levels.values()) == ["soon", "urgent"]
    why = why_section(ana_client, assessment)
    urgent = next(t for t, level in levels.items() if level == "urgent")
    soon = next(t for t, level in levels.items() if level == "soon")
    # Night pain is listed once, at "today"; the rest pain alone is told under it, folded.
    assert f"{escape(urgent)}:</strong> Speak to a clinician today" in why
    assert "See a clinician in the next few days" not in why
    assert 'class="stop-rule stop-soon"' not in why
    folded = why.index('<details class="sign-more">')
    beside = f"<strong>{escape(soon)}</strong>: less urgent on its own; with your other answers"
    assert folded < why.index(beside)
    for reason in assessment.result["reasons"]:  # every reason still told
        assert escape(reason["advice"]) in why


def test_a_few_days_sign_under_a_same_day_result_is_less_urgent_only_on_its_own(ana_client, ana):
    assessment = assess(ana, calm_answers(**TODAY_AND_DAYS))
    assert assessment.level == "urgent"
    why = why_section(ana_client, assessment)
    today = why.index('class="stop-rule stop-urgent"')
    days = why.index('class="stop-rule stop-soon"')
    note = why.index("A sign with a later timeframe would need less urgent care on its own.")
    assert today < days < note
    assert "Follow the advice at the top: it weighs all your answers together." in why


def test_the_signs_come_most_urgent_first_whatever_order_they_are_stored_in(ana_client, ana):
    assessment = assess(ana, calm_answers(**TODAY_AND_DAYS))
    assessment.result = {**assessment.result, "reasons": assessment.result["reasons"][::-1]}
    assessment.save()
    why = why_section(ana_client, assessment)
    assert why.index('class="stop-rule stop-urgent"') < why.index('class="stop-rule stop-soon"')


def test_signs_all_at_the_results_level_have_no_less_urgent_note(ana_client, ana):
    assessment = assess(ana, calm_answers(pain_not_eased_by_rest="yes", age=35))
    assert assessment.level == "soon"
    why = why_section(ana_client, assessment)
    assert 'class="stop-rule stop-soon"' in why
    assert "less urgent care on its own" not in why


def test_a_calm_result_still_says_no_warning_signs(ana_client, ana):
    why = why_section(ana_client, assess(ana, calm_answers()))
    assert "No warning signs were found in your answers." in why
    assert "Your own warning signs" not in why
