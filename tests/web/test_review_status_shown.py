"""Every page of clinical advice says, once, whether a clinical reviewer has checked it: the
warning signs, the back-check result and the plan, as exercise and article pages do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.findings import red_flag_ids

pytestmark = pytest.mark.django_db

UNREVIEWED = "not yet checked by a clinical reviewer"


def main_content(html: str) -> str:
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def full(**answers):  # type: ignore[no-untyped-def]
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


def result(client, assessment) -> str:  # type: ignore[no-untyped-def]
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    return main_content(client.get(url).content.decode())


def test_the_warning_signs_page_says_it_once_after_the_signs(client):
    page = main_content(client.get("/warning-signs/").content.decode())
    assert page.count(UNREVIEWED) == 1
    assert page.rindex('<details class="citations">') < page.index(UNREVIEWED)
    assert page.index('href="tel:') < page.index(UNREVIEWED)


@pytest.mark.parametrize("answers", [{"fever": "yes"}, {}])
def test_the_back_check_result_says_it_once_at_the_end(ana_client, ana, answers):
    page = result(ana_client, assess(ana, full(**answers)))
    assert page.count(UNREVIEWED) == 1
    assert page.index('id="why-title"') < page.index(UNREVIEWED)


def test_an_emergency_result_says_nothing_that_could_read_as_a_reason_to_wait(ana_client, ana):
    page = result(ana_client, assess(ana, full(bladder_change="yes")))
    assert 'href="tel:' in page
    assert UNREVIEWED not in page


def plan_for(ana):  # type: ignore[no-untyped-def]
    Assessment.objects.create(
        user=ana, findings={}, level="self_care", result={}, factors=[{"id": "sedentary"}]
    )


def test_the_plan_says_it_once_folded_in_with_the_sources(ana_client, ana):
    plan_for(ana)
    page = main_content(ana_client.get("/plan/").content.decode())
    assert page.count(UNREVIEWED) == 1
    stop_rules = page.split('id="stop-title"', 1)[1].split("</section>", 1)[0]
    folded = stop_rules.split("<summary>Sources and review status</summary>", 1)[1]
    assert UNREVIEWED in folded.split("</details>", 1)[0]


def test_the_printed_plan_says_it_once_under_its_sources(ana_client, ana):
    plan_for(ana)
    page = main_content(ana_client.get("/plan/print/").content.decode())
    assert page.count(UNREVIEWED) == 1
    assert page.index('class="print-sources"') < page.index(UNREVIEWED)
