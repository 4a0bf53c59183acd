"""An urgent result on a phone is short and unmistakable: what to do now with the call button,
why (the person's own signs, each listed once, under "Your own warning signs"), when to get
help for any other sign (without his own signs again), then the rest. Nothing is lost: each
sign keeps its timeframe, and what it can mean and its sources are folded under it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.assessments.presenting import own_signs_for
from tests.conftest import make_user
from tests.intake_data import calm_answers

#: 34, leg pain to the foot with pins and needles, unsure about a change in sexual function,
#: pain worse on coughing: speak to a clinician today.
SAM = {
    "where": ["lower_back", "leg"],
    "pain_spreading_down_leg": "yes",
    "numbness_tingling": "yes",
    "sexual_dysfunction": "not_sure",
    "worse_cough_sneeze_strain": "yes",
}


def sams_result(client):  # type: ignore[no-untyped-def]
    sam = make_user("sam", year_of_birth=1992, sex="male", time_zone="Europe/London")
    client.force_login(sam)
    assessment = assess(sam, calm_answers(**SAM))
    assert assessment.level == "urgent"
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    return assessment, client.get(url).content.decode()


def test_the_urgent_result_lists_each_of_his_signs_once(client, db):
    assessment, html = sams_result(client)
    titles = [reason["title"] for reason in assessment.result["reasons"]]
    assert len(titles) == 4
    for title in titles:
        assert html.count(escape(title)) == 1, title
    own = html.split("Your own warning signs", 1)[1].split('id="safety-title"', 1)[0]
    assert all(escape(title) in own for title in titles)
    for sign in own_signs_for(assessment):  # each with its timeframe, the "not sure" with both
        assert f"{escape(sign.title)}:</strong> {escape(sign.when)}" in own
        if sign.if_sure:
            assert escape(sign.if_sure) in own


def test_what_to_do_comes_first_then_his_signs_then_any_other_sign(client, db):
    assessment, html = sams_result(client)
    call = html.index('class="urgent-call"')
    why = html.index('id="why-title"')
    own = html.index("Your own warning signs")
    when = html.index('id="safety-title"')
    assert call < why < own < when < html.index("Any other sign")
    for reason in assessment.result["reasons"]:  # "when to get help" does not list them again
        assert escape(reason["title"]) not in html[when:]


def test_what_each_sign_can_mean_is_kept_folded_under_it(client, db):
    assessment, html = sams_result(client)
    own = html.split("Your own warning signs", 1)[1].split('id="safety-title"', 1)[0]
    for reason in assessment.result["reasons"]:
        sign = own.index(escape(reason["title"]))
        folded = own.index('<details class="sign-more"><summary>What this can mean</summary>', sign)
        assert folded < own.index(escape(reason["advice"]), sign)
