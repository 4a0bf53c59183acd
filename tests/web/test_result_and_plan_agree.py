"""The back check's result and the paused plan say one thing about the person's own warning
signs: an urgent result is not set beside possible contributors as if they explained it; the
plan's list of when to get help never gives a sign the person already has a later timeframe
than their result; a sign answered "not sure" says both timeframes (not sure now, and sure or
new) in the same words on both pages; and both ask for a check-in each day."""

from __future__ import annotations

from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.forms import form_data
from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.plan_text import SELF_CARE
from tests.intake_data import calm_answers

#: "Today" for Ana in Lisbon, where no urgent line of its own is listed: the words for anywhere.
URGENT_LISBON = "Speak to a clinician today, or call your local urgent care or advice line."
#: 72, a cancer history and night pain: speak to a clinician today.
URGENT = {
    "age": 72,
    "cancer_history": "yes",
    "pain_not_eased_by_rest": "yes",
    "morning_stiffness_minutes": 45,
}


def page(client, url: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(url).content.decode()


def result_page(client, assessment) -> str:  # type: ignore[no-untyped-def]
    return page(client, reverse("assessments:result", kwargs={"pk": assessment.pk}))


def stop_rules(html: str) -> str:
    return html.split('id="stop-title"', 1)[1].split("</section>", 1)[0]


def test_an_urgent_result_keeps_possible_contributors_for_after_being_seen(ana_client, ana):
    assessment = assess(ana, calm_answers(**URGENT))
    assert assessment.level == "urgent"
    assert assessment.factors
    html = result_page(ana_client, assessment)
    assert "Urgent: speak to a clinician today" in html
    assert "may be contributing</h3>" not in html
    assert 'id="factors-title"' not in html
    assert 'id="course-title"' not in html
    later = html.index("(for after a clinician has seen you)")
    assert html.index('id="safety-title"') < later
    details = page(ana_client, reverse("assessments:details", kwargs={"pk": assessment.pk}))
    assert details.index("For after a clinician has seen you") < details.index('id="factors-title"')
    calm = result_page(ana_client, assess(ana, calm_answers(morning_stiffness_minutes=45)))
    assert 'id="factors-title"' in calm  # self-care: beside the result, as before
    assert "for after a clinician has seen you" not in calm


def test_the_paused_plan_never_gives_her_own_sign_a_later_timeframe(ana_client, ana):
    assess(ana, calm_answers())
    everyones = stop_rules(page(ana_client, reverse("plans:plan")))
    assert "pain is worse at night" in everyones
    assert "Your own warning signs" not in everyones
    assess(ana, calm_answers(**URGENT))
    html = page(ana_client, reverse("plans:plan"))
    assert "Your plan is paused" in html
    rules = stop_rules(html)
    assert "Your own warning signs" in rules
    own = rules.split("Any other sign", 1)[0]
    assert f"Night or rest pain together with a risk factor:</strong> {URGENT_LISBON}" in own
    assert "See a clinician in the next few days" not in own  # night pain: said once, today
    others = rules.split("Any other sign", 1)[1]
    assert "See a clinician in the next few days if" in others  # the list itself stays
    assert "worse at night" not in others
    # At 72 with a cancer history, pain between the shoulder blades is "today" for her too:
    # her own warning says it, and the "next few days" line leaves it out.
    assert "shoulder blades" not in others
    assert "Pain from the spine in the upper or middle back" in others


def test_trouble_peeing_not_sure_says_today_now_and_emergency_once_sure(ana_client, ana):
    assessment = assess(ana, calm_answers(age=45, bladder_change="not_sure"))
    assert assessment.level == "urgent"
    said = (
        f"(answered &#x27;not sure&#x27;):</strong> {URGENT_LISBON} If it becomes "
        "clear you have it, or it gets worse: call 112 now."
    )
    html = result_page(ana_client, assessment)
    why, safety = html.split('id="why-title"', 1)[1].split('id="safety-title"', 1)
    assert said in why  # her own sign, once: the why of the result, above when to get help
    later = safety.index("Call 112 now if you get numbness around your genitals")
    assert safety.index("Any other sign") < later
    assert said in stop_rules(page(ana_client, reverse("plans:plan")))


def test_weight_loss_not_sure_gives_the_same_two_timeframes_on_result_and_plan(ana_client, ana):
    assessment = assess(ana, calm_answers(age=45, weight_loss="not_sure"))
    assert assessment.level == "soon"
    said = (
        "See a clinician in the next few days. If it becomes clear you have it, or it gets worse: "
        "speak to a clinician today, or call your local urgent care or advice line."
    )
    html = result_page(ana_client, assessment)
    why = html.split('id="why-title"', 1)[1].split('id="safety-title"', 1)[0]
    then = URGENT_LISBON[:1].lower() + URGENT_LISBON[1:]
    assert f"If it becomes clear you have it, or it gets worse: {then}" in why
    assert said in why
    rules = stop_rules(page(ana_client, reverse("plans:plan")))
    assert said in rules
    assert "Speak to a clinician today if" in rules.split("Any other sign", 1)[1]


def test_result_and_plan_both_ask_for_a_check_in_each_day(ana_client, ana):
    assessment = assess(ana, calm_answers())
    assert "Check in each day" in result_page(ana_client, assessment)
    assert "check in each day" in SELF_CARE["acute"].text
    assert "check in each week" not in page(ana_client, reverse("plans:plan"))


def test_not_sure_answers_can_be_answered_again_alone_and_the_advice_worked_out_again(
    ana_client, ana
):
    assessment = assess(ana, calm_answers(age=45, bladder_change="not_sure"))
    url = reverse("assessments:recheck", kwargs={"pk": assessment.pk})
    offer = "Answer the questions you were not sure about again"
    assert offer in result_page(ana_client, assessment)
    assert offer in page(ana_client, reverse("plans:plan"))
    response = ana_client.post(url)
    step = wizard.step_of("bladder_change")
    assert response.url == reverse("assessments:step", kwargs={"step": step.id})
    asked = page(ana_client, response.url)
    assert "Answering again what you were not sure about" in asked
    done = ana_client.post(response.url, form_data(calm_answers(age=45), step.id))
    again = Assessment.objects.filter(user=ana).latest("pk")
    assert again.pk != assessment.pk
    assert done.url == reverse("assessments:result", kwargs={"pk": again.pk})
    assert again.level == "self_care"
    assert again.findings["bladder_change"] == "no"
    assert again.findings["age"] == 45  # every other answer kept
    assert offer not in result_page(ana_client, again)
