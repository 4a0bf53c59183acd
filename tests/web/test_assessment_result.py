"""The result page: the level first, emergencies with nothing competing, everything else in full.

End-to-end cases go through the real wizard (plain posts), so the same engine decides.
"""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.assessments.wizard import steps
from backcare.domain.findings import finding_catalogue, red_flag_ids
from backcare.domain.instruments import crisis_message
from backcare.questionnaires.models import InstrumentResponse
from backcare.web.templatetags.numbers import unbroken_numbers

LIFTING = {
    "age": 35,
    "where": ["lower_back"],
    "feel": ["pain", "stiffness"],
    "onset": "sudden_movement",
    "onset_days_ago": 2,
    "intensity_now": 6,
    "intensity_worst_24h": 7,
    "trend": "getting_better",
    "triggers": ["lifting"],
    "unaccustomed_activity": "yes",
}
IBP = {
    "age": 28,
    "age_when_started": 24,
    "problem_duration": "over_a_year",
    "where": ["lower_back"],
    "morning_stiffness_minutes": 60,
    "wakes_second_half_night": "yes",
    "better_with_movement": "yes",
    "psoriasis": "yes",
}


def full(**answers):
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def through_the_wizard(client, answers):
    """Answer every step with plain form posts and return the result page's HTML.

    An emergency ends the intake at once: the walk stops at the result page."""
    response = None
    for step in steps():
        data = {}
        for finding in finding_catalogue().values():
            if finding.step == step.id and finding.id in answers:
                value = answers[finding.id]
                data[finding.id] = [str(v) for v in value] if isinstance(value, list) else value
        response = client.post(reverse("assessments:step", kwargs={"step": step.id}), data)
        assert response.status_code == 302, (step.id, response.content.decode()[:3000])
        if not response["Location"].startswith("/assess/"):
            break
    return client.get(response["Location"]).content.decode()


def main_content(html):
    """What is inside <main>, without the (empty) messages area."""
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0].strip()


@pytest.mark.parametrize(
    ("answers", "level", "present", "absent"),
    [
        (
            full(bladder_change="yes", stress_level=9, age=44),
            "emergency",
            ["Or go to the nearest emergency department", 'href="tel:112"'],
            ["may be contributing", "What usually happens", "/plan/", "Other information"],
        ),
        (
            full(saddle_numbness="not_sure", age=50),
            "urgent",
            [
                "answered &#x27;not sure&#x27;",
                "get checked by a clinician today",
                "When to get help",
            ],
            ["/plan/"],
        ),
        (
            full(**LIFTING),
            "self_care",
            ["may be contributing", "What helps:", "What usually happens", "/plan/"],
            ["Other information"],
        ),
        (
            full(**IBP),
            "soon",
            ["Features of inflammatory back pain", "rheumatologist", "/plan/"],
            [],
        ),
    ],
    ids=["bladder-emergency", "saddle-not-sure", "acute-lifting", "inflammatory"],
)
def test_each_presentation_gets_its_level_first(ana_client, answers, level, present, absent):
    html = through_the_wizard(ana_client, answers)
    content = main_content(html)
    assert content.startswith(f'<section class="result-level level-{level}"'), content[:200]
    assert Assessment.objects.get().level == level
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in content, text
    if level != "emergency":
        assert "backcare does not diagnose" in content


def test_an_emergency_shows_only_what_to_do_now(ana_client):
    html = main_content(through_the_wizard(ana_client, full(bladder_change="yes", age=30)))
    assert html.count("<h2") == 1  # "Why": nothing else competes
    reason = Assessment.objects.get().result["reasons"][0]
    assert escape(reason["title"]) in html
    assert escape(reason["advice"]) in html


def test_other_information_shows_the_rest_for_an_emergency(ana_client, ana):
    assessment = assess(ana, full(bladder_change="yes", stress_level=9))
    html = ana_client.get(reverse("assessments:details", kwargs={"pk": assessment.pk})).content
    html = main_content(html.decode())
    assert html.startswith('<section class="result-level level-emergency"')
    assert "Stress and anxiety may be contributing" in html
    assert "What usually happens" in html


def test_the_crisis_pathway_shows_the_crisis_message(ana_client, ana):
    ana.time_zone = "Asia/Kolkata"  # a place with no numbers of its own: the words for anywhere
    ana.save()
    assessment = assess(ana, full(self_harm_thoughts="yes"))
    html = ana_client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    html = html.decode()
    crisis = crisis_message()
    assert escape(crisis.heading) in html
    assert unbroken_numbers(crisis.text) in html  # each number in parts kept on one line
    assert 'href="tel:112"' in html  # the deployment's number when the time zone says nothing


