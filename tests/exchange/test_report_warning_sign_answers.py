"""The report never reads a check-in that left its warning-sign questions closed as a "no".

A check-in may leave "Anything new?" unanswered (the page says so), and most do: the report
used to say "No red flags reported at intake or at check-ins" over hundreds of check-ins that
answered nothing. It now says at how many check-ins the questions were answered and what
they said, and how many red-flag questions the intake answered; the clinician's patient page
says the same, and its diary marks each check-in "no", "yes or not sure" or "not answered".
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.care.reports import report_json
from backcare.domain.findings import red_flag_ids
from tests.care.conftest import link, verify_second_factor
from tests.exchange.conftest import red_flag_free_intake
from tests.exchange.kiritimati_report import NOW, TODAY, rendered_report
from tests.progress_data import log

pytestmark = pytest.mark.django_db
NO = {"numbness_tingling": "no", "fever": "no"}
NOT_SURE = {"numbness_tingling": "not_sure"}


def safety_text(person) -> tuple[dict, str]:  # type: ignore[no-untyped-def,type-arg]
    report, text = rendered_report(person)
    return report, text[text.index("Safety: triage") : text.index("Questionnaires")]


def three_days(person, *answers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """A check-in on each of the last three days; the first ones answer ``answers``."""
    for back, safety in zip((3, 2, 1), [*answers, {}, {}, {}], strict=False):
        level = "self_care" if safety else ""
        log(person, TODAY - timedelta(days=back), 4, safety=safety, safety_level=level)


def test_check_ins_that_never_answered_are_not_a_negative_screen(kai):
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        assess(kai, red_flag_free_intake())
    three_days(kai)
    report, text = safety_text(kai)
    assert "No red flags reported at" not in text
    assert (
        f"Intake: all {len(red_flag_ids())} red-flag questions answered, yes or not sure to "
        "none. Check-ins answered the warning-sign questions at none of 3 since 17 Mar 2026; "
        "unanswered is not a “no”."
    ) in text
    assert "No intake or check-in advised care." in text
    assert report_json(report)["checkin_warning_signs"] == {
        "checkins": 3,
        "since": TODAY - timedelta(days=3),
        "answered": 0,
        "yes_or_not_sure": 0,
        "no_to_all_answered": 0,
    }


def test_answered_noes_are_counted_as_such(kai):
    three_days(kai, NO, NO)
    report, text = safety_text(kai)
    assert (
        "Check-ins answered the warning-sign questions at 2 of 3 since 17 Mar 2026, none with "
        "a warning sign; unanswered is not a “no”."
    ) in text
    assert report_json(report)["checkin_warning_signs"]["no_to_all_answered"] == 2


def test_every_check_in_answered_needs_no_caveat(kai):
    for back in (2, 1):
        log(kai, TODAY - timedelta(days=back), 4, safety=NO, safety_level="self_care")
    _, text = safety_text(kai)
    assert "questions at 2 of 2 since 18 Mar 2026, none with a warning sign." in text
    assert "not a “no”" not in text


def test_a_check_in_that_advised_care_counts_as_answered(kai):
    """Whatever answers are kept with it (a restored or imported diary may hold only the
    advice), a check-in that advised care is never counted as unanswered."""
    log(kai, TODAY - timedelta(days=1), 4, safety={}, safety_level="urgent")
    _, text = safety_text(kai)
    assert "questions at 1 of 1 since 19 Mar 2026: yes or not sure at 1." in text


def test_a_not_sure_is_told_apart_from_the_noes(kai):
    three_days(kai, NOT_SURE, NO)
    report, text = safety_text(kai)
    assert "at 2 of 3 since 17 Mar 2026: yes or not sure at 1, no to all at 1; unanswered" in text
    assert report_json(report)["checkin_warning_signs"]["yes_or_not_sure"] == 1


def test_the_patient_page_says_the_same_and_its_diary_tells_no_from_not_answered(cy, kai):
    from django.test import Client

    link(cy, kai)
    three_days(kai, NOT_SURE, NO)
    with time_machine.travel(NOW, tick=False):
        client = verify_second_factor(Client(), cy)
        page = client.get(reverse("care:patient", args=[kai.pk])).content.decode()
    assert "Check-ins answered the warning-sign questions at 2 of 3 since 17 Mar 2026" in page
    table = page.split('id="diary-h"')[1].split("</table>")[0]
    cells = [row.split("<td>")[-2].removesuffix("</td>") for row in table.split("<tr>")[2:]]
    assert cells == ['<span class="muted">not answered</span>', "no", "yes or not sure"]
