"""The clinician's report speaks of "the person": the reasons behind each possible
contributor are said of them ("They rated their stress ..."), as the content words them for
a clinician; the person's own copy keeps the words their result page showed them.

Failed before: the clinician's report quoted "You rated your stress at 6 or more out of 10."
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.domain.factors import factor_book, why_of_them
from backcare.exchange.report import why_said
from tests.conftest import make_user
from tests.exchange.conftest import red_flag_free_intake
from tests.exchange.test_report_says_what_was_told import report_text

pytestmark = pytest.mark.django_db

DECEMBER = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def stressed_answers() -> dict[str, object]:
    return {**red_flag_free_intake(), "stress_level": 8}


def test_the_clinicians_report_says_the_reasons_of_the_person(db):
    person = make_user("sol", time_zone="Europe/London", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        assess(person, stressed_answers())
        text = report_text(person, date(2026, 12, 7), identified=True)
    told = text.split("What they told the back check")[1].split("Questionnaires")[0]
    assert "They rated their stress at 6 or more out of 10." in told
    assert "You rated your stress" not in text


def test_the_persons_own_copy_keeps_their_words(db):
    person = make_user("tam", time_zone="Europe/London", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        assess(person, stressed_answers())
        text = report_text(person, date(2026, 12, 7), for_the_person=True)
    assert "You rated your stress at 6 or more out of 10." in text


def test_every_reason_has_words_for_a_clinician_without_you():
    for rule in factor_book().factors:
        for item in rule.why:
            words = item.of_them.lower().replace(".", " ").replace(",", " ").split()
            assert not {"you", "your"} & set(words), item.of_them
            assert why_of_them(item.text) == item.of_them


def test_a_reason_the_content_no_longer_holds_is_quoted_as_shown():
    said = why_said("You once said something else.", for_the_person=False)
    assert said == "\u201cYou once said something else.\u201d (as shown to the person)"