def test_emergency_and_crisis_numbers_follow_the_persons_country(ana_client, ana):
    ana.time_zone = "Europe/London"
    ana.save()
    assessment = assess(ana, full(self_harm_thoughts="yes"))
    page = ana_client.get(reverse("assessments:result", kwargs={"pk": assessment.pk}))
    html = main_content(page.content.decode())
    assert 'href="tel:999"' in html
    assert 'href="tel:116123"' in html
    assert "Start again" not in html
    assert "take it again" not in html.lower()
    assert "score" not in html.lower()  # nothing about scores mixed into the crisis message


def test_an_urgent_result_offers_the_urgent_advice_line(ana_client, ana, settings):
    settings.DEFAULT_COUNTRY = "GB"
    ana.time_zone = "Asia/Kolkata"  # the time zone does not tell: the deployment's country
    ana.save()
    assessment = assess(ana, full(fever="yes"))
    page = ana_client.get(reverse("assessments:result", kwargs={"pk": assessment.pk}))
    assert 'href="tel:111"' in page.content.decode()


def test_self_care_shows_factors_with_why_help_education_and_citations(ana_client, ana):
    assessment = assess(ana, full(**LIFTING))
    html = ana_client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    html = html.decode()
    factor = assessment.factors[0]
    assert escape(factor["why"][0]) in html
    for slug in factor["education"]:
        assert f'href="/learn/{slug}/"' in html
    assert html.count("<summary>Sources</summary>") >= 2
    for sentence in assessment.course["safety_net"]:
        assert escape(sentence) in html


def test_questionnaire_scores_feed_the_factors(ana_client, ana):
    InstrumentResponse.objects.create(
        user=ana, instrument="gad7", answers={}, total=15, band="moderate"
    )
    assessment = assess(ana, full(age=30))
    html = ana_client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    assert "Your GAD-7 anxiety score was 10 or more." in html.decode()


def test_history_lists_my_assessments_newest_first(ana_client, ana, bo):
    older = assess(ana, full(**LIFTING))
    newer = assess(ana, full(bladder_change="yes"))
    theirs = assess(bo, full(chest_pain="yes"))
    html = ana_client.get(reverse("assessments:history")).content.decode()
    links = re.findall(r'href="/assessments/(\d+)/"', html)
    assert links == [str(newer.pk), str(older.pk)]
    assert str(theirs.pk) not in links
    assert "Emergency: get help now" in html
    assert newer.result["reasons"][0]["title"] in html


@pytest.mark.parametrize("name", ["assessments:result", "assessments:details"])
def test_someone_elses_result_is_not_found(client, ana, dee, name):
    assessment = assess(ana, full(**LIFTING))
    client.force_login(dee)
    assert client.get(reverse(name, kwargs={"pk": assessment.pk})).status_code == 404


@time_machine.travel("2026-03-10 23:30 -0500", tick=False)
def test_when_to_get_help_leads_with_the_persons_own_warning_signs(ana_client, ana):
    """A pregnant person reads the pregnancy warning signs on the result page itself, with
    their sources, as their plan lists them; someone without such a fact reads none."""
    from backcare.domain.personal_warnings import PREFIX
    from tests.intake_data import intake

    intake(ana, pregnant="yes")
    result = Assessment.objects.get(user=ana)
    html = ana_client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    section = html.split('<section aria-labelledby="safety-title"')[1].split("</section>")[0]
    listed, after = section.split('<ul class="other-signs">')[1].split("</ul>", 1)
    assert PREFIX in listed
    assert re.search(r"bleeding|baby", listed, re.IGNORECASE)
    assert after.lstrip().startswith('<details class="citations">\n  <summary>Sources</summary>')
    assert listed.index(PREFIX) < listed.index("now if you get numbness around your genitals")


@time_machine.travel("2026-03-10 23:30 -0500", tick=False)
def test_without_a_risk_factor_the_result_lists_no_own_warning_signs(ana_client, ana):
    from tests.intake_data import intake

    intake(ana)
    result = Assessment.objects.get(user=ana)
    html = ana_client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    from backcare.domain.personal_warnings import PREFIX

    assert 'class="other-signs"' in html
    assert PREFIX not in html
